package io.isobar.netcdf.bytes;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

import io.isobar.netcdf.HeaderException;

/**
 * Random access to the bytes of one file, wherever it lives (a local file, an S3 object), so that the
 * header reader can fetch exactly the ranges it needs.
 *
 * <p>Implementations are thread-safe: {@link #read} is positional and may be called concurrently (the
 * {@link CachingChannel} fetches the head and the tail of a file in parallel).
 */
public interface ByteSource extends Closeable {

    /** Where the bytes come from, for messages and logs: {@code file:/...} or {@code s3://bucket/key}. */
    String uri();

    /**
     * The length in bytes. May cost a request when the length is not known yet (see {@link #knownSize()}).
     *
     * @throws HeaderException with reason {@link HeaderException.Reason#NOT_FOUND} when the file does not exist
     */
    long size() throws IOException;

    /**
     * The length if it is known without a request: given up front, or learnt from an earlier read.
     * Local files always know it.
     */
    default OptionalLong knownSize() {
        return OptionalLong.empty();
    }

    /**
     * Reads bytes starting at {@code position} into {@code dst}, as many as {@code dst} has room for or as
     * the source has from there, in one go (one request for remote sources). Does not change any position.
     *
     * @return the number of bytes read, or -1 when {@code position} is at or past the end
     * @throws HeaderException with reason {@link HeaderException.Reason#NOT_FOUND} when the file does not exist
     */
    int read(long position, ByteBuffer dst) throws IOException;

    /** How many reads (requests, for remote sources) this source has made and how many bytes they returned. */
    ReadStats stats();

    /** Counters of one source's reads. */
    record ReadStats(long requests, long bytes) {}
}
