package io.isobar.netcdf.layout;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.filter.FilterManager;
import io.jhdf.filter.FilterPipeline;
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
    /** HDF5's id of the deflate filter, undone by {@link #inflate} rather than jhdf's pipeline. */
    private static final int DEFLATE = 1;

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

    static int grid(int size, int chunk) {
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

    /** How the stored numbers become values. */
    public ValueCoding coding() {
        return new ValueCoding(fill, missingValues, scale, addOffset);
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
                bytes = filters.get(i).id() == DEFLATE ? inflate(bytes, rawChunkBytes()) : pipelines[i].decode(bytes);
            }
        }
        return bytes;
    }

    /** A whole chunk's element bytes before any filter (edge chunks are stored whole too). */
    private int rawChunkBytes() {
        long n = type.size();
        for (int c : chunkShape) {
            n *= c;
        }
        return (int) Math.min(n, Integer.MAX_VALUE - 8);
    }

    /**
     * Undoes HDF5's deflate filter (a zlib stream) into an array of the size it should have, grown only if more comes:
     * jhdf's filter grows a stream from a small buffer and copies the result, which was a third of the bytes a cold
     * series allocated (JFR). Trailing bytes after the end of the stream are ignored, as HDF5 does.
     *
     * @throws IllegalArgumentException when the stream is damaged or cut short
     */
    static byte[] inflate(byte[] deflated, int expected) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(deflated);
            byte[] out = new byte[Math.max(expected, 64)];
            int n = 0;
            while (!inflater.finished()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                int k = inflater.inflate(out, n, out.length - n);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("the deflated chunk ends after " + deflated.length + " bytes, "
                            + n + " bytes inflated, before its stream does");
                }
                n += k;
            }
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("the deflated chunk is damaged: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** The compact binary form (see the class comment). */
    public byte[] encode() {
        return ChunkLayoutCodec.encode(this);
    }

    /**
     * Reads what {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException when the bytes are not a layout of a version this code reads (the caller then
     *     reads the file's header instead)
     */
    public static ChunkLayout decode(byte[] encoded) {
        return ChunkLayoutCodec.decode(encoded);
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
}
