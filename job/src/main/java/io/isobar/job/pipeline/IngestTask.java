package io.isobar.job.pipeline;

import io.isobar.model.ObjectIdentity;
import io.isobar.notification.FileNotification;

/**
 * One object to index, as it flows from a source (the SQS queue, or a backfill listing) through
 * de-duplication into enrichment. Only strings and numbers, so Flink serialises it as a POJO.
 *
 * @param model canonical model name hint, or null (the header decides)
 * @param variable CF variable name hint, or null
 * @param announcedAtMillis when the object was announced (SQS SentTimestamp), for the freshness metric
 * @param origin where the task came from: the SQS message id, or the backfill source
 * @param rawMessage the message as received, kept for the error record should the file fail
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
        String rawMessage) {

    public static IngestTask of(FileNotification n, long announcedAtMillis, String origin, String rawMessage) {
        ObjectIdentity o = n.object();
        return new IngestTask(o.bucket(), o.key(), o.size(), o.etag(), n.model(), n.variable(), announcedAtMillis, origin,
                rawMessage);
    }

    public ObjectIdentity object() {
        return new ObjectIdentity(bucket, key, size, etag);
    }
}
