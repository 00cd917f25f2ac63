package io.isobar.netcdf.grid;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.failure.Rethrow;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.bytes.CachingChannel;
import io.isobar.netcdf.bytes.ChannelOptions;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.isobar.netcdf.layout.ChunkLayout;
import io.isobar.netcdf.layout.LayoutRecorder;
import io.isobar.netcdf.layout.ValueCoding;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;

/**
 * A forecast file opened for reading values: its header, its data variable's chunk index and how to decode a
 * chunk, so that a value costs reading the one chunk that holds it and never the whole variable. A cell is one index
 * per dimension of the data variable, whatever they are: {@code [member, row, column]},
 * {@code [percentile, row, column]}, {@code [threshold, site]} for a spot file's {@code (threshold, spot_index)}.
 *
 * <p>Opening reads the header as {@link NetcdfHeaderReader} does (for a typical file two ranged reads, of the head
 * and the tail) plus the chunk index, unless the file's {@link ChunkLayout} recorded at ingest is given
 * ({@link #open(ByteSource, ChunkLayout)}): then opening reads nothing. Either way each {@link #readChunk} reads
 * exactly that chunk's stored bytes (one ranged read at the offset the layout records) and decodes them. A
 * contiguous (unchunked) variable is read one row along its last axis at a
 * time, as if each row were a chunk. Values are returned as float32: the Met Office's type (float64 data loses
 * precision; packed integers are unpacked with {@code scale_factor}/{@code add_offset}).
 *
 * <p>Missing values are told apart as {@link CellValue} says.
 *
 * <p>Thread-safe: chunks may be read concurrently. The file owns its source and closes it.
 */
