package io.isobar.netcdf.grid;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.layout.ChunkLayout;
import io.isobar.netcdf.layout.StoredLayout;

/** Loads the chunk layout ingest recorded for a file, inline in its index entry or from a sidecar object. */
final class RecordedLayouts {

    /** The chunk cache's logger: these warnings are its fallbacks, logged where operators look for them. */
    private static final Logger LOG = LoggerFactory.getLogger(ChunkCache.class);

    private RecordedLayouts() {}

    /**
     * The layout recorded at ingest, or null when there is none or it cannot be used (then the header is read: a
     * damaged or newer-format layout costs time, never an answer).
     */
    static ChunkLayout load(FileKey key, FileOpener opener, UnaryOperator<ByteSource> counted)
            throws IOException {
        StoredLayout stored = opener.layout();
        if (stored == null) {
            return null;
        }
        byte[] encoded;
        if (stored.isInline()) {
            encoded = stored.inline();
        } else {
            try (ByteSource sidecar = counted.apply(opener.openSidecar(stored.sidecarUri()))) {
                encoded = readAll(sidecar);
            } catch (HeaderException e) {
                LOG.warn("{}: layout sidecar {} unreadable ({}); reading the file's header instead", key.uri(),
                        stored.sidecarUri(), e.getMessage());
                return null;
            }
        }
        try {
            return ChunkLayout.decode(encoded);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: recorded chunk layout unusable ({}); reading the file's header instead", key.uri(), e.getMessage());
            return null;
        }
    }

    /** A small object's bytes: one read for up to 64 KiB (its size comes with the first response), more after. */
    private static byte[] readAll(ByteSource source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long at = 0;
        for (;;) {
            buffer.clear();
            int n = source.read(at, buffer);
            if (n <= 0) {
                break;
            }
            out.write(buffer.array(), 0, n);
            at += n;
            OptionalLong size = source.knownSize();
            if (size.isPresent() && at >= size.getAsLong()) {
                break;
            }
            if (at > 64L * 1024 * 1024) {
                throw new HeaderException(HeaderException.Reason.UNREADABLE, source.uri(), "a layout sidecar over 64 MiB");
            }
        }
        return out.toByteArray();
    }
}
