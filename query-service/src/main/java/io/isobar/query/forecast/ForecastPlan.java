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
 * each variable at each validity time (several when a run's members are split over files). What is read from them is
 * the {@link ForecastEngine}'s next step; what it would cost is known now ({@link #estimatedValues()}).
 *
 * @param query the question, of {@code model}
 * @param files for each variable that has files (in the query's order), the files answering each validity time
 */
public record ForecastPlan(ForecastQuery query, String model, Map<String, NavigableMap<Instant, List<ForecastFile>>> files) {

    public ForecastPlan {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
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
     * How many values answering would read, from the index entries alone: for every file, the members and levels the
     * selection keeps (every member for ensemble statistics) times the cells of {@link ForecastQuery.Where} (sites x 1
     * for nearest, x 4 for bilinear). For an area or a whole field only the grid can tell which cells lie inside: the
     * file's whole grid (its last two dimensions) is counted, an upper bound.
     */
    public long estimatedValues() {
        long total = 0;
        for (ForecastFile f : allFiles()) {
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
        return gridCells(f);
    }

    /** The cells of the file's grid (its last two dimensions). */
    private static long gridCells(ForecastFile f) {
        List<String> dims = f.dimensions();
        if (dims.size() < 2) {
            return 1;
        }
        return size(dims.get(dims.size() - 2)) * size(dims.get(dims.size() - 1));
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
