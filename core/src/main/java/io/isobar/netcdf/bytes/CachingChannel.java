package io.isobar.netcdf.bytes;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.failure.Rethrow;

/**
 * A read-only {@link SeekableByteChannel} over a {@link ByteSource} that reads in fixed-size blocks and keeps
 * a few of them, so that the many small reads an HDF5 library makes become a couple of large ranged reads.
 *
 * <h2>Why head and tail</h2>
 * A netCDF-4 file's header is not in one place. Its superblock, object headers and the small coordinate
 * data sit at the start, but metadata written after the data (global attributes added last, dimension
 * scales attached when the file is closed, object-header continuation blocks, B-tree nodes) lands at the
 * end, beyond megabytes of compressed data chunks. Measured with jhdf on a file laid out as the Met Office
 * writes them (970 x 1042 x 3 floats in 1 x 128 x 128 chunks, deflate level 1, 9.1 MB; coordinates written
 * first, then the data, then the global attributes): reading the whole header touches 212 positions, 210
 * of them in the first 64 KiB block (superblock, object headers, coordinate values, 40 KiB in all) and 2 in
 * the last (the attribute heap, the last 1 KiB of the file). Nothing in between is read. With the defaults
 * below, reading that file's header costs 2 requests and 215,391 bytes, in 2 GETs from S3 whether or not
 * its size is known beforehand.
 *
 * <h2>Strategy</h2>
 * On first use the channel fetches {@code headBlocks} blocks from the start and {@code tailBlocks} blocks
 * from the end (by default 2 and 2 blocks of 64 KiB, so at most 256 KiB; margins for files whose header
 * spills into a second block):
 * <ul>
 *   <li>when the source knows its size up front (a local file, or an S3 object whose size came with its
 *       notification), head and tail are fetched <em>in parallel</em>: 2 requests, one round trip;</li>
 *   <li>when it does not, the head is fetched first; its response reveals the size (S3's
 *       {@code Content-Range}) and a second request fetches the tail: 2 requests, no HEAD;</li>
 *   <li>a file no longer than the head costs one request.</li>
 * </ul>
 * Any later read of blocks not held (reading data, or a header with metadata in the middle) fetches the
 * missing blocks it spans, adjacent missing blocks coalesced into one ranged read. At most
 * {@code maxCachedBlocks} blocks are kept (least recently used evicted).
 *
 * <p>The channel does not own its source: closing it leaves the source open. Reads are serialised; it
 * is meant for one reader (one {@link io.jhdf.HdfFile}) at a time.
 */
public final class CachingChannel implements SeekableByteChannel {

    private static final Logger LOG = LoggerFactory.getLogger(CachingChannel.class);

    private final ByteSource source;
    private final ChannelOptions options;
    private final int blockSize;
    private final Map<Long, byte[]> cache;
    private long position;
    private long size = -1;
    private boolean prefetched;
    private boolean open = true;
    private volatile Throwable sourceFailure;
    private volatile boolean readPastEnd;

    public CachingChannel(ByteSource source) {
        this(source, ChannelOptions.defaults());
    }

