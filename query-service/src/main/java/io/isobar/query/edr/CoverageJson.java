package io.isobar.query.edr;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.isobar.query.edr.EdrResult.GridWindow;
import io.isobar.query.edr.EdrResult.Series;
import io.isobar.query.edr.EdrResult.Site;
import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.forecast.GridCells;
import io.isobar.query.forecast.Slices;
import io.isobar.query.forecast.TrackValues;

/**
 * Writes an {@link EdrResult} as a CoverageJSON {@code Coverage} ({@code application/vnd.cov+json}):
 *
 * <ul>
 *   <li>one point: {@code Point} (one instant asked for) or {@code PointSeries} (a range), ranges over {@code t};</li>
 *   <li>several points: {@code MultiPoint} or {@code MultiPointSeries}, a {@code composite} axis of (x, y) tuples,
 *       ranges over {@code [t,] composite};</li>
 *   <li>an area, cube or radius: a {@code Grid} on the model's native grid (x/y of the cell centres, in metres for
 *       projected grids), ranges over {@code t, y, x}, {@code null} for cells of the rectangle outside the area;</li>
 *   <li>a trajectory: a {@code Trajectory}, a composite axis of (t, x, y[, z]) tuples, ranges over it;</li>
 *   <li>a corridor: a {@code CoverageCollection} of trajectories, one per lane across its width, whose places are the
 *       cells of the band.</li>
 * </ul>
 * Points and times are referenced to CRS84 and a Gregorian TemporalRS. Ensemble members, statistics and several levels
 * are separate parameters (CoverageJSON's domain types have no member axis, and Point/PointSeries allow one z); the
 * run each time's values come from is in the extra member {@code isobar:forecast_reference_time}, and when its file was
 * indexed and announced by the Met Office in {@code isobar:indexed_at} and {@code isobar:announced_at} (same shape:
 * per parameter, one entry per time, null where not known).
 */
final class CoverageJson {

    static final String MEDIA_TYPE = "application/vnd.cov+json";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CoverageJson() {}

