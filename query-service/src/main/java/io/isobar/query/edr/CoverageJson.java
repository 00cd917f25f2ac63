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

/**
 * Writes an {@link EdrResult} as a CoverageJSON {@code Coverage} ({@code application/vnd.cov+json}):
 *
 * <ul>
 *   <li>one point: {@code Point} (one instant asked for) or {@code PointSeries} (a range), ranges over {@code t};</li>
 *   <li>several points: {@code MultiPoint} or {@code MultiPointSeries}, a {@code composite} axis of (x, y) tuples,
 *       ranges over {@code [t,] composite};</li>
 *   <li>an area, cube or radius: a {@code Grid} on the model's native grid (x/y of the cell centres, in metres for
 *       projected grids), ranges over {@code t, y, x}, {@code null} for cells of the rectangle outside the area.</li>
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
        if (s.statistic() != null) {
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
        observed.putObject("label").put("en", s.statistic() == null ? name
                : EnsembleStatistics.describe(s.statistic()) + " of " + name);
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
