package io.jhdf.dataset.chunked;

import java.util.Map;

/**
 * Isobar's one class inside jhdf's package: the chunk index of a chunked dataset (every chunk's address, size and
 * filter mask), which jhdf reads but keeps behind a protected method. A class in the same package may call it, and
 * being compiled against jhdf, a renamed or removed method fails the build rather than the ingest path (which
 * reflection would have done).
 */
public final class ChunkIndexes {

    private ChunkIndexes() {}

    /** The chunks of {@code dataset} by their offset in the dataset; reads the index through the file if needed. */
    public static Map<ChunkOffset, Chunk> of(ChunkedDatasetBase dataset) {
        return dataset.getChunkLookup();
    }
}
