package io.isobar.query.edr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import io.isobar.query.http.ApiProblem;

/**
 * {@code coords} given as a GeoJSON geometry (RFC 7946: {@code Point}, {@code MultiPoint}, {@code LineString},
 * {@code MultiLineString}, {@code Polygon}, {@code MultiPolygon}; positions longitude first, an optional third number a
 * height), read into the same geometry a WKT {@code coords} gives, so every query type checks it the same way. Mostly
 * sent in a POST's JSON body, where it may be an object rather than a string. Each failure is a 400
 * {@code invalid-geometry} in the API's words.
 */
final class GeoJsonGeometry {

    private static final GeometryFactory GEOMETRY = new GeometryFactory();
    private static final String FORMS = "e.g. {\"type\": \"Point\", \"coordinates\": [-3.1883, 55.9533]} or {\"type\":"
            + " \"Polygon\", \"coordinates\": [[[-1, 51], [0, 51], [0, 52], [-1, 51]]]} (longitude first)";

    private GeoJsonGeometry() {}

    /** Whether {@code coords} is written as GeoJSON (a JSON object) rather than WKT. */
    static boolean isGeoJson(String coords) {
        return coords.stripLeading().startsWith("{");
    }

    /** The geometry of a GeoJSON text. */
    static Geometry read(String json) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw invalid("is not valid JSON").withLog("JSON parser: " + e.getMessage());
        }
        return geometry(node);
    }

    private static Geometry geometry(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            throw invalid("has no \"type\"");
        }
        String type = node.path("type").textValue();
        JsonNode c = node.path("coordinates");
        if (!c.isArray()) {
            throw invalid("(a " + EdrParams.shorten(type) + ") has no \"coordinates\" array");
        }
        return switch (type) {
            case "Point" -> GEOMETRY.createPoint(position(c));
            case "MultiPoint" -> GEOMETRY.createMultiPoint(each(c, p -> GEOMETRY.createPoint(position(p))).toArray(Point[]::new));
            case "LineString" -> line(c);
            case "MultiLineString" -> GEOMETRY.createMultiLineString(each(c, GeoJsonGeometry::line).toArray(LineString[]::new));
            case "Polygon" -> polygon(c);
            case "MultiPolygon" -> GEOMETRY.createMultiPolygon(each(c, GeoJsonGeometry::polygon).toArray(Polygon[]::new));
            default -> throw invalid("is a '" + EdrParams.shorten(type) + "'; the geometry types are Point, MultiPoint,"
                    + " LineString, MultiLineString, Polygon and MultiPolygon");
        };
    }

    private static LineString line(JsonNode c) {
        List<Coordinate> points = positions(c);
        if (points.size() < 2) {
            throw invalid("has a LineString of fewer than 2 positions");
        }
        return GEOMETRY.createLineString(points.toArray(Coordinate[]::new));
    }

    private static Polygon polygon(JsonNode c) {
        if (!c.isArray() || c.isEmpty()) {
            throw invalid("has a Polygon without rings");
        }
        List<LinearRing> rings = each(c, r -> {
            List<Coordinate> ring = positions(r);
            if (ring.size() < 4 || !ring.get(0).equals2D(ring.get(ring.size() - 1))) {
                throw invalid("has a Polygon ring that is not closed (at least 4 positions, the last equal to the first)");
            }
            return GEOMETRY.createLinearRing(ring.toArray(Coordinate[]::new));
        });
        return GEOMETRY.createPolygon(rings.get(0), rings.subList(1, rings.size()).toArray(LinearRing[]::new));
    }

    private static List<Coordinate> positions(JsonNode c) {
        return each(c, GeoJsonGeometry::position);
    }

    /** One position: longitude, latitude and, if given, a height. */
    private static Coordinate position(JsonNode p) {
        if (!p.isArray() || p.size() < 2 || p.size() > 3) {
            throw invalid("has a position that is not [longitude, latitude] (or [longitude, latitude, height])");
        }
        for (JsonNode n : p) {
            if (!n.isNumber()) {
                throw invalid("has a position with something else than numbers");
            }
        }
        return p.size() == 3 ? new Coordinate(p.get(0).asDouble(), p.get(1).asDouble(), p.get(2).asDouble())
                : new Coordinate(p.get(0).asDouble(), p.get(1).asDouble());
    }

    private static <T> List<T> each(JsonNode array, java.util.function.Function<JsonNode, T> item) {
        if (!array.isArray()) {
            throw invalid("has \"coordinates\" nested unlike its type");
        }
        List<T> out = new ArrayList<>(array.size());
        array.forEach(n -> out.add(item.apply(n)));
        return out;
    }

    private static ApiProblem invalid(String what) {
        return new ApiProblem(400, "invalid-geometry", "Invalid geometry", "Parameter 'coords' as GeoJSON " + what + "; " + FORMS);
    }
}