    static ObjectNode of(EdrResult r) {
        if (r.track()) {
            return r.lanes() > 0 ? corridor(r) : trajectory(r, allSites(r));
        }
        ObjectNode coverage = JSON.objectNode();
        coverage.put("type", "Coverage");
        ObjectNode domain = coverage.putObject("domain");
        domain.put("type", "Domain");
        ObjectNode axes = JSON.objectNode();
        ArrayNode referencing = JSON.arrayNode();
        List<String> axisNames;
        List<Integer> shape;
        int nt = r.times().size();
        if (r.grid() != null) {
            GridWindow w = r.grid();
            domain.put("domainType", "Grid");
            ArrayNode xs = axes.putObject("x").putArray("values");
            for (int c = w.column0(); c <= w.column1(); c++) {
                xs.add(GridCells.centre(w.grid().x(), c));
            }
            ArrayNode ys = axes.putObject("y").putArray("values");
            for (int row = w.row0(); row <= w.row1(); row++) {
                ys.add(GridCells.centre(w.grid().y(), row));
            }
            times(axes, r.times());
            referencing.add(nativeSystem(w));
            axisNames = List.of("t", "y", "x");
            shape = List.of(nt, w.rows(), w.columns());
        } else if (r.sites().size() == 1) {
            Site s = r.sites().get(0);
            domain.put("domainType", r.instant() ? "Point" : "PointSeries");
            axes.putObject("x").putArray("values").add(s.longitude());
            axes.putObject("y").putArray("values").add(s.latitude());
            times(axes, r.times());
            referencing.add(crs84(List.of("x", "y")));
            axisNames = List.of("t");
            shape = List.of(nt);
        } else {
            domain.put("domainType", r.instant() ? "MultiPoint" : "MultiPointSeries");
            ObjectNode composite = axes.putObject("composite");
            composite.put("dataType", "tuple");
            composite.putArray("coordinates").add("x").add("y");
            ArrayNode tuples = composite.putArray("values");
            for (Site s : r.sites()) {
                tuples.addArray().add(s.longitude()).add(s.latitude());
            }
            times(axes, r.times());
            referencing.add(crs84(List.of("x", "y")));
            axisNames = r.instant() ? List.of("composite") : List.of("t", "composite");
            shape = r.instant() ? List.of(r.sites().size()) : List.of(nt, r.sites().size());
        }
        ObjectNode temporal = JSON.objectNode();
        temporal.putArray("coordinates").add("t");
        temporal.putObject("system").put("type", "TemporalRS").put("calendar", "Gregorian");
        referencing.add(temporal);
        domain.set("axes", axes);
        domain.set("referencing", referencing);

        ObjectNode parameters = coverage.putObject("parameters");
        ObjectNode ranges = coverage.putObject("ranges");
        ObjectNode runs = JSON.objectNode();
        ObjectNode indexed = JSON.objectNode();
        ObjectNode announced = JSON.objectNode();
        for (Series s : r.parameters()) {
            parameters.set(s.key(), parameter(s));
            ObjectNode range = ranges.putObject(s.key());
            range.put("type", "NdArray");
            range.put("dataType", "float");
            ArrayNode names = range.putArray("axisNames");
            axisNames.forEach(names::add);
            ArrayNode sh = range.putArray("shape");
            shape.forEach(sh::add);
            ArrayNode values = range.putArray("values");
            if (r.grid() != null) {
                gridValues(values, r, s);
            } else {
                for (int t = 0; t < nt; t++) {
                    for (int j = 0; j < r.sites().size(); j++) {
                        add(values, s.values()[t][j]);
                    }
                }
            }
            instants(runs.putArray(s.key()), s.runs());
            instants(indexed.putArray(s.key()), s.indexedAt());
            instants(announced.putArray(s.key()), s.announcedAt());
        }
        coverage.set("isobar:forecast_reference_time", runs);
        coverage.set("isobar:indexed_at", indexed);
        coverage.set("isobar:announced_at", announced);
        return coverage;
    }

    /**
     * A track as a {@code Trajectory} coverage of the sites {@code at} (indices into the result): a composite axis of
     * (t, x, y[, z]) tuples in time order, ranges over it; which files and runs answered each value in
     * {@code isobar:sources} (per variable: for each place, each file's uri, run, validity time and weight).
     */
    private static ObjectNode trajectory(EdrResult r, List<Integer> at) {
        ObjectNode coverage = JSON.objectNode();
        coverage.put("type", "Coverage");
        coverage.set("domain", trajectoryDomain(r, at));
        ObjectNode parameters = coverage.putObject("parameters");
        r.parameters().forEach(s -> parameters.set(s.key(), parameter(s)));
        trajectoryRanges(coverage, r, at);
        return coverage;
    }

    /** A corridor as a {@code CoverageCollection} of trajectories, one per lane across its width (left to right). */
    private static ObjectNode corridor(EdrResult r) {
        ObjectNode collection = JSON.objectNode();
        collection.put("type", "CoverageCollection");
        collection.put("domainType", "Trajectory");
        ObjectNode parameters = collection.putObject("parameters");
        r.parameters().forEach(s -> parameters.set(s.key(), parameter(s)));
        ArrayNode coverages = collection.putArray("coverages");
        for (int lane = 0; lane < r.lanes(); lane++) {
            List<Integer> at = new java.util.ArrayList<>();
            for (int i = 0; i < r.sites().size(); i++) {
                if (r.sites().get(i).lane() == lane) {
                    at.add(i);
                }
            }
            if (at.isEmpty()) {
                continue;
            }
            ObjectNode coverage = coverages.addObject();
            coverage.put("type", "Coverage");
            coverage.set("domain", trajectoryDomain(r, at));
            coverage.put("isobar:lane", lane);
            ArrayNode offsets = coverage.putArray("isobar:offset_m");
            at.forEach(i -> offsets.add(Math.round(r.sites().get(i).offset())));
            trajectoryRanges(coverage, r, at);
        }
        return collection;
    }

