package io.isobar.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.isobar.json.Json;
import io.isobar.notification.NotificationParser;

/**
 * From real announcements to the de-duplication key, through the parser and {@link IngestTask#of}: every delivery of
 * one announcement is one object, and a re-publication (same key and size, a new {@code created_time}; or an S3 event's
 * new {@code eventTime}) is a new version, ingested again.
 */
class IngestTaskTest {

    /** The UKV announcement of 2018-12-13 as SQS delivered it (no ETag: the size and created_time are the hints). */
    private static final String MESSAGE = "/messages/ukv_sqs_message_2018-12-13.json";
    private static final String CREATED = "2018-12-11T16:26:16Z";

    private final NotificationParser parser = new NotificationParser();

    @Test
    void everyDeliveryOfOneAnnouncementHasOneKeyWhateverItsMessageIdAndSendTime() throws Exception {
        String body = body();
        IngestTask first = task(body, 1_000, "message-1");
        IngestTask redelivered = task(body, 9_000, "message-2");
        assertThat(first.createdAtMillis()).isEqualTo(Instant.parse(CREATED).toEpochMilli());
        assertThat(redelivered.dedupKey()).isEqualTo(first.dedupKey());
    }

    @Test
    void aRePublicationOfTheSameKeyAndSizeIsANewVersion() throws Exception {
        String body = body();
        IngestTask original = task(body, 1_000, "message-1");
        IngestTask republished = task(body.replace(CREATED, "2018-12-11T17:02:41Z"), 2_000, "message-3");
        assertThat(republished.object()).as("same object, same size").isEqualTo(original.object());
        assertThat(republished.createdAtMillis()).isEqualTo(Instant.parse("2018-12-11T17:02:41Z").toEpochMilli());
        assertThat(republished.dedupKey()).isNotEqualTo(original.dedupKey());
    }

    @Test
    void anS3EventsRedeliveryIsOneKeyAndItsNewAnnouncementAnother() throws Exception {
        String event = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-01-01T00:00:00Z\","
                + "\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k.nc\",\"size\":1,\"eTag\":\"e\"}}}]}";
        IngestTask first = task(event, 1_000, "m-1");
        assertThat(task(event, 5_000, "m-2").dedupKey()).isEqualTo(first.dedupKey());
        IngestTask announcedAgain = task(event.replace("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"), 2_000, "m-3");
        assertThat(announcedAgain.object()).isEqualTo(first.object());
        assertThat(announcedAgain.dedupKey()).isNotEqualTo(first.dedupKey());
    }

    private IngestTask task(String body, long sentMillis, String messageId) throws Exception {
        return IngestTask.of(parser.parse(body).get(0), sentMillis, messageId, body);
    }

    private static String body() throws IOException {
        try (InputStream in = IngestTaskTest.class.getResourceAsStream(MESSAGE)) {
            return Json.mapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get("Body").asText();
        }
    }
}
