package io.isobar.netcdf.bytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ByteSource} over bytes in memory that injects one fault: an exception thrown by a chosen read (the
 * second, say: a connection reset in the middle of a header), as S3 or a disk would, or bytes overwritten (a
 * damaged file). What no emulator can produce on demand. Shared with other modules' tests through core's test-jar.
 */
public final class FaultySource implements ByteSource {

    /** What a read throws; built fresh for every failing read. */
    public interface Fault {
        Exception make();
    }

    private final String uri;
    private final byte[] bytes;
    private final int failingRead;
    private final Fault fault;
    private final AtomicInteger reads = new AtomicInteger();

    private FaultySource(String uri, byte[] bytes, int failingRead, Fault fault) {
        this.uri = uri;
        this.bytes = bytes;
        this.failingRead = failingRead;
        this.fault = fault;
    }

    /** The bytes as they are; read number {@code n} (from 1) and every later one throws what {@code fault} makes. */
    public static FaultySource failingFrom(byte[] bytes, int n, Fault fault) {
        return failingFrom("s3://faulty/object.nc", bytes, n, fault);
    }

    /** As {@link #failingFrom(byte[], int, Fault)}, for an object at {@code uri}. */
    public static FaultySource failingFrom(String uri, byte[] bytes, int n, Fault fault) {
        return new FaultySource(uri, bytes, n, fault);
    }

    /** The bytes as they are, at {@code uri}; no read fails. */
    public static FaultySource intact(String uri, byte[] bytes) {
        return new FaultySource(uri, bytes, Integer.MAX_VALUE, null);
    }

    /** The bytes with {@code patch} written over them at {@code position}; no read fails. */
    public static FaultySource corrupted(byte[] bytes, int position, byte[] patch) {
        byte[] copy = bytes.clone();
        System.arraycopy(patch, 0, copy, position, Math.min(patch.length, copy.length - position));
        return new FaultySource("s3://faulty/object.nc", copy, Integer.MAX_VALUE, null);
    }

    /** How many reads were asked for, the failing ones included. */
    public int reads() {
        return reads.get();
    }

    @Override
    public String uri() {
        return uri;
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
