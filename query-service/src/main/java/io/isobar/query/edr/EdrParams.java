package io.isobar.query.edr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.forecast.GreatCircle;
import io.isobar.query.forecast.Selection;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Csv;
import io.isobar.query.http.Limits;
import io.isobar.query.http.Params;
import io.isobar.query.http.TimeParam;

/**
 * The EDR query parameters, parsed and checked: {@code coords} (WKT, longitude first, CRS84), {@code datetime}
 * (an instant, {@code start/end}, {@code ../end} or {@code start/..}), {@code parameter-name}, {@code z},
 * {@code crs}, {@code f}, {@code within}/{@code within-units}, {@code bbox}; and Isobar's additions
 * {@code realization}, {@code stats}, {@code percentiles}, {@code threshold}. Each failure is a 400 naming the
 * parameter and what it accepts.
 */
final class EdrParams {

    /** Output formats, as {@code f} names them. */
    enum Format {
        COVERAGE_JSON("CoverageJSON", "application/vnd.cov+json"),
        GEO_JSON("GeoJSON", "application/geo+json"),
        CSV("CSV", Csv.MEDIA_TYPE);

        final String apiName;
        final String mediaType;

        Format(String apiName, String mediaType) {
            this.apiName = apiName;
            this.mediaType = mediaType;
        }

        static List<String> names() {
            return List.of(COVERAGE_JSON.apiName, GEO_JSON.apiName, CSV.apiName);
        }
    }

    /**
     * The validity times asked for: one instant ({@code from == to}, {@code instant}), or a range whose open ends
     * are empty.
     */
    record Datetime(Optional<Instant> from, Optional<Instant> to, boolean instant) {

        static Datetime any() {
            return new Datetime(Optional.empty(), Optional.empty(), false);
        }

