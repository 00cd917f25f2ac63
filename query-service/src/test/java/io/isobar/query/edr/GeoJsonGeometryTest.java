package io.isobar.query.edr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

import io.isobar.query.http.ApiProblem;

/** {@code coords} as a GeoJSON geometry is the same geometry as its WKT, and malformed GeoJSON is a 400 in our words. */
class GeoJsonGeometryTest {

    @Test
    void eachGeometryTypeIsTheSameAsItsWkt() throws Exception {
        same("{\"type\":\"Point\",\"coordinates\":[-3.1883,55.9533]}", "POINT(-3.1883 55.9533)");
        same("{\"type\":\"MultiPoint\",\"coordinates\":[[-3.1883,55.9533],[-0.1278,51.5074]]}",
                "MULTIPOINT((-3.1883 55.9533),(-0.1278 51.5074))");
        same("{\"type\":\"LineString\",\"coordinates\":[[-3,55],[-2,54],[-1,53]]}", "LINESTRING(-3 55,-2 54,-1 53)");
        same("{\"type\":\"MultiLineString\",\"coordinates\":[[[-3,55],[-2,54]],[[0,51],[1,52]]]}",
                "MULTILINESTRING((-3 55,-2 54),(0 51,1 52))");
        same("{\"type\":\"Polygon\",\"coordinates\":[[[-1,51],[0,51],[0,52],[-1,52],[-1,51]],"
                + "[[-0.6,51.4],[-0.4,51.4],[-0.4,51.6],[-0.6,51.4]]]}",
                "POLYGON((-1 51,0 51,0 52,-1 52,-1 51),(-0.6 51.4,-0.4 51.4,-0.4 51.6,-0.6 51.4))");
        same("{\"type\":\"MultiPolygon\",\"coordinates\":[[[[-1,51],[0,51],[0,52],[-1,51]]],[[[1,51],[2,51],[2,52],[1,51]]]]}",
                "MULTIPOLYGON(((-1 51,0 51,0 52,-1 51)),((1 51,2 51,2 52,1 51)))");
        assertThat(GeoJsonGeometry.read("{\"type\":\"Point\",\"coordinates\":[-3,55,120]}").getCoordinate().getZ())
                .as("a third number is a height").isEqualTo(120);
        assertThat(GeoJsonGeometry.isGeoJson("  {\"type\":\"Point\"}")).isTrue();
        assertThat(GeoJsonGeometry.isGeoJson("POINT(-3 55)")).isFalse();
    }

    @Test
    void malformedGeoJsonIsA400WithoutTheParsersWords() {
        for (String bad : new String[] {"{\"type\":\"Point\"", "{\"coordinates\":[1,2]}", "{\"type\":\"Point\",\"coordinates\":[1]}",
            "{\"type\":\"Point\",\"coordinates\":[\"a\",2]}", "{\"type\":\"Circle\",\"coordinates\":[1,2]}",
            "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1]]]}", "{\"type\":\"Polygon\",\"coordinates\":[]}",
            "{\"type\":\"LineString\",\"coordinates\":[[0,0]]}", "{\"type\":\"MultiPoint\",\"coordinates\":[1,2]}",
            "{\"type\":\"Point\",\"coordinates\":[1,2,3,4]}"}) {
            assertThatThrownBy(() -> GeoJsonGeometry.read(bad)).as(bad).isInstanceOfSatisfying(ApiProblem.class, p -> {
                assertThat(p.status()).isEqualTo(400);
                assertThat(p.type()).isEqualTo("invalid-geometry");
                assertThat(p.detail()).startsWith("Parameter 'coords' as GeoJSON").doesNotContain("Unexpected", "com.fasterxml",
                        "Exception");
            });
        }
    }

    private static void same(String geoJson, String wkt) throws Exception {
        Geometry fromJson = GeoJsonGeometry.read(geoJson);
        assertThat(fromJson.equalsExact(new WKTReader().read(wkt))).as(geoJson).isTrue();
    }
}
