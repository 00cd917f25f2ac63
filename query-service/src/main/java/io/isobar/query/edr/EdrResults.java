package io.isobar.query.edr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.edr.EdrResult.GridWindow;
import io.isobar.query.edr.EdrResult.Series;
import io.isobar.query.edr.EdrResult.Site;
import io.isobar.query.forecast.BlendNames;
import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.forecast.FileRead;
import io.isobar.query.forecast.ForecastQuery;
import io.isobar.query.forecast.Grid;
import io.isobar.query.forecast.GridCells;
import io.isobar.query.forecast.LaggedEnsemble;
import io.isobar.query.forecast.PointSample;
import io.isobar.query.forecast.TrackValues;
import io.isobar.query.forecast.Readout;
import io.isobar.query.forecast.Slices;
import io.isobar.query.forecast.Slices.Slice;

/**
 * Shapes what the engine read for an EDR query ({@link Readout}) into an {@link EdrResult}: the sites (the points asked
 * for, or the area's cells with their grid window) and one series per output parameter: each variable, per level when
 * it has several, per member (per run and member in a time-lagged ensemble), or per ensemble statistic, with its values
 * {@code [time][site]}.
 */
final class EdrResults {

    private EdrResults() {}

    /**
     * The result of {@code readout}; {@code instant} when one validity time was asked for; {@code lanes} the trajectories
     * a corridor's width is cut into (unused otherwise).
     */
    static EdrResult of(Readout readout, boolean instant, int lanes) {
        List<ForecastFile> files = List.copyOf(readout.reads().keySet());
        if (readout.isTrack()) {
            return track(readout, readout.plan().query().where() instanceof ForecastQuery.Corridor ? lanes : 0).from(files);
        }
        List<Instant> times = readout.plan().times();
        List<Site> sites;
        GridWindow window = null;
        if (readout.cells().isEmpty()) {
            sites = points(readout);
        } else {
            List<Grid.Cell> cells = readout.cells();
            sites = cells.stream().map(c -> new Site(round(c.longitude()), round(c.latitude()), null, c.row(), c.column())).toList();
            window = new GridWindow(readout.grid(), readout.reads().values().iterator().next().header().gridMapping(),
                    cells.stream().mapToInt(Grid.Cell::row).min().orElseThrow(),
                    cells.stream().mapToInt(Grid.Cell::row).max().orElseThrow(),
                    cells.stream().mapToInt(Grid.Cell::column).min().orElseThrow(),
                    cells.stream().mapToInt(Grid.Cell::column).max().orElseThrow());
        }
        ForecastQuery q = readout.plan().query();
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, NavigableMap<Instant, List<ForecastFile>>> e : readout.plan().files().entrySet()) {
            series.addAll(shape(e.getKey(), e.getValue(), times, sites.size(), readout, q.statistics(),
                    q.runs() instanceof ForecastQuery.Lagged));
        }
        return new EdrResult(readout.plan().model(), times, instant, sites, window, series).from(files);
    }

    /** The output parameters of one variable, with their values {@code [time][site]}. */
    private static List<Series> shape(String variable, NavigableMap<Instant, List<ForecastFile>> byTime, List<Instant> times,
            int sites, Readout readout, EnsembleStatistics statistics, boolean lagged) {
        // The levels and members of the variable across its files.
        TreeMap<Double, Boolean> levels = new TreeMap<>();
        TreeSet<Variant> variants = new TreeSet<>(VARIANTS);
        ForecastFile meta = byTime.firstEntry().getValue().get(0);
        NetcdfHeader.Threshold thresholds = null;
        for (List<ForecastFile> run : byTime.values()) {
            for (ForecastFile f : run) {
                FileRead read = readout.of(f);
                thresholds = thresholds == null ? read.header().threshold() : thresholds;
                for (Slice s : read.selected()) {
                    if (s.level() != null) {
                        levels.put(s.level(), s.height() == null);
                    }
                    variants.add(Variant.of(s, age(run, f, lagged)));
                }
            }
        }
        boolean blend = variants.stream().anyMatch(Variant::blend);
        List<Double> levelList = levels.isEmpty() ? Collections.singletonList(null) : List.copyOf(levels.keySet());
        boolean multiLevel = levels.size() > 1;
        List<Series> out = new ArrayList<>();
        for (Double level : levelList) {
            boolean pressure = level != null && levels.get(level);
            String levelName = multiLevel ? "_" + Slices.number(level) + (pressure ? "Pa" : "m") : "";
            String base = variable + levelName;
            // values[member, blend slice or statistic][time][site]
            List<String> keys = new ArrayList<>();
            List<Variant> variantOf = new ArrayList<>();
            List<String> statisticOf = new ArrayList<>();
            if (statistics.any()) {
                for (String k : statistics.keys()) {
                    keys.add(base + "_" + k);
                    variantOf.add(null);
                    statisticOf.add(k);
                }
            } else if (blend) {
                // Named as the statistic it stands for, of the thresholded quantity: wind_speed_probability_above_10.
                String quantity = thresholds != null && thresholds.name() != null ? thresholds.name() + levelName : base;
                for (Variant v : variants) {
                    String key = BlendNames.statisticKey(v.percentile(), v.threshold(), thresholds);
                    keys.add((v.threshold() != null ? quantity : base) + "_" + key);
                    variantOf.add(v);
                    statisticOf.add(key);
                }
            } else if (variants.size() > 1 || lagged) {
                for (Variant v : variants) {
                    // A lagged set's members are told apart by their run's age: realizations repeat from run to run.
                    keys.add(base + (v.age() == null ? "" : "_lag" + v.age() + "h") + "_member" + v.member());
                    variantOf.add(v);
                    statisticOf.add(null);
                }
            } else {
                keys.add(base);
                variantOf.add(variants.isEmpty() ? null : variants.first());
                statisticOf.add(null);
            }
            Float[][][] values = new Float[keys.size()][times.size()][sites];
            // [member][time]: a lagged member's own run, else the newest run of the time's files (as runs).
            Instant[][] memberRuns = new Instant[keys.size()][times.size()];
            Instant[] runs = new Instant[times.size()];
            Instant[] indexedAt = new Instant[times.size()];
            Instant[] announcedAt = new Instant[times.size()];
            for (int t = 0; t < times.size(); t++) {
                List<ForecastFile> run = byTime.get(times.get(t));
                if (run == null) {
                    continue;
                }
                runs[t] = run.get(0).forecastReferenceTime();
                // Members may be split over files: the time's answer is as fresh as its newest file.
                indexedAt[t] = run.stream().map(ForecastFile::indexedAt).max(Comparator.naturalOrder()).orElse(null);
                announcedAt[t] = run.stream().map(ForecastFile::announcedAt).filter(Objects::nonNull)
                        .max(Comparator.naturalOrder()).orElse(null);
                // member (or blend slice) -> values by site, for this level
                Map<Variant, Float[]> byMember = new TreeMap<>(VARIANTS);
                Map<Variant, Instant> runOf = new TreeMap<>(VARIANTS);
                for (ForecastFile f : run) {
                    FileRead file = readout.of(f);
                    for (int si = 0; si < file.selected().size(); si++) {
                        Slice s = file.selected().get(si);
                        if (!Objects.equals(s.level(), level)) {
                            continue;
                        }
                        Float[] bySite = new Float[sites];
                        for (int j = 0; j < sites; j++) {
                            bySite[j] = file.nearest(j, si);
                        }
                        Variant variant = Variant.of(s, age(run, f, lagged));
                        byMember.put(variant, bySite);
                        runOf.put(variant, f.forecastReferenceTime());
                    }
                }
                for (int k = 0; k < keys.size(); k++) {
                    // A lagged member absent at this time (its run lacks the time) has no run here.
                    memberRuns[k][t] = lagged && variantOf.get(k) != null ? runOf.get(variantOf.get(k)) : runs[t];
                }
                if (statistics.any()) {
                    for (int j = 0; j < sites; j++) {
                        List<Float> memberValues = new ArrayList<>();
                        for (Float[] v : byMember.values()) {
                            memberValues.add(v[j]);
                        }
                        Float[] computed = statistics.compute(memberValues);
                        for (int k = 0; k < keys.size(); k++) {
                            values[k][t][j] = computed[k];
                        }
                    }
                } else {
                    for (int k = 0; k < keys.size(); k++) {
                        Float[] v = variants.size() > 1 || lagged ? byMember.get(variantOf.get(k))
                                : byMember.values().stream().findFirst().orElse(null);
                        if (v != null) {
                            values[k][t] = v;
                        }
                    }
                }
            }
            for (int k = 0; k < keys.size(); k++) {
                Variant v = variantOf.get(k);
                out.add(new Series(keys.get(k), variable, meta.standardName(), meta.longName(), meta.units(), meta.cellMethods(),
                        level, pressure, v == null ? null : v.member(), statisticOf.get(k), values[k], lagged ? memberRuns[k] : runs,
                        indexedAt, announcedAt, null, null, v == null ? null : BlendNames.describe(v.percentile(), v.threshold(), thresholds),
                        v == null ? null : v.age()));
            }
        }
        return out;
    }

    /**
     * What one slice of a level stands for: a member (in a time-lagged ensemble with its run's age, hours older than the
     * newest run of the set), a blend's percentile or threshold, or none of them (all null).
     */
    private record Variant(Integer age, Integer member, Double percentile, Double threshold) {

        static Variant of(Slice s, Integer age) {
            return new Variant(age, s.realization(), s.percentile(), s.threshold());
        }

        boolean blend() {
            return percentile != null || threshold != null;
        }
    }

    private static final Comparator<Variant> VARIANTS = Comparator
            .comparing(Variant::age, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()))
            .thenComparing(Variant::member, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()))
            .thenComparing(Variant::percentile, Comparator.nullsFirst(Comparator.<Double>naturalOrder()))
            .thenComparing(Variant::threshold, Comparator.nullsFirst(Comparator.<Double>naturalOrder()));

    /** In a time-lagged ensemble, how many hours older {@code f}'s run is than the newest of the time's files; else null. */
    private static Integer age(List<ForecastFile> run, ForecastFile f, boolean lagged) {
        return lagged ? LaggedEnsemble.ageHours(run.get(0).forecastReferenceTime(), f.forecastReferenceTime()) : null;
    }

    /**
     * The result of a track's or a corridor's readout: one site per waypoint, each at its own time, and per output
     * parameter one value per waypoint, interpolated in time ({@link TrackValues}) with the files it came from.
     *
     * @param lanes for a corridor, how many trajectories its width is cut into (each cell's lane by its offset from the
     *     path); 0 for a trajectory
     */
    static EdrResult track(Readout readout, int lanes) {
        List<ForecastQuery.Waypoint> waypoints = readout.waypoints();
        double halfWidth = readout.plan().query().where() instanceof ForecastQuery.Corridor c ? c.halfWidthMetres() : 0;
        List<Site> sites = new ArrayList<>(waypoints.size());
        for (ForecastQuery.Waypoint w : waypoints) {
            int lane = lanes == 0 ? -1 : lanes == 1 || halfWidth == 0 ? 0
                    : (int) Math.min(lanes - 1, Math.floor((w.offset() + halfWidth) / (2 * halfWidth) * lanes));
            Grid.Located at = readout.grid() == null ? null : readout.grid().locate(w.site().latitude(), w.site().longitude())
                    .orElse(null);
            GridCells.Cell c = at == null ? null : at.cells().nearest();
            sites.add(new Site(round(w.site().longitude()), round(w.site().latitude()), null, lanes == 0 || c == null ? -1 : c.row(),
                    lanes == 0 || c == null ? -1 : c.column(), w.z(), w.along(), w.offset(), lane));
        }
        ForecastQuery q = readout.plan().query();
        List<Series> series = new ArrayList<>();
        Map<String, List<TrackValues.Sample>> values = TrackValues.of(readout);
        values.forEach((variable, samples) -> series.addAll(trackSeries(variable, readout.plan().files().get(variable), samples,
                q.statistics())));
        List<Instant> times = waypoints.stream().map(ForecastQuery.Waypoint::time).toList();
        return new EdrResult(readout.plan().model(), times, false, sites, null, series, true, lanes, List.of());
    }

    /** The output parameters of one variable along a track: per level when a waypoint has several, per member or statistic. */
    private static List<Series> trackSeries(String variable, NavigableMap<Instant, List<ForecastFile>> byTime,
            List<TrackValues.Sample> samples, EnsembleStatistics statistics) {
        TreeSet<Integer> members = new TreeSet<>();
        TreeMap<Double, Boolean> levels = new TreeMap<>();
        boolean severalLevels = false;
        for (TrackValues.Sample sample : samples) {
            TreeSet<Double> here = new TreeSet<>();
            for (PointSample.SliceValue v : sample.values()) {
                if (v.slice().realization() != null) {
                    members.add(v.slice().realization());
                }
                if (v.slice().level() != null) {
                    here.add(v.slice().level());
                    levels.put(v.slice().level(), v.slice().height() == null);
                }
            }
            severalLevels |= here.size() > 1;
        }
        ForecastFile meta = byTime.firstEntry().getValue().get(0);
        List<Double> levelList = severalLevels ? List.copyOf(levels.keySet()) : Collections.singletonList(null);
        Double onlyLevel = levels.size() == 1 ? levels.firstKey() : null;
        int n = samples.size();
        List<Series> out = new ArrayList<>();
        for (Double level : levelList) {
            boolean pressure = level != null ? levels.get(level) : onlyLevel != null && levels.get(onlyLevel);
            String base = variable + (level != null ? "_" + Slices.number(level) + (pressure ? "Pa" : "m") : "");
            List<String> keys = new ArrayList<>();
            List<Integer> memberOf = new ArrayList<>();
            if (statistics.any()) {
                statistics.keys().forEach(k -> {
                    keys.add(base + "_" + k);
                    memberOf.add(null);
                });
            } else if (members.size() > 1) {
                members.forEach(m -> {
                    keys.add(base + "_member" + m);
                    memberOf.add(m);
                });
            } else {
                keys.add(base);
                memberOf.add(members.isEmpty() ? null : members.first());
            }
            Float[][][] values = new Float[keys.size()][n][1];
            String[][] reasons = new String[keys.size()][n];
            Instant[] runs = new Instant[n];
            Instant[] indexedAt = new Instant[n];
            Instant[] announcedAt = new Instant[n];
            List<List<TrackValues.Source>> sources = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                TrackValues.Sample sample = samples.get(i);
                sources.add(sample.sources());
                List<ForecastFile> files = sample.sources().stream().map(TrackValues.Source::file).toList();
                runs[i] = files.isEmpty() ? null : files.get(0).forecastReferenceTime();
                indexedAt[i] = files.stream().map(ForecastFile::indexedAt).max(Comparator.naturalOrder()).orElse(null);
                announcedAt[i] = files.stream().map(ForecastFile::announcedAt).filter(Objects::nonNull)
                        .max(Comparator.naturalOrder()).orElse(null);
                // member -> value, at this level (or at the waypoint's one level)
                Map<Integer, PointSample.SliceValue> byMember = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
                for (PointSample.SliceValue v : sample.values()) {
                    if (level == null || Objects.equals(v.slice().level(), level)) {
                        byMember.put(v.slice().realization(), v);
                    }
                }
                String none = sample.reason() != null ? sample.reason() : byMember.isEmpty()
                        ? "the file has no " + (level != null ? "level " + Slices.number(level) : "level asked for here") : null;
                if (statistics.any()) {
                    List<Float> memberValues = byMember.values().stream().map(PointSample.SliceValue::value).toList();
                    Float[] computed = memberValues.isEmpty() ? new Float[keys.size()] : statistics.compute(memberValues);
                    for (int k = 0; k < keys.size(); k++) {
                        values[k][i][0] = computed[k];
                        reasons[k][i] = computed[k] == null ? none : null;
                    }
                } else {
                    for (int k = 0; k < keys.size(); k++) {
                        PointSample.SliceValue v = members.size() > 1 ? byMember.get(memberOf.get(k))
                                : byMember.values().stream().findFirst().orElse(null);
                        values[k][i][0] = v == null ? null : v.value();
                        reasons[k][i] = v == null ? none : v.reason();
                    }
                }
            }
            for (int k = 0; k < keys.size(); k++) {
                String statistic = statistics.any() ? statistics.keys().get(k) : null;
                out.add(new Series(keys.get(k), variable, meta.standardName(), meta.longName(), meta.units(), meta.cellMethods(),
                        level != null ? level : onlyLevel, pressure, memberOf.get(k), statistic, values[k], runs, indexedAt,
                        announcedAt, sources, reasons[k]));
            }
        }
        return out;
    }

    /**
     * The points with the row and column of the nearest cell that answered them (the CSV's and GeoJSON's {@code row} and
     * {@code column}) when every file lies on one grid, else without.
     */
    private static List<Site> points(Readout readout) {
        List<FileRead> reads = List.copyOf(readout.reads().values());
        // A spot file's sites have no grid cells (grid null): its points carry no row or column.
        boolean oneGrid = reads.stream().map(FileRead::grid).distinct().count() == 1 && reads.get(0).grid() != null;
        List<Site> out = new ArrayList<>(readout.sites().size());
        for (int i = 0; i < readout.sites().size(); i++) {
            ForecastQuery.Site s = readout.sites().get(i);
            GridCells.Cell c = oneGrid ? reads.get(0).samples().get(i).located().cells().nearest() : null;
            out.add(new Site(s.longitude(), s.latitude(), s.name(), c == null ? -1 : c.row(), c == null ? -1 : c.column()));
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
