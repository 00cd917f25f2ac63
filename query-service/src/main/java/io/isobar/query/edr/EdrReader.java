package io.isobar.query.edr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.locationtech.jts.geom.Geometry;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.grid.GridFile.CellValue;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.edr.EdrResult.GridWindow;
import io.isobar.query.edr.EdrResult.Series;
import io.isobar.query.edr.EdrResult.Site;
import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.forecast.ForecastReader;
import io.isobar.query.forecast.ForecastReader.CellRead;
import io.isobar.query.forecast.Grid;
import io.isobar.query.forecast.PointSample;
import io.isobar.query.forecast.Selection;
import io.isobar.query.forecast.Slices;
import io.isobar.query.forecast.Slices.Slice;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Limits;
import io.isobar.query.http.TimeParam;

/**
 * Runs an EDR query on the reading engine: finds the files (one run, or the best estimate), places the sites on the
 * files' grids (nearest cell for points, every cell whose centre lies inside for areas), checks the size limits, reads
 * every cell at once and shapes the values into one series per output parameter ({@link EdrResult}).
 */
final class EdrReader {

    /** The most values one answer may hold (sites x times x parameters x members/levels). */
    static final long MAX_VALUES = Limits.VALUES;
    /** The most grid cells one area, cube or radius query may cover. */
    static final int MAX_CELLS = Limits.CELLS;
    /** The most validity times one query may span. */
    static final int MAX_TIMES = Limits.TIMES;

    /** What an EDR query asks for, parsed. */
    record Query(String model, Optional<Instant> run, EdrParams.Datetime datetime, List<String> parameters,
            Selection selection, EnsembleStatistics statistics) {}

    private record Slot(ForecastFile file, List<Slice> slices, List<PointSample> samples) {}

    private final ForecastReader engine;
    private final EdrCatalog catalog;

    EdrReader(ForecastReader engine, EdrCatalog catalog) {
        this.engine = engine;
        this.catalog = catalog;
    }

    /** Values at points (position, locations). */
    EdrResult points(Query q, List<Site> sites) {
        return read(q, sites, null);
    }

    /** Values in an area (area, cube, radius): every grid cell whose centre lies inside. */
    EdrResult area(Query q, Geometry area) {
        return read(q, null, area);
    }

    private EdrResult read(Query q, List<Site> points, Geometry area) {
        List<String> variables = variables(q);
        Map<String, NavigableMap<Instant, List<ForecastFile>>> files = files(q, variables);
        TreeSet<Instant> timeSet = new TreeSet<>();
        files.values().forEach(m -> timeSet.addAll(m.keySet()));
        if (timeSet.isEmpty()) {
            throw ApiProblem.notFound("No " + String.join(", ", variables) + " file of " + q.model()
                    + q.run().map(r -> " run " + EdrParams.instanceId(r)).orElse("") + " is valid " + describe(q.datetime())
                    + "; the collection's extent.temporal lists the validity times that have files");
        }
        List<Instant> times = List.copyOf(timeSet);
        int siteCount = points != null ? points.size() : 1;
        if ((long) siteCount * times.size() * variables.size() > MAX_VALUES) {
            throw tooMany((long) siteCount * times.size() * variables.size());
        }
        List<ForecastFile> all = files.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream).toList();
        Map<ForecastFile, NetcdfHeader> headers = engine.headers(all);
        ForecastFile first = all.get(0);
        Grid grid = engine.grid(first, headers.get(first));

        List<Site> sites;
        GridWindow window = null;
        if (area != null) {
            List<Grid.Cell> cells;
            try {
                cells = grid.inside(area, MAX_CELLS);
            } catch (org.locationtech.jts.geom.TopologyException e) {
                throw new ApiProblem(400, "invalid-geometry", "Invalid geometry", "The area cannot be used: " + e.getMessage());
            } catch (Grid.TooManyCells e) {
                throw EdrParams.tooLarge("The area covers " + e.cells() + " or more grid cells of " + q.model() + "; the limit is "
                        + MAX_CELLS + " cells per request: ask for a smaller area");
            }
            if (cells.isEmpty()) {
                throw new ApiProblem(422, "outside-grid", "Area outside the grid", "No " + q.model() + " grid cell centre lies"
                        + " inside the area asked for; the grid covers " + grid.describe() + ", about "
                        + Arrays.toString(grid.bboxCrs84()) + " (west, south, east, north) in CRS84");
            }
            sites = cells.stream().map(c -> new Site(round(c.longitude()), round(c.latitude()), null, c.row(), c.column())).toList();
            window = new GridWindow(grid, cells.stream().mapToInt(Grid.Cell::row).min().orElseThrow(),
                    cells.stream().mapToInt(Grid.Cell::row).max().orElseThrow(),
                    cells.stream().mapToInt(Grid.Cell::column).min().orElseThrow(),
                    cells.stream().mapToInt(Grid.Cell::column).max().orElseThrow());
        } else {
            sites = points;
        }

