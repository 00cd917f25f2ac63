package io.isobar.model;

import java.time.Instant;

/**
 * A notification or file that could not be processed, as recorded in the errors table: when, which
 * object (if known), what kind of failure, the reason in words, and the raw message for replay.
 *
 * @param id unique per failure (the SQS message id plus the record index, or the object id)
 * @param objectUri {@code s3://bucket/key}, or null when the message could not even be parsed
 * @param rawMessage the SQS body as received (truncated to a safe item size)
 */
public record IngestError(String id, Instant occurredAt, Kind kind, String objectUri, String reason, String rawMessage) {

    /** What went wrong; operators filter on it and the job counts errors by it. */
    public enum Kind {
        MALFORMED_NOTIFICATION,
        OBJECT_NOT_FOUND,
        NOT_NETCDF,
        TRUNCATED,
        MISSING_METADATA,
        UNREADABLE,
        ARCHIVE_FAILED,
        /** Values a forecast file cannot have (an absurd forecast_period, a name beyond DynamoDB's key limits). */
        INVALID_METADATA
    }
}
