package io.isobar.query.edr;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.isobar.model.ForecastFile;
import io.isobar.query.edr.EdrResult.GridWindow;
import io.isobar.query.edr.EdrResult.Series;
import io.isobar.query.edr.EdrResult.Site;
import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.forecast.GridCells;
import io.isobar.query.forecast.Slices;

/**
 * Writes an {@link EdrResult} as a CF-1.8 netCDF file ({@code application/netcdf}; netCDF-3 classic, which every netCDF
 * reader opens: xarray, iris, Panoply, ncview, netCDF-C's tools), through {@link NetcdfOut}:
 *
 * <ul>
 *   <li>an area, cube or radius: dimensions {@code time, y, x} on the model's own grid, the x/y coordinate variables
 *       as the source has them ({@code projection_x/y_coordinate} in metres with its grid mapping copied, or
 *       {@code longitude}/{@code latitude}), plus 2-D {@code latitude}/{@code longitude} for projected grids;</li>
 *   <li>points (position, locations): a CF {@code timeSeries} of {@code station, time};</li>
 *   <li>a trajectory or a corridor: a CF {@code trajectory} (corridor: {@code point}) of {@code obs}, each with its
 *       time, place, distance along the path (and level, lane, offset).</li>
 * </ul>
 * Every validity time carries its {@code forecast_reference_time} and {@code forecast_period} (shared by the data
 * variables when all agree, else one pair per variable); ensemble members are a {@code realization} dimension; a level
 * is a scalar coordinate; data variables have {@code standard_name}, {@code units}, {@code cell_methods} and
 * {@code _FillValue}; global attributes say where it came from (collection, runs, the files read, the request).
 */
final class EdrNetcdf {

    static final String MEDIA_TYPE = EdrParams.Format.NETCDF.mediaType;
    private static final String TIME_UNITS = "seconds since 1970-01-01 00:00:00";

    /** One data variable: the output parameters of one variable, level and statistic, its members stacked. */
    private record Group(String name, Series first, List<Series> members) {}

    private EdrNetcdf() {}

