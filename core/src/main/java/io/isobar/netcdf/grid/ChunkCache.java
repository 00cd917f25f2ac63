package io.isobar.netcdf.grid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.isobar.failure.Rethrow;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.bytes.ForwardingByteSource;
import io.isobar.netcdf.layout.ChunkLayout;

/**
 * The chunk cache every value read goes through: reads values at grid cells (and whole 2-D fields) of forecast files,
 * reading only the chunks that hold them, with two bounded caches: opened files (header and chunk index, see
 * {@link GridFile}) and decoded chunks.
 *
 * <ul>
 *   <li>A file is identified by a {@link FileKey} (its URI and a version); both caches are keyed by it, so a replaced
 *       file is never mixed with the old.</li>
 *   <li>Concurrent requests for the same file or the same chunk share one read ({@link SingleFlight}): the first
 *       caller loads it on its own thread, the others wait for that load. A failed load is not cached.</li>
 *   <li>The chunks one call needs are read in parallel on the executor given (the caller reads one of them itself).</li>
 *   <li>Bounds: {@link Settings#maxChunkBytes()} of decoded chunks (a 1 x 128 x 128 float chunk is 64 KiB) and
 *       {@link Settings#maxOpenFiles()} opened files, least recently used evicted first.</li>
 * </ul>
 *
 * <pre>{@code
 * ChunkCache cache = new ChunkCache(ChunkCache.Settings.defaults(), executor);
 * FileKey key = new FileKey("s3://archive/key.nc", etag);
 * NetcdfHeader header = cache.header(key, FileOpener.s3(s3, S3Uri.parse(key.uri()), size, null));
 * List<CellValue> values = cache.values(key, opener, List.of(new int[] {0, 485, 521}));
 * }</pre>
 */
public final class ChunkCache {

    /**
     * How much a {@link ChunkCache} keeps.
     *
     * @param maxChunkBytes decoded chunks kept at most, in bytes (default 256 MiB: 4,096 chunks of 128 x 128 floats)
     * @param maxOpenFiles opened files (headers and chunk indexes) kept at most (default 512)
     */
    public record Settings(long maxChunkBytes, long maxOpenFiles) {

        public Settings {
            if (maxChunkBytes < 0 || maxOpenFiles < 1) {
                throw new IllegalArgumentException("need maxChunkBytes >= 0 and maxOpenFiles >= 1, got "
                        + maxChunkBytes + " and " + maxOpenFiles);
            }
        }

        public static Settings defaults() {
            return new Settings(256L * 1024 * 1024, 512);
        }
    }

    /**
     * What the cache has done so far.
     *
     * @param filesOpened files opened (header and chunk index read)
     * @param chunksRead chunks read from their files (cache misses)
     * @param chunkHits chunk lookups served from the cache, including waits on another caller's read
     * @param chunkBytes bytes of decoded chunks held now
     * @param sourceReads reads from the files' sources: ranged GETs, for S3 (headers and chunks together)
     * @param sourceBytes bytes those reads returned
     * @param filesFromLayout files opened from their recorded chunk layout (no header read)
     */
    public record Stats(long filesOpened, long chunksRead, long chunkHits, long chunkBytes, long sourceReads, long sourceBytes,
            long filesFromLayout) {}

    /** A 2-D field: {@code rows x columns} values, row-major, NaN where missing. */
    public record Field(int rows, int columns, float[] values) {}

    private record ChunkKey(FileKey file, List<Integer> origin) {}

    private static final int CHUNK_OVERHEAD_BYTES = 96;

    private final AsyncCache<FileKey, GridFile> files;
    private final AsyncCache<ChunkKey, float[]> chunks;
    private final Executor executor;
    private final AtomicLong filesOpened = new AtomicLong();
    private final AtomicLong chunksRead = new AtomicLong();
    private final AtomicLong chunkHits = new AtomicLong();
    private final AtomicLong sourceReads = new AtomicLong();
    private final AtomicLong sourceBytes = new AtomicLong();
    private final AtomicLong filesFromLayout = new AtomicLong();

    /**
     * @param executor runs the extra chunk reads of a call that needs several chunks (use a pool sized for blocking
     *     I/O; {@code Runnable::run} reads them one after another on the caller's thread)
     */
    public ChunkCache(Settings settings, Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.files = Caffeine.newBuilder()
                .maximumSize(settings.maxOpenFiles())
                .executor(Runnable::run)
                .<FileKey, GridFile>removalListener((key, file, cause) -> {
                    if (file != null) {
                        file.release();
                    }
                })
                .buildAsync();
        this.chunks = Caffeine.newBuilder()
                .maximumWeight(settings.maxChunkBytes())
                .<ChunkKey, float[]>weigher((key, values) -> CHUNK_OVERHEAD_BYTES + 4 * values.length)
                .executor(Runnable::run)
                .buildAsync();
    }

