package io.isobar.query.edr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.locationtech.jts.geom.Coordinate;

import io.isobar.query.forecast.ForecastQuery;
import io.isobar.query.forecast.ForecastQuery.Site;
import io.isobar.query.forecast.ForecastQuery.Waypoint;
import io.isobar.query.forecast.GreatCircle;
import io.isobar.query.forecast.PointSample;
import io.isobar.query.forecast.Readout;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Limits;
import io.isobar.query.http.Params;
import io.isobar.query.http.TimeParam;

/**
 * The paths of EDR trajectory and corridor queries, parsed and checked: {@code coords} (a LINESTRING, with z levels
 * and m times, epoch seconds, as the standard says), the time of a path without m ({@code datetime}: an instant for
 * every vertex, or start/end travelled at a steady speed), points every {@code every-km} along it, the interpolation
 * {@code method}, and a corridor's {@code corridor-width}, {@code corridor-height} and {@code resolution-x}. Each
 * becomes the engine's {@link ForecastQuery.Track} or {@link ForecastQuery.Corridor}.
 */
final class EdrPaths {

    /** The parameters of a trajectory query besides the common ones. */
    static final String[] TRAJECTORY = {"coords", "method", "every-km"};
    /** The parameters of a corridor query besides the common ones. */
    static final String[] CORRIDOR = {"coords", "corridor-width", "width-units", "corridor-height", "height-units",
        "resolution-x", "resolution-z"};
    /** Units of {@code width-units}. */
    static final List<String> WIDTH_UNITS = List.of("km", "m", "mi", "nmi");
    /** Units of {@code height-units}: heights, or pressures for pressure levels. */
    static final List<String> HEIGHT_UNITS = List.of("m", "km", "ft", "Pa", "hPa");
    /** Epoch seconds of year 9999's end, the latest time the API takes. */
    private static final double LATEST = TimeParam.MAX.getEpochSecond();

    private EdrPaths() {}

    /** A trajectory query's track: its vertices, and with {@code every-km} the points between them. */
    static ForecastQuery.Track trajectory(Params params) {
        List<Waypoint> vertices = vertices(params);
        Optional<Double> every = positive(params, "every-km", "the distance in km between the points answered along the path"
                + " (besides its vertices)");
        List<Waypoint> points = every.map(km -> resample(vertices, km * 1000)).orElse(vertices);
        PointSample.Method method = params.raw("method").map(m -> switch (m.toLowerCase(Locale.ROOT)) {
            case "nearest" -> PointSample.Method.NEAREST;
            case "bilinear" -> PointSample.Method.BILINEAR;
            default -> throw ApiProblem.invalidParameter("Query parameter 'method' must be nearest or bilinear, not '"
                    + EdrParams.shorten(m) + "'");
        }).orElse(PointSample.Method.NEAREST);
        return new ForecastQuery.Track(points, method);
    }

    /** A corridor query's band: its path, half its width and (with levels) half its height. */
    static ForecastQuery.Corridor corridor(Params params) {
        List<Waypoint> path = vertices(params);
        double width = distance(params, "corridor-width", "width-units", WIDTH_UNITS, true);
        if (width > Limits.CORRIDOR_WIDTH_METRES) {
            throw ApiProblem.invalidParameter("Query parameter 'corridor-width' is more than "
                    + Math.round(Limits.CORRIDOR_WIDTH_METRES / 1000) + " km; ask for a narrower corridor");
        }
        double halfHeight = 0;
        if (params.raw("corridor-height").isPresent()) {
            if (path.get(0).z() == null) {
                throw ApiProblem.invalidParameter("Query parameter 'corridor-height' needs the path's levels: give coords as"
                        + " LINESTRINGZ or LINESTRINGZM (the height is centred on them)");
            }
            double height = distance(params, "corridor-height", "height-units", HEIGHT_UNITS, false);
            if (height > Limits.CORRIDOR_HEIGHT_METRES && !params.raw("height-units").orElse("").toLowerCase(Locale.ROOT).endsWith("pa")) {
                throw ApiProblem.invalidParameter("Query parameter 'corridor-height' is more than "
                        + Math.round(Limits.CORRIDOR_HEIGHT_METRES) + " m; ask for a lower corridor");
            }
            halfHeight = height / 2;
        } else if (params.raw("height-units").isPresent()) {
            throw ApiProblem.invalidParameter("Query parameter 'height-units' needs 'corridor-height'");
        }
        params.integer("resolution-z", 1, 1_000);
        return new ForecastQuery.Corridor(path, width / 2, halfHeight, Limits.CELLS);
    }

