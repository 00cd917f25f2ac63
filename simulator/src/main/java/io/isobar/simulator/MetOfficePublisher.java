package io.isobar.simulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.isobar.json.Json;
import io.isobar.model.MetOfficeProduct;
import io.isobar.notification.MetOfficeMessage;
import io.isobar.notification.MetOfficeNotifications;
import io.isobar.notification.MetOfficeNotifications.Announcement;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Does what the Met Office does when a file is ready: puts it in the bucket, then announces it on the queue
 * in one of the feed's {@link NotificationStyle shapes} (today's: an S3 event on {@code <bucket>-object_created}). Used by the {@link Simulator} and by
 * {@code isobar publish}. Does not own (or close) the clients it is given.
 */
public final class MetOfficePublisher {

    /** SendMessageBatch takes at most 10 entries. */
    public static final int MAX_BATCH = 10;

    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final S3Client s3;
    private final SqsClient sqs;
    private final String bucket;
    private final String queueUrl;
    private final NotificationStyle style;

    public MetOfficePublisher(S3Client s3, SqsClient sqs, String bucket, String queueUrl, NotificationStyle style) {
        this.s3 = s3;
        this.sqs = sqs;
        this.bucket = bucket;
        this.queueUrl = queueUrl;
        this.style = style;
    }

    public String bucket() {
        return bucket;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public NotificationStyle style() {
        return style;
    }

    /**
     * Uploads {@code file} as {@code key} to this publisher's bucket.
     *
     * @return the object's ETag without quotes
     * @throws software.amazon.awssdk.core.exception.SdkException when the upload fails
     */
    public String upload(String key, Path file) {
        return upload(bucket, key, file);
    }

    /** Uploads {@code file} as {@code key} to {@code toBucket}; returns the object's ETag without quotes. */
    public String upload(String toBucket, String key, Path file) {
        PutObjectResponse response = s3.putObject(b -> b.bucket(toBucket).key(key).contentType("application/x-netcdf"),
                RequestBody.fromFile(file));
        return response.eTag() == null ? null : response.eTag().replace("\"", "");
    }

    /**
     * The SQS body announcing an uploaded object, in this publisher's style.
     *
     * @param announcement what the Met Office JSON says (its bucket should be {@link #bucket()})
     * @param eTag the object's ETag (used by the S3 event styles), or null
     * @param now the publication time
     */
    public String notificationBody(Announcement announcement, String eTag, Instant now) {
        UUID id = UUID.randomUUID();
        return switch (style) {
            case MET_OFFICE_SNS -> {
                MetOfficeMessage message = MetOfficeNotifications.message(announcement, now);
                yield MetOfficeNotifications.snsEnvelope(message,
                        MetOfficeNotifications.topicArn(announcement.model()), id, now);
            }
            case MET_OFFICE_RAW -> MetOfficeNotifications.toJson(MetOfficeNotifications.message(announcement, now));
            case S3_EVENT_SNS -> MetOfficeNotifications.snsEnvelope(
                    s3Event(announcement.bucket(), announcement.key(), announcement.objectSize(), eTag, now), Map.of(),
                    MetOfficeProduct.topicArn(announcement.bucket()), id, now);
            case S3_EVENT_RAW -> s3Event(announcement.bucket(), announcement.key(), announcement.objectSize(), eTag, now);
        };
    }

    /**
     * Sends bodies to the queue, in batches of up to 10.
     *
     * @return one description per body the queue did not accept (empty when all went)
     * @throws software.amazon.awssdk.core.exception.SdkException when a request fails as a whole
     */
    public List<String> send(List<String> bodies) {
        List<String> failures = new ArrayList<>();
        if (bodies.size() == 1) {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(bodies.get(0)));
            return failures;
        }
        for (int start = 0; start < bodies.size(); start += MAX_BATCH) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = start; i < Math.min(bodies.size(), start + MAX_BATCH); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i)).build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            for (BatchResultErrorEntry error : response.failed()) {
                failures.add("message " + error.id() + ": " + error.code() + " " + error.message());
            }
        }
        return failures;
    }

    /** A standard S3 {@code ObjectCreated:Put} event notification with one record. */
    public static String s3Event(String bucket, String key, long size, String eTag, Instant time) {
        ObjectNode record = Json.mapper().createObjectNode();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", MetOfficeNotifications.MET_OFFICE_REGION);
        record.put("eventTime", EVENT_TIME.format(time));
        record.put("eventName", "ObjectCreated:Put");
        record.putObject("userIdentity").put("principalId", "AWS:ISOBARSIMULATOR");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        String requestId = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII), 0, 8)
                .toUpperCase();
        record.putObject("responseElements").put("x-amz-request-id", requestId).put("x-amz-id-2", requestId);
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "object_created");
        s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket)
                .putObject("ownerIdentity").put("principalId", "ISOBARSIMULATOR");
        ObjectNode object = s3.putObject("object");
        // S3 events URL-encode keys (spaces as '+') but leave '/' alone.
        object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
        object.put("size", size);
        if (eTag != null) {
            object.put("eTag", eTag);
        }
        object.put("sequencer", String.format("%016X", time.toEpochMilli()));
        ObjectNode root = Json.mapper().createObjectNode();
        root.putArray("Records").add(record);
        try {
            return Json.mapper().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render S3 event for s3://" + bucket + "/" + key, e);
        }
    }
}
