package io.isobar.job;

import static io.isobar.job.IngestTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.job.config.JobConfig;
import io.isobar.json.Json;
import io.isobar.job.source.sqs.SqsMessage;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.model.IngestError;
import io.isobar.model.ModelNames;
import io.isobar.notification.FileNotification;
import io.isobar.notification.NotificationParser;
import io.isobar.simulator.SimulatedFile;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The streaming job end to end on a MiniCluster against emulated S3, SQS and DynamoDB: simulated Met Office
 * files in, exactly one correct index entry each out, the queue drained, whatever is duplicated or fails.
 */
class IngestJobITCase extends IngestStackTestBase {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestStack.miniCluster(2, 10);

    @Test
    void everyNotificationBecomesOneCorrectIndexEntry() throws Exception {
        Instant beforeAnnounced = Instant.now();
        IngestTestStack.Published published = stack.simulate(1, Instant.parse("2026-11-23T06:00:00Z"));
        int n = published.files().size();
        stack.send(published.bodies());
        // What each notification says about when it was announced (the SNS envelope's Timestamp, as the simulator sends them).
        Map<String, Instant> announced = new java.util.HashMap<>();
        NotificationParser parser = new NotificationParser();
        for (String body : published.bodies()) {
            for (FileNotification note : parser.parse(body)) {
                announced.put(note.object().uri(), note.announcedAt());
            }
        }

        job = start(stack.jobConfig(), Function.identity());

        await(n + " index entries", PATIENCE, () -> stack.indexedFiles().size() >= n);
        await("the queue to drain", PATIENCE, () -> stack.queueDepth() == 0);
        List<ForecastFile> indexed = stack.indexedFiles();
        assertThat(indexed).hasSize(n);
        Map<String, ForecastFile> bySource = indexed.stream().collect(Collectors.toMap(ForecastFile::sourceUri, f -> f));
        for (SimulatedFile file : published.files()) {
            ForecastFile entry = bySource.get("s3://" + stack.sourceBucket + "/" + file.key());
            assertThat(entry).as("entry for %s", file.key()).isNotNull();
            assertThat(entry.model()).isEqualTo(ModelNames.normalise(file.model().metOfficeId()));
            assertThat(entry.variable()).isEqualTo(file.variable().name());
            assertThat(entry.standardName()).isEqualTo(file.variable().standardName());
            assertThat(entry.units()).isEqualTo(file.variable().units());
            assertThat(entry.forecastReferenceTime()).isEqualTo(file.forecastReferenceTime());
            assertThat(entry.forecastPeriod()).isEqualTo(file.forecastPeriod().getSeconds());
            assertThat(entry.time()).isEqualTo(file.time());
            assertThat(entry.realizations()).isEqualTo(file.spec().realizations());
            assertThat(entry.sizeBytes()).isEqualTo(file.size());
            assertThat(entry.announcedAt()).as("announced_at of %s", file.key())
                    .isNotNull()
                    .isEqualTo(announced.get(entry.sourceUri()))
                    .isBetween(beforeAnnounced, entry.indexedAt());
            assertThat(entry.uri()).startsWith("s3://" + stack.archiveBucket + "/" + entry.model() + "/");
            String archiveKey = entry.uri().substring(("s3://" + stack.archiveBucket + "/").length());
            assertThat(stack.s3.headObject(b -> b.bucket(stack.archiveBucket).key(archiveKey)).contentLength())
                    .as("archived copy of %s", file.key()).isEqualTo(file.size());
        }
        long distinctTimes = indexed.stream().map(f -> f.model() + f.time()).distinct().count();
        long distinctRuns = indexed.stream().map(f -> f.model() + f.forecastReferenceTime()).distinct().count();
        // Markers with their counts, run summaries, parameters and models: what the files imply, counted once each.
        stack.awaitSummaries(PATIENCE);
        assertThat(stack.validTimes()).filteredOn(item -> item.get("model").s().endsWith("#runs")).hasSize((int) distinctRuns)
                .allSatisfy(run -> assertThat(Long.parseLong(run.get("file_count").n())).isPositive());
        assertThat(stack.validTimes()).filteredOn(item -> !item.get("model").s().contains("#"))
                .hasSize((int) distinctTimes)
                .extracting(item -> Long.parseLong(item.get("file_count").n())).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(Long.class))
                .satisfies(counts -> assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(n));
        assertThat(stack.errors()).isEmpty();
    }

    @Test
    void duplicatesCostNoExtraReadsOrWrites(@InjectClusterRESTAddress URI rest) throws Exception {
        IngestTestStack.Published published = stack.simulate(1, Instant.parse("2026-11-23T07:00:00Z"));
        int n = published.files().size();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < published.bodies().size(); i++) {
            String body = published.bodies().get(i);
            bodies.add(body);
            bodies.add(body);
            if (i % 3 == 0) {
                bodies.add(body); // some three times
            }
        }
        stack.send(bodies);

        job = start(stack.jobConfig(), Function.identity());

        await("the queue to drain", PATIENCE, () -> stack.queueDepth() == 0);
        await(n + " index entries", PATIENCE, () -> stack.indexedFiles().size() >= n);
        String jobId = job.getJobID().toHexString();
        await("header reads to be reported", PATIENCE, () -> headerReads(rest, jobId) >= n);
        Thread.sleep(1500); // one more metrics refresh: any extra read would show now
        assertThat(headerReads(rest, jobId)).as("header reads").isEqualTo(n);
        // The job's own ranged GETs: the header of a small file is one GET, a bigger one at most two.
        long gets = IngestTestStack.operatorMetric(rest, jobId, "Read header", "s3GetRequests");
        assertThat(gets).as("S3 GETs for %s header reads", n).isBetween((long) n, 2L * n);
        assertThat(stack.indexedFiles()).hasSize(n);
    }

    private static long checkpointTriggeredAt(URI rest, String jobId) {
        try {
            return IngestTestStack.latestCheckpointTriggeredAt(rest, jobId);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Test
    void anInjectedFailureLosesAndDoublesNothing(@InjectClusterRESTAddress URI rest) throws Exception {
        IngestTestStack.Published published = stack.simulate(2, Instant.parse("2026-11-23T08:00:00Z"));
        int n = published.files().size();
        stack.send(published.bodies());

        job = start(stack.jobConfig(), messages -> messages.map(new FailOnceAfter(n / 2)).name("Fail once"));

        await(n + " index entries", PATIENCE, () -> stack.indexedFiles().size() >= n);
        await("the queue to drain", PATIENCE, () -> stack.queueDepth() == 0);
        assertThat(stack.indexedFiles()).hasSize(n);
        assertThat(stack.indexedFiles().stream().map(ForecastFile::sourceUri).distinct()).hasSize(n);
        // The counts too: the files replayed after the failure are not counted twice.
        stack.awaitSummaries(PATIENCE);
        assertThat(stack.errors()).isEmpty();
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        assertThat(IngestTestStack.exceptionHistory(rest, job.getJobID().toHexString()))
                .as("the job's exception history").contains("injected failure");
    }

    @Test
    void aTaskManagerFailureLosesAndDoublesNothing(@InjectMiniCluster MiniCluster cluster,
            @InjectClusterRESTAddress URI rest) throws Exception {
        IngestTestStack.Published published = stack.simulate(2, Instant.parse("2026-11-23T09:00:00Z"));
        int n = published.files().size();
        List<String> firstHalf = published.bodies().subList(0, n / 2);
        stack.send(firstHalf);

        job = start(stack.jobConfig(), Function.identity());
        await("the first half indexed", PATIENCE, () -> stack.indexedFiles().size() >= n / 2);
        // Deleted only once a checkpoint covers them: from here on the checkpoint remembers them as seen.
        await("the first half deleted", PATIENCE, () -> stack.queueDepth() == 0);
        Map<String, Instant> indexedBefore = stack.indexedFiles().stream()
                .collect(Collectors.toMap(ForecastFile::sourceUri, ForecastFile::indexedAt));
        String jobId = job.getJobID().toHexString();
        // A deletion proves the de-duplication marks are in a completed checkpoint, but a file still in flight in
        // the Async I/O operator at that barrier is in it too, and is rightly enriched again on restore. Only a
        // checkpoint triggered after every entry above was written holds none of them in flight.
        long written = System.currentTimeMillis();
        await("a checkpoint after the first half was indexed", PATIENCE,
                () -> checkpointTriggeredAt(rest, jobId) > written);

        // Both TaskManagers go (the job's tasks may all sit on either), and two fresh ones take over.
        cluster.terminateTaskManager(0).get();
        cluster.terminateTaskManager(1).get();
        stack.send(published.bodies().subList(n / 2, n));
        stack.send(firstHalf); // the first half announced again: the restored job must know them
        cluster.startTaskManager();
        cluster.startTaskManager();

        await(n + " index entries", PATIENCE, () -> stack.indexedFiles().size() >= n);
        await("the queue to drain", PATIENCE, () -> stack.queueDepth() == 0);
        List<ForecastFile> indexed = stack.indexedFiles();
        assertThat(indexed).hasSize(n);
        assertThat(indexed).filteredOn(f -> indexedBefore.containsKey(f.sourceUri()))
                .as("entries indexed before the failure, not processed again").hasSize(indexedBefore.size())
                .allSatisfy(f -> assertThat(f.indexedAt()).isEqualTo(indexedBefore.get(f.sourceUri())));
        // Counted once each, though the restored job met every run and time again (some from its checkpoint, the
        // rest from the index) and the first half was announced twice.
        stack.awaitSummaries(PATIENCE);
        assertThat(stack.errors()).isEmpty();
        assertThat(stack.deadLetterDepth()).isZero();
        assertThat(IngestTestStack.jobMetric(rest, jobId, "numRestarts")).as("restarts").isGreaterThanOrEqualTo(1);
        JsonNode history = Json.mapper().readTree(IngestTestStack.exceptionHistory(rest, jobId));
        assertThat(history.path("exceptionHistory").path("entries")).as("the failover in the exception history")
                .isNotEmpty();
    }

    @Test
    void anArchiveThatRefusesTheCopyBecomesAnArchiveFailedRecord() throws Exception {
        IngestTestStack.Published published = stack.simulate(1, Instant.parse("2026-11-23T11:00:00Z"));
        String key = published.files().get(0).key();
        Properties settings = stack.jobProperties();
        settings.setProperty(JobConfig.ARCHIVE_BUCKET, LocalAws.uniqueName("no-such-archive"));
        stack.send(List.of(published.bodies().get(0)));

        job = start(JobConfig.fromProperties(settings), Function.identity());

        await("an error record", PATIENCE, () -> stack.errors().size() >= 1);
        await("the queue to drain", PATIENCE, () -> stack.queueDepth() == 0);
        String uri = "s3://" + stack.sourceBucket + "/" + key;
        assertThat(stack.errors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(IngestError.Kind.ARCHIVE_FAILED);
            assertThat(e.objectUri()).isEqualTo(uri);
            assertThat(e.reason()).isEqualTo(uri + ": cannot copy it into the archive: no such bucket (S3 404 NoSuchBucket)");
        });
        assertThat(stack.indexedFiles()).isEmpty();
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void eachKindOfBadInputBecomesOneErrorRecordAndTheJobCarriesOn(@TempDir Path dir) throws Exception {
        IngestTestStack.Published published = stack.simulate(1, Instant.parse("2026-11-23T10:00:00Z"));
        int n = published.files().size();
        Path text = Files.writeString(dir.resolve("readme.nc"), "this is not a netCDF file\n".repeat(100));
        stack.s3.putObject(b -> b.bucket(stack.sourceBucket).key("not-netcdf.nc"), RequestBody.fromFile(text));
        byte[] whole = stack.s3.getObjectAsBytes(b -> b.bucket(stack.sourceBucket).key(published.files().get(0).key()))
                .asByteArray();
        stack.s3.putObject(b -> b.bucket(stack.sourceBucket).key("truncated.nc"),
                RequestBody.fromBytes(Arrays.copyOf(whole, whole.length / 2)));
        Path bare = dir.resolve("bare.nc");
        try (WritableHdfFile hdf = HdfFile.write(bare)) {
            hdf.putDataset("air_temperature", new float[4][4]).putAttribute("grid_mapping", "lambert_azimuthal_equal_area");
        }
        stack.s3.putObject(b -> b.bucket(stack.sourceBucket).key("no-coordinates.nc"), RequestBody.fromFile(bare));
        byte[] damaged = whole.clone();
        damaged[8] = 9; // the HDF5 superblock version: there is no version 9
        stack.s3.putObject(b -> b.bucket(stack.sourceBucket).key("damaged.nc"), RequestBody.fromBytes(damaged));

        List<String> bodies = new ArrayList<>(published.bodies().subList(0, n / 2));
        bodies.add("this is not JSON");
        bodies.add(rawNotification("missing.nc"));
        bodies.add(rawNotification("not-netcdf.nc"));
        bodies.add(rawNotification("truncated.nc"));
        bodies.add(rawNotification("no-coordinates.nc"));
        bodies.add(rawNotification("damaged.nc"));
        bodies.addAll(published.bodies().subList(n / 2, n));
        stack.send(bodies);

        job = start(stack.jobConfig(), Function.identity());

        await(n + " index entries", PATIENCE, () -> stack.indexedFiles().size() >= n);
        await("6 error records", PATIENCE, () -> stack.errors().size() >= 6);
        await("the queue to drain", PATIENCE, () -> stack.queueDepth() == 0);
        List<IngestError> errors = stack.errors();
        assertThat(errors).extracting(IngestError::kind).containsExactlyInAnyOrder(
                IngestError.Kind.MALFORMED_NOTIFICATION, IngestError.Kind.OBJECT_NOT_FOUND, IngestError.Kind.NOT_NETCDF,
                IngestError.Kind.TRUNCATED, IngestError.Kind.MISSING_METADATA, IngestError.Kind.UNREADABLE);
        assertThat(errors).allSatisfy(e -> assertThat(e.rawMessage()).isNotBlank());
        String s3 = "s3://" + stack.sourceBucket + "/";
        Map<IngestError.Kind, String> reasons = errors.stream().collect(Collectors.toMap(IngestError::kind, IngestError::reason));
        assertThat(reasons).containsEntry(IngestError.Kind.OBJECT_NOT_FOUND, s3 + "missing.nc: no such object")
                .containsEntry(IngestError.Kind.NOT_NETCDF, s3 + "not-netcdf.nc: not a netCDF-4/HDF5 file (no HDF5 signature)")
                .containsEntry(IngestError.Kind.TRUNCATED, s3 + "truncated.nc: truncated: the file has " + whole.length / 2
                        + " bytes but its HDF5 superblock says " + whole.length)
                .containsEntry(IngestError.Kind.MISSING_METADATA, s3 + "no-coordinates.nc: no time coordinate")
                .containsEntry(IngestError.Kind.UNREADABLE, s3 + "damaged.nc: damaged HDF5 superblock (UnsupportedHdfException: "
                        + "Superblock version is not supported. Detected version = 9)")
                .containsEntry(IngestError.Kind.MALFORMED_NOTIFICATION, "message body is not valid JSON: Unrecognized token "
                        + "'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
        assertThat(errors).filteredOn(e -> e.kind() == IngestError.Kind.NOT_NETCDF).singleElement()
                .satisfies(e -> assertThat(e.objectUri()).isEqualTo("s3://" + stack.sourceBucket + "/not-netcdf.nc"));
        assertThat(stack.indexedFiles()).hasSize(n);
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    }

    private String rawNotification(String key) {
        return stack.rawNotification("mo-atmospheric-ukv-prd", key);
    }

    private JobClient start(JobConfig config,
            Function<org.apache.flink.streaming.api.datastream.DataStream<SqsMessage>,
                    org.apache.flink.streaming.api.datastream.DataStream<SqsMessage>> around) throws Exception {
        StreamExecutionEnvironment env = IngestTestStack.environment(2, 300);
        IngestJob.attach(around.apply(IngestJob.messages(env, config)), config);
        return stack.run(env, "ingest", PATIENCE);
    }

    private static long headerReads(URI rest, String jobId) {
        try {
            return IngestTestStack.operatorMetric(rest, jobId, "Read header", "headerReads");
        } catch (Exception e) {
            return -1;
        }
    }

    /** Throws once, in the first attempt, after {@code after} messages: an operator crash mid-stream. */
    static final class FailOnceAfter extends RichMapFunction<SqsMessage, SqsMessage> {
        private final int after;
        private transient int seen;
        private transient boolean firstAttempt;

        FailOnceAfter(int after) {
            this.after = after;
        }

        @Override
        public void open(OpenContext openContext) {
            firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
        }

        @Override
        public SqsMessage map(SqsMessage message) {
            if (firstAttempt && ++seen > after / 2) {
                throw new IllegalStateException("injected failure after " + seen + " messages");
            }
            return message;
        }
    }
}
