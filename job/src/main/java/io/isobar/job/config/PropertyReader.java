package io.isobar.job.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads typed values out of one property group, so that every key is parsed the same way and a malformed value
 * names its key. The parts of {@link JobConfig} read their own keys with it; their constructors validate.
 */
final class PropertyReader {

    private final Properties properties;

    PropertyReader(Properties properties) {
        this.properties = properties;
    }

    /** The value, or {@code defaultValue} when the key is missing or blank. */
    String string(String key, String defaultValue) {
        String v = properties.getProperty(key);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    int integer(String key, int defaultValue) {
        String v = string(key, null);
        try {
            return v == null ? defaultValue : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ingest setting '" + key + "' must be a whole number, got '" + v + "'");
        }
    }

    Duration seconds(String key, Duration defaultValue) {
        return Duration.ofSeconds(integer(key, Math.toIntExact(defaultValue.toSeconds())));
    }

    Duration days(String key, Duration defaultValue) {
        return Duration.ofDays(integer(key, Math.toIntExact(defaultValue.toDays())));
    }

    /** A comma-separated list, each entry trimmed and normalised; empty when the key is missing. */
    Set<String> list(String key, Function<String, String> normalise) {
        return Arrays.stream(string(key, "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(normalise)
                .collect(Collectors.toUnmodifiableSet());
    }
}