        Selection wanted = q.statistics().any() ? q.selection().allMembers() : q.selection();
        // Plan: which slices of which file, at which cells; one read per file.
        Map<ForecastFile, Slot> slots = new LinkedHashMap<>();
        Map<Grid, List<Grid.Located>> placed = new java.util.HashMap<>();
        long values = 0;
        for (ForecastFile f : all) {
            NetcdfHeader h = headers.get(f);
            Slices fileSlices = Slices.of(h);
            List<Slice> slices = fileSlices.select(wanted);
            List<PointSample> samples = null;
            if (area != null) {
                Grid g = engine.grid(f, h);
                if (!g.x().equals(grid.x()) || !g.y().equals(grid.y())) {
                    throw new ApiProblem(422, "mixed-grids", "Files on different grids", "The files that answer lie on different"
                            + " grids (" + first.uri() + ": " + grid.describe() + "; " + f.uri() + ": " + g.describe()
                            + "); ask for one parameter at a time");
                }
            } else {
                Grid g = engine.grid(f, h);
                // The files of a model share their grid: each site is placed once per grid, not once per file.
                List<Grid.Located> at = placed.computeIfAbsent(g, k -> place(k, f, sites));
                samples = new ArrayList<>(sites.size());
                for (Grid.Located located : at) {
                    // The file's selected slices are the same at every site: chosen once above, not once per site.
                    samples.add(PointSample.of(f, h, g, located, PointSample.Method.NEAREST, fileSlices, slices));
                }
            }
            values += (long) slices.size() * sites.size();
            slots.put(f, new Slot(f, slices, samples));
        }
        if (values > MAX_VALUES) {
            throw tooMany(values);
        }
        for (String v : files.keySet()) {
            boolean any = files.get(v).values().stream().flatMap(List::stream).anyMatch(f -> !slots.get(f).slices().isEmpty());
            if (!any) {
                ForecastFile f = files.get(v).firstEntry().getValue().get(0);
                throw ApiProblem.notFound("No " + q.model() + " " + v + " file " + describe(q.datetime()) + " has "
                        + q.selection().describe() + "; the files have " + Slices.of(headers.get(f)).describe());
            }
        }
        List<Slot> ordered = List.copyOf(slots.values());
        List<CellRead> reads = new ArrayList<>(ordered.size());
        for (Slot s : ordered) {
            List<int[]> indices = new ArrayList<>();
            if (s.samples() != null) {
                // Site by site: slices x the nearest cell.
                s.samples().forEach(p -> indices.addAll(p.indices()));
            } else {
                for (Slice slice : s.slices()) {
                    for (Site site : sites) {
                        int[] index = Arrays.copyOf(slice.index(), slice.index().length + 2);
                        index[slice.index().length] = site.row();
                        index[slice.index().length + 1] = site.column();
                        indices.add(index);
                    }
                }
            }
            reads.add(new CellRead(s.file(), indices));
        }
        List<List<CellValue>> read = engine.read(reads);
        Map<ForecastFile, List<CellValue>> byFile = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            byFile.put(ordered.get(i).file(), read.get(i));
        }
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, NavigableMap<Instant, List<ForecastFile>>> e : files.entrySet()) {
            series.addAll(shape(e.getKey(), e.getValue(), times, sites.size(), slots, byFile, q.statistics(), q.selection()));
        }
        return new EdrResult(q.model(), times, q.datetime().instant(), withCells(sites, placed), window, series);
    }

    /**
     * Points with the row and column of the nearest cell that answered them (the CSV's and GeoJSON's {@code row} and
     * {@code column}), when every file lies on one grid; as they were otherwise (areas carry their cells already).
     */
    private static List<Site> withCells(List<Site> sites, Map<Grid, List<Grid.Located>> placed) {
        if (placed.size() != 1) {
            return sites;
        }
        List<Grid.Located> at = placed.values().iterator().next();
        List<Site> out = new ArrayList<>(sites.size());
        for (int i = 0; i < sites.size(); i++) {
            Site s = sites.get(i);
            io.isobar.query.forecast.GridCells.Cell c = at.get(i).cells().nearest();
            out.add(new Site(s.longitude(), s.latitude(), s.name(), c.row(), c.column()));
        }
        return out;
    }

    /** Where each site falls on a grid; a 422 naming the first site off it. */
    private static List<Grid.Located> place(Grid g, ForecastFile f, List<Site> sites) {
        List<Grid.Located> out = new ArrayList<>(sites.size());
        for (Site s : sites) {
            out.add(g.locate(s.latitude(), s.longitude()).orElseThrow(() -> new ApiProblem(422, "outside-grid",
                    "Point outside the grid", "The point (" + s.longitude() + " " + s.latitude() + ")"
                            + (s.name() == null ? "" : " (" + s.name() + ")") + " is outside the " + f.model()
                            + " grid, which covers " + g.describe() + ", about " + Arrays.toString(g.bboxCrs84())
                            + " (west, south, east, north) in CRS84")));
        }
        return out;
    }

    /** The output parameters of one variable, with their values {@code [time][site]}. */
    private static List<Series> shape(String variable, NavigableMap<Instant, List<ForecastFile>> byTime, List<Instant> times,
            int sites, Map<ForecastFile, Slot> slots, Map<ForecastFile, List<CellValue>> read, EnsembleStatistics statistics,
            Selection selection) {
        // The levels and members of the variable across its files.
        TreeMap<Double, Boolean> levels = new TreeMap<>();
        TreeSet<Integer> members = new TreeSet<>();
        ForecastFile meta = byTime.firstEntry().getValue().get(0);
        for (List<ForecastFile> run : byTime.values()) {
            for (ForecastFile f : run) {
                for (Slice s : slots.get(f).slices()) {
                    if (s.level() != null) {
                        levels.put(s.level(), s.height() == null);
                    }
                    if (s.realization() != null) {
                        members.add(s.realization());
                    }
                }
            }
        }
        List<Double> levelList = levels.isEmpty() ? java.util.Collections.singletonList(null) : List.copyOf(levels.keySet());
        boolean multiLevel = levels.size() > 1;
        List<Series> out = new ArrayList<>();
        for (Double level : levelList) {
            boolean pressure = level != null && levels.get(level);
            String base = variable + (multiLevel ? "_" + Slices.number(level) + (pressure ? "Pa" : "m") : "");
            // values[member or statistic][time][site]
            List<String> keys = new ArrayList<>();
            List<Integer> memberOf = new ArrayList<>();
            if (statistics.any()) {
                for (String k : statistics.keys()) {
                    keys.add(base + "_" + k);
                    memberOf.add(null);
                }
            } else if (members.size() > 1) {
                for (Integer m : members) {
                    keys.add(base + "_member" + m);
                    memberOf.add(m);
                }
            } else {
                keys.add(base);
                memberOf.add(members.isEmpty() ? null : members.first());
            }
            Float[][][] values = new Float[keys.size()][times.size()][sites];
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
                indexedAt[t] = run.stream().map(ForecastFile::indexedAt).max(java.util.Comparator.naturalOrder()).orElse(null);
                announcedAt[t] = run.stream().map(ForecastFile::announcedAt).filter(java.util.Objects::nonNull)
                        .max(java.util.Comparator.naturalOrder()).orElse(null);
                // member -> values by site, for this level
                Map<Integer, Float[]> byMember = new TreeMap<>(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
                for (ForecastFile f : run) {
                    Slot slot = slots.get(f);
                    List<CellValue> cells = read.get(f);
                    int n = slot.slices().size();
                    for (int si = 0; si < n; si++) {
                        Slice s = slot.slices().get(si);
                        if (!java.util.Objects.equals(s.level(), level)) {
                            continue;
                        }
                        Float[] bySite = new Float[sites];
                        for (int j = 0; j < sites; j++) {
                            // Points: site-major (site, slice); areas: slice-major (slice, site).
                            int index = slot.samples() != null ? j * n + si : si * sites + j;
                            bySite[j] = cells.get(index).value();
                        }
                        byMember.put(s.realization(), bySite);
                    }
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
                        Float[] v = members.size() > 1 ? byMember.get(memberOf.get(k))
                                : byMember.values().stream().findFirst().orElse(null);
                        if (v != null) {
                            values[k][t] = v;
                        }
                    }
                }
            }
            for (int k = 0; k < keys.size(); k++) {
                String statistic = statistics.any() ? statistics.keys().get(k) : null;
                out.add(new Series(keys.get(k), variable, meta.standardName(), meta.longName(), meta.units(), meta.cellMethods(),
                        level, pressure, memberOf.get(k), statistic, values[k], runs, indexedAt, announcedAt));
            }
        }
        return out;
    }

    /** The variables asked for (all of the collection's when none are named); unknown names are a 400. */
    private List<String> variables(Query q) {
        Collection<String> known = q.run().isPresent() ? catalog.variablesOfRun(q.model(), q.run().get())
                : catalog.collection(q.model()).parameters().keySet();
        if (q.parameters().isEmpty()) {
            if (known.isEmpty()) {
                throw ApiProblem.notFound("The " + q.model() + " collection has no parameters yet");
            }
            return List.copyOf(known);
        }
        List<String> unknown = q.parameters().stream().filter(p -> !known.contains(p)).toList();
        if (!unknown.isEmpty()) {
            throw new ApiProblem(400, "unknown-parameter", "Unknown parameter", "Unknown parameter-name "
                    + String.join(", ", unknown.stream().map(u -> "'" + u + "'").toList()) + " in " + q.model()
                    + q.run().map(r -> " instance " + EdrParams.instanceId(r)).orElse("") + "; its parameters are "
                    + String.join(", ", known));
        }
        return q.parameters();
    }

    /** The files answering each variable and validity time. */
    private Map<String, NavigableMap<Instant, List<ForecastFile>>> files(Query q, List<String> variables) {
        EdrParams.Datetime dt = q.datetime();
        if (dt.instant()) {
            Instant t = dt.from().orElseThrow();
            Map<String, NavigableMap<Instant, List<ForecastFile>>> out = new LinkedHashMap<>();
            for (String v : variables) {
                List<ForecastFile> run = engine.index().at(q.model(), v, t, q.run());
                if (!run.isEmpty()) {
                    out.computeIfAbsent(v, k -> new TreeMap<>()).put(t, run);
                }
            }
            return out;
        }
        Instant from;
        Instant to = dt.to().orElse(TimeParam.MAX);
        if (dt.from().isPresent()) {
            from = dt.from().get();
        } else if (q.run().isPresent()) {
            from = q.run().get();
        } else if (!dt.given()) {
            // No datetime: the newest run's forecast onwards.
            from = catalog.newestRun(q.model()).orElse(TimeParam.MIN);
        } else {
            from = TimeParam.MIN;
        }
        if (q.run().isEmpty()) {
            int count = engine.index().validTimes(q.model(), from, to).size();
            if (count > MAX_TIMES) {
                throw EdrParams.tooLarge("The datetime " + describe(dt) + " spans " + count + " validity times of " + q.model()
                        + "; the limit is " + MAX_TIMES + " per request: ask for a shorter interval");
            }
        }
        Map<String, NavigableMap<Instant, List<ForecastFile>>> out = engine.index().range(q.model(), variables, from, to, q.run());
        long times = out.values().stream().mapToLong(Map::size).max().orElse(0);
        if (times > MAX_TIMES) {
            throw EdrParams.tooLarge("The datetime " + describe(dt) + " spans " + times + " validity times; the limit is "
                    + MAX_TIMES + " per request: ask for a shorter interval");
        }
        return out;
    }

    private static ApiProblem tooMany(long values) {
        return EdrParams.tooLarge("The query would return " + values + " values (sites x times x parameters x members/levels);"
                + " the limit is " + MAX_VALUES + " per request: ask for fewer points, a smaller area, a shorter datetime, fewer"
                + " parameter-name or one z/realization");
    }

    private static String describe(EdrParams.Datetime dt) {
        if (!dt.given()) {
            return "from the newest run on";
        }
        if (dt.instant()) {
            return "at " + dt.from().get();
        }
        return "from " + dt.from().map(Instant::toString).orElse("..") + " to " + dt.to().map(Instant::toString).orElse("..");
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
