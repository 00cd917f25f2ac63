package io.isobar.job.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.isobar.aws.S3Uri;
import io.isobar.model.MetOfficeKey;
import io.isobar.model.ObjectIdentity;
import io.isobar.netcdf.NetcdfHeader;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/**
 * Copies a source object server-side into the archive bucket under a key derived from its header, so a
 * replay writes the same key again. One CopyObject up to {@value #SINGLE_COPY_LIMIT} bytes (S3's limit for
 * a single copy; Met Office files are at most about 1 GB); a multipart copy beyond. A local file (a backfill
 * of a directory) is uploaded with one PutObject, which has the same limit.
 */
public final class ArchiveCopier {

    /** S3 copies up to 5 GiB in one request. */
    static final long SINGLE_COPY_LIMIT = 5L * 1024 * 1024 * 1024;
    static final long PART_SIZE = 512L * 1024 * 1024;


    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public ArchiveCopier(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
    }

    /**
     * The archive key: {@code [prefix]model/RUN/VALID-PTxxxxHyyM-variable-objectid.nc}, in the style of the
     * Met Office's newer bucket, readable by people and unique per source object.
     */
    public String archiveKey(NetcdfHeader header, String model, ObjectIdentity source) {
        return MetOfficeKey.path(prefix + model + "/", header.forecastReferenceTime(), header.forecastPeriod(),
                header.variable() + "-" + source.id());
    }

    /** The URI of the archived copy at {@code key}. */
    public String uri(String key) {
        return new S3Uri(bucket, key).toString();
    }

    /**
     * Copies {@code source} (of {@code size} bytes) to {@code key} in the archive; returns the archive URI.
     *
     * @param etag the ETag of the version whose header was read, or null: the copy is pinned to it
     *     ({@code x-amz-copy-source-if-match}), so an object replaced since fails with 412 Precondition Failed
     *     (transient: the task is tried again and reads the new version) instead of archiving bytes that do not
     *     match the entry
     */
    public String copy(ObjectIdentity source, long size, String etag, String key) {
        String ifMatch = etag == null || etag.isBlank() ? null : "\"" + etag.replace("\"", "") + "\"";
        if (size < SINGLE_COPY_LIMIT) {
            s3.copyObject(CopyObjectRequest.builder()
                    .sourceBucket(source.bucket()).sourceKey(source.key())
                    .copySourceIfMatch(ifMatch)
                    .destinationBucket(bucket).destinationKey(key)
                    .build());
        } else {
            multipartCopy(source, size, ifMatch, key);
        }
        return uri(key);
    }

    /**
     * Writes {@code bytes} to {@code key} in the archive (a chunk layout sidecar beside its file); returns the URI.
     */
    public String put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/octet-stream"), RequestBody.fromBytes(bytes));
        return uri(key);
    }

    /** An archived copy: its URI and the ETag S3 gave it. */
    public record Archived(String uri, String etag) {}

    /**
     * Uploads local {@code file} (of {@code size} bytes) to {@code key} in the archive.
     *
     * @throws IllegalArgumentException when the file is larger than one PutObject may be
     */
    public Archived upload(Path file, long size, String key) {
        if (size >= SINGLE_COPY_LIMIT) {
            throw new IllegalArgumentException(file + ": " + size + " bytes is more than one upload may carry ("
                    + SINGLE_COPY_LIMIT + "); copy it to S3 and backfill it from there");
        }
        String etag = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file)).eTag();
        return new Archived(uri(key), etag == null ? null : etag.replace("\"", ""));
    }

    private void multipartCopy(ObjectIdentity source, long size, String ifMatch, String key) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int partNumber = 1;
            for (long offset = 0; offset < size; offset += PART_SIZE, partNumber++) {
                long last = Math.min(offset + PART_SIZE, size) - 1;
                int n = partNumber;
                String range = "bytes=" + offset + "-" + last;
                UploadPartCopyResponse r = s3.uploadPartCopy(b -> b.sourceBucket(source.bucket()).sourceKey(source.key())
                        .copySourceIfMatch(ifMatch)
                        .destinationBucket(bucket).destinationKey(key).uploadId(uploadId).partNumber(n).copySourceRange(range));
                parts.add(CompletedPart.builder().partNumber(n).eTag(r.copyPartResult().eTag()).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            throw e;
        }
    }
}
