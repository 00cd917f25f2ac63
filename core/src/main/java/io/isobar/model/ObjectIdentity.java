package io.isobar.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import io.isobar.aws.S3Uri;

/**
 * Which object a notification (or a backfill listing) is about: an S3 object (bucket, key), or a local file
 * known only by its path, plus the version hints we have (size, ETag). It is the de-duplication key: SNS
 * and SQS both deliver at least once, and the same object announced twice must be processed once.
 *
 * @param scheme {@value #S3} for an S3 object, {@value #FILE} for a local file
 * @param bucket the S3 bucket; empty for a local file
 * @param key the S3 key, or the local file's absolute path
 * @param size the object size in bytes, or -1 when the notification does not say
 * @param etag the ETag without quotes, or null when the notification does not say
 */
public record ObjectIdentity(String scheme, String bucket, String key, long size, String etag) {

    public static final String S3 = "s3";
    public static final String FILE = "file";

    public ObjectIdentity {
        if (FILE.equals(scheme)) {
            bucket = "";
            if (key == null || !key.startsWith("/")) {
                throw new IllegalArgumentException("a local file needs an absolute path, got '" + key + "'");
            }
        } else if (S3.equals(scheme)) {
            if (bucket == null || bucket.isBlank()) {
                throw new IllegalArgumentException("bucket is required");
            }
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("key is required");
            }
        } else {
            throw new IllegalArgumentException("scheme must be " + S3 + " or " + FILE + ", got '" + scheme + "'");
        }
        etag = etag == null ? null : etag.replace("\"", "");
    }

    /** An S3 object. */
    public ObjectIdentity(String bucket, String key, long size, String etag) {
        this(S3, bucket, key, size, etag);
    }

    /** A local file known only by its absolute path (a backfill of a directory that is not a copy of a bucket). */
    public static ObjectIdentity localFile(String absolutePath, long size, String etag) {
        return new ObjectIdentity(FILE, "", absolutePath, size, etag);
    }

    public boolean isLocalFile() {
        return FILE.equals(scheme);
    }

    /** {@code s3://bucket/key}, or {@code file:///path} for a local file. */
    public String uri() {
        return isLocalFile() ? "file://" + key : new S3Uri(bucket, key).toString();
    }

    /**
     * The de-duplication key: the object's location plus whatever version hint we have, so a re-upload
     * with new content (new ETag or size) is processed again while a re-delivery is not.
     */
    public String dedupKey() {
        return uri() + "|" + (etag != null ? etag : Long.toString(size));
    }

    /**
     * A short stable id for the object's location: 16 hex digits of SHA-1 over {@code bucket/key} for an S3
     * object, over its {@code file://} URI for a local file (so the two can never share an id).
     */
    public String id() {
        String location = isLocalFile() ? uri() : bucket + "/" + key;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(location.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always available", e);
        }
    }

    /** Same object with the size and ETag learnt from S3 (or the file) itself. */
    public ObjectIdentity withVersion(long newSize, String newEtag) {
        return new ObjectIdentity(scheme, bucket, key, newSize, newEtag);
    }
}
