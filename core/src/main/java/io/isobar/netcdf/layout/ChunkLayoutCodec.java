package io.isobar.netcdf.layout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import io.isobar.json.Json;
import io.isobar.netcdf.NetcdfHeader;

/** The compact binary form of a {@link ChunkLayout}, as its class comment describes it: writing and reading it. */
final class ChunkLayoutCodec {

    /** The encoding's version, first byte of an encoded layout; a reader refuses others (and falls back to the header). */
    static final byte VERSION = 1;

    private ChunkLayoutCodec() {}

    static byte[] encode(ChunkLayout layout) {
        NetcdfHeader header = layout.header();
        int[] shape = layout.shape();
        int[] chunkShape = layout.chunkShape();
        ChunkLayout.ElementType type = layout.type();
        List<ChunkLayout.Filter> filters = layout.filters();
        float[] missingValues = layout.missingValues();
        int count = layout.chunkCount();
        Out out = new Out();
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.varint(json.length);
        out.bytes(json);
        out.varint(shape.length);
        for (int i = 0; i < shape.length; i++) {
            out.varint(shape[i]);
            out.varint(chunkShape[i]);
        }
        out.varint((type.floating() ? 1 : 0) | (type.signed() ? 2 : 0) | (type.bigEndian() ? 4 : 0));
        out.varint(type.size());
        out.varint(filters.size());
        for (ChunkLayout.Filter f : filters) {
            out.varint(f.id());
            byte[] name = f.name() == null ? new byte[0] : f.name().getBytes(StandardCharsets.UTF_8);
            out.varint(name.length);
            out.bytes(name);
            out.varint(f.data().length);
            for (int d : f.data()) {
                out.varint(d & 0xffffffffL);
            }
        }
        out.longBits(Float.floatToRawIntBits(layout.fill()));
        out.varint(missingValues.length);
        for (float m : missingValues) {
            out.longBits(Float.floatToRawIntBits(m));
        }
        out.longBits(Double.doubleToRawLongBits(layout.scale()));
        out.longBits(Double.doubleToRawLongBits(layout.addOffset()));
        out.varint(count);
        for (int c = 0; c < count; c++) {
            out.varint(layout.storedSize(c));
        }
        long end = 0;
        for (int c = 0; c < count; c++) {
            if (layout.storedSize(c) > 0) {
                out.zigzag(layout.offset(c) - end);
                end = layout.offset(c) + layout.storedSize(c);
            }
        }
        for (int c = 0; c < count; c++) {
            if (layout.storedSize(c) > 0) {
                out.varint(layout.filterMask(c) & 0xffffffffL);
            }
        }
        byte[] raw = out.toByteArray();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream packed = new ByteArrayOutputStream(raw.length / 2 + 16);
            packed.write(VERSION);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                packed.write(buffer, 0, n);
            }
            return packed.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static ChunkLayout decode(byte[] encoded) {
        if (encoded == null || encoded.length < 2) {
            throw new IllegalArgumentException("not a chunk layout: " + (encoded == null ? "null" : encoded.length + " bytes"));
        }
        if (encoded[0] != VERSION) {
            throw new IllegalArgumentException("chunk layout version " + encoded[0] + "; this reader knows " + VERSION);
        }
        byte[] raw = inflate(encoded);
        try {
            In in = new In(raw);
            byte[] json = in.bytes(in.count());
            NetcdfHeader header = Json.mapper().readValue(json, NetcdfHeader.class);
            int rank = in.count();
            int[] shape = new int[rank];
            int[] chunkShape = new int[rank];
            for (int i = 0; i < rank; i++) {
                shape[i] = in.count();
                chunkShape[i] = in.count();
            }
            int flags = in.count();
            ChunkLayout.ElementType type = new ChunkLayout.ElementType((flags & 1) != 0, in.count(), (flags & 2) != 0, (flags & 4) != 0);
            int nFilters = in.count();
            List<ChunkLayout.Filter> filters = new ArrayList<>(nFilters);
            for (int i = 0; i < nFilters; i++) {
                int id = (int) in.varint();
                String name = new String(in.bytes(in.count()), StandardCharsets.UTF_8);
                int[] data = new int[in.count()];
                for (int d = 0; d < data.length; d++) {
                    data[d] = (int) in.varint();
                }
                filters.add(new ChunkLayout.Filter(id, name, data));
            }
            float fill = Float.intBitsToFloat((int) in.longBits());
            float[] missing = new float[in.count()];
            for (int i = 0; i < missing.length; i++) {
                missing[i] = Float.intBitsToFloat((int) in.longBits());
            }
            double scale = Double.longBitsToDouble(in.longBits());
            double addOffset = Double.longBitsToDouble(in.longBits());
            int count = in.count();
            int[] sizes = new int[count];
            for (int c = 0; c < count; c++) {
                sizes[c] = in.count();
            }
            long[] offsets = new long[count];
            long end = 0;
            for (int c = 0; c < count; c++) {
                if (sizes[c] > 0) {
                    offsets[c] = end + in.zigzag();
                    end = offsets[c] + sizes[c];
                } else {
                    offsets[c] = ChunkLayout.UNWRITTEN;
                }
            }
            int[] masks = new int[count];
            for (int c = 0; c < count; c++) {
                if (sizes[c] > 0) {
                    masks[c] = (int) in.varint();
                }
            }
            if (in.remaining() != 0) {
                throw new IllegalArgumentException("chunk layout has " + in.remaining() + " trailing bytes");
            }
            return new ChunkLayout(header, shape, chunkShape, type, filters, fill, missing, scale, addOffset, offsets, sizes, masks);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("damaged chunk layout: " + e, e);
        }
    }

    private static byte[] inflate(byte[] encoded) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(encoded, 1, encoded.length - 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length * 4);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("damaged chunk layout: compressed stream ends early");
                }
                out.write(buffer, 0, n);
                if (out.size() > 64 * 1024 * 1024) {
                    throw new IllegalArgumentException("damaged chunk layout: inflates past 64 MiB");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("damaged chunk layout: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Varint writer. */
    private static final class Out extends ByteArrayOutputStream {

        void varint(long v) {
            while ((v & ~0x7fL) != 0) {
                write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void zigzag(long v) {
            varint((v << 1) ^ (v >> 63));
        }

        void bytes(byte[] b) {
            write(b, 0, b.length);
        }

        void longBits(long bits) {
            varint(bits);
        }
    }

    /** Varint reader over a byte array, failing on truncation. */
    private static final class In {
        private final ByteBuffer buffer;

        In(byte[] bytes) {
            this.buffer = ByteBuffer.wrap(bytes);
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (!buffer.hasRemaining()) {
                    throw new IllegalArgumentException("damaged chunk layout: ends inside a number");
                }
                byte b = buffer.get();
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("damaged chunk layout: a number longer than 64 bits");
        }

        /** A non-negative count or size that fits an int. */
        int count() {
            long v = varint();
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("damaged chunk layout: count " + v);
            }
            return (int) v;
        }

        long zigzag() {
            long v = varint();
            return (v >>> 1) ^ -(v & 1);
        }

        long longBits() {
            return varint();
        }

        byte[] bytes(int n) {
            if (n > buffer.remaining()) {
                throw new IllegalArgumentException("damaged chunk layout: " + n + " bytes asked, " + buffer.remaining() + " left");
            }
            byte[] b = new byte[n];
            buffer.get(b);
            return b;
        }

        int remaining() {
            return buffer.remaining();
        }
    }
}