    /** The file's header, opening the file if it is not open yet. */
    public NetcdfHeader header(FileKey key, FileOpener opener) throws IOException {
        GridFile file = acquire(key, opener);
        try {
            return file.header();
        } finally {
            file.release();
        }
    }

    /**
     * The values of {@code cells} (each one index per dimension of the data variable, e.g. {@code [member, row,
     * column]}), in the same order.
     *
     * @throws IndexOutOfBoundsException when a cell lies outside the variable
     * @throws HeaderException when the file is missing, damaged or its data cannot be decoded
     * @throws IOException when the source fails (transient)
     */
    public List<CellValue> values(FileKey key, FileOpener opener, List<int[]> cells) throws IOException {
        GridFile file = acquire(key, opener);
        try {
            Map<List<Integer>, int[]> origins = new LinkedHashMap<>();
            List<List<Integer>> originOfCell = new ArrayList<>(cells.size());
            for (int[] cell : cells) {
                int[] origin = file.chunkOrigin(cell);
                List<Integer> id = Arrays.stream(origin).boxed().toList();
                origins.putIfAbsent(id, origin);
                originOfCell.add(id);
            }
            Map<List<Integer>, float[]> loaded = loadChunks(file, key, origins);
            List<CellValue> values = new ArrayList<>(cells.size());
            for (int i = 0; i < cells.size(); i++) {
                List<Integer> id = originOfCell.get(i);
                values.add(file.value(loaded.get(id), origins.get(id), cells.get(i)));
            }
            return values;
        } finally {
            file.release();
        }
    }

    /**
     * The values of {@code cells} as {@link #values} gives them, but only from what is cached: when the file is open
     * and every chunk the cells need is decoded in the cache, else null (then nothing was read). Warm requests use it to
     * answer on their own thread, with no I/O and no hand-off to another thread.
     */
    public List<CellValue> cachedValues(FileKey key, List<int[]> cells) {
        GridFile file = SingleFlight.ifLoaded(files.getIfPresent(key));
        if (file == null || !file.retain()) {
            return null;
        }
        try {
            List<CellValue> values = new ArrayList<>(cells.size());
            int[] origin = null;
            float[] chunk = null;
            int lookups = 0;
            for (int[] cell : cells) {
                int[] o = file.chunkOrigin(cell);
                if (origin == null || !Arrays.equals(o, origin)) {
                    chunk = SingleFlight.ifLoaded(chunks.getIfPresent(new ChunkKey(key, Arrays.stream(o).boxed().toList())));
                    if (chunk == null) {
                        return null;
                    }
                    origin = o;
                    lookups++;
                }
                values.add(file.value(chunk, origin, cell));
            }
            chunkHits.addAndGet(lookups);
            return values;
        } finally {
            file.release();
        }
    }

    /**
     * One whole 2-D field (the last two dimensions) at {@code leading} (one index per dimension before them, e.g.
     * {@code [member]}, empty for a 2-D variable): every chunk it spans read through the chunk cache, in parallel.
     *
     * @return {@code rows x columns} values row-major in the file's order, NaN where a cell has no value
     * @throws IndexOutOfBoundsException when {@code leading} does not fit the variable
     */
    public Field field(FileKey key, FileOpener opener, int[] leading) throws IOException {
        GridFile file = acquire(key, opener);
        try {
            int[] shape = file.shape();
            int[] chunk = file.chunkShape();
            int d = shape.length;
            if (leading.length != d - 2) {
                throw new IndexOutOfBoundsException("need " + (d - 2) + " leading indices for " + Arrays.toString(shape)
                        + ", got " + Arrays.toString(leading));
            }
            int rows = shape[d - 2];
            int columns = shape[d - 1];
            Map<List<Integer>, int[]> origins = new LinkedHashMap<>();
            for (int r = 0; r < rows; r += chunk[d - 2]) {
                for (int c = 0; c < columns; c += chunk[d - 1]) {
                    int[] cell = Arrays.copyOf(leading, d);
                    cell[d - 2] = r;
                    cell[d - 1] = c;
                    int[] origin = file.chunkOrigin(cell);
                    origins.putIfAbsent(Arrays.stream(origin).boxed().toList(), origin);
                }
            }
            Map<List<Integer>, float[]> loaded = loadChunks(file, key, origins);
            float[] out = new float[rows * columns];
            // Position of the field inside each chunk along the leading axes (same for every chunk of the field).
            int leadOffset = 0;
            int planeSize = chunk[d - 2] * chunk[d - 1];
            for (Map.Entry<List<Integer>, int[]> e : origins.entrySet()) {
                int[] origin = e.getValue();
                if (e == origins.entrySet().iterator().next()) {
                    int index = 0;
                    for (int i = 0; i < d - 2; i++) {
                        index = index * chunk[i] + (leading[i] - origin[i]);
                    }
                    leadOffset = index * planeSize;
                }
                float[] values = loaded.get(e.getKey());
                int r0 = origin[d - 2];
                int c0 = origin[d - 1];
                int rEnd = Math.min(rows, r0 + chunk[d - 2]);
                int cEnd = Math.min(columns, c0 + chunk[d - 1]);
                for (int r = r0; r < rEnd; r++) {
                    int from = leadOffset + (r - r0) * chunk[d - 1];
                    int to = r * columns;
                    for (int c = c0; c < cEnd; c++) {
                        out[to + c] = values.length == 0 ? Float.NaN : file.valueOrNaN(values[from + c - c0]);
                    }
                }
            }
            return new Field(rows, columns, out);
        } finally {
            file.release();
        }
    }

