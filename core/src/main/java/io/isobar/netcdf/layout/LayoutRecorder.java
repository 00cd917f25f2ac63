package io.isobar.netcdf.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.ChunkIndexes;
import io.jhdf.dataset.chunked.ChunkedDatasetBase;
import io.jhdf.filter.PipelineFilterWithData;

/** Records a {@link ChunkLayout} from an open HDF5 file: the data variable's chunk index, filters and value coding. */
public final class LayoutRecorder {

    private LayoutRecorder() {}

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
        ChunkLayout.ElementType type = ChunkLayout.ElementType.readable(data.getDataType(), uri, header.variable());
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
        ChunkLayout.ElementType type = ChunkLayout.ElementType.of(data.getDataType());
        if (type == null) {
            return null;
        }
        int[] shape = data.getDimensions();
        int[] chunkShape = ((ChunkedDataset) data).getChunkDimensions();
        List<ChunkLayout.Filter> filters = new ArrayList<>();
        for (PipelineFilterWithData f : chunked.getFilters()) {
            filters.add(new ChunkLayout.Filter(f.getId(), f.getName(), f.getFilterData()));
        }
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            count = Math.multiplyExact(count, ChunkLayout.grid(shape[i], chunkShape[i]));
        }
        long[] offsets = new long[count];
        int[] sizes = new int[count];
        int[] masks = new int[count];
        Arrays.fill(offsets, ChunkLayout.UNWRITTEN);
        for (Chunk chunk : ChunkIndexes.of(chunked).values()) {
            long[] origin = chunk.getChunkOffset();
            int index = 0;
            for (int i = 0; i < shape.length; i++) {
                index = index * ChunkLayout.grid(shape[i], chunkShape[i]) + (int) (origin[i] / chunkShape[i]);
            }
            offsets[index] = userBlock + chunk.getAddress();
            sizes[index] = chunk.getSize();
            masks[index] = mask(chunk.getFilterMask());
        }
        return new ChunkLayout(header, shape, chunkShape, type, filters, coding.fill(), coding.missingValues(), coding.scale(),
                coding.addOffset(), offsets, sizes, masks);
    }

    private static int mask(BitSet bits) {
        long[] words = bits == null ? new long[0] : bits.toLongArray();
        return words.length == 0 ? 0 : (int) words[0];
    }
}
