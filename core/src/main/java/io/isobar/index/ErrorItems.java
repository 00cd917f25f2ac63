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

/** Maps {@link IngestError} to and from its {@code ingest-errors} item. */
public final class ErrorItems {

    /** How long error records are kept (DynamoDB TTL). */
    public static final Duration RETENTION = Duration.ofDays(30);

    /** DynamoDB items are at most 400 KB; a raw message beyond this is cut (and says so). */
    static final int MAX_RAW_CHARS = 64 * 1024;

    private ErrorItems() {}

    public static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    public static Map<String, AttributeValue> toItem(IngestError e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(IndexSchema.ERRORS_PK, s(day(e.occurredAt())));
        item.put(IndexSchema.ERRORS_SK, s(FileItems.iso(e.occurredAt()) + IndexSchema.SEP + e.id()));
        item.put("id", s(e.id()));
        item.put("occurred_at", s(e.occurredAt().toString()));
        item.put("kind", s(e.kind().name()));
        putIfPresent(item, "object_uri", e.objectUri());
        item.put("reason", s(e.reason()));
        if (e.rawMessage() != null) {
            String raw = e.rawMessage().length() > MAX_RAW_CHARS
                    ? e.rawMessage().substring(0, MAX_RAW_CHARS) + "...[truncated]"
                    : e.rawMessage();
            item.put("raw_message", s(raw));
        }
        item.put(IndexSchema.ERRORS_TTL, n(e.occurredAt().plus(RETENTION).getEpochSecond()));
        return item;
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
