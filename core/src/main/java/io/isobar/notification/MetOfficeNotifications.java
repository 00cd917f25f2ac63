package io.isobar.notification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.isobar.json.Json;
import io.isobar.netcdf.NetcdfHeader;

/**
 * Builds the notifications the Met Office publishes for a new object: its own JSON
 * ({@link MetOfficeMessage}, with the feed's quirks: numbers as strings, levels as space-separated lists)
 * and the SNS envelope that arrives as the SQS body. Used by the simulator and by {@code isobar publish}.
 *
 * <p>The envelope's {@code Signature} is a placeholder of the right shape, not a verifiable signature.
 */
public final class MetOfficeNotifications {

    /** The AWS account that owned the retired buckets' SNS topics ({@code aws-earth-mo-*}). */
    public static final String MET_OFFICE_ACCOUNT = "021908831235";
    /** The region of the Met Office's buckets and topics. */
    public static final String MET_OFFICE_REGION = "eu-west-2";
    /** How long after publication the Met Office says an object lives ({@code ttl}). */
    public static final Duration DEFAULT_TTL = Duration.ofDays(7);

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private MetOfficeNotifications() {}

    /**
     * What a notification says about one object, with typed values; {@link #message} renders it in the
     * feed's format. Nullable: {@code longName}, {@code cellMethods}. Lists may be empty, never null.
     *
     * @param model the Met Office model id, e.g. {@code mo-atmospheric-ukv-prd}
     * @param name the CF variable name, e.g. {@code air_temperature}
     * @param forecastPeriodBounds {@code [start, end]} seconds, or empty
     */
    public record Announcement(
            String model,
            String bucket,
            String key,
            long objectSize,
            String name,
            String longName,
            Instant forecastReferenceTime,
            long forecastPeriod,
            Instant time,
            List<Long> forecastPeriodBounds,
            List<Double> heights,
            List<Double> pressures,
            List<Integer> realizations,
            String cellMethods,
            Instant createdTime) {

        public Announcement {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(forecastReferenceTime, "forecastReferenceTime");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(createdTime, "createdTime");
            forecastPeriodBounds = forecastPeriodBounds == null ? List.of() : List.copyOf(forecastPeriodBounds);
            heights = heights == null ? List.of() : List.copyOf(heights);
            pressures = pressures == null ? List.of() : List.copyOf(pressures);
            realizations = realizations == null ? List.of() : List.copyOf(realizations);
        }
    }

    /**
     * What the Met Office would announce for a file with this header stored at {@code bucket/key}.
     *
     * @param model the Met Office model id (the header's model name is Isobar's canonical one, not the feed's)
     */
    public static Announcement fromHeader(NetcdfHeader header, String model, String bucket, String key,
                                          long objectSize, Instant createdTime) {
        return new Announcement(model, bucket, key, objectSize, header.variable(), header.longName(),
                header.forecastReferenceTime(), header.forecastPeriod(), header.time(),
                header.forecastPeriodBounds(), header.heights(), header.pressures(), header.realizations(),
                header.cellMethods(), createdTime);
    }

    /** The Met Office JSON for {@code a}, published at {@code published} (which sets {@code ttl}). */
    public static MetOfficeMessage message(Announcement a, Instant published) {
        return new MetOfficeMessage(
                a.model(),
                a.name(),
                a.longName(),
                a.key(),
                a.bucket(),
                (double) a.objectSize(),
                formatTime(a.forecastReferenceTime()),
                Long.toString(a.forecastPeriod()),
                "seconds",
                a.forecastPeriodBounds().isEmpty() ? null : join(a.forecastPeriodBounds()),
                formatTime(a.time()),
                formatTime(a.createdTime()),
                published.plus(DEFAULT_TTL).getEpochSecond(),
                a.heights().isEmpty() ? null : join(a.heights()),
                a.heights().isEmpty() ? null : "m",
                a.pressures().isEmpty() ? null : join(a.pressures()),
                a.pressures().isEmpty() ? null : "Pa",
                a.realizations().isEmpty() ? null : join(a.realizations()),
                a.cellMethods());
    }

