package io.isobar.query.forecast;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeSet;

import io.isobar.model.ForecastFile;

/**
 * A {@link ForecastQuery} resolved from the index alone, before any file is opened: for one model, the files that answer
 * each variable at each validity time (several when a run's members are split over files), and for an area the cells it
 * covers on each grid of those files. What is read from them is the {@link ForecastEngine}'s next step; what it would
 * cost is known now ({@link #estimatedValues()}), so a face can refuse or budget it before any I/O.
 *
 * @param query the question, of {@code model}
 * @param files for each variable that has files (in the query's order), the files answering each validity time
 * @param areas for an area query, its cells on each grid of the files ({@link Grid#sizeInIndex}), found on grids
 *     known without reading the files; empty otherwise
 */
public record ForecastPlan(ForecastQuery query, String model, Map<String, NavigableMap<Instant, List<ForecastFile>>> files,
        Map<List<String>, AreaCells> areas) {

    /** An area's cells on one grid: the grid they were found on, and the cells whose centres lie inside the area. */
    public record AreaCells(Grid grid, List<Grid.Cell> cells) {

        public AreaCells {
            cells = List.copyOf(cells);
        }
    }

    public ForecastPlan {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        areas = Map.copyOf(areas);
    }

    /** A plan of points or a whole field (no area cells to count). */
    public ForecastPlan(ForecastQuery query, String model, Map<String, NavigableMap<Instant, List<ForecastFile>>> files) {
        this(query, model, files, Map.of());
    }

    /** The area's cells on the grid of {@code f}, when they were counted for this plan. */
    public Optional<AreaCells> areaCells(ForecastFile f) {
        return Optional.ofNullable(areas.get(Grid.sizeInIndex(f)));
    }

    /** Whether no file answers. */
    public boolean isEmpty() {
        return files.values().stream().allMatch(Map::isEmpty);
    }

    /** The validity times any variable has, in order. */
    public List<Instant> times() {
        TreeSet<Instant> times = new TreeSet<>();
        files.values().forEach(m -> times.addAll(m.keySet()));
        return List.copyOf(times);
    }

    /** Every file that answers, each once, by variable then time. */
    public List<ForecastFile> allFiles() {
        LinkedHashSet<ForecastFile> all = new LinkedHashSet<>();
        files.values().forEach(m -> m.values().forEach(all::addAll));
        return List.copyOf(all);
    }

    /** The files answering {@code variable} at each of its validity times, one list per time in order. */
    public List<List<ForecastFile>> byTime(String variable) {
        NavigableMap<Instant, List<ForecastFile>> byTime = files.get(variable);
        return byTime == null ? List.of() : List.copyOf(byTime.values());
    }

    /**
     * How many values answering would read, known before any file is opened: for every file, the members and levels the
     * selection keeps (every member for ensemble statistics) times the cells of {@link ForecastQuery.Where}: sites x 1
     * for nearest, x 4 for bilinear; for an area the cells it covers on the file's grid ({@link #areas}), or where those
     * were not counted the whole grid, an upper bound. A whole field (a map) reads one slice of one file: its grid.
     */
    public long estimatedValues() {
        List<ForecastFile> all = allFiles();
        if (query.where() instanceof ForecastQuery.Field) {
            return all.isEmpty() ? 0 : gridCells(all.get(0));
        }
        long total = 0;
        for (ForecastFile f : all) {
            total += slicesKept(f) * cells(f);
        }
        return total;
    }

    private long slicesKept(ForecastFile f) {
        Selection s = query.reads();
        // A blend's percentile or threshold: one slice if the file has it (entries without a recorded kind may).
        boolean recorded = f.kind().grid() != null;
        List<Double> fileThresholds = f.kind().threshold() == null ? List.of() : f.kind().threshold().values();
        long percentiles = s.percentile().map(p -> recorded && f.kind().percentiles().stream().noneMatch(v -> Slices.same(v, p))
                ? 0L : 1L).orElse((long) Math.max(1, f.kind().percentiles().size()));
        long thresholds = s.threshold().map(t -> recorded && fileThresholds.stream().noneMatch(v -> Slices.same(v, t))
                ? 0L : 1L).orElse((long) Math.max(1, fileThresholds.size()));
        long members = s.realization().map(r -> f.realizations().isEmpty() || f.realizations().contains(r) ? 1L : 0L)
                .orElse((long) Math.max(1, f.realizations().size()));
        long heights = s.height().or(() -> f.pressures().isEmpty() ? s.level() : Optional.empty())
                .map(h -> f.heights().isEmpty() || f.heights().stream().anyMatch(v -> Slices.same(v, h)) ? 1L : 0L)
                .orElse((long) Math.max(1, f.heights().size()));
        long pressures = s.pressure().or(() -> f.pressures().isEmpty() ? Optional.empty() : s.level())
                .map(p -> f.pressures().isEmpty() || f.pressures().stream().anyMatch(v -> Slices.same(v, p)) ? 1L : 0L)
                .orElse((long) Math.max(1, f.pressures().size()));
        return members * heights * pressures * percentiles * thresholds;
    }

    private long cells(ForecastFile f) {
        if (query.where() instanceof ForecastQuery.Track track) {
            // A waypoint is read only at the validity times around its own time.
            NavigableMap<Instant, List<ForecastFile>> byTime = files.get(f.variable());
            return byTime == null ? 0 : (long) track.servedBy(byTime.navigableKeySet(), f.time()).size() * track.cellsPerSite();
        }
        long perSlice = query.where().cellsPerSlice();
        if (perSlice >= 0) {
            // A corridor's count comes from its area: never more than the grid holds.
            return query.where() instanceof ForecastQuery.Corridor ? Math.min(perSlice, gridCells(f)) : perSlice;
        }
        return areaCells(f).map(a -> (long) a.cells().size()).orElseGet(() -> gridCells(f));
    }

    /** The cells of the file's grid (its last two dimensions, as its index entry gives them). */
    private static long gridCells(ForecastFile f) {
        List<String> yx = Grid.sizeInIndex(f);
        return yx.isEmpty() ? 1 : size(yx.get(0)) * size(yx.get(1));
    }

    /** The size of a {@code name=size} dimension entry (1 when it cannot be read). */
    private static long size(String dimension) {
        try {
            return Long.parseLong(dimension.substring(dimension.indexOf('=') + 1).trim());
        } catch (RuntimeException e) {
            return 1;
        }
    }
}
