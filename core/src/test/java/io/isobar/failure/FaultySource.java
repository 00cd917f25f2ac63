package io.isobar.failure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import io.isobar.netcdf.bytes.ByteSource;

/**
 * A {@link ByteSource} over bytes in memory that injects one fault: an exception thrown by a chosen read (the
 * second, say: a connection reset in the middle of a header), as S3 or a disk would, or bytes overwritten (a
 * damaged file). What no emulator can produce on demand.
 */
final class FaultySource implements ByteSource {

    /** What a read throws; built fresh for every failing read. */
    interface Fault {
        Exception make();
    }

    private final byte[] bytes;
    private final int failingRead;
    private final Fault fault;
    private final AtomicInteger reads = new AtomicInteger();

    private FaultySource(byte[] bytes, int failingRead, Fault fault) {
        this.bytes = bytes;
        this.failingRead = failingRead;
        this.fault = fault;
    }

    /** The bytes as they are; read number {@code n} (from 1) and every later one throws what {@code fault} makes. */
    static FaultySource failingFrom(byte[] bytes, int n, Fault fault) {
        return new FaultySource(bytes, n, fault);
    }

    /** The bytes with {@code patch} written over them at {@code position}; no read fails. */
    static FaultySource corrupted(byte[] bytes, int position, byte[] patch) {
        byte[] copy = bytes.clone();
        System.arraycopy(patch, 0, copy, position, Math.min(patch.length, copy.length - position));
        return new FaultySource(copy, Integer.MAX_VALUE, null);
    }

    int reads() {
        return reads.get();
    }

    @Override
    public String uri() {
        return "s3://faulty/object.nc";
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public OptionalLong knownSize() {
        return OptionalLong.of(bytes.length);
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        if (reads.incrementAndGet() >= failingRead) {
            Exception e = fault.make();
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }
        if (position >= bytes.length) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), bytes.length - position);
        dst.put(bytes, (int) position, n);
        return n;
    }

    @Override
    public ReadStats stats() {
        return new ReadStats(reads.get(), 0);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
