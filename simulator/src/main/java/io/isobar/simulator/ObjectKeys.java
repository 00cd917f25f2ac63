package io.isobar.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * Names simulated objects the way the Met Office buckets do: the newer deterministic bucket's
 * {@code uk-deterministic-2km/{RUN}/{VALID}-PT{HHHH}H{MM}M-{parameter}.nc}, or the older buckets'
 * {@code <sha1>.nc} in the root, which says nothing about the content.
 */
public final class ObjectKeys {

    /** The prefix of the newer deterministic bucket's keys. */
    public static final String UK_DETERMINISTIC_PREFIX = "uk-deterministic-2km/";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private ObjectKeys() {}

    /** The key for a file, in its model's style. */
    public static String key(ForecastFileSpec spec) {
        return switch (spec.model().keyStyle()) {
            case DETERMINISTIC_PATH -> deterministicKey(spec.forecastReferenceTime(), spec.forecastPeriod(),
                    spec.variable().parameter());
            case SHA1 -> sha1Key(spec.model().metOfficeId() + "/" + spec.forecastReferenceTime() + "/"
                    + spec.forecastPeriod().getSeconds() + "/" + spec.variable().parameter() + "/"
                    + spec.realizations().stream().map(String::valueOf).collect(Collectors.joining(",")));
        };
    }

    /**
     * {@code uk-deterministic-2km/20250614T0000Z/20250614T0100Z-PT0001H00M-temperature_at_screen_level.nc}.
     */
    public static String deterministicKey(Instant run, Duration period, String parameter) {
        long hours = period.toHours();
        long minutes = period.toMinutesPart();
        return UK_DETERMINISTIC_PREFIX + STAMP.format(run) + "/" + STAMP.format(run.plus(period))
                + String.format("-PT%04dH%02dM-", hours, minutes) + parameter + ".nc";
    }

    /** {@code <sha1 of unique, 40 hex digits>.nc}: stable for the same input, opaque like the real keys. */
    public static String sha1Key(String unique) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(unique.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + ".nc";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
