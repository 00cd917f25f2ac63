package io.isobar.job.ingest;

import io.isobar.model.ObjectIdentity;
import io.isobar.notification.FileNotification;

/**
 * One object to index, as it flows from a source (the SQS queue, or a backfill listing) through
 * de-duplication into ingesting. Only strings and numbers, so Flink serialises it as a POJO.
 *
 * <p>The object is identified by {@code bucket} and {@code key}, and its bytes are read from there, unless
 * {@code location} names a local file: then the bytes come from that file, and the identity is still
 * {@code bucket}/{@code key} when the file is a copy of that S3 object, or the file itself when
 * {@code bucket} is null.
 *
 * @param bucket the S3 bucket, or null when the object is a local file known only by its path
 * @param key the S3 key, or the local file's absolute path when {@code bucket} is null
 * @param model canonical model name hint, or null (the header decides)
 * @param variable CF variable name hint, or null
 * @param announcedAtMillis when the object was announced, epoch milliseconds, 0 if never (backfill): the
 *     notification's own time ({@link FileNotification#announcedAt()}: the SNS {@code Timestamp} or the S3 record's
 *     {@code eventTime}) when it has one, else the SQS SentTimestamp. Recorded as the entry's {@code announced_at}
 *     and feeds the freshness metric
 * @param origin where the task came from: the SQS message id, or the backfill run
 * @param rawMessage the message as received (or the listing entry), kept for the error record should the file fail
 * @param location a {@code file:} URI to read the bytes from instead of S3, or null
 * @param createdAtMillis when this version of the object was made, epoch milliseconds, 0 when unknown: the Met Office
 *     message's {@code created_time} or the S3 event's {@code eventTime} ({@link FileNotification#createdTime()}), which
 *     tells a new announcement from a redelivery (see {@link #dedupKey()})
 */
public record IngestTask(
        String bucket,
        String key,
        long size,
        String etag,
        String model,
        String variable,
        long announcedAtMillis,
        String origin,
        String rawMessage,
        String location,
        long createdAtMillis) {

    /** A task for an S3 object, read from S3. */
    public IngestTask(String bucket, String key, long size, String etag, String model, String variable, long announcedAtMillis,
            String origin, String rawMessage) {
        this(bucket, key, size, etag, model, variable, announcedAtMillis, origin, rawMessage, null, 0);
    }

    /**
     * The task for one announced object.
     *
     * @param sentTimestampMillis the SQS SentTimestamp of the message, the announcement time when the notification
     *     carries none of its own (raw Met Office messages)
     */
    public static IngestTask of(FileNotification n, long sentTimestampMillis, String origin, String rawMessage) {
        ObjectIdentity o = n.object();
        long announced = n.announcedAt() != null ? n.announcedAt().toEpochMilli() : sentTimestampMillis;
        return new IngestTask(o.bucket(), o.key(), o.size(), o.etag(), n.model(), n.variable(), announced, origin,
                rawMessage, null, n.createdTime() != null ? n.createdTime().toEpochMilli() : 0);
    }

    /** What the object is, for de-duplication and the index entry. */
    public ObjectIdentity object() {
        if (bucket != null) {
            return new ObjectIdentity(bucket, key, size, etag);
        }
        if (location == null) {
            throw new IllegalStateException("task for " + key + " has neither an S3 bucket nor a local file");
        }
        return ObjectIdentity.localFile(key, size, etag);
    }

    /**
     * The key the pipeline de-duplicates by: {@link ObjectIdentity#dedupKey()} of {@link #object()} (its location and
     * ETag, or size when the announcement has no ETag), plus the announcement's version time when it has one (the Met
     * Office {@code created_time}, an S3 event's {@code eventTime}). Every delivery of one announcement carries the
     * same time, so redeliveries are dropped; a new announcement carries a new one and is ingested:
     * <ul>
     *   <li>a Met Office message carries no ETag, so its size alone would take a new version of an object with the
     *       same key and size (a file made again) for a redelivery and drop it;</li>
     *   <li>an S3 event's ETag alone would drop {@code reconcile --include-errors}'s new announcement of an object
     *       whose first one ended in an error record (for the de-duplication memory's 21 days), and a re-upload of the
     *       same bytes.</li>
     * </ul>
     */
    public String dedupKey() {
        String key = object().dedupKey();
        return createdAtMillis > 0 ? key + "@" + createdAtMillis : key;
    }

    /** True when the bytes are read from a local file rather than from S3. */
    public boolean readsLocalFile() {
        return location != null;
    }
}