    private static ObjectNode trajectoryDomain(EdrResult r, List<Integer> at) {
        boolean z = at.stream().allMatch(i -> r.sites().get(i).z() != null);
        ObjectNode domain = JSON.objectNode();
        domain.put("type", "Domain");
        domain.put("domainType", "Trajectory");
        ObjectNode composite = domain.putObject("axes").putObject("composite");
        composite.put("dataType", "tuple");
        ArrayNode coordinates = composite.putArray("coordinates").add("t").add("x").add("y");
        if (z) {
            coordinates.add("z");
        }
        ArrayNode tuples = composite.putArray("values");
        for (int i : at) {
            Site s = r.sites().get(i);
            ArrayNode tuple = tuples.addArray().add(r.times().get(i).toString()).add(s.longitude()).add(s.latitude());
            if (z) {
                tuple.add(s.z());
            }
        }
        ArrayNode referencing = domain.putArray("referencing");
        referencing.add(crs84(List.of("x", "y")));
        ObjectNode temporal = referencing.addObject();
        temporal.putArray("coordinates").add("t");
        temporal.putObject("system").put("type", "TemporalRS").put("calendar", "Gregorian");
        if (z) {
            ObjectNode vertical = referencing.addObject();
            vertical.putArray("coordinates").add("z");
            ObjectNode system = vertical.putObject("system");
            system.put("type", "VerticalCRS");
            boolean pressure = r.parameters().stream().anyMatch(p -> p.level() != null && p.levelIsPressure());
            ObjectNode axis = system.putObject("cs").putArray("csAxes").addObject();
            axis.putObject("name").put("en", pressure ? "pressure" : "height above ground");
            axis.put("direction", pressure ? "down" : "up");
            axis.putObject("unit").put("symbol", pressure ? "Pa" : "m");
        }
        return domain;
    }

    private static void trajectoryRanges(ObjectNode coverage, EdrResult r, List<Integer> at) {
        ObjectNode ranges = coverage.putObject("ranges");
        ObjectNode runs = JSON.objectNode();
        ObjectNode sources = JSON.objectNode();
        for (Series s : r.parameters()) {
            ObjectNode range = ranges.putObject(s.key());
            range.put("type", "NdArray");
            range.put("dataType", "float");
            range.putArray("axisNames").add("composite");
            range.putArray("shape").add(at.size());
            ArrayNode values = range.putArray("values");
            ArrayNode run = runs.putArray(s.key());
            for (int i : at) {
                add(values, s.values()[i][0]);
                run.add(s.runs()[i] == null ? null : s.runs()[i].toString());
            }
            if (!sources.has(s.variable())) {
                ArrayNode byPlace = sources.putArray(s.variable());
                for (int i : at) {
                    byPlace.add(sources(s.sources().get(i)));
                }
            }
        }
        ArrayNode distances = coverage.putArray("isobar:distance_m");
        at.forEach(i -> distances.add(Math.round(r.sites().get(i).along())));
        coverage.set("isobar:forecast_reference_time", runs);
        coverage.set("isobar:sources", sources);
    }

    /** The files that answered one place of a track: each one's uri, run, validity time and weight in time. */
    static ArrayNode sources(List<TrackValues.Source> sources) {
        ArrayNode files = JSON.arrayNode();
        for (TrackValues.Source source : sources) {
            files.addObject().put("uri", source.file().uri()).put("forecast_reference_time",
                    source.file().forecastReferenceTime().toString()).put("time", source.file().time().toString())
                    .put("weight", Math.round(source.weight() * 1e6) / 1e6);
        }
        return files;
    }

    private static List<Integer> allSites(EdrResult r) {
        return java.util.stream.IntStream.range(0, r.sites().size()).boxed().toList();
    }

    private static void instants(ArrayNode out, Instant[] instants) {
        for (Instant i : instants) {
            if (i == null) {
                out.addNull();
            } else {
                out.add(i.toString());
            }
        }
    }

