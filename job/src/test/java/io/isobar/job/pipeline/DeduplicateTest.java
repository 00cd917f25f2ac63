package io.isobar.job.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import io.isobar.index.Marker;
import io.isobar.job.ingest.IngestTask;
import io.isobar.notification.NotificationParser;
import io.isobar.simulator.MetOfficePublisher;

/**
 * The de-duplication keys and state, on Flink's operator test harness (no MiniCluster): what counts as the same
 * object, that the mark survives a checkpoint and restore, and that it is forgotten only after its TTL.
 */
class DeduplicateTest {

    private static final Duration TTL = Duration.ofDays(21);

    private static IngestTask task(String bucket, String key, long size, String etag) {
        return new IngestTask(bucket, key, size, etag, "mo-uk", "temperature_at_screen_level", 0L, "m-1", "{}");
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, IngestTask, IngestTask> harness() throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new Deduplicate(TTL)),
                IngestTask::dedupKey, Types.STRING);
        harness.open();
        return harness;
    }

    private static List<String> passed(KeyedOneInputStreamOperatorTestHarness<String, IngestTask, IngestTask> harness) {
        return harness.extractOutputValues().stream().map(t -> t.key() + "@" + t.etag() + "/" + t.size()).toList();
    }

    @Test
    void aRedeliveryIsDroppedAndAReUploadWithNewContentIsNot() throws Exception {
        try (var harness = harness()) {
            harness.processElement(new StreamRecord<>(task("mo", "a.nc", 10, "e1")));
            harness.processElement(new StreamRecord<>(task("mo", "a.nc", 10, "e1")));
            harness.processElement(new StreamRecord<>(task("mo", "a.nc", 12, "e2")));
            harness.processElement(new StreamRecord<>(task("other-bucket", "a.nc", 10, "e1")));

            assertThat(passed(harness)).containsExactly("a.nc@e1/10", "a.nc@e2/12", "a.nc@e1/10");
        }
    }

    @Test
    void theSameObjectAnnouncedWithAQuotedETagOrADifferentSizeHintIsStillOneObject() throws Exception {
        try (var harness = harness()) {
            // An S3 event record quotes nothing; some tools quote the ETag. The ETag decides, not the size hint.
            harness.processElement(new StreamRecord<>(task("mo", "b.nc", 10, "e1")));
            harness.processElement(new StreamRecord<>(task("mo", "b.nc", -1, "\"e1\"")));

            assertThat(harness.extractOutputValues()).hasSize(1);
        }
    }

    @Test
    void withoutAnETagTheSizeIsTheVersionHint() throws Exception {
        try (var harness = harness()) {
            harness.processElement(new StreamRecord<>(task("mo", "c.nc", 10, null)));
            harness.processElement(new StreamRecord<>(task("mo", "c.nc", 10, null)));
            harness.processElement(new StreamRecord<>(task("mo", "c.nc", 11, null)));

            assertThat(passed(harness)).containsExactly("c.nc@null/10", "c.nc@null/11");
        }
    }

    @Test
    void withoutAnETagTheMetOfficeCreatedTimeTellsANewVersionFromARedelivery() throws Exception {
        try (var harness = harness()) {
            // A Met Office message carries the size and created_time, no ETag: the same announcement twice is one
            // object; the file made again (same key, same size, new created_time) is a new version.
            harness.processElement(new StreamRecord<>(metOffice("g.nc", 10, 1_000L)));
            harness.processElement(new StreamRecord<>(metOffice("g.nc", 10, 1_000L)));
            harness.processElement(new StreamRecord<>(metOffice("g.nc", 10, 2_000L)));
            // With an ETag (an S3 event), its eventTime tells a redelivery from a new announcement of the same bytes.
            harness.processElement(new StreamRecord<>(withCreated(task("mo", "h.nc", 10, "e1"), 1_000L)));
            harness.processElement(new StreamRecord<>(withCreated(task("mo", "h.nc", 10, "e1"), 1_000L)));
            harness.processElement(new StreamRecord<>(withCreated(task("mo", "h.nc", 10, "e1"), 2_000L)));

            assertThat(harness.extractOutputValues()).extracting(IngestTask::createdAtMillis)
                    .containsExactly(1_000L, 2_000L, 1_000L, 2_000L);
        }
    }

    private static IngestTask metOffice(String key, long size, long createdAtMillis) {
        return withCreated(task("mo", key, size, null), createdAtMillis);
    }

    private static IngestTask withCreated(IngestTask t, long createdAtMillis) {
        return new IngestTask(t.bucket(), t.key(), t.size(), t.etag(), t.model(), t.variable(), t.announcedAtMillis(),
                t.origin(), t.rawMessage(), t.location(), createdAtMillis);
    }

    @Test
    void theMarkIsInTheCheckpointSoARestoredJobDropsTheRedelivery() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.processElement(new StreamRecord<>(task("mo", "d.nc", 10, "e1")));
            snapshot = harness.snapshot(1L, 1L);
        }
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Deduplicate(TTL)), IngestTask::dedupKey, Types.STRING)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(new StreamRecord<>(task("mo", "d.nc", 10, "e1")));
            restored.processElement(new StreamRecord<>(task("mo", "e.nc", 10, "e1")));

            assertThat(passed(restored)).containsExactly("e.nc@e1/10");
        }
    }

    @Test
    void theMarkIsForgottenOnlyAfterItsTtl() throws Exception {
        try (var harness = harness()) {
            harness.setStateTtlProcessingTime(0);
            harness.processElement(new StreamRecord<>(task("mo", "f.nc", 10, "e1")));
            harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
            harness.processElement(new StreamRecord<>(task("mo", "f.nc", 10, "e1")));
            harness.setStateTtlProcessingTime(TTL.toMillis() + 1);
            harness.processElement(new StreamRecord<>(task("mo", "f.nc", 10, "e1")));

            assertThat(harness.extractOutputValues()).hasSize(2);
        }
    }

    /** The tasks the job makes of {@code bodies}, as ParseNotifications makes them. */
    private static List<IngestTask> tasksOf(String... bodies) throws Exception {
        NotificationParser parser = new NotificationParser();
        List<IngestTask> tasks = new java.util.ArrayList<>();
        for (String body : bodies) {
            for (var notification : parser.parse(body)) {
                tasks.add(IngestTask.of(notification, 0, "m", body));
            }
        }
        return tasks;
    }

    /**
     * From real message bodies: an S3 event delivered twice is one announcement, and {@code reconcile}'s new
     * announcement of the same object and ETag (what {@code --include-errors} sends for an object whose first try
     * ended in an error record) is another, ingested again rather than dropped for the memory's 21 days.
     */
    @Test
    void aReconcileAnnouncementOfAnObjectAlreadySeenIsIngestedAgainAndRedeliveriesAreNot() throws Exception {
        String event = MetOfficePublisher.s3Event("mo", "c.nc", 10, "e1", Instant.parse("2026-11-23T06:10:00.123Z"));
        String reconciled = MetOfficePublisher.s3Event("mo", "c.nc", 10, "e1", Instant.parse("2026-11-24T09:00:00Z"));
        try (var harness = harness()) {
            for (IngestTask task : tasksOf(event, event, reconciled, reconciled)) {
                harness.processElement(new StreamRecord<>(task));
            }

            assertThat(harness.extractOutputValues()).extracting(IngestTask::announcedAtMillis).containsExactly(
                    Instant.parse("2026-11-23T06:10:00.123Z").toEpochMilli(), Instant.parse("2026-11-24T09:00:00Z").toEpochMilli());
        }
    }

    /** From real Met Office bodies: the same object and size made again (a new created_time) is a new version. */
    @Test
    void aMetOfficeFileMadeAgainUnderTheSameKeyAndSizeIsIngestedAgain() throws Exception {
        String made = "{\"model\": \"mo-atmospheric-ukv-prd\", \"name\": \"air_temperature\", \"bucket\": \"mo\", "
                + "\"key\": \"d.nc\", \"object_size\": 10, \"created_time\": \"2026-11-23T06:05:00Z\"}";
        String madeAgain = made.replace("06:05:00Z", "07:05:00Z");
        try (var harness = harness()) {
            for (IngestTask task : tasksOf(made, made, madeAgain)) {
                harness.processElement(new StreamRecord<>(task));
            }

            assertThat(harness.extractOutputValues()).extracting(IngestTask::createdAtMillis).containsExactly(
                    Instant.parse("2026-11-23T06:05:00Z").toEpochMilli(), Instant.parse("2026-11-23T07:05:00Z").toEpochMilli());
        }
    }

    @Test
    void markersAreWrittenOncePerModelAndTime() throws Exception {
        Instant t = Instant.parse("2026-12-01T06:00:00Z");
        try (var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new MarkerDeduplicator()), Marker::key, Types.STRING)) {
            harness.open();
            for (int file = 0; file < 3; file++) {
                harness.processElement(new StreamRecord<>(Marker.validTime("mo-uk", t)));
                harness.processElement(new StreamRecord<>(Marker.run("mo-uk", t)));
                harness.processElement(new StreamRecord<>(Marker.validTime("mo-global", t)));
            }

            assertThat(harness.extractOutputValues()).containsExactly(
                    Marker.validTime("mo-uk", t), Marker.run("mo-uk", t), Marker.validTime("mo-global", t));
        }
    }
}
