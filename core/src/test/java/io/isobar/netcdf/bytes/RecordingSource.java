package io.isobar.netcdf.bytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a source and records every range read, to see where a reader looked. Can hide the size until
 * the first read, as an S3 object of unknown size does.
 */
public class RecordingSource extends ForwardingByteSource {

    private final boolean sizeLearntOnRead;
    private final AtomicBoolean readOnce = new AtomicBoolean();
    private final List<long[]> ranges = new CopyOnWriteArrayList<>();
    private final AtomicLong bytes = new AtomicLong();

    public RecordingSource(ByteSource source) {
        this(source, false);
    }

    public RecordingSource(ByteSource source, boolean sizeLearntOnRead) {
        super(source);
        this.sizeLearntOnRead = sizeLearntOnRead;
    }

    /** Each read's {position, bytes returned}, in order. */
    public List<long[]> ranges() {
        return ranges;
    }

    @Override
    public OptionalLong knownSize() {
        return sizeLearntOnRead && !readOnce.get() ? OptionalLong.empty() : source.knownSize();
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        int n = source.read(position, dst);
        readOnce.set(true);
        if (n > 0) {
            ranges.add(new long[] {position, n});
            bytes.addAndGet(n);
        }
        return n;
    }

    @Override
    public ReadStats stats() {
        return new ReadStats(ranges.size(), bytes.get());
    }
}
