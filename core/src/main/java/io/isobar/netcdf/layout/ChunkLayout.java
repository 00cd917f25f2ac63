package io.isobar.netcdf.layout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import io.isobar.json.Json;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.ChunkOffset;
import io.jhdf.dataset.chunked.ChunkedDatasetBase;
import io.jhdf.filter.FilterManager;
import io.jhdf.filter.FilterPipeline;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.FilterPipelineMessage;

/**
 * What a reader needs to fetch and decode any chunk of a forecast file's data variable without reading the file's
 * header: the header itself (as read at ingest), the variable's shape, chunk shape, element type, filters and
 * missing-value conventions, and every chunk's byte offset, stored size and filter mask.
 *
 * <p>Recorded by the ingest job (and the backfill) while it reads the header anyway, stored with the index entry
 * ({@link StoredLayout}), and used by {@code GridFile.open(ByteSource, ChunkLayout)}
 * so that a value costs one ranged read of the chunk that holds it and nothing else.
 *
 * <h2>Encoding</h2>
 * {@link #encode()} writes a version byte, then a raw-deflate stream of: the header as JSON, the variable's
 * description, then the chunk table in columns (all stored sizes, all offsets, all filter masks), chunks in
 * row-major order of the chunk grid. Numbers are unsigned LEB128 varints; an offset is written as the zig-zag
 * difference from where the previous chunk ended, which is 0 for chunks written one after the other, so the
 * offsets of a whole file compress to almost nothing and a chunk costs about its size's 2-3 bytes. A chunk that
 * was never written has stored size 0 (and no offset or mask). Measured sizes are in docs/index-schema.md.
 */
public final class ChunkLayout {

    /** The encoding's version, first byte of {@link #encode()}; a reader refuses others (and falls back to the header). */
    static final byte VERSION = 1;

    /** Chunk offset meaning "never written": the chunk holds only fill values. */
    public static final long UNWRITTEN = -1;

    /** How a chunk's decoded bytes are values: float or integer, size in bytes, signedness, byte order. */
    public record ElementType(boolean floating, int size, boolean signed, boolean bigEndian) {

        public ElementType {
            if (floating ? size != 4 && size != 8 : size != 1 && size != 2 && size != 4 && size != 8) {
                throw new IllegalArgumentException("unsupported element type: " + (floating ? "float" : "integer") + " of " + size + " bytes");
            }
        }

        public ByteOrder order() {
            return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        }

        /** The type of a jhdf data type, or null when values cannot be read from it. */
        public static ElementType of(DataType type) {
            if (type instanceof FloatingPoint f && (f.getSize() == 4 || f.getSize() == 8)) {
                return new ElementType(true, f.getSize(), true, f.getByteOrder() == ByteOrder.BIG_ENDIAN);
            }
            if (type instanceof FixedPoint f && (f.getSize() == 1 || f.getSize() == 2 || f.getSize() == 4 || f.getSize() == 8)) {
                return new ElementType(false, f.getSize(), f.isSigned(), f.getByteOrder() == ByteOrder.BIG_ENDIAN);
            }
            return null;
        }

        /**
         * The type of the data variable {@code variable} of the file at {@code uri}.
         *
         * @throws HeaderException when values cannot be read from it (not a float or integer type)
         */
        public static ElementType readable(DataType type, String uri, String variable) throws HeaderException {
            ElementType readable = of(type);
            if (readable == null) {
                throw new HeaderException(HeaderException.Reason.UNREADABLE, uri, "data variable " + variable
                        + " has HDF5 type " + type.getClass().getSimpleName() + " of " + type.getSize()
                        + " bytes; values can be read from floating-point and integer variables only");
            }
            return readable;
        }
    }