    public CachingChannel(ByteSource source, ChannelOptions options) {
        this.source = source;
        this.options = options;
        this.blockSize = options.blockSize();
        int max = options.maxCachedBlocks();
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
                return size() > max;
            }
        };
    }

    /** The source read. */
    public ByteSource source() {
        return source;
    }

    /**
     * Fetches the head and tail blocks (see the class comment). Called by the first read or {@link #size()}
     * if not before; calling it again does nothing.
     */
    public synchronized void prefetch() throws IOException {
        if (prefetched) {
            return;
        }
        prefetched = true;
        long headEnd = (long) options.headBlocks() * blockSize;
        OptionalLong known = source.knownSize();
        if (known.isPresent()) {
            size = known.getAsLong();
            long lastBlock = lastBlock();
            if (lastBlock < 0) {
                return;
            }
            long headLast = Math.min(options.headBlocks() - 1L, lastBlock);
            long tailFirst = Math.max(headLast + 1, lastBlock - options.tailBlocks() + 1);
            if (tailFirst > lastBlock) {
                fetch(0, headLast);
                return;
            }
            CompletableFuture<Void> tail = CompletableFuture.runAsync(() -> {
                try {
                    fetch(tailFirst, lastBlock);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, options.prefetchExecutor());
            fetch(0, headLast);
            Rethrow.join(tail);
            OptionalLong actual = source.knownSize();
            if (actual.isPresent() && actual.getAsLong() != size) {
                // The size given up front was wrong (a stale notification); the responses told the truth.
                LOG.warn("{}: expected {} bytes but the source has {}", source.uri(), size, actual.getAsLong());
                size = actual.getAsLong();
                synchronized (cache) {
                    cache.clear();
                }
                prefetched = false;
                prefetch();
            }
        } else {
            // The head's response tells the size; only then can the tail be located.
            ByteBuffer head = ByteBuffer.allocate((int) headEnd);
            int n = readSource(0, head);
            OptionalLong learnt = source.knownSize();
            if (n < headEnd) {
                size = Math.max(n, 0);
            } else {
                size = learnt.isPresent() ? learnt.getAsLong() : source.size();
            }
            store(0, head.flip());
            long lastBlock = lastBlock();
            long tailFirst = Math.max(options.headBlocks(), lastBlock - options.tailBlocks() + 1);
            if (tailFirst <= lastBlock) {
                fetch(tailFirst, lastBlock);
            }
        }
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        prefetch();
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (position >= size) {
            readPastEnd = true;
            return -1;
        }
        if (dst.remaining() > size - position) {
            // An HDF5 reader asks only for bytes its structures say exist: a short read means a cut-off file.
            readPastEnd = true;
        }
        int length = (int) Math.min(dst.remaining(), size - position);
        long first = position / blockSize;
        long last = (position + length - 1) / blockSize;
        byte[][] blocks = new byte[(int) (last - first + 1)][];
        synchronized (cache) {
            for (long b = first; b <= last; b++) {
                blocks[(int) (b - first)] = cache.get(b);
            }
        }
        for (long b = first; b <= last; b++) {
            if (blocks[(int) (b - first)] == null) {
                long runEnd = b;
                while (runEnd + 1 <= last && blocks[(int) (runEnd + 1 - first)] == null) {
                    runEnd++;
                }
                byte[][] fetched = fetch(b, runEnd);
                System.arraycopy(fetched, 0, blocks, (int) (b - first), fetched.length);
                b = runEnd;
            }
        }
        int copied = 0;
        long at = position;
        while (copied < length) {
            byte[] block = blocks[(int) (at / blockSize - first)];
            int offset = (int) (at % blockSize);
            int n = block == null ? 0 : Math.min(length - copied, block.length - offset);
            if (n <= 0) {
                // A partial read here would make an HDF5 reader parse garbage: fail instead.
                readPastEnd = true;
                throw new EOFException(source.uri() + ": ended at byte " + at + ", before the " + size + " bytes it reported");
            }
            dst.put(block, offset, n);
            copied += n;
            at += n;
        }
        position += copied;
        return copied;
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    /** The file's size; the first call prefetches, which is how an unknown size is learnt without a HEAD. */
    @Override
    public synchronized long size() throws IOException {
        ensureOpen();
        prefetch();
        return size;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    /** Closes the channel and drops its blocks; the source stays open. */
    @Override
    public synchronized void close() {
        open = false;
        synchronized (cache) {
            cache.clear();
        }
    }

    /** How many blocks are held now. */
    public int cachedBlocks() {
        synchronized (cache) {
            return cache.size();
        }
    }

    /** Whether the blocks spanning {@code length} bytes from {@code position} are all held, so reading them costs no request. */
    public boolean holds(long position, int length) {
        if (length <= 0) {
            return true;
        }
        long first = position / blockSize;
        long last = (position + length - 1) / blockSize;
        synchronized (cache) {
            for (long b = first; b <= last; b++) {
                if (!cache.containsKey(b)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether a read asked for bytes past the end of the file (a sign of a truncated file). */
    public boolean readPastEnd() {
        return readPastEnd;
    }

    /** The first exception the source threw, if any: it, not the HDF5 library's wrapping of it, is the real failure. */
    public Throwable sourceFailure() {
        return sourceFailure;
    }

    private long lastBlock() {
        return size <= 0 ? -1 : (size - 1) / blockSize;
    }

    /** Reads blocks {@code first..last} in one request and keeps them; returns them in order. */
    private byte[][] fetch(long first, long last) throws IOException {
        long start = first * blockSize;
        long end = (last + 1) * blockSize;
        if (size >= 0) {
            end = Math.min(end, size);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) (end - start));
        int n = readSource(start, buffer);
        LOG.debug("{}: fetched blocks {}-{} (bytes {}-{}), {} bytes", source.uri(), first, last, start, end - 1, n);
        return store(first, buffer.flip());
    }

    private byte[][] store(long firstBlock, ByteBuffer data) {
        int count = (data.remaining() + blockSize - 1) / blockSize;
        byte[][] blocks = new byte[count][];
        for (int i = 0; i < count; i++) {
            byte[] block = new byte[Math.min(blockSize, data.remaining())];
            data.get(block);
            blocks[i] = block;
        }
        synchronized (cache) {
            for (int i = 0; i < count; i++) {
                cache.put(firstBlock + i, blocks[i]);
            }
        }
        return blocks;
    }

    private int readSource(long at, ByteBuffer buffer) throws IOException {
        try {
            int total = 0;
            while (buffer.hasRemaining()) {
                int n = source.read(at + total, buffer);
                if (n < 0) {
                    break;
                }
                total += n;
                if (n == 0) {
                    break;
                }
            }
            return total;
        } catch (IOException | RuntimeException | Error e) {
            if (sourceFailure == null) {
                sourceFailure = e;
            }
            throw e;
        }
    }

    private void ensureOpen() throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