public final class GridFile implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(GridFile.class);

    /** A chunk that was never written: every cell is a fill value. */
    static final float[] UNWRITTEN = new float[0];

    private final ByteSource source;
    /** Null when opened from a recorded layout: no HDF5 library involved. */
    private final GridChannel channel;
    private final HdfFile hdf;
    private final NetcdfHeader header;
    private final Dataset data;
    /** Where each chunk is and how to unfilter it; null for a contiguous variable (read through the HDF5 library). */
    private final ChunkLayout layout;
    private final int[] shape;
    private final int[] chunkShape;
    private final ChunkDecoder decoder;
    private final ValueCoding coding;
    private final long indexEntries;
    /** One reference for whoever cached the file, one per read in flight; closed when it reaches zero. */
    private final AtomicInteger references = new AtomicInteger(1);

    private GridFile(ByteSource source, GridChannel channel, HdfFile hdf, NetcdfHeader header, Dataset data)
            throws HeaderException {
        this.source = source;
        this.channel = channel;
        this.hdf = hdf;
        this.header = header;
        this.data = data;
        this.shape = data.getDimensions();
        checkRank(shape, source.uri(), header.variable());
        if (data instanceof ChunkedDataset chunked) {
            chunkShape = chunked.getChunkDimensions();
        } else {
            chunkShape = new int[shape.length];
            Arrays.fill(chunkShape, 1);
            chunkShape[shape.length - 1] = shape[shape.length - 1];
        }
        ChunkLayout.ElementType type = ChunkLayout.ElementType.readable(data.getDataType(), source.uri(), header.variable());
        this.decoder = ChunkDecoder.of(type);
        this.coding = ValueCoding.of(data, type);
        // Chunks are read from the recorded offsets whether the layout came from the index or was just read: one
        // read path, the same one ingest records for.
        this.layout = LayoutRecorder.of(header, data, hdf.getUserBlockSize(), coding);
        this.indexEntries = entries(shape, chunkShape);
    }

    private GridFile(ByteSource source, ChunkLayout layout) throws HeaderException {
        this.source = source;
        this.channel = null;
        this.hdf = null;
        this.data = null;
        this.layout = layout;
        this.header = layout.header();
        this.shape = layout.shape();
        checkRank(shape, source.uri(), header.variable());
        this.chunkShape = layout.chunkShape();
        this.decoder = ChunkDecoder.of(layout.type());
        this.coding = layout.coding();
        this.indexEntries = entries(shape, chunkShape);
    }

    /** A grid has y and x; a spot file's values lie along one {@code spot_index}: one dimension is the least. */
    private static void checkRank(int[] shape, String uri, String variable) throws HeaderException {
        if (shape.length < 1) {
            throw new HeaderException(HeaderException.Reason.UNREADABLE, uri, "data variable "
                    + variable + " is a scalar; a forecast field has a grid or sites");
        }
    }

    private static long entries(int[] shape, int[] chunkShape) {
        long entries = 1;
        for (int i = 0; i < shape.length; i++) {
            entries *= (shape[i] + chunkShape[i] - 1) / chunkShape[i];
        }
        return entries;
    }

    /**
     * Opens the forecast file {@code source} holds: reads its header and its data variable's chunk index. The file
     * takes over the source and closes it when closed (also when opening fails).
     *
     * @throws HeaderException when the file is missing, not netCDF-4, damaged or lacks what a forecast file must have
     * @throws IOException when the source fails to deliver bytes (transient: worth retrying)
     */
    public static GridFile open(ByteSource source) throws IOException {
        return open(source, ChannelOptions.defaults());
    }

    /**
     * Opens the file from the layout recorded at ingest, reading nothing: the first byte read is a chunk's. With a
     * null layout, as {@link #open(ByteSource)} (a file indexed before layouts were recorded). The file takes over
     * the source.
     *
     * @throws HeaderException when the layout describes a variable that cannot be a grid
     */
    public static GridFile open(ByteSource source, ChunkLayout layout) throws IOException {
        if (layout == null) {
            return open(source);
        }
        try {
            return new GridFile(source, layout);
        } catch (HeaderException | RuntimeException e) {
            closeQuietly(null, null, source);
            throw e;
        }
    }

    /** As {@link #open(ByteSource)}, with the block size and prefetch used for the header. */
    public static GridFile open(ByteSource source, ChannelOptions options) throws IOException {
        String uri = source.uri();
        CachingChannel blocks = new CachingChannel(source, options);
        GridChannel channel = null;
        HdfFile hdf = null;
        try {
            new NetcdfHeaderReader(options).check(blocks, uri);
            channel = new GridChannel(source, blocks);
            hdf = new HdfFile(channel);
            NetcdfHeader header = NetcdfHeaderReader.extract(hdf, uri);
            Dataset data = hdf.getDatasetByPath(header.variable());
            if (data instanceof ChunkedDataset c) {
                // Read the chunk index and the filter pipeline now, while the head and tail blocks are at hand.
                c.isEmpty();
                c.getFilters();
            }
            GridFile file = new GridFile(source, channel, hdf, header, data);
            channel.opened();
            LOG.debug("{}: opened {} {} in chunks {}, {} requests so far", uri, header.variable(), Arrays.toString(file.shape),
                    Arrays.toString(file.chunkShape), source.stats().requests());
            return file;
        } catch (RuntimeException e) {
            Throwable failure = channel == null ? null : channel.takeFailure();
            closeQuietly(hdf, blocks, source);
            Rethrow.ifThrowable(failure);
            throw NetcdfHeaderReader.translate(e, blocks, uri);
        } catch (IOException | Error e) {
            closeQuietly(hdf, blocks, source);
            throw e;
        }
    }

    /** Where the values came from: {@code s3://bucket/key} or {@code file:/...}. */
    public String uri() {
        return source.uri();
    }

    public NetcdfHeader header() {
        return header;
    }

    /** The data variable's shape, e.g. {@code [3, 970, 1042]} for (realization, y, x). */
    public int[] shape() {
        return shape.clone();
    }

    /** The chunk shape ({@code [1, 128, 128]}); for a contiguous variable, one row along the last axis. */
    public int[] chunkShape() {
        return chunkShape.clone();
    }

    /** The layout chunks are read by (recorded at ingest or read from the header); null for a contiguous variable. */
    public ChunkLayout layout() {
        return layout;
    }

    /** How many chunks the variable has: what its index holds. */
    public long chunkCount() {
        return indexEntries;
    }

    /** The requests and bytes this file's source has read so far. */
    public ByteSource.ReadStats stats() {
        return source.stats();
    }

    /**
     * The origin (first index on every axis) of the chunk holding {@code cell}.
     *
     * @throws IndexOutOfBoundsException when the cell lies outside the variable
     */
    public int[] chunkOrigin(int[] cell) {
        checkCell(cell);
        int[] origin = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            origin[i] = cell[i] / chunkShape[i] * chunkShape[i];
        }
        return origin;
    }

    /**
     * Reads and decodes the chunk starting at {@code origin} (see {@link #chunkOrigin}): its raw values, row-major in
     * the chunk's full shape (edge chunks included), or an empty array for a chunk that was never written.
     */
    public float[] readChunk(int[] origin) throws IOException {
        if (origin.length != shape.length) {
            throw new IllegalArgumentException("chunk origin " + Arrays.toString(origin) + " has " + origin.length
                    + " indices; " + header.variable() + " has " + shape.length + " dimensions");
        }
        if (layout != null) {
            return readRecordedChunk(origin);
        }
        channel.takeFailure();
        try {
            long[] at = Arrays.stream(origin).asLongStream().toArray();
            int[] rowShape = chunkShape.clone();
            return decoder.flatten(data.getData(at, rowShape));
        } catch (RuntimeException e) {
            Rethrow.ifThrowable(channel.takeFailure());
            throw new HeaderException(HeaderException.Reason.UNREADABLE, source.uri(), "cannot read the chunk of "
                    + header.variable() + " at " + Arrays.toString(origin) + " (" + HeaderException.rootMessage(e) + ")", e);
        }
    }

    /** One ranged read at the recorded offset, then the filters undone: the whole cost of a chunk. */
    private float[] readRecordedChunk(int[] origin) throws IOException {
        for (int i = 0; i < origin.length; i++) {
            if (origin[i] < 0 || origin[i] >= shape[i] || origin[i] % chunkShape[i] != 0) {
                throw new IllegalArgumentException("no chunk of " + header.variable() + Arrays.toString(shape)
                        + " starts at " + Arrays.toString(origin));
            }
        }
        int chunk = layout.chunkIndex(origin);
        long at = layout.offset(chunk);
        if (at == ChunkLayout.UNWRITTEN) {
            // HDF5 stores no chunk that was never written: it is all fill value.
            return UNWRITTEN;
        }
        ByteBuffer stored = ByteBuffer.allocate(layout.storedSize(chunk));
        while (stored.hasRemaining()) {
            int n = source.read(at + stored.position(), stored);
            if (n <= 0) {
                throw new HeaderException(HeaderException.Reason.TRUNCATED, source.uri(), "the chunk of " + header.variable()
                        + " at " + Arrays.toString(origin) + " (bytes " + at + "-" + (at + stored.capacity() - 1)
                        + ") lies past the end of the file");
            }
        }
        byte[] bytes;
        try {
            bytes = layout.unfilter(chunk, stored.array());
        } catch (RuntimeException e) {
            throw new HeaderException(HeaderException.Reason.UNREADABLE, source.uri(), "cannot decode the chunk of "
                    + header.variable() + " at " + Arrays.toString(origin) + " (" + HeaderException.rootMessage(e) + ")", e);
        }
        return decoder.decode(bytes, chunkLength(), source.uri(), origin);
    }

    /** The value of {@code cell} in the decoded {@code chunk} that starts at {@code origin}. */
    public CellValue value(float[] chunk, int[] origin, int[] cell) {
        if (chunk.length == 0) {
            return CellValue.missing(CellValue.Missing.FILL_VALUE);
        }
        int index = 0;
        for (int i = 0; i < shape.length; i++) {
            int within = cell[i] - origin[i];
            if (within < 0 || within >= chunkShape[i]) {
                throw new IllegalArgumentException("cell " + Arrays.toString(cell) + " is not in the chunk at "
                        + Arrays.toString(origin));
            }
            index = index * chunkShape[i] + within;
        }
        return CellValue.of(chunk[index], coding);
    }

    /** {@code raw} as a value (unpacked), or NaN when it marks a missing cell: for whole-field reads. */
    float valueOrNaN(float raw) {
        return coding.valueOrNaN(raw);
    }

    /** Decoded chunk size in values. */
    int chunkLength() {
        int n = 1;
        for (int c : chunkShape) {
            n *= c;
        }
        return n;
    }

    private void checkCell(int[] cell) {
        if (cell.length != shape.length) {
            throw new IndexOutOfBoundsException("cell " + Arrays.toString(cell) + " has " + cell.length + " indices; "
                    + header.variable() + " has " + shape.length + " dimensions " + Arrays.toString(shape));
        }
        for (int i = 0; i < shape.length; i++) {
            if (cell[i] < 0 || cell[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("cell " + Arrays.toString(cell) + " is outside "
                        + header.variable() + Arrays.toString(shape) + " in " + source.uri());
            }
        }
    }

    /** Takes a reference for a read; false when the file has already been closed. */
    boolean retain() {
        for (;;) {
            int n = references.get();
            if (n <= 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes the file. */
    void release() {
        if (references.decrementAndGet() == 0) {
            closeQuietly(hdf, null, source);
        }
    }

    /** Closes the file unless reads are in flight, in which case the last of them closes it. */
    @Override
    public void close() {
        release();
    }

    @Override
    public String toString() {
        return "GridFile[" + source.uri() + " " + header.variable() + Arrays.toString(shape) + "]";
    }

    private static void closeQuietly(HdfFile hdf, CachingChannel blocks, ByteSource source) {
        try {
            if (hdf != null) {
                hdf.close();
            }
        } catch (RuntimeException e) {
            LOG.debug("closing {}", source.uri(), e);
        }
        if (blocks != null) {
            blocks.close();
        }
        try {
            source.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing {}", source.uri(), e);
        }
    }
}