    /**
     * How many trajectories a corridor's answer cuts its width into: {@code resolution-x}, else one per grid cell of the
     * width (the native resolution).
     */
    static int lanes(Params params, Readout readout) {
        Optional<Integer> asked = params.integer("resolution-x", 1, 1_000);
        if (asked.isPresent()) {
            return asked.get();
        }
        double width = 2 * ((ForecastQuery.Corridor) readout.plan().query().where()).halfWidthMetres();
        double step = Math.abs(readout.grid().x().step());
        if (readout.grid().projection().definition().startsWith("+proj=longlat")) {
            double lat = readout.waypoints().get(0).site().latitude();
            step *= Math.toRadians(GreatCircle.EARTH_RADIUS_M) * Math.cos(Math.toRadians(lat));
        }
        return (int) Math.max(1, Math.min(1_000, Math.round(width / Math.max(1, step))));
    }

    /**
     * The path's vertices with their times and levels: m and z from {@code coords}, else {@code datetime} (and EDR's
     * {@code z}, which the selection applies to every vertex). A path whose coords give times or levels takes no
     * datetime or z as well, as the standard says.
     */
    static List<Waypoint> vertices(Params params) {
        EdrGeometry.Line line = EdrGeometry.line(params);
        EdrParams.Datetime datetime = EdrParams.datetime(params);
        String kind = "LINESTRING" + (line.hasZ() ? "Z" : "") + (line.hasM() ? "M" : "");
        if (line.hasM() && datetime.given()) {
            throw ApiProblem.invalidParameter("Query parameter 'datetime' cannot be given with coords " + kind + ": its m values"
                    + " are the path's times (epoch seconds)");
        }
        if (line.hasZ() && params.raw("z").isPresent()) {
            throw ApiProblem.invalidParameter("Query parameter 'z' cannot be given with coords " + kind + ": its z values are"
                    + " the path's levels");
        }
        List<Coordinate> c = line.vertices();
        double[] along = new double[c.size()];
        for (int i = 1; i < c.size(); i++) {
            along[i] = along[i - 1] + GreatCircle.distance(c.get(i - 1).y, c.get(i - 1).x, c.get(i).y, c.get(i).x);
        }
        Instant[] times = new Instant[c.size()];
        if (line.hasM()) {
            for (int i = 0; i < c.size(); i++) {
                double m = c.get(i).getM();
                if (!Double.isFinite(m) || m < 0 || m > LATEST || m != Math.rint(m)) {
                    throw ApiProblem.invalidParameter("The m value of vertex " + (i + 1) + " of coords (" + m + ") is not a time:"
                            + " m is whole seconds since 1970-01-01T00:00:00Z (Unix time), up to the end of year 9999");
                }
                times[i] = Instant.ofEpochSecond((long) m);
                if (i > 0 && times[i].isBefore(times[i - 1])) {
                    throw ApiProblem.invalidParameter("The m values of coords are out of order: vertex " + (i + 1) + " (" + times[i]
                            + ") comes before vertex " + i + " (" + times[i - 1] + "); a path's times must not go backwards");
                }
            }
        } else if (!datetime.given()) {
            throw ApiProblem.invalidParameter("A " + kind + " has no times: give 'datetime' (an instant for every vertex, or"
                    + " start/end, travelled at a steady speed), or coords as LINESTRINGM with each vertex's time");
        } else if (datetime.instant()) {
            java.util.Arrays.fill(times, datetime.from().orElseThrow());
        } else if (datetime.from().isEmpty() || datetime.to().isEmpty()) {
            throw ApiProblem.invalidParameter("Query parameter 'datetime' of a path must be an instant or start/end, not open at"
                    + " an end");
        } else {
            Instant start = datetime.from().get();
            long millis = Duration.between(start, datetime.to().get()).toMillis();
            double total = along[along.length - 1];
            for (int i = 0; i < c.size(); i++) {
                times[i] = start.plusMillis(Math.round(total == 0 ? 0 : millis * along[i] / total));
            }
        }
        List<Waypoint> out = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            Double z = line.hasZ() ? c.get(i).getZ() : null;
            if (z != null && !Double.isFinite(z)) {
                throw ApiProblem.invalidParameter("The z value of vertex " + (i + 1) + " of coords is not a number");
            }
            out.add(new Waypoint(new Site(c.get(i).y, c.get(i).x, null), times[i], z, along[i], 0));
        }
        return out;
    }

    /** The vertices and a point every {@code step} metres (from the start) between them, times and levels interpolated. */
    static List<Waypoint> resample(List<Waypoint> vertices, double step) {
        double total = vertices.get(vertices.size() - 1).along();
        if (total / step + vertices.size() > Limits.PATH_POINTS) {
            throw EdrParams.tooLarge("The path is " + Math.round(total / 1000) + " km long: points every " + step / 1000
                    + " km and its vertices are more than " + Limits.PATH_POINTS + " places; the limit is " + Limits.PATH_POINTS
                    + " per request: ask for a larger every-km");
        }
        List<Waypoint> out = new ArrayList<>();
        out.add(vertices.get(0));
        for (int i = 1; i < vertices.size(); i++) {
            Waypoint a = vertices.get(i - 1);
            Waypoint b = vertices.get(i);
            double length = b.along() - a.along();
            double bearing = GreatCircle.bearing(a.site().latitude(), a.site().longitude(), b.site().latitude(), b.site().longitude());
            for (double d = (Math.floor(a.along() / step) + 1) * step; d < b.along() - 1e-6; d += step) {
                double f = (d - a.along()) / length;
                double[] at = GreatCircle.destination(a.site().latitude(), a.site().longitude(), bearing, d - a.along());
                long millis = Duration.between(a.time(), b.time()).toMillis();
                Double z = a.z() == null ? null : a.z() + f * (b.z() - a.z());
                out.add(new Waypoint(new Site(at[0], at[1], null), a.time().plusMillis(Math.round(millis * f)), z, d, 0));
            }
            out.add(b);
        }
        return out;
    }

    /** A positive number parameter; empty when absent. */
    private static Optional<Double> positive(Params params, String name, String meaning) {
        return params.raw(name).map(v -> {
            if (!EdrParams.NUMBER.matcher(v).matches() || !(Double.parseDouble(v) > 0)) {
                throw ApiProblem.invalidParameter("Query parameter '" + name + "' must be a positive decimal number (" + meaning
                        + "), not '" + EdrParams.shorten(v) + "'");
            }
            return Double.parseDouble(v);
        });
    }

    /**
     * A length parameter and its units, in metres (or pascals for pressure units); both required.
     *
     * @param horizontal whether only distances are accepted
     */
    private static double distance(Params params, String name, String unitsName, List<String> units, boolean horizontal) {
        String v = params.required(name, "a positive number in '" + unitsName + "'");
        if (!EdrParams.NUMBER.matcher(v).matches() || !(Double.parseDouble(v) > 0)) {
            throw ApiProblem.invalidParameter("Query parameter '" + name + "' must be a positive decimal number, not '"
                    + EdrParams.shorten(v) + "'");
        }
        String u = params.required(unitsName, String.join(", ", units));
        double factor = switch (u.toLowerCase(Locale.ROOT)) {
            case "km" -> 1000;
            case "m" -> 1;
            case "mi" -> horizontal ? 1609.344 : Double.NaN;
            case "nmi" -> horizontal ? 1852 : Double.NaN;
            case "ft" -> horizontal ? Double.NaN : 0.3048;
            case "pa" -> horizontal ? Double.NaN : 1;
            case "hpa" -> horizontal ? Double.NaN : 100;
            default -> Double.NaN;
        };
        if (Double.isNaN(factor)) {
            throw ApiProblem.invalidParameter("Query parameter '" + unitsName + "' must be one of " + String.join(", ", units)
                    + ", not '" + EdrParams.shorten(u) + "'");
        }
        return Double.parseDouble(v) * factor;
    }
}
