package io.isobar.aws;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An S3 location, {@code s3://bucket/key}: the one place such URIs are parsed, checked and written. The key may be
 * empty (a whole bucket) or end with {@code /} (a prefix); {@link #isObject()} says whether it names one object.
 *
 * <p>Keys are kept as S3 has them, not percent-decoded: the index and the notifications carry them that way, and an S3
 * key may hold characters ({@code space}, {@code %}) that {@link java.net.URI} would refuse or rewrite. Hadoop's
 * {@code s3a://} scheme (any case) is read as {@code s3://}.
 *
 * <pre>{@code
 * S3Uri archived = S3Uri.parse("s3://isobar-archive/ukv/20250614T0000Z/file.nc");
 * S3Uri sidecar = archived.withKey(archived.key() + ".chunks");
 * }</pre>
 *
 * @param bucket the bucket: not blank, no {@code /}
 * @param key the object key or prefix, without a leading {@code /}; empty for the whole bucket
 */
public record S3Uri(String bucket, String key) {

    /** The scheme and separator every S3 URI starts with. */
    public static final String PREFIX = "s3://";

    public S3Uri {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (bucket.isBlank() || bucket.indexOf('/') >= 0 || bucket.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + bucket + "' is not an S3 bucket name");
        }
    }

    /**
     * Reads {@code s3://bucket[/key]} (or {@code s3a://}).
     *
     * @throws IllegalArgumentException when {@code uri} is not an S3 URI or names no bucket, saying which
     */
    public static S3Uri parse(String uri) {
        if (!isS3(uri)) {
            throw new IllegalArgumentException("'" + uri + "' is not an S3 URI (s3://BUCKET/KEY)");
        }
        String rest = uri.substring(uri.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("'" + uri + "' names no bucket (s3://BUCKET/KEY)");
        }
        return new S3Uri(bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    /**
     * Reads the URI of one object, {@code s3://bucket/key} with a key that is neither empty nor a prefix.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static S3Uri parseObject(String uri) {
        S3Uri parsed = parse(uri);
        if (!parsed.isObject()) {
            throw new IllegalArgumentException("'" + uri + "' names no object (s3://BUCKET/KEY)");
        }
        return parsed;
    }

    /** The object {@code uri} names, or empty when it is not the URI of one S3 object. */
    public static Optional<S3Uri> ofObject(String uri) {
        try {
            return uri == null ? Optional.empty() : Optional.of(parseObject(uri));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code uri} starts with {@code s3://} or {@code s3a://}, in any case. */
    public static boolean isS3(String uri) {
        if (uri == null) {
            return false;
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        return lower.startsWith(PREFIX) || lower.startsWith("s3a://");
    }

    /** The same bucket with another key. */
    public S3Uri withKey(String newKey) {
        return new S3Uri(bucket, newKey);
    }

    /** Whether the key names one object: not empty and not a prefix ending with {@code /}. */
    public boolean isObject() {
        return !key.isEmpty() && !key.endsWith("/");
    }

    /** {@code s3://bucket/key}; {@code s3://bucket/} for the whole bucket (its root, as file systems name it). */
    @Override
    public String toString() {
        return PREFIX + bucket + "/" + key;
    }
}
