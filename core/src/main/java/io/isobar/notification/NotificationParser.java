package io.isobar.notification;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import io.isobar.model.MetOfficeKey;
import io.isobar.model.ModelNames;
import io.isobar.model.ObjectIdentity;

/**
 * Turns an SQS message body into the objects it announces. Accepts the three shapes the Met Office
 * feeds use: its own JSON inside an SNS envelope, the same JSON delivered raw (the retired buckets' topics), and S3
 * event notifications (SNS-wrapped or raw, with one or more {@code Records}: the 2026 buckets' {@code -object_created}
 * topics), whose hints come from the object key ({@link MetOfficeKey}). Tolerates the feed's looseness: numbers as
 * strings or floats, optional fields, unknown fields.
 *
 * <p>Stateless and thread-safe.
 */
public final class NotificationParser {

    private static final String S3_EVENT_PREFIX = "ObjectCreated";

    /**
     * Parses one message body.
     *
     * @return the announced objects: one for a Met Office message, one per {@code ObjectCreated} record for
     *     an S3 event, none for an S3 test event
     * @throws MalformedNotificationException when the body is none of the accepted shapes, saying why
     */
    public List<FileNotification> parse(String body) throws MalformedNotificationException {
        JsonNode root = readJson(body, "message body");
        if (!root.isObject()) {
            throw new MalformedNotificationException("message body is JSON but not an object");
        }
        boolean sns = "Notification".equals(root.path("Type").asText(null)) && root.has("Message");
        JsonNode inner = root;
        Instant snsTimestamp = null;
        if (sns) {
            snsTimestamp = timestampOrNull(root.path("Timestamp").asText(null));
            JsonNode message = root.get("Message");
            if (!message.isTextual()) {
                throw new MalformedNotificationException("SNS envelope field 'Message' is not a string");
            }
            inner = readJson(message.asText(), "SNS 'Message'");
            if (!inner.isObject()) {
                throw new MalformedNotificationException("SNS 'Message' is JSON but not an object");
            }
        }
        if (inner.has("Records")) {
            return s3Event(inner, sns ? FileNotification.Shape.S3_EVENT_SNS : FileNotification.Shape.S3_EVENT_RAW, snsTimestamp);
        }
        if ("s3:TestEvent".equals(inner.path("Event").asText(null))) {
            return List.of();
        }
        return List.of(metOffice(inner, sns ? FileNotification.Shape.MET_OFFICE_SNS : FileNotification.Shape.MET_OFFICE_RAW,
                snsTimestamp));
    }

    private static FileNotification metOffice(JsonNode m, FileNotification.Shape shape, Instant announcedAt)
            throws MalformedNotificationException {
        String bucket = text(m, MetOfficeMessage.BUCKET);
        String key = text(m, MetOfficeMessage.KEY);
        if (bucket == null || key == null) {
            throw new MalformedNotificationException("Met Office message lacks " + (bucket == null ? "'bucket'" : "'key'")
                    + " (fields present: " + fieldNames(m) + ")");
        }
        Long size = number(m, MetOfficeMessage.OBJECT_SIZE);
        ObjectIdentity object = new ObjectIdentity(bucket, key, size == null ? -1 : size, null);
        return new FileNotification(object, shape,
                ModelNames.normalise(text(m, MetOfficeMessage.MODEL)),
                text(m, MetOfficeMessage.NAME),
                instant(m, MetOfficeMessage.FORECAST_REFERENCE_TIME),
                number(m, MetOfficeMessage.FORECAST_PERIOD),
                instant(m, MetOfficeMessage.TIME),
                announcedAt,
                timestampOrNull(text(m, MetOfficeMessage.CREATED_TIME)));
    }

    private static List<FileNotification> s3Event(JsonNode event, FileNotification.Shape shape, Instant snsTimestamp)
            throws MalformedNotificationException {
        JsonNode records = event.get("Records");
        if (!records.isArray()) {
            throw new MalformedNotificationException("S3 event 'Records' is not an array");
        }
        List<FileNotification> out = new ArrayList<>();
        int index = 0;
        for (JsonNode record : records) {
            String eventName = record.path("eventName").asText("");
            if (!eventName.isEmpty() && !eventName.startsWith(S3_EVENT_PREFIX)) {
                index++;
                continue; // deletions and other events announce nothing to index
            }
            String bucket = record.path("s3").path("bucket").path("name").asText(null);
            String rawKey = record.path("s3").path("object").path("key").asText(null);
            if (bucket == null || rawKey == null) {
                throw new MalformedNotificationException("S3 event record " + index + " lacks s3.bucket.name or s3.object.key");
            }
            // S3 event keys are URL-encoded, with '+' for spaces.
            String key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
            JsonNode object = record.path("s3").path("object");
            long size = object.path("size").isNumber() ? object.path("size").asLong() : -1;
            String etag = object.path("eTag").asText(null);
            // The envelope says when it was announced; without one, the record says when S3 made the object.
            Instant eventTime = timestampOrNull(record.path("eventTime").asText(null));
            Instant announcedAt = snsTimestamp != null ? snsTimestamp : eventTime;
            // An S3 event carries no forecast metadata; the 2026 buckets' keys do (run, step, parameter).
            MetOfficeKey hints = MetOfficeKey.parse(bucket, key).orElse(null);
            String model = hints != null && hints.model() != null ? hints.model() : ModelNames.fromKey(bucket, key);
            out.add(hints == null
                    ? new FileNotification(new ObjectIdentity(bucket, key, size, etag), shape, model, null, null, null, null,
                            announcedAt, eventTime)
                    : new FileNotification(new ObjectIdentity(bucket, key, size, etag), shape, model, hints.variable(),
                            hints.forecastReferenceTime(), hints.forecastPeriod(), hints.time(), announcedAt, eventTime));
            index++;
        }
        return out;
    }

    private static JsonNode readJson(String text, String what) throws MalformedNotificationException {
        if (text == null || text.isBlank()) {
            throw new MalformedNotificationException(what + " is empty");
        }
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedNotificationException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    /** A whole number sent as a number, a float ({@code 3172210.0}) or a string ({@code "302400"}). */
    private static Long number(JsonNode node, String field) throws MalformedNotificationException {
        String s = text(node, field);
        if (s == null) {
            return null;
        }
        try {
            return Math.round(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            throw new MalformedNotificationException("'" + field + "' is not a number: \"" + s + "\"");
        }
    }

    private static Instant instant(JsonNode node, String field) throws MalformedNotificationException {
        String s = text(node, field);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new MalformedNotificationException("'" + field + "' is not an ISO-8601 time: \"" + s + "\"");
        }
    }

    /**
     * A notification's own timestamp, or null when absent or unreadable: it only feeds the freshness figures
     * (the SQS SentTimestamp stands in), so a bad one is no reason to refuse the object.
     */
    private static Instant timestampOrNull(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }
}