    /** Writes {@code r}, asked for by {@code request} (path and query), to {@code out}. */
    static void write(EdrResult r, String request, Instant now, OutputStream out) throws IOException {
        NetcdfOut nc = new NetcdfOut();
        List<Group> groups = groups(r);
        int members = groups.stream().mapToInt(g -> g.members().size()).max().orElse(1);
        String memberDim = "";
        if (members > 1) {
            nc.dimension("realization", members);
            List<Integer> numbers = groups.stream().filter(g -> g.members().size() == members).findFirst().orElseThrow()
                    .members().stream().map(Series::member).toList();
            nc.ints("realization", "realization", new int[] {members}, () -> numbers.stream().mapToInt(i -> i).toArray())
                    .attr("standard_name", "realization").attr("units", "1");
            memberDim = "realization ";
        }
        String featureType;
        String dims;
        int[] shape;
        int n = r.times().size();
        if (r.track()) {
            featureType = r.lanes() > 0 ? "point" : "trajectory";
            nc.dimension("obs", n);
            nc.doubles("time", "obs", new int[] {n}, () -> seconds(r.times().toArray(Instant[]::new))).attr("standard_name", "time")
                    .attr("units", TIME_UNITS).attr("calendar", "gregorian").attr("axis", "T");
            siteCoordinates(nc, r, "obs");
            nc.doubles("distance", "obs", new int[] {n}, () -> r.sites().stream().mapToDouble(Site::along).toArray())
                    .attr("long_name", "distance along the path from its start").attr("units", "m");
            if (r.sites().get(0).z() != null) {
                boolean pressure = r.parameters().stream().anyMatch(Series::levelIsPressure);
                nc.doubles(pressure ? "pressure" : "height", "obs", new int[] {n}, () -> r.sites().stream()
                        .mapToDouble(Site::z).toArray()).attr("standard_name", pressure ? "air_pressure" : "height")
                        .attr("units", pressure ? "Pa" : "m").attr("positive", pressure ? "down" : "up").attr("axis", "Z");
            }
            if (r.lanes() > 0) {
                nc.ints("lane", "obs", new int[] {n}, () -> r.sites().stream().mapToInt(Site::lane).toArray())
                        .attr("long_name", "trajectory across the corridor's width, 0 leftmost");
                nc.doubles("offset", "obs", new int[] {n}, () -> r.sites().stream().mapToDouble(Site::offset).toArray())
                        .attr("long_name", "distance from the path, positive to its right").attr("units", "m");
            } else {
                nc.dimension("name_strlen", 10);
                nc.strings("trajectory", "", "name_strlen", List.of("path"), 10).attr("cf_role", "trajectory_id");
            }
            dims = memberDim + "obs";
            shape = members > 1 ? new int[] {members, n} : new int[] {n};
        } else if (r.grid() != null) {
            featureType = null;
            GridWindow w = r.grid();
            nc.dimension("time", n);
            time(nc, r);
            boolean lonLat = w.grid().projection().definition().startsWith("+proj=longlat");
            String yName = lonLat ? "latitude" : "projection_y_coordinate";
            String xName = lonLat ? "longitude" : "projection_x_coordinate";
            nc.dimension(yName, w.rows());
            nc.dimension(xName, w.columns());
            axis(nc, yName, "Y", lonLat ? "degrees_north" : "m", w.rows(), i -> GridCells.centre(w.grid().y(), w.row0() + i));
            axis(nc, xName, "X", lonLat ? "degrees_east" : "m", w.columns(), i -> GridCells.centre(w.grid().x(), w.column0() + i));
            if (!lonLat) {
                latLon(nc, w, yName + " " + xName);
            }
            if (w.mapping() != null) {
                NetcdfOut.copy(nc.ints(w.mapping().name(), "", new int[0], () -> new int[] {NetcdfOut.FILL_INT}), w.mapping().parameters());
            }
            dims = memberDim + "time " + yName + " " + xName;
            shape = members > 1 ? new int[] {members, n, w.rows(), w.columns()} : new int[] {n, w.rows(), w.columns()};
        } else {
            featureType = "timeSeries";
            int stations = r.sites().size();
            nc.dimension("station", stations);
            nc.dimension("time", n);
            time(nc, r);
            siteCoordinates(nc, r, "station");
            List<String> names = r.sites().stream().map(s -> s.name() != null ? s.name() : s.longitude() + " " + s.latitude()).toList();
            int length = Math.max(1, names.stream().mapToInt(String::length).max().orElse(1));
            nc.dimension("name_strlen", length);
            nc.strings("station_name", "station", "name_strlen", names, length).attr("cf_role", "timeseries_id")
                    .attr("long_name", "the place asked for");
            dims = memberDim + "station time";
            shape = members > 1 ? new int[] {members, stations, n} : new int[] {stations, n};
        }
        boolean sharedRuns = groups.stream().map(g -> Arrays.asList(g.first().runs())).distinct().count() <= 1;
        String timeDim = r.track() ? "obs" : "time";
        if (sharedRuns && !groups.isEmpty()) {
            runs(nc, "", timeDim, r, groups.get(0).first().runs());
        }
        for (Group g : groups) {
            if (!sharedRuns) {
                runs(nc, g.name() + "_", timeDim, r, g.first().runs());
            }
            String prefix = sharedRuns ? "" : g.name() + "_";
            String coordinates = prefix + "forecast_reference_time " + prefix + "forecast_period" + level(nc, g.first())
                    + (r.track() ? " time" + (nc.has("height") ? " height" : nc.has("pressure") ? " pressure" : "") : "")
                    + (r.grid() == null || !r.grid().grid().projection().definition().startsWith("+proj=longlat")
                            ? " latitude longitude" : "");
            NetcdfOut.Var v = nc.floats(g.name(), dims, shape, () -> values(r, g, members));
            Series s = g.first();
            if (s.statistic() == null || !EnsembleStatistics.isProbability(s.statistic())) {
                v.attr("standard_name", s.standardName());
            }
            v.attr("long_name", CoverageJson.parameter(s).at("/description/en").asText());
            v.attr("units", s.valueUnits());
            v.attr("_FillValue", NetcdfOut.FILL_FLOAT);
            v.attr("cell_methods", cellMethods(s));
            v.attr("coordinates", coordinates.trim());
            if (r.grid() != null && r.grid().mapping() != null) {
                v.attr("grid_mapping", r.grid().mapping().name());
            }
        }
        globals(nc, r, request, now, featureType);
        nc.write(out);
    }