    /** The rectangle's values row by row, null where a cell is not in the area. */
    private static void gridValues(ArrayNode values, EdrResult r, Series s) {
        GridWindow w = r.grid();
        int[][] site = new int[w.rows()][w.columns()];
        for (int[] row : site) {
            java.util.Arrays.fill(row, -1);
        }
        for (int j = 0; j < r.sites().size(); j++) {
            Site c = r.sites().get(j);
            site[c.row() - w.row0()][c.column() - w.column0()] = j;
        }
        for (int t = 0; t < r.times().size(); t++) {
            for (int row = 0; row < w.rows(); row++) {
                for (int column = 0; column < w.columns(); column++) {
                    int j = site[row][column];
                    add(values, j < 0 ? null : s.values()[t][j]);
                }
            }
        }
    }

    private static void add(ArrayNode values, Float v) {
        if (v == null || v.isNaN()) {
            values.addNull();
        } else {
            values.add(v);
        }
    }

    static ObjectNode parameter(Series s) {
        ObjectNode p = JSON.objectNode();
        p.put("type", "Parameter");
        StringBuilder description = new StringBuilder(s.longName() != null ? s.longName() : s.variable());
        if (s.cellMethods() != null) {
            description.append(" (").append(s.cellMethods()).append(")");
        }
        if (s.level() != null) {
            description.append(" at ").append(s.levelIsPressure() ? "pressure " : "height ").append(Slices.number(s.level()))
                    .append(s.levelIsPressure() ? " Pa" : " m");
        }
        if (s.member() != null && s.statistic() == null) {
            description.append(", ensemble member ").append(s.member());
        }
        if (s.ageHours() != null) {
            description.append(" of the run ").append(s.ageHours()).append(" h older than the newest of the time-lagged ensemble");
        }
        if (s.blend() != null) {
            description.insert(0, s.blend() + ": ");
        } else if (s.statistic() != null) {
            description.insert(0, EnsembleStatistics.describe(s.statistic()) + " of ");
        }
        p.putObject("description").put("en", description.toString());
        String units = s.valueUnits();
        if (units != null) {
            ObjectNode unit = p.putObject("unit");
            unit.putObject("label").put("en", units);
            unit.put("symbol", units);
        }
        ObjectNode observed = p.putObject("observedProperty");
        String name = s.standardName() != null ? s.standardName() : s.variable();
        if (s.standardName() != null) {
            observed.put("id", "http://vocab.nerc.ac.uk/standard_name/" + s.standardName() + "/");
        }
        observed.putObject("label").put("en", s.blend() != null ? s.blend()
                : s.statistic() == null ? name : EnsembleStatistics.describe(s.statistic()) + " of " + name);
        return p;
    }

    private static void times(ObjectNode axes, List<Instant> times) {
        ArrayNode t = axes.putObject("t").putArray("values");
        times.forEach(i -> t.add(i.toString()));
    }

    private static ObjectNode crs84(List<String> coordinates) {
        ObjectNode r = JSON.objectNode();
        ArrayNode c = r.putArray("coordinates");
        coordinates.forEach(c::add);
        r.putObject("system").put("type", "GeographicCRS").put("id", EdrParams.CRS84);
        return r;
    }

    /** The native grid's reference system: CRS84 for longitude/latitude grids, else the projection (proj4) it uses. */
    private static ObjectNode nativeSystem(GridWindow w) {
        String proj = w.grid().projection().definition();
        if (Objects.requireNonNullElse(proj, "").startsWith("+proj=longlat")) {
            return crs84(List.of("x", "y"));
        }
        ObjectNode r = JSON.objectNode();
        r.putArray("coordinates").add("x").add("y");
        ObjectNode system = r.putObject("system");
        system.put("type", "ProjectedCRS");
        system.putObject("description").put("en", "The model's native grid, x and y in metres: " + proj);
        system.put("isobar:proj4", proj);
        return r;
    }
}