    public Stats stats() {
        long bytes = chunks.synchronous().policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
        return new Stats(filesOpened.get(), chunksRead.get(), chunkHits.get(), bytes, sourceReads.get(), sourceBytes.get(),
                filesFromLayout.get());
    }

    /** Drops every cached chunk (opened files stay): the next reads are cold. For benchmarks and tests. */
    public void dropChunks() {
        chunks.synchronous().invalidateAll();
    }

    /** Drops every opened file and chunk. */
    public void dropAll() {
        chunks.synchronous().invalidateAll();
        files.synchronous().invalidateAll();
    }

    private Map<List<Integer>, float[]> loadChunks(GridFile file, FileKey key, Map<List<Integer>, int[]> origins)
            throws IOException {
        Map<List<Integer>, float[]> loaded = new LinkedHashMap<>();
        Map<List<Integer>, CompletableFuture<float[]>> pending = new LinkedHashMap<>();
        List<Integer> mine = null;
        for (Map.Entry<List<Integer>, int[]> e : origins.entrySet()) {
            float[] cached = SingleFlight.ifLoaded(chunks.getIfPresent(new ChunkKey(key, e.getKey())));
            if (cached != null) {
                chunkHits.incrementAndGet();
                loaded.put(e.getKey(), cached);
            } else if (mine == null) {
                mine = e.getKey();
            } else {
                int[] origin = e.getValue();
                List<Integer> id = e.getKey();
                CompletableFuture<float[]> f;
                try {
                    f = CompletableFuture.supplyAsync(() -> {
                        try {
                            return chunk(file, key, id, origin);
                        } catch (IOException io) {
                            throw new CompletionException(io);
                        }
                    }, executor);
                } catch (RejectedExecutionException rejected) {
                    f = CompletableFuture.completedFuture(chunk(file, key, id, origin));
                }
                pending.put(id, f);
            }
        }
        IOException first = null;
        if (mine != null) {
            try {
                loaded.put(mine, chunk(file, key, mine, origins.get(mine)));
            } catch (IOException e) {
                first = e;
            }
        }
        for (Map.Entry<List<Integer>, CompletableFuture<float[]>> e : pending.entrySet()) {
            try {
                loaded.put(e.getKey(), Rethrow.join(e.getValue()));
            } catch (IOException ex) {
                first = first == null ? ex : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return loaded;
    }

    private float[] chunk(GridFile file, FileKey key, List<Integer> id, int[] origin) throws IOException {
        return SingleFlight.load(chunks, new ChunkKey(key, id), () -> {
            chunksRead.incrementAndGet();
            return file.readChunk(origin);
        }, chunkHits);
    }

    /** The open file, with a reference the caller must {@link GridFile#release()}. */
    private GridFile acquire(FileKey key, FileOpener opener) throws IOException {
        for (int attempt = 0; ; attempt++) {
            GridFile file = SingleFlight.load(files, key, () -> {
                filesOpened.incrementAndGet();
                ChunkLayout layout = RecordedLayouts.load(key, opener, Counted::new);
                if (layout != null) {
                    filesFromLayout.incrementAndGet();
                }
                return GridFile.open(new Counted(opener.open()), layout);
            }, null);
            if (file.retain()) {
                return file;
            }
            // Evicted and closed between the lookup and now: it is no longer in the cache, so load it again.
            if (attempt >= 3) {
                throw new IOException(key.uri() + ": the file keeps being evicted before it can be read; the open-file"
                        + " cache is too small for the load");
            }
        }
    }

    /** Counts every read of a source into the reader's totals. */
    private final class Counted extends ForwardingByteSource {

        Counted(ByteSource source) {
            super(source);
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            sourceReads.incrementAndGet();
            int n = source.read(position, dst);
            if (n > 0) {
                sourceBytes.addAndGet(n);
            }
            return n;
        }

        @Override
        public String toString() {
            return source.toString();
        }
    }
}
