package io.isobar.query.edr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

import io.isobar.query.forecast.GreatCircle;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Limits;
import io.isobar.query.http.Params;

/**
 * Where an EDR query asks: {@code coords} (WKT or a GeoJSON geometry, longitude first, CRS84) as points, a circle's centre, a polygon or a path,
 * {@code within}/{@code within-units}, and {@code bbox}, parsed and checked. Each failure is a 400 (413 for too many
 * points or too long a text) naming the parameter and what it accepts.
 */
final class EdrGeometry {

    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private EdrGeometry() {}

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
                throw EdrParams.tooLarge("The MULTIPOINT has " + mp.getNumGeometries() + " points; the limit is " + Limits.POINTS
                        + " per request");
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
        points.forEach(EdrGeometry::checkLonLat);
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
        if (!EdrParams.NUMBER.matcher(w).matches() || !(Double.parseDouble(w) > 0)) {
            throw ApiProblem.invalidParameter("Query parameter 'within' must be a positive decimal number, not '" + EdrParams.shorten(w) + "'");
        }
        String units = params.required("within-units", "km, m or mi");
        double factor = switch (units.toLowerCase(Locale.ROOT)) {
            case "km" -> 1000;
            case "m" -> 1;
            case "mi" -> 1609.344;
            default -> throw ApiProblem.invalidParameter("Query parameter 'within-units' must be km, m or mi, not '" + EdrParams.shorten(units) + "'");
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
            throw EdrParams.tooLarge("The POLYGON has " + p.getNumPoints() + " vertices (every ring's, the closing ones included);"
                    + " the limit is " + Limits.POLYGON_VERTICES + " per request");
        }
        for (Coordinate c : p.getCoordinates()) {
            checkLonLat(c);
        }
        TopologyValidationError error = new IsValidOp(p).getValidationError();
        if (error != null) {
            throw new ApiProblem(400, "invalid-geometry", "Invalid geometry", "The POLYGON in 'coords' is not valid: "
                    + invalidity(error) + " at (" + error.getCoordinate().x + " " + error.getCoordinate().y
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
                    + " in 'z'), not '" + EdrParams.shorten(raw) + "'");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            String s = parts[i].trim();
            if (!EdrParams.NUMBER.matcher(s).matches()) {
                throw ApiProblem.invalidParameter("Query parameter 'bbox' has '" + EdrParams.shorten(s) + "', which is not a decimal number");
            }
            v[i] = Double.parseDouble(s);
        }
        checkLonLat(new Coordinate(v[0], v[1]));
        checkLonLat(new Coordinate(v[2], v[3]));
        if (!(v[0] < v[2]) || !(v[1] < v[3])) {
            throw ApiProblem.invalidParameter("Query parameter 'bbox' must have minlon < maxlon and minlat < maxlat: '" + EdrParams.shorten(raw) + "'");
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

    /**
     * A path's vertices, longitude/latitude with the z (a level) and m (a time, epoch seconds) that its WKT gives.
     *
     * @param hasZ whether the vertices have z ({@code LINESTRINGZ}, {@code LINESTRINGZM}, or three plain ordinates)
     * @param hasM whether they have m ({@code LINESTRINGM}, {@code LINESTRINGZM})
     */
    record Line(List<Coordinate> vertices, boolean hasZ, boolean hasM) {}

    /** {@code coords} of a trajectory or corridor query: a LINESTRING, LINESTRINGZ, LINESTRINGM or LINESTRINGZM. */
    static Line line(Params params) {
        String text = params.required("coords", "a WKT LINESTRING(lon lat, lon lat, ...), LINESTRINGZ(lon lat z, ...),"
                + " LINESTRINGM(lon lat epoch_seconds, ...) or LINESTRINGZM(lon lat z epoch_seconds, ...)");
        Geometry g = read(text);
        if (!(g instanceof org.locationtech.jts.geom.LineString line) || g.isEmpty()) {
            throw ApiProblem.invalidParameter("Query parameter 'coords' of a trajectory or corridor query must be a LINESTRING"
                    + " (or LINESTRINGZ, LINESTRINGM, LINESTRINGZM), not " + (g.isEmpty() ? "an empty " : "a ")
                    + g.getGeometryType().toUpperCase(Locale.ROOT));
        }
        Coordinate[] vertices = line.getCoordinates();
        if (vertices.length < 2) {
            throw ApiProblem.invalidParameter("Query parameter 'coords' has a path of " + vertices.length + " vertex; a path needs"
                    + " at least two (for one place, use a position query)");
        }
        if (vertices.length > Limits.PATH_VERTICES) {
            throw EdrParams.tooLarge("The LINESTRING has " + vertices.length + " vertices; the limit is " + Limits.PATH_VERTICES
                    + " per request");
        }
        for (Coordinate c : vertices) {
            checkLonLat(c);
        }
        return new Line(List.of(vertices), !Double.isNaN(vertices[0].getZ()), !Double.isNaN(vertices[0].getM()));
    }

    /** {@code coords} as WKT or, written as a JSON object, GeoJSON ({@link GeoJsonGeometry}): the same geometry. */
    private static Geometry wkt(String text) {
        Geometry g = read(text);
        for (Coordinate c : g.getCoordinates()) {
            if (!Double.isNaN(c.getZ()) || !Double.isNaN(c.getM())) {
                throw ApiProblem.invalidParameter("Query parameter 'coords' has a third coordinate; give longitude and latitude"
                        + " only (levels go in 'z')");
            }
        }
        return g;
    }

    /** WKT or, written as a JSON object, a GeoJSON geometry ({@link GeoJsonGeometry}). */
    private static Geometry read(String text) {
        return GeoJsonGeometry.isGeoJson(text) ? GeoJsonGeometry.read(text) : parseWkt(text);
    }

    private static Geometry parseWkt(String text) {
        if (text.length() > Limits.WKT_CHARS) {
            throw EdrParams.tooLarge("Query parameter 'coords' is " + text.length() + " characters long; the limit is "
                    + Limits.WKT_CHARS);
        }
        try {
            return new WKTReader(GEOMETRY).read(text);
        } catch (ParseException | IllegalArgumentException e) {
            if (String.valueOf(e.getMessage()).contains("points in LineString (found 1")) {
                throw ApiProblem.invalidParameter("Query parameter 'coords' has a path of one vertex; a path needs at least two"
                        + " (for one place, use a position query)");
            }
            // The parser's own message is the log's: the client gets the forms that are accepted.
            throw new ApiProblem(400, "invalid-geometry", "Invalid geometry", "Query parameter 'coords' is not valid WKT ('"
                    + EdrParams.shorten(text) + "'); e.g. POINT(-0.1278 51.5074),"
                    + " MULTIPOINT((-0.1278 51.5074),(-3.1883 55.9533)), POLYGON((-1 51,0 51,0 52,-1 52,-1 51)),"
                    + " LINESTRING(-3.19 55.95,-4.25 55.86) (longitude first), or a GeoJSON geometry").withLog("WKT parser: " + e.getMessage());
        }
    }

    /** What is wrong with a polygon, in the API's words (the geometry library's messages are not). */
    private static String invalidity(TopologyValidationError error) {
        return switch (error.getErrorType()) {
            case TopologyValidationError.SELF_INTERSECTION, TopologyValidationError.RING_SELF_INTERSECTION -> "its edges cross";
            case TopologyValidationError.TOO_FEW_POINTS -> "a ring has too few distinct points";
            case TopologyValidationError.RING_NOT_CLOSED -> "a ring does not end where it starts";
            case TopologyValidationError.HOLE_OUTSIDE_SHELL, TopologyValidationError.NESTED_HOLES,
                    TopologyValidationError.DISCONNECTED_INTERIOR -> "its holes do not lie apart inside it";
            case TopologyValidationError.INVALID_COORDINATE -> "a coordinate is not a number";
            default -> "it is not a simple polygon";
        };
    }

    private static void checkLonLat(Coordinate c) {
        if (!(c.x >= -180 && c.x <= 360) || !(c.y >= -90 && c.y <= 90)) {
            throw ApiProblem.invalidParameter("The coordinate (" + c.x + " " + c.y + ") is not a longitude/latitude in CRS84:"
                    + " longitude comes first (-180..180), latitude second (-90..90)");
        }
    }
}