    /** The data variables: one per variable, level and statistic, with its members (one when there are none). */
    private static List<Group> groups(EdrResult r) {
        Map<String, List<Series>> byName = new LinkedHashMap<>();
        for (Series s : r.parameters()) {
            String name = s.member() != null && s.statistic() == null && s.key().endsWith("_member" + s.member())
                    ? s.key().substring(0, s.key().length() - ("_member" + s.member()).length()) : s.key();
            byName.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
        }
        return byName.entrySet().stream().map(e -> new Group(e.getKey(), e.getValue().get(0), e.getValue())).toList();
    }

    /** The group's values in the variable's shape, fill where there is none (and for members a group lacks). */
    private static float[] values(EdrResult r, Group g, int members) {
        int n = r.times().size();
        int sites = r.track() ? 1 : r.sites().size();
        int perMember = r.grid() != null ? n * r.grid().rows() * r.grid().columns() : n * sites;
        float[] out = new float[Math.max(1, members) * perMember];
        Arrays.fill(out, NetcdfOut.FILL_FLOAT);
        for (int m = 0; m < g.members().size(); m++) {
            Float[][] v = g.members().get(m).values();
            int base = m * perMember;
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < sites; j++) {
                    Float x = v[t][j];
                    if (x == null || x.isNaN()) {
                        continue;
                    }
                    if (r.grid() != null) {
                        Site c = r.sites().get(j);
                        GridWindow w = r.grid();
                        out[base + (t * w.rows() + c.row() - w.row0()) * w.columns() + c.column() - w.column0()] = x;
                    } else if (r.track()) {
                        out[base + t] = x;
                    } else {
                        out[base + j * n + t] = x;
                    }
                }
            }
        }
        return out;
    }

    private static void time(NetcdfOut nc, EdrResult r) {
        nc.doubles("time", "time", new int[] {r.times().size()}, () -> seconds(r.times().toArray(Instant[]::new)))
                .attr("standard_name", "time").attr("units", TIME_UNITS).attr("calendar", "gregorian").attr("axis", "T");
    }

    /** {@code forecast_reference_time} and {@code forecast_period} of each validity time (fill where no file answered). */
    private static void runs(NetcdfOut nc, String prefix, String dim, EdrResult r, Instant[] runs) {
        int n = runs.length;
        nc.doubles(prefix + "forecast_reference_time", dim, new int[] {n}, () -> seconds(runs))
                .attr("standard_name", "forecast_reference_time").attr("units", TIME_UNITS).attr("calendar", "gregorian")
                .attr("_FillValue", NetcdfOut.FILL_DOUBLE);
        nc.ints(prefix + "forecast_period", dim, new int[] {n}, () -> {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = runs[i] == null ? NetcdfOut.FILL_INT
                        : (int) (r.times().get(i).getEpochSecond() - runs[i].getEpochSecond());
            }
            return out;
        }).attr("standard_name", "forecast_period").attr("units", "seconds").attr("_FillValue", NetcdfOut.FILL_INT);
    }

    /** A scalar coordinate for the series' level, named for it; its name for {@code coordinates} (with a space). */
    private static String level(NetcdfOut nc, Series s) {
        if (s.level() == null) {
            return "";
        }
        String name = (s.levelIsPressure() ? "pressure_" : "height_") + Slices.number(s.level()).replace('.', 'p')
                + (s.levelIsPressure() ? "Pa" : "m");
        if (!nc.has(name)) {
            nc.doubles(name, "", new int[0], () -> new double[] {s.level()})
                    .attr("standard_name", s.levelIsPressure() ? "air_pressure" : "height").attr("units", s.levelIsPressure() ? "Pa" : "m")
                    .attr("positive", s.levelIsPressure() ? "down" : "up").attr("axis", "Z");
        }
        return " " + name;
    }

    private static void axis(NetcdfOut nc, String name, String axis, String units, int length,
            java.util.function.IntToDoubleFunction value) {
        nc.doubles(name, name, new int[] {length}, () -> {
            double[] v = new double[length];
            for (int i = 0; i < length; i++) {
                v[i] = value.applyAsDouble(i);
            }
            return v;
        }).attr("standard_name", name).attr("units", units).attr("axis", axis);
    }

    /** 2-D latitude and longitude of a projected grid's cell centres (CF's auxiliary coordinates). */
    private static void latLon(NetcdfOut nc, GridWindow w, String dims) {
        int[] shape = {w.rows(), w.columns()};
        double[][] ll = new double[w.rows() * w.columns()][];
        Runnable fill = () -> {
            double[] xs = new double[ll.length];
            double[] ys = new double[ll.length];
            for (int row = 0; row < w.rows(); row++) {
                for (int c = 0; c < w.columns(); c++) {
                    xs[row * w.columns() + c] = GridCells.centre(w.grid().x(), w.column0() + c);
                    ys[row * w.columns() + c] = GridCells.centre(w.grid().y(), w.row0() + row);
                }
            }
            System.arraycopy(w.grid().projection().toGeographic(xs, ys), 0, ll, 0, ll.length);
        };
        nc.doubles("latitude", dims, shape, () -> {
            fill.run();
            return Arrays.stream(ll).mapToDouble(p -> p[0]).toArray();
        }).attr("standard_name", "latitude").attr("units", "degrees_north");
        nc.doubles("longitude", dims, shape, () -> Arrays.stream(ll).mapToDouble(p -> p[1]).toArray())
                .attr("standard_name", "longitude").attr("units", "degrees_east");
    }

    private static void siteCoordinates(NetcdfOut nc, EdrResult r, String dim) {
        int n = r.sites().size();
        nc.doubles("latitude", dim, new int[] {n}, () -> r.sites().stream().mapToDouble(Site::latitude).toArray())
                .attr("standard_name", "latitude").attr("units", "degrees_north").attr("axis", "Y");
        nc.doubles("longitude", dim, new int[] {n}, () -> r.sites().stream().mapToDouble(Site::longitude).toArray())
                .attr("standard_name", "longitude").attr("units", "degrees_east").attr("axis", "X");
    }

    /** The file's own cell methods, and for an ensemble statistic the one over the members (CF's {@code realization: mean}). */
    private static String cellMethods(Series s) {
        String over = s.statistic() == null ? null : switch (s.statistic()) {
            case "mean" -> "realization: mean";
            case "std" -> "realization: standard_deviation";
            case "min" -> "realization: minimum";
            case "max" -> "realization: maximum";
            default -> null;
        };
        return s.cellMethods() == null ? over : over == null ? s.cellMethods() : s.cellMethods() + " " + over;
    }

    private static void globals(NetcdfOut nc, EdrResult r, String request, Instant now, String featureType) {
        nc.global("Conventions", "CF-1.8");
        nc.global("title", "Met Office " + r.model() + " forecast, subset by Isobar (OGC API - EDR)");
        nc.global("institution", "Met Office (forecast); Isobar (subset)");
        nc.global("source", "Met Office " + r.model() + " forecast files, as archived by Isobar");
        nc.global("history", now + " Isobar: " + request);
        nc.global("featureType", featureType);
        nc.global("collection", r.model());
        nc.global("request", request);
        List<ForecastFile> files = r.files();
        nc.global("forecast_reference_times", files.stream().map(f -> f.forecastReferenceTime().toString()).distinct().sorted()
                .collect(Collectors.joining(" ")));
        nc.global("source_uris", files.stream().map(ForecastFile::uri).collect(Collectors.joining(" ")));
        nc.global("met_office_uris", files.stream().map(ForecastFile::sourceUri).filter(Objects::nonNull)
                .collect(Collectors.joining(" ")));
    }

    private static double[] seconds(Instant[] times) {
        double[] out = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            out[i] = times[i] == null ? NetcdfOut.FILL_DOUBLE : times[i].getEpochSecond();
        }
        return out;
    }
}
