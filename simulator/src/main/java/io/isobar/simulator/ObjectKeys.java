package io.isobar.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.stream.Collectors;

import io.isobar.model.MetOfficeKey;

/**
 * Names simulated objects the way the Met Office buckets do: the newer deterministic bucket's
 * {@code uk-deterministic-2km/{RUN}/{VALID}-PT{HHHH}H{MM}M-{parameter}.nc}, or the older buckets'
 * {@code <sha1>.nc} in the root, which says nothing about the content.
 */
public final class ObjectKeys {

    /** The prefix of the newer deterministic bucket's keys. */
    public static final String UK_DETERMINISTIC_PREFIX = MetOfficeKey.UK_DETERMINISTIC_FOLDER;

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
        return MetOfficeKey.path(UK_DETERMINISTIC_PREFIX, run, period.getSeconds(), parameter);
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
