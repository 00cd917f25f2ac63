package io.isobar.netcdf.bytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * A byte source that passes every call to another, for wrappers that change one thing (count reads, keep the source
 * open) to override just that.
 */
public abstract class ForwardingByteSource implements ByteSource {

    /** The source calls go to. */
    protected final ByteSource source;

    protected ForwardingByteSource(ByteSource source) {
        this.source = source;
    }

    @Override
    public String uri() {
        return source.uri();
    }

    @Override
    public long size() throws IOException {
        return source.size();
    }

    @Override
    public OptionalLong knownSize() {
        return source.knownSize();
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        return source.read(position, dst);
    }

    @Override
    public ReadStats stats() {
        return source.stats();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
