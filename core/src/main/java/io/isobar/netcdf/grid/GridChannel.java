package io.isobar.netcdf.grid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.bytes.CachingChannel;

/**
 * The channel a {@link GridFile}'s HDF5 library reads through. While the file is being opened, small reads (HDF5
 * metadata) come from a {@link CachingChannel}, which fetches the head and the tail of the file in two requests;
 * large reads, and every read once the file is open (data chunks), go straight to the source as one exact ranged
 * read, so a chunk costs one request of its own size and no block stays in memory.
 *
 * <p>Positional reads are lock-free (unlike jhdf's adapter for a {@link java.nio.channels.SeekableByteChannel},
 * which serialises them), so chunks of one file can be fetched in parallel. The HDF5 library hides the cause of a
 * failed read; the failure is kept per thread ({@link #takeFailure()}) so the reader can report the real one.
 */
final class GridChannel extends FileChannel {

    /** Reads this long or longer bypass the block cache even while opening: they are data, or a large index. */
    static final int DIRECT_READ_BYTES = 16 * 1024;

    private final ByteSource source;
    private final CachingChannel blocks;
    private final long size;
    private final ThreadLocal<Throwable> failure = new ThreadLocal<>();
    private volatile boolean opened;
    private long position;

    GridChannel(ByteSource source, CachingChannel blocks) throws IOException {
        this.source = source;
        this.blocks = blocks;
        this.size = blocks.size();
    }

    /** The file is open: from now on every read goes to the source, and the cached blocks are dropped. */
    void opened() {
        opened = true;
        blocks.close();
    }

    /** The exception the source threw on this thread since the last call, or null; clears it. */
    Throwable takeFailure() {
        Throwable t = failure.get();
        failure.remove();
        return t;
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        if (at < 0) {
            throw new IllegalArgumentException("negative position " + at);
        }
        if (at >= size) {
            return -1;
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        int length = dst.remaining();
        try {
            if (!opened && (length < DIRECT_READ_BYTES || blocks.holds(at, length))) {
                synchronized (blocks) {
                    blocks.position(at);
                    return blocks.read(dst);
                }
            }
            return readSource(at, dst);
        } catch (IOException | RuntimeException | Error e) {
            failure.set(e);
            throw e;
        }
    }

    private int readSource(long at, ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = source.read(at + total, dst);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return total == 0 ? -1 : total;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    /** Not mappable: the HDF5 library then falls back to reads, which is what we want. */
    @Override
    public MappedByteBuffer map(MapMode mode, long at, long length) {
        throw new UnsupportedOperationException("a remote file cannot be memory-mapped");
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long at) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public void force(boolean metaData) {
        // read-only
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 64 * 1024));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int n = read(buffer, at + done);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
            done += n;
        }
        return done;
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileLock lock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("a remote file cannot be locked");
    }

    @Override
    public FileLock tryLock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("a remote file cannot be locked");
    }

    /** Drops the blocks; the source is the {@link GridFile}'s to close. */
    @Override
    protected void implCloseChannel() {
        blocks.close();
    }

    @Override
    public String toString() {
        return source.uri();
    }
}
