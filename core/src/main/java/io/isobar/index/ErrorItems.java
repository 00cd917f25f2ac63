package io.isobar.index;

import static io.isobar.index.FileItems.n;
import static io.isobar.index.FileItems.putIfPresent;
import static io.isobar.index.FileItems.s;
import static io.isobar.index.FileItems.str;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import io.isobar.model.IngestError;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps {@link IngestError} to and from its {@code ingest-errors} item.
 *
 * <p>The key is {@code day} of {@code occurred_at} and {@code occurred_at#id#kind}: callers give a failure a time
 * that a replay repeats (the announcement time of the SQS message), so a redelivered or replayed failure
 * overwrites its record instead of adding one. Every value is cut to a size that keeps the item far below
 * DynamoDB's limits, whatever the message held: an error record can always be written.
 */
public final class ErrorItems {

    /** How long error records are kept (DynamoDB TTL). */
    public static final Duration RETENTION = Duration.ofDays(30);

    /** A raw message beyond this many UTF-8 bytes is cut (and says so). */
    static final int MAX_RAW_BYTES = 64 * 1024 - 64;
    /** A reason beyond this many UTF-8 bytes is cut. */
    static final int MAX_REASON_BYTES = 8 * 1024;
    /** An object URI or id beyond this many UTF-8 bytes is cut (S3 keys are at most 1,024 bytes). */
    static final int MAX_NAME_BYTES = 2 * 1024;
    /** The id's share of the sort key, whose limit is 1,024 bytes. */
    static final int MAX_ID_IN_KEY_BYTES = 900;

    private ErrorItems() {}

    public static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    public static Map<String, AttributeValue> toItem(IngestError e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(IndexSchema.ERRORS_PK, s(day(e.occurredAt())));
        item.put(IndexSchema.ERRORS_SK, s(errorKey(e)));
        item.put("id", s(ItemGuard.trimUtf8(e.id(), MAX_NAME_BYTES)));
        item.put("occurred_at", s(e.occurredAt().toString()));
        item.put("kind", s(e.kind().name()));
        putIfPresent(item, "object_uri", ItemGuard.trimUtf8(e.objectUri(), MAX_NAME_BYTES));
        item.put("reason", s(ItemGuard.trimUtf8(e.reason() == null || e.reason().isEmpty() ? "(no reason given)" : e.reason(),
                MAX_REASON_BYTES)));
        if (e.rawMessage() != null) {
            item.put("raw_message", s(ItemGuard.trimUtf8(e.rawMessage(), MAX_RAW_BYTES)));
        }
        item.put(IndexSchema.ERRORS_TTL, n(e.occurredAt().plus(RETENTION).getEpochSecond()));
        return item;
    }

    /**
     * The sort key: {@code occurred_at#id#kind}, the same for every replay of one failure of one object. An id
     * too long for the key's 1,024 bytes is replaced there by a digest of it (the item keeps it in {@code id}).
     */
    public static String errorKey(IngestError e) {
        String id = e.id();
        if (ItemGuard.utf8Length(id) > MAX_ID_IN_KEY_BYTES) {
            id = "sha256:" + sha256(id);
        }
        return String.join(IndexSchema.SEP, FileItems.iso(e.occurredAt()), id, e.kind().name());
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public static IngestError fromItem(Map<String, AttributeValue> item) {
        return new IngestError(
                str(item, "id"),
                Instant.parse(str(item, "occurred_at")),
                IngestError.Kind.valueOf(str(item, "kind")),
                str(item, "object_uri"),
                str(item, "reason"),
                str(item, "raw_message"));
    }
}
