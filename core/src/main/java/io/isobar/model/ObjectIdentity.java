package io.isobar.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Which S3 object a notification is about: bucket, key, and the version hints the notification carries
 * (size, ETag). It is the de-duplication key: SNS and SQS both deliver at least once, and the same
 * object announced twice must be processed once.
 *
 * @param size the object size in bytes, or -1 when the notification does not say
 * @param etag the ETag without quotes, or null when the notification does not say
 */
public record ObjectIdentity(String bucket, String key, long size, String etag) {

    public ObjectIdentity {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("bucket is required");
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("key is required");
        }
        etag = etag == null ? null : etag.replace("\"", "");
    }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }

    /**
     * The de-duplication key: the object's location plus whatever version hint we have, so a re-upload
     * with new content (new ETag or size) is processed again while a re-delivery is not.
     */
    public String dedupKey() {
        return uri() + "|" + (etag != null ? etag : Long.toString(size));
    }

    /** A short stable id for the object's location (16 hex digits of SHA-1 over {@code bucket/key}). */
    public String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((bucket + "/" + key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always available", e);
        }
    }

    /** Same object with the size and ETag learnt from S3 itself. */
    public ObjectIdentity withVersion(long newSize, String newEtag) {
        return new ObjectIdentity(bucket, key, newSize, newEtag);
    }
}
