package io.isobar.netcdf.bytes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import io.isobar.aws.S3Uri;
import io.isobar.netcdf.HeaderException;

/**
 * A {@link ByteSource} over one S3 object, read with ranged GETs ({@code Range: bytes=a-b}), one GET per
 * {@link #read}.
 *
 * <p>The object's size is learnt from the {@code Content-Range} of the first GET, so no HEAD request is
 * needed; it can also be passed in when a notification already gave it. Likewise the ETag: every response
 * is checked against the ETag given or first seen, so that a header is never stitched together from two
 * versions of an object (a mismatch is an {@link ObjectChangedException}: reading again will see one version).
 *
 * <p>A missing object or bucket is a {@link HeaderException} with reason {@link HeaderException.Reason#NOT_FOUND};
 * other {@link software.amazon.awssdk.core.exception.SdkException}s propagate unchanged: they are transient
 * and the client has already retried them. The source does not own the client: {@link #close()} does nothing.
 */
public final class S3ByteSource implements ByteSource {

    private static final Logger LOG = LoggerFactory.getLogger(S3ByteSource.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String uri;
    private volatile long size;
    private volatile String eTag;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private S3ByteSource(S3Client s3, String bucket, String key, long size, String eTag) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.key = Objects.requireNonNull(key, "key");
        this.uri = new S3Uri(bucket, key).toString();
        this.size = size;
        this.eTag = unquote(eTag);
    }

    /** The object {@code s3://bucket/key}; its size and ETag are learnt from the first GET. */
    public static S3ByteSource of(S3Client s3, String bucket, String key) {
        return new S3ByteSource(s3, bucket, key, -1, null);
    }

    /**
     * The object {@code s3://bucket/key} whose size and ETag are already known (e.g. from a notification),
     * which lets the reader fetch the head and the tail of the file at once.
     *
     * @param size the object's size in bytes, or a negative number if unknown
     * @param eTag the object's ETag (quoted or not), or null if unknown
     */
    public static S3ByteSource of(S3Client s3, String bucket, String key, long size, String eTag) {
        return new S3ByteSource(s3, bucket, key, size < 0 ? -1 : size, eTag);
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }

    /** The ETag given or learnt so far (without quotes), or null. */
    public String eTag() {
        return eTag;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public OptionalLong knownSize() {
        long s = size;
        return s >= 0 ? OptionalLong.of(s) : OptionalLong.empty();
    }

    /** The object's size; costs a HEAD request only when no GET has been made and no size was given. */
    @Override
    public long size() throws IOException {
        long s = size;
        if (s >= 0) {
            return s;
        }
        requests.incrementAndGet();
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            checkETag(head.eTag());
            size = head.contentLength();
            return size;
        } catch (S3Exception e) {
            throw translate(e);
        }
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        long known = size;
        if (known >= 0 && position >= known) {
            return -1;
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        long last = position + dst.remaining() - 1;
        if (known >= 0) {
            last = Math.min(last, known - 1);
        }
        String range = "bytes=" + position + "-" + last;
        GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(key).range(range).build();
        requests.incrementAndGet();
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request)) {
            GetObjectResponse response = in.response();
            checkETag(response.eTag());
            long skip = learnSize(response, position);
            int wanted = (int) (last - position + 1);
            int n = readFully(in, skip, dst, wanted);
            bytes.addAndGet(n);
            LOG.debug("{}: GET {} returned {} bytes", uri, range, n);
            if (n < wanted && skip > 0) {
                in.abort(); // the server ignored the range: do not drain the rest of the object
            }
            return n == 0 ? -1 : n;
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                // Reading at or past the end (or any range of an empty object).
                learnSizeFromUnsatisfiable(e);
                return -1;
            }
            throw translate(e);
        }
    }

    @Override
    public ReadStats stats() {
        return new ReadStats(requests.get(), bytes.get());
    }

    @Override
    public void close() {
        // The client is shared and owned by the caller.
    }

    @Override
    public String toString() {
        return uri;
    }

    /** Records the object size from the response; returns how many leading body bytes precede {@code position}. */
    private long learnSize(GetObjectResponse response, long position) {
        String contentRange = response.contentRange();
        if (contentRange != null) {
            Matcher m = CONTENT_RANGE.matcher(contentRange.trim());
            if (m.matches() && !"*".equals(m.group(3))) {
                size = Long.parseLong(m.group(3));
            }
            return 0;
        }
        // A 200 without Content-Range is the whole object: the server ignored the Range header.
        if (response.contentLength() != null) {
            size = response.contentLength();
        }
        return position;
    }

    private void learnSizeFromUnsatisfiable(S3Exception e) {
        e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Content-Range").ifPresent(value -> {
            Matcher m = CONTENT_RANGE.matcher(value.trim());
            if (m.matches() && !"*".equals(m.group(3))) {
                size = Long.parseLong(m.group(3));
            }
        });
    }

    private void checkETag(String responseETag) throws IOException {
        String seen = unquote(responseETag);
        if (seen == null) {
            return;
        }
        String expected = eTag;
        if (expected == null) {
            eTag = seen;
        } else if (!expected.equals(seen)) {
            throw new ObjectChangedException(uri + ": object changed while being read (ETag " + seen + ", expected "
                    + expected + ")");
        }
    }

    private HeaderException translate(S3Exception e) throws S3Exception {
        if (e.statusCode() == 404) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String what = "NoSuchBucket".equals(code) ? "no such bucket '" + bucket + "'" : "no such object";
            return new HeaderException(HeaderException.Reason.NOT_FOUND, uri, what, e);
        }
        throw e;
    }

    private static int readFully(InputStream in, long skip, ByteBuffer dst, int wanted) throws IOException {
        long skipped = 0;
        while (skipped < skip) {
            long s = in.skip(skip - skipped);
            if (s <= 0) {
                if (in.read() < 0) {
                    return 0;
                }
                s = 1;
            }
            skipped += s;
        }
        byte[] chunk = new byte[Math.min(wanted, 64 * 1024)];
        int total = 0;
        while (total < wanted) {
            int n = in.read(chunk, 0, Math.min(chunk.length, wanted - total));
            if (n < 0) {
                break;
            }
            dst.put(chunk, 0, n);
            total += n;
        }
        return total;
    }

    private static String unquote(String eTag) {
        if (eTag == null || eTag.isBlank()) {
            return null;
        }
        String t = eTag.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }
}