        boolean given() {
            return from.isPresent() || to.isPresent();
        }
    }

    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    static final Set<String> COMMON = Set.of("datetime", "parameter-name", "z", "crs", "f", "realization", "units", "stats", "percentiles",
            "threshold");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d{1,12}(\\.\\d{0,20})?|\\.\\d{1,20})");
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private EdrParams() {}

    static Set<String> allowed(String... extra) {
        Set<String> all = new LinkedHashSet<>(COMMON);
        all.addAll(List.of(extra));
        return all;
    }

    /**
     * The response format: the {@code f} parameter when given, else the best type of the request's {@code Accept}
     * header (by its q-values, CoverageJSON for {@code application/json} and wildcards), else CoverageJSON. An
     * {@code Accept} that admits none of the formats is a 406 naming them.
     */
    static Format format(Params params, String accept) {
        Optional<String> f = params.raw("f");
        if (f.isPresent()) {
            String v = f.get();
            for (Format format : Format.values()) {
                if (format.apiName.equalsIgnoreCase(v) || (format == Format.COVERAGE_JSON && v.equalsIgnoreCase("covjson"))) {
                    return format;
                }
            }
            throw ApiProblem.invalidParameter("Query parameter 'f' must be one of " + String.join(", ", Format.names())
                    + ", not '" + shorten(v) + "'");
        }
        if (accept == null || accept.isBlank()) {
            return Format.COVERAGE_JSON;
        }
        record Range(String type, double q, int order) {}
        List<Range> ranges = new ArrayList<>();
        String[] parts = accept.split(",");
        for (int i = 0; i < parts.length; i++) {
            String[] fields = parts[i].split(";");
            String type = fields[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int k = 1; k < fields.length; k++) {
                String param = fields[k].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0; // a malformed weight admits nothing, as RFC 9110 lets a server decide
                    }
                }
            }
            if (!type.isEmpty() && q > 0) {
                ranges.add(new Range(type, q, i));
            }
        }
        ranges.sort(Comparator.comparingDouble(Range::q).reversed().thenComparingInt(Range::order));
        for (Range r : ranges) {
            Format match = switch (r.type()) {
                case "application/vnd.cov+json", "application/prs.coverage+json", "application/json", "application/*", "*/*" ->
                        Format.COVERAGE_JSON;
                case "application/geo+json" -> Format.GEO_JSON;
                case "text/csv", "text/*" -> Format.CSV;
                default -> null;
            };
            if (match != null) {
                return match;
            }
        }
        throw new ApiProblem(406, "not-acceptable", "Not acceptable", "The Accept header '" + shorten(accept)
                + "' admits none of the formats of this query: " + Format.COVERAGE_JSON.mediaType + " (CoverageJSON), "
                + Format.GEO_JSON.mediaType + " (GeoJSON), " + Format.CSV.mediaType + " (CSV); or choose one with f="
                + String.join("|", Format.names()));
    }

    static void crs(Params params) {
        params.raw("crs").ifPresent(v -> {
            String c = v.trim();
            if (!(c.equalsIgnoreCase("CRS84") || c.equalsIgnoreCase("OGC:CRS84") || c.equals(CRS84))) {
                throw ApiProblem.invalidParameter("Query parameter 'crs' must be CRS84 (" + CRS84 + "), the only CRS offered,"
                        + " not '" + shorten(v) + "'");
            }
        });
    }

    /** {@code units}: comma-separated units, each checked to be one UDUNITS reads; empty when absent. */
    static List<String> units(Params params) {
        return params.raw("units").map(v -> java.util.Arrays.stream(v.split(",", -1)).map(String::strip)
                .map(u -> io.isobar.query.units.UnitsParam.asked(Optional.of(u)).orElseThrow()).toList()).orElse(List.of());
    }

    /** The forms of {@code datetime}, each with an example. */
    static final String DATETIME_FORMS = "Give an instant (2026-12-06T12:00:00Z), an interval start/end"
            + " (2026-12-06T00:00:00Z/2026-12-07T00:00:00Z), or one open at an end (../2026-12-07T00:00:00Z,"
            + " 2026-12-06T00:00:00Z/..); times are ISO-8601 with Z or an offset, or YYYYMMDDTHHMMZ";

    static Datetime datetime(Params params) {
        Optional<String> raw = params.raw("datetime");
        if (raw.isEmpty()) {
            return Datetime.any();
        }
        String v = raw.get();
        int slash = v.indexOf('/');
        if (slash < 0) {
            Instant t = TimeParam.parse("query parameter 'datetime'", v);
            return new Datetime(Optional.of(t), Optional.of(t), true);
        }
        String a = v.substring(0, slash);
        String b = v.substring(slash + 1);
        if (b.contains("/")) {
            // Most likely a calendar date (06/12/2026), not an interval.
            throw ApiProblem.invalidParameter("Query parameter 'datetime' is not a time or an interval: '" + shorten(v)
                    + "'. " + DATETIME_FORMS);
        }
        Optional<Instant> from = a.equals("..") || a.isEmpty() ? Optional.empty()
                : Optional.of(TimeParam.parse("the start of query parameter 'datetime'", a));
        Optional<Instant> to = b.equals("..") || b.isEmpty() ? Optional.empty()
                : Optional.of(TimeParam.parse("the end of query parameter 'datetime'", b));
        if (from.isEmpty() && to.isEmpty()) {
            throw ApiProblem.invalidParameter("Query parameter 'datetime' is open at both ends ('" + shorten(v)
                    + "'). " + DATETIME_FORMS);
        }
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw ApiProblem.invalidParameter("Query parameter 'datetime' starts (" + from.get() + ") after it ends (" + to.get() + ")");
        }
        return new Datetime(from, to, false);
    }

    /** The parameter names asked for, in order, without repeats; empty when none are named. */
    static List<String> parameterNames(Params params) {
        Optional<String> raw = params.raw("parameter-name");
        if (raw.isEmpty()) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String s : raw.get().split(",", -1)) {
            String name = s.trim();
            if (name.isEmpty()) {
                throw ApiProblem.invalidParameter("Query parameter 'parameter-name' has an empty name; give names separated by commas");
            }
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}")) {
                throw ApiProblem.invalidParameter("Query parameter 'parameter-name' has '" + shorten(name)
                        + "', which is not a parameter name (CF variable names such as air_temperature)");
            }
            names.add(name);
        }
        if (names.size() > Limits.PARAMETER_NAMES) {
            throw ApiProblem.invalidParameter("Query parameter 'parameter-name' names " + names.size() + " parameters; at most "
                    + Limits.PARAMETER_NAMES);
        }
        return List.copyOf(names);
    }

    static Selection selection(Params params) {
        Optional<Double> z = params.raw("z").map(v -> {
            if (!NUMBER.matcher(v).matches()) {
                throw ApiProblem.invalidParameter("Query parameter 'z' must be one level, a decimal number (a height in m or a"
                        + " pressure in Pa, as the collection's vertical extent lists), not '" + shorten(v) + "'");
            }
            return Double.parseDouble(v);
        });
        return new Selection(params.integer("realization", 0, 1_000_000), Optional.empty(), Optional.empty(), z);
    }

    static EnsembleStatistics statistics(Params params) {
        return EnsembleStatistics.parse(params.raw("stats"), params.raw("percentiles"), params.raw("threshold"));
    }

    /** {@code coords} of a position query: a POINT or a MULTIPOINT, as longitude/latitude pairs. */
    static List<Coordinate> points(Params params) {
        Geometry g = wkt(params.required("coords", "a WKT POINT(lon lat) or MULTIPOINT((lon lat),(lon lat))"));
        if (g.isEmpty()) {
            throw ApiProblem.invalidParameter("Query parameter 'coords' is an empty geometry; give at least one point");
        }
        List<Coordinate> points = new ArrayList<>();
        if (g instanceof Point p) {
            points.add(p.getCoordinate());
        } else if (g instanceof MultiPoint mp) {
            if (mp.getNumGeometries() > Limits.POINTS) {
                throw tooLarge("The MULTIPOINT has " + mp.getNumGeometries() + " points; the limit is " + Limits.POINTS + " per request");
            }
            for (int i = 0; i < mp.getNumGeometries(); i++) {
                if (mp.getGeometryN(i).isEmpty()) {
                    throw ApiProblem.invalidParameter("Query parameter 'coords' has an empty point in its MULTIPOINT");
                }
                points.add(mp.getGeometryN(i).getCoordinate());
            }
        } else {
            throw ApiProblem.invalidParameter("Query parameter 'coords' of a position query must be a POINT or a MULTIPOINT, not a "
                    + g.getGeometryType().toUpperCase(Locale.ROOT));
        }
        if (points.isEmpty()) {
            throw ApiProblem.invalidParameter("Query parameter 'coords' is an empty geometry; give at least one point");
        }
        points.forEach(EdrParams::checkLonLat);
        return points;
    }

    /** {@code coords} of a radius query: one POINT. */
    static Coordinate centre(Params params) {
        Point p = coords(params, Point.class, "a WKT POINT(lon lat), the centre of the circle",
                "of a radius query must be one POINT(lon lat)");
        checkLonLat(p.getCoordinate());
        return p.getCoordinate();
    }

    /** {@code within} and {@code within-units} of a radius query, in metres. */
    static double radiusMetres(Params params) {
        String w = params.required("within", "the radius, a positive number in 'within-units'");
        if (!NUMBER.matcher(w).matches() || !(Double.parseDouble(w) > 0)) {
            throw ApiProblem.invalidParameter("Query parameter 'within' must be a positive decimal number, not '" + shorten(w) + "'");
        }
        String units = params.required("within-units", "km, m or mi");
        double factor = switch (units.toLowerCase(Locale.ROOT)) {
            case "km" -> 1000;
            case "m" -> 1;
            case "mi" -> 1609.344;
            default -> throw ApiProblem.invalidParameter("Query parameter 'within-units' must be km, m or mi, not '" + shorten(units) + "'");
        };
        double metres = Double.parseDouble(w) * factor;
        if (metres > Limits.RADIUS_METRES) {
            throw ApiProblem.invalidParameter("Query parameter 'within' is more than " + Math.round(Limits.RADIUS_METRES / 1000)
                    + " km; ask for a smaller radius");
        }
        return metres;
    }

    /** {@code coords} of an area query: a valid (not self-intersecting) POLYGON. */
    static Polygon polygon(Params params) {
        Polygon p = coords(params, Polygon.class, "a WKT POLYGON((lon lat, lon lat, ...))", "of an area query must be a POLYGON");
        if (p.getNumPoints() > Limits.POLYGON_VERTICES) {
            throw tooLarge("The POLYGON has " + p.getNumPoints() + " vertices (every ring's, the closing ones included); the"
                    + " limit is " + Limits.POLYGON_VERTICES + " per request");
        }
        for (Coordinate c : p.getCoordinates()) {
            checkLonLat(c);
        }
        TopologyValidationError error = new IsValidOp(p).getValidationError();
        if (error != null) {
            throw new ApiProblem(400, "invalid-geometry", "Invalid geometry", "The POLYGON in 'coords' is not valid: "
                    + error.getMessage().toLowerCase(Locale.ROOT) + " at (" + error.getCoordinate().x + " " + error.getCoordinate().y
                    + "); give a simple polygon whose edges do not cross");
        }
        return p;
    }

    /** {@code coords} as one non-empty geometry of {@code kind}; else a 400 that says what was given instead. */
    private static <T extends Geometry> T coords(Params params, Class<T> kind, String expected, String mustBe) {
        Geometry g = wkt(params.required("coords", expected));
        if (!kind.isInstance(g) || g.isEmpty()) {
            throw ApiProblem.invalidParameter("Query parameter 'coords' " + mustBe + ", not " + (g.isEmpty() ? "an empty " : "a ")
                    + g.getGeometryType().toUpperCase(Locale.ROOT));
        }
        return kind.cast(g);
    }

    /** {@code bbox} of a cube query ({@code minlon,minlat,maxlon,maxlat}) as a polygon. */
    static Polygon bbox(Params params) {
        String raw = params.required("bbox", "minimum longitude, minimum latitude, maximum longitude, maximum latitude (CRS84)");
        String[] parts = raw.split(",", -1);
        if (parts.length != 4) {
            throw ApiProblem.invalidParameter("Query parameter 'bbox' must be four numbers minlon,minlat,maxlon,maxlat (levels go"
                    + " in 'z'), not '" + shorten(raw) + "'");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            String s = parts[i].trim();
            if (!NUMBER.matcher(s).matches()) {
                throw ApiProblem.invalidParameter("Query parameter 'bbox' has '" + shorten(s) + "', which is not a decimal number");
            }
            v[i] = Double.parseDouble(s);
        }
        checkLonLat(new Coordinate(v[0], v[1]));
        checkLonLat(new Coordinate(v[2], v[3]));
        if (!(v[0] < v[2]) || !(v[1] < v[3])) {
            throw ApiProblem.invalidParameter("Query parameter 'bbox' must have minlon < maxlon and minlat < maxlat: '" + shorten(raw) + "'");
        }
        return GEOMETRY.createPolygon(new Coordinate[] {new Coordinate(v[0], v[1]), new Coordinate(v[2], v[1]),
            new Coordinate(v[2], v[3]), new Coordinate(v[0], v[3]), new Coordinate(v[0], v[1])});
    }

    /** A circle of {@code metres} around {@code centre} as a polygon of 128 points (great-circle destinations). */
    static Polygon circle(Coordinate centre, double metres) {
        int n = 128;
        Coordinate[] ring = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            double[] at = GreatCircle.destination(centre.y, centre.x, 2 * Math.PI * i / n, metres);
            ring[i] = new Coordinate(at[1], at[0]);
        }
        ring[n] = ring[0];
        return GEOMETRY.createPolygon(ring);
    }

    /** An EDR instance id: a run's forecast_reference_time as {@code YYYYMMDDTHHMMSSZ}. */
    static Instant instanceId(String id) {
        if (id == null || !id.matches("\\d{8}T\\d{6}Z")) {
            throw ApiProblem.notFound("No instance '" + shorten(String.valueOf(id)) + "': instance ids are the runs'"
                    + " forecast_reference_time as YYYYMMDDTHHMMSSZ, e.g. 20251118T030000Z; GET .../instances lists them");
        }
        try {
            return java.time.LocalDateTime.parse(id, java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'"))
                    .toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiProblem.notFound("No instance '" + id + "': " + id + " is not a valid time");
        }
    }

    static String instanceId(Instant run) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(run);
    }

    static ApiProblem tooLarge(String detail) {
        return new ApiProblem(413, "too-large", "Request too large", detail);
    }

    private static Geometry wkt(String text) {
        if (text.length() > Limits.WKT_CHARS) {
            throw tooLarge("Query parameter 'coords' is " + text.length() + " characters long; the limit is " + Limits.WKT_CHARS);
        }
        try {
            Geometry g = new WKTReader(GEOMETRY).read(text);
            for (Coordinate c : g.getCoordinates()) {
                if (!Double.isNaN(c.getZ())) {
                    throw ApiProblem.invalidParameter("Query parameter 'coords' has a third coordinate; give longitude and latitude"
                            + " only (levels go in 'z')");
                }
            }
            return g;
        } catch (ParseException | IllegalArgumentException e) {
            throw new ApiProblem(400, "invalid-geometry", "Invalid geometry", "Query parameter 'coords' is not valid WKT ('"
                    + shorten(text) + "'): " + shorten(String.valueOf(e.getMessage())) + "; e.g. POINT(-0.1278 51.5074),"
                    + " MULTIPOINT((-0.1278 51.5074),(-3.1883 55.9533)), POLYGON((-1 51,0 51,0 52,-1 52,-1 51)) (longitude first)");
        }
    }

    private static void checkLonLat(Coordinate c) {
        if (!(c.x >= -180 && c.x <= 360) || !(c.y >= -90 && c.y <= 90)) {
            throw ApiProblem.invalidParameter("The coordinate (" + c.x + " " + c.y + ") is not a longitude/latitude in CRS84:"
                    + " longitude comes first (-180..180), latitude second (-90..90)");
        }
    }

    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