    /** The Met Office JSON as the feed sends it: the SNS {@code Message}, or the SQS body with raw delivery. */
    public static String toJson(MetOfficeMessage message) {
        try {
            return Json.mapper().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render Met Office message for key " + message.key(), e);
        }
    }

    /**
     * The retired topic a model announced its own JSON on, e.g.
     * {@code arn:aws:sns:eu-west-2:021908831235:aws-earth-mo-atmospheric-ukv-prd}.
     */
    public static String topicArn(String model) {
        return "arn:aws:sns:" + MET_OFFICE_REGION + ":" + MET_OFFICE_ACCOUNT + ":aws-earth-" + model;
    }

    /**
     * The SNS envelope for a Met Office message (the SQS body without raw delivery), with the
     * {@code MessageAttributes} the Met Office sets: {@code forecast_reference_time}, {@code name}, {@code model}.
     */
    public static String snsEnvelope(MetOfficeMessage message, String topicArn, UUID messageId, Instant timestamp) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("forecast_reference_time", message.forecastReferenceTime());
        attributes.put("name", message.name());
        attributes.put("model", message.model());
        return snsEnvelope(toJson(message), attributes, topicArn, messageId, timestamp);
    }

    /**
     * An SNS notification envelope around any message, as SNS delivers it to an SQS subscription.
     *
     * @param attributes SNS message attributes, all of type {@code String}; null values are left out
     */
    public static String snsEnvelope(String message, Map<String, String> attributes, String topicArn,
                                     UUID messageId, Instant timestamp) {
        String region = regionOf(topicArn);
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("Type", "Notification");
        root.put("MessageId", messageId.toString());
        root.put("TopicArn", topicArn);
        root.put("Message", message);
        root.put("Timestamp", MILLIS.format(timestamp));
        root.put("SignatureVersion", "1");
        root.put("Signature", placeholderSignature(messageId, message));
        root.put("SigningCertURL", "https://sns." + region + ".amazonaws.com/SimpleNotificationService-"
                + "00000000000000000000000000000000.pem");
        UUID subscription = UUID.nameUUIDFromBytes(topicArn.getBytes(StandardCharsets.UTF_8));
        root.put("UnsubscribeURL", "https://sns." + region + ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
                + topicArn + ":" + subscription);
        if (attributes != null && !attributes.isEmpty()) {
            ObjectNode attrs = root.putObject("MessageAttributes");
            attributes.forEach((name, value) -> {
                if (value != null) {
                    attrs.putObject(name).put("Type", "String").put("Value", value);
                }
            });
        }
        try {
            // SNS pretty-prints its envelope ("Type" : "Notification"), as Jackson's default printer does.
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render SNS envelope for message " + messageId, e);
        }
    }

    /** A time as the feed writes it: UTC, whole seconds, {@code Z} ({@code 2020-07-16T14:00:00Z}). */
    public static String formatTime(Instant instant) {
        return SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * A space-separated list as the feed writes it: integers plain ({@code "26 27 28"}), floating-point
     * values with a decimal point as Python prints them ({@code "1.5"}, {@code "10.0"}).
     */
    public static String join(List<? extends Number> values) {
        return values.stream().map(MetOfficeNotifications::number).collect(Collectors.joining(" "));
    }

    private static String number(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return (long) d + ".0";
            }
            return Double.toString(d);
        }
        return n.toString();
    }

    private static String regionOf(String topicArn) {
        String[] parts = topicArn.split(":");
        if (parts.length < 6 || !"arn".equals(parts[0]) || !"sns".equals(parts[2])) {
            throw new IllegalArgumentException("Not an SNS topic ARN: " + topicArn);
        }
        return parts[3];
    }

    /** 256 bytes (the size of a real RSA signature) derived from the message, base64-encoded. */
    private static String placeholderSignature(UUID messageId, String message) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] seed = sha.digest((messageId + message).getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[256];
            for (int i = 0; i < out.length; i += seed.length) {
                seed = sha.digest(seed);
                System.arraycopy(seed, 0, out, i, Math.min(seed.length, out.length - i));
            }
            return Base64.getEncoder().encodeToString(out);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
