package io.isobar.query.forecast;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.netcdf.grid.CellValue;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.http.ApiProblem;

/**
 * The file side of the {@link ForecastEngine}: where a place or an area falls on a file's grid ({@link Grid}), and the
 * values of grid cells read from the archived files ({@link ArchiveFiles}) with the reads of one request planned together:
 *
 * <ol>
 *   <li>the headers of every file the request needs are opened at once ({@link #headers}; cached after the first);</li>
 *   <li>the cells are chosen on each file's grid;</li>
 *   <li>the cells of every file are read at once ({@link #read}): one task per file on the request executor, whose
 *       chunks the shared reader fetches in parallel on its own bounded pool, one ranged GET per chunk not cached.</li>
 * </ol>
 */
public final class ForecastReader {

    /** The cells to read from one file: each one index per dimension of its data variable. */
    public record CellRead(ForecastFile file, List<int[]> cells) {}

    private final ForecastIndex index;
    private final ArchiveFiles archive;
    private final Executor executor;
    private final Cache<NetcdfHeader.GridMapping, GridProjection> projections = Caffeine.newBuilder().maximumSize(64).build();
    /**
     * Every grid placed so far, by what an index entry tells of it (model, and the sizes of its last two dimensions): an
     * area's cells are counted on it before any file of the area's query is opened ({@link #knownGrid}). A model has
     * few grids; the catalogue places one file of each collection.
     */
    private final Cache<List<Object>, Grid> known = Caffeine.newBuilder().maximumSize(256).build();

    /**
     * @param executor runs the parallel parts of one request (a file each); it must not be the executor the chunk
     *     reader reads on, so that a task waiting for its chunks never starves the threads that read them
     */
    public ForecastReader(ForecastIndex index, ArchiveFiles archive, Executor executor) {
        this.index = index;
        this.archive = archive;
        this.executor = executor;
    }

    /** Which files answer (the catalogue and the engine ask it). */
    public ForecastIndex index() {
        return index;
    }

    /** The headers of {@code files}, opened in parallel, in the files' order. */
    public Map<ForecastFile, NetcdfHeader> headers(Collection<ForecastFile> files) {
        Map<ForecastFile, NetcdfHeader> out = new LinkedHashMap<>();
        List<ForecastFile> missing = new ArrayList<>();
        for (ForecastFile f : new LinkedHashSet<>(files)) {
            NetcdfHeader h = archive.cachedHeader(f);
            out.put(f, h);
            if (h == null) {
                missing.add(f);
            }
        }
        // Only headers not read yet go to other threads (warm requests stay on theirs).
        List<NetcdfHeader> read = all(missing.stream().<Supplier<NetcdfHeader>>map(f -> () -> archive.header(f)).toList());
        for (int i = 0; i < missing.size(); i++) {
            out.put(missing.get(i), read.get(i));
        }
        return out;
    }

    /** The grid of a file from its header; a 422 when it cannot be placed on the Earth. */
    public Grid grid(ForecastFile file, NetcdfHeader header) {
        GridProjection projection;
        try {
            projection = header.gridMapping() == null ? GridProjection.of(null)
                    : projections.get(header.gridMapping(), GridProjection::of);
        } catch (GridProjection.UnsupportedGridException e) {
            throw unsupportedGrid(file, "point queries").withLog(file.uri() + ": " + e.getMessage());
        }
        if (header.xCoordinates() == null || header.yCoordinates() == null) {
            throw new ApiProblem(422, "unsupported-grid", "Unsupported grid", "The " + ArchiveFiles.describe(file)
                    + " has no projection x/y coordinates, so a point cannot be placed on its grid").withLog(file.uri());
        }
        Grid grid = new Grid(projection, header.xCoordinates(), header.yCoordinates());
        List<String> yx = Grid.sizeInIndex(file);
        if (!yx.isEmpty()) {
            known.put(List.of(file.model(), yx), grid);
        }
        return grid;
    }

    /**
     * The grid of {@code file} as far as the files placed before tell, without reading it: that of a file of the same
     * model whose index entry gives the same grid size; empty when none was placed yet (or the entry gives no size).
     */
    public Optional<Grid> knownGrid(ForecastFile file) {
        List<String> yx = Grid.sizeInIndex(file);
        return yx.isEmpty() ? Optional.empty() : Optional.ofNullable(known.getIfPresent(List.of(file.model(), yx)));
    }

    /**
     * The 422 for a file whose grid mapping cannot be used for {@code what}; the projection library's reason is the
     * operators' (add it with {@link ApiProblem#withLog}).
     */
    public static ApiProblem unsupportedGrid(ForecastFile file, String what) {
        return new ApiProblem(422, "unsupported-grid", "Unsupported grid", "The grid mapping of " + ArchiveFiles.describe(file)
                + " cannot be used for " + what + "; the supported ones are lambert_azimuthal_equal_area, transverse_mercator,"
                + " lambert_conformal_conic and latitude_longitude");
    }

    /**
     * The values of every read, all issued at once; each list in the order of its cells. Reads whose chunks are all
     * cached are answered first on this thread; only the others go to the request executor (a warm request makes no
     * hand-off to other threads).
     */
    public List<List<CellValue>> read(List<CellRead> reads) {
        List<List<CellValue>> out = new ArrayList<>(reads.size());
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            List<CellValue> cached = archive.cachedValues(reads.get(i).file(), reads.get(i).cells());
            out.add(cached);
            if (cached == null) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            List<List<CellValue>> read = all(missing.stream().<Supplier<List<CellValue>>>map(i -> {
                CellRead r = reads.get(i);
                return () -> archive.values(r.file(), r.cells());
            }).toList());
            for (int k = 0; k < missing.size(); k++) {
                out.set(missing.get(k), read.get(k));
            }
        }
        return out;
    }

    /**
     * A whole 2-D field of a file (row-major, {@code NaN} where the file has no value): {@code leading} holds the
     * indices before y and x (member, level), empty for a 2-D variable. Reads every chunk of the field once, in
     * parallel, through the shared chunk cache.
     */
    public ChunkCache.Field field(ForecastFile file, int[] leading) {
        return archive.field(file, leading);
    }

    /** Runs the tasks in parallel on the request executor (the first on this thread) and returns their results. */
    private <T> List<T> all(List<Supplier<T>> tasks) {
        if (tasks.size() == 1) {
            return List.of(tasks.get(0).get());
        }
        List<CompletableFuture<T>> futures = new ArrayList<>(tasks.size());
        for (int i = 1; i < tasks.size(); i++) {
            Supplier<T> task = tasks.get(i);
            try {
                futures.add(CompletableFuture.supplyAsync(task, executor));
            } catch (RejectedExecutionException e) {
                futures.add(CompletableFuture.completedFuture(task.get()));
            }
        }
        List<T> out = new ArrayList<>(tasks.size());
        RuntimeException failure = null;
        if (!tasks.isEmpty()) {
            try {
                out.add(tasks.get(0).get());
            } catch (RuntimeException e) {
                failure = e;
                out.add(null);
            }
        }
        for (CompletableFuture<T> f : futures) {
            try {
                out.add(f.join());
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                failure = failure == null ? cause : failure;
                out.add(null);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }
}