    /** One HDF5 filter of the variable's pipeline, in pipeline (write) order: its id and client data. */
    public record Filter(int id, String name, int[] data) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Filter f && f.id == id && Arrays.equals(f.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * id + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return name + "(" + id + ")" + Arrays.toString(data);
        }
    }

    private final NetcdfHeader header;
    private final int[] shape;
    private final int[] chunkShape;
    private final ElementType type;
    private final List<Filter> filters;
    private final float fill;
    private final float[] missingValues;
    private final double scale;
    private final double addOffset;
    private final long[] offsets;
    private final int[] sizes;
    private final int[] masks;
    /** One single-filter jhdf pipeline per filter, to undo them in reverse order honouring a chunk's mask. */
    private final FilterPipeline[] pipelines;

    /**
     * @param offsets per chunk, in row-major order of the chunk grid: absolute byte offset in the file, or
     *     {@link #UNWRITTEN}
     * @param sizes stored (filtered) bytes per chunk, 0 for an unwritten chunk
     * @param masks per chunk, the HDF5 filter mask: bit i set means filter i was not applied
     */
    public ChunkLayout(NetcdfHeader header, int[] shape, int[] chunkShape, ElementType type, List<Filter> filters,
            float fill, float[] missingValues, double scale, double addOffset, long[] offsets, int[] sizes, int[] masks) {
        if (shape.length != chunkShape.length || shape.length == 0) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and chunk shape "
                    + Arrays.toString(chunkShape) + " differ in rank");
        }
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0 || chunkShape[i] <= 0) {
                throw new IllegalArgumentException("bad shape " + Arrays.toString(shape) + " / chunks " + Arrays.toString(chunkShape));
            }
            count *= grid(shape[i], chunkShape[i]);
        }
        if (offsets.length != count || sizes.length != count || masks.length != count) {
            throw new IllegalArgumentException("a " + Arrays.toString(shape) + " variable in " + Arrays.toString(chunkShape)
                    + " chunks has " + count + " chunks; the table has " + offsets.length);
        }
        this.header = header;
        this.shape = shape.clone();
        this.chunkShape = chunkShape.clone();
        this.type = type;
        this.filters = List.copyOf(filters);
        this.fill = fill;
        this.missingValues = missingValues.clone();
        this.scale = scale;
        this.addOffset = addOffset;
        this.offsets = offsets;
        this.sizes = sizes;
        this.masks = masks;
        this.pipelines = new FilterPipeline[filters.size()];
        for (int i = 0; i < pipelines.length; i++) {
            Filter f = filters.get(i);
            pipelines[i] = FilterManager.getPipeline(List.of(new FilterPipelineMessage.FilterInfo(f.id(), f.name(), false, f.data())));
        }
    }

    /**
     * The layout of the data variable of the open {@code hdf} file (whose header is {@code header}), as ingest records
     * it; null when the variable is not chunked. Reads the chunk index through the file's channel.
     *
     * @throws HeaderException when values cannot be read from the variable's type
     */
    public static ChunkLayout record(HdfFile hdf, NetcdfHeader header, String uri) throws HeaderException {
        Dataset data = hdf.getDatasetByPath(header.variable());
        if (!(data instanceof ChunkedDataset)) {
            return null;
        }
        ElementType type = ElementType.readable(data.getDataType(), uri, header.variable());
        return of(header, data, hdf.getUserBlockSize(), ValueCoding.of(data, type));
    }

    /**
     * Records the layout of the chunked dataset {@code data} of an open file, the data variable of {@code header}.
     * Reads the dataset's chunk index (through the file's channel) if it has not been read yet.
     *
     * @param userBlock the file's user block size: HDF5 addresses count from the superblock, after it
     * @param coding the variable's fill value, missing values and packing
     * @return the layout, or null when the variable is not chunked or its type cannot be read as numbers
     */
    public static ChunkLayout of(NetcdfHeader header, Dataset data, long userBlock, ValueCoding coding) {
        if (!(data instanceof ChunkedDatasetBase chunked)) {
            return null;
        }
        ElementType type = ElementType.of(data.getDataType());
        if (type == null) {
            return null;
        }
        int[] shape = data.getDimensions();
        int[] chunkShape = ((ChunkedDataset) data).getChunkDimensions();
        List<Filter> filters = new ArrayList<>();
        for (PipelineFilterWithData f : chunked.getFilters()) {
            filters.add(new Filter(f.getId(), f.getName(), f.getFilterData()));
        }
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            count = Math.multiplyExact(count, grid(shape[i], chunkShape[i]));
        }
        long[] offsets = new long[count];
        int[] sizes = new int[count];
        int[] masks = new int[count];
        Arrays.fill(offsets, UNWRITTEN);
        for (Chunk chunk : lookup(chunked).values()) {
            long[] origin = chunk.getChunkOffset();
            int index = 0;
            for (int i = 0; i < shape.length; i++) {
                index = index * grid(shape[i], chunkShape[i]) + (int) (origin[i] / chunkShape[i]);
            }
            offsets[index] = userBlock + chunk.getAddress();
            sizes[index] = chunk.getSize();
            masks[index] = mask(chunk.getFilterMask());
        }
        return new ChunkLayout(header, shape, chunkShape, type, filters, coding.fill(), coding.missingValues(), coding.scale(),
                coding.addOffset(), offsets, sizes, masks);
    }

    /** jhdf reads the chunk index but keeps the lookup protected; it is the one thing we need from it. */
    private static final Method CHUNK_LOOKUP = chunkLookup();

    private static Method chunkLookup() {
        try {
            Method m = ChunkedDatasetBase.class.getDeclaredMethod("getChunkLookup");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<ChunkOffset, Chunk> lookup(ChunkedDatasetBase chunked) {
        if (CHUNK_LOOKUP == null) {
            throw new IllegalStateException("this jhdf version hides the chunk index differently (no getChunkLookup)");
        }
        try {
            return (Map<ChunkOffset, Chunk>) CHUNK_LOOKUP.invoke(chunked);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this jhdf version hides the chunk index differently: " + e, e);
        }
    }

    private static int mask(BitSet bits) {
        long[] words = bits == null ? new long[0] : bits.toLongArray();
        return words.length == 0 ? 0 : (int) words[0];
    }

    private static int grid(int size, int chunk) {
        return (size + chunk - 1) / chunk;
    }

    public NetcdfHeader header() {
        return header;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int[] chunkShape() {
        return chunkShape.clone();
    }

    public ElementType type() {
        return type;
    }

    public List<Filter> filters() {
        return filters;
    }

    public float fill() {
        return fill;
    }

    public float[] missingValues() {
        return missingValues.clone();
    }

    public double scale() {
        return scale;
    }

    public double addOffset() {
        return addOffset;
    }

    /** How many chunks the table holds (written or not). */
    public int chunkCount() {
        return offsets.length;
    }

    /** The row-major index in the chunk grid of the chunk starting at {@code origin}. */
    public int chunkIndex(int[] origin) {
        int index = 0;
        for (int i = 0; i < shape.length; i++) {
            index = index * grid(shape[i], chunkShape[i]) + origin[i] / chunkShape[i];
        }
        return index;
    }

    /** The chunk's absolute byte offset in the file, or {@link #UNWRITTEN}. */
    public long offset(int chunk) {
        return offsets[chunk];
    }

    /** The chunk's stored (filtered) size in bytes. */
    public int storedSize(int chunk) {
        return sizes[chunk];
    }

    public int filterMask(int chunk) {
        return masks[chunk];
    }

    /** Undoes the filters (decompression, shuffle, checksum) the chunk went through: its raw element bytes. */
    public byte[] unfilter(int chunk, byte[] stored) {
        byte[] bytes = stored;
        int mask = masks[chunk];
        for (int i = pipelines.length - 1; i >= 0; i--) {
            if ((mask & (1 << i)) == 0) {
                bytes = pipelines[i].decode(bytes);
            }
        }
        return bytes;
    }

    /** The compact binary form (see the class comment). */
    public byte[] encode() {
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
        for (Filter f : filters) {
            out.varint(f.id());
            byte[] name = f.name() == null ? new byte[0] : f.name().getBytes(StandardCharsets.UTF_8);
            out.varint(name.length);
            out.bytes(name);
            out.varint(f.data().length);
            for (int d : f.data()) {
                out.varint(d & 0xffffffffL);
            }
        }
        out.longBits(Float.floatToRawIntBits(fill));
        out.varint(missingValues.length);
        for (float m : missingValues) {
            out.longBits(Float.floatToRawIntBits(m));
        }
        out.longBits(Double.doubleToRawLongBits(scale));
        out.longBits(Double.doubleToRawLongBits(addOffset));
        out.varint(offsets.length);
        for (int s : sizes) {
            out.varint(s);
        }
        long end = 0;
        for (int c = 0; c < offsets.length; c++) {
            if (sizes[c] > 0) {
                out.zigzag(offsets[c] - end);
                end = offsets[c] + sizes[c];
            }
        }
        for (int c = 0; c < offsets.length; c++) {
            if (sizes[c] > 0) {
                out.varint(masks[c] & 0xffffffffL);
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

    /**
     * Reads what {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException when the bytes are not a layout of a version this code reads (the caller then
     *     reads the file's header instead)
     */
    public static ChunkLayout decode(byte[] encoded) {
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
            ElementType type = new ElementType((flags & 1) != 0, in.count(), (flags & 2) != 0, (flags & 4) != 0);
            int nFilters = in.count();
            List<Filter> filters = new ArrayList<>(nFilters);
            for (int i = 0; i < nFilters; i++) {
                int id = (int) in.varint();
                String name = new String(in.bytes(in.count()), StandardCharsets.UTF_8);
                int[] data = new int[in.count()];
                for (int d = 0; d < data.length; d++) {
                    data[d] = (int) in.varint();
                }
                filters.add(new Filter(id, name, data));
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
                    offsets[c] = UNWRITTEN;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkLayout l && Arrays.equals(l.shape, shape) && Arrays.equals(l.chunkShape, chunkShape)
                && l.type.equals(type) && l.filters.equals(filters) && Float.compare(l.fill, fill) == 0
                && Arrays.equals(l.missingValues, missingValues) && Double.compare(l.scale, scale) == 0
                && Double.compare(l.addOffset, addOffset) == 0 && Arrays.equals(l.offsets, offsets)
                && Arrays.equals(l.sizes, sizes) && Arrays.equals(l.masks, masks)
                && l.header.variable().equals(header.variable());
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(offsets) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "ChunkLayout[" + header.variable() + Arrays.toString(shape) + " in " + Arrays.toString(chunkShape) + ", "
                + offsets.length + " chunks, " + filters + "]";
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
