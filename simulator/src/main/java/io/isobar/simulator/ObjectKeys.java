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
 * Names simulated objects the way the Met Office buckets do: each product's 2026 layout ({@link MetOfficeKey#path}:
 * {@code uk-deterministic-2km/{RUN}/{VALID}-PT{HHHH}H{MM}M-{parameter}.nc}, the ensembles' dated run folders, the blends'
 * {@code {VALID}-B{BLEND}-{parameter}.nc}), or the retired buckets' {@code <sha1>.nc} in the root, which says nothing
 * about the content.
 */
public final class ObjectKeys {

    /** The prefix of the newer deterministic bucket's keys. */
    public static final String UK_DETERMINISTIC_PREFIX = MetOfficeKey.UK_DETERMINISTIC_FOLDER;

    private ObjectKeys() {}

    /** The key for a file in its product's 2026 layout. */
    public static String key(ForecastFileSpec spec) {
        return MetOfficeKey.path(spec.model().product(), spec.forecastReferenceTime(), spec.forecastPeriod().getSeconds(),
                spec.variable().parameter());
    }

    /** The key for a file in the retired buckets' style: {@code <sha1>.nc}, stable for the same file. */
    public static String retiredKey(ForecastFileSpec spec) {
        return sha1Key(spec.model().metOfficeId() + "/" + spec.forecastReferenceTime() + "/"
                + spec.forecastPeriod().getSeconds() + "/" + spec.variable().parameter() + "/"
                + spec.realizations().stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    /** The key in the chosen style. */
    public static String key(ForecastFileSpec spec, KeyStyle style) {
        return style == KeyStyle.RETIRED ? retiredKey(spec) : key(spec);
    }

    /**
     * The key in the chosen style for an object stored in {@code bucket}: in a bucket not the product's own, a blend's
     * key is in a folder named for its product ({@link MetOfficeKey#path(io.isobar.model.MetOfficeProduct, String,
     * Instant, long, String)}), so that two blends' files never share a key.
     */
    public static String key(ForecastFileSpec spec, KeyStyle style, String bucket) {
        return style == KeyStyle.RETIRED ? retiredKey(spec) : MetOfficeKey.path(spec.model().product(), bucket,
                spec.forecastReferenceTime(), spec.forecastPeriod().getSeconds(), spec.variable().parameter());
    }

    /** Which keys the simulator gives its objects. */
    public enum KeyStyle {
        /** Each product's 2026 layout (the default). */
        TODAY,
        /** The retired {@code aws-earth-mo-*} buckets' {@code <sha1>.nc} (old archives and messages still have them). */
        RETIRED
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
