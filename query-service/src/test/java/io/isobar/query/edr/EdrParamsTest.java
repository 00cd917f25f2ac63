package io.isobar.query.edr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

import io.isobar.query.forecast.GreatCircle;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Limits;
import io.isobar.query.http.Params;

class EdrParamsTest {

    @Test
    void instanceIdsAreRunTimes() {
        assertThat(EdrParams.instanceId("20251118T030000Z")).isEqualTo(Instant.parse("2025-11-18T03:00:00Z"));
        assertThat(EdrParams.instanceId(Instant.parse("2025-11-18T03:00:00Z"))).isEqualTo("20251118T030000Z");
        for (String bad : new String[] {"2025-11-18T03:00:00Z", "20251118T0300Z", "20251318T030000Z", "x"}) {
            assertThatThrownBy(() -> EdrParams.instanceId(bad)).isInstanceOf(ApiProblem.class)
                    .satisfies(e -> assertThat(((ApiProblem) e).status()).isEqualTo(404));
        }
    }

    @Test
    void aCircleHasItsRadiusAllRound() {
        Coordinate centre = new Coordinate(-3.1883, 55.9533);
        Polygon circle = EdrGeometry.circle(centre, 10_000);
        assertThat(circle.isValid()).isTrue();
        for (Coordinate c : circle.getCoordinates()) {
            assertThat(GreatCircle.distance(centre.y, centre.x, c.y, c.x)).isBetween(9_999.0, 10_001.0);
        }
    }

    @Test
    void fChoosesTheFormatAndWithoutItTheAcceptHeaderDoesByItsWeights() {
        assertThat(EdrParams.format(params("f=GeoJSON"), "text/csv")).isEqualTo(EdrParams.Format.GEO_JSON);
        assertThat(EdrParams.format(params(""), null)).isEqualTo(EdrParams.Format.COVERAGE_JSON);
        assertThat(EdrParams.format(params(""), "text/csv")).isEqualTo(EdrParams.Format.CSV);
        assertThat(EdrParams.format(params(""), "application/geo+json")).isEqualTo(EdrParams.Format.GEO_JSON);
        assertThat(EdrParams.format(params(""), "application/prs.coverage+json")).isEqualTo(EdrParams.Format.COVERAGE_JSON);
        assertThat(EdrParams.format(params(""), "text/csv;q=0.5, application/geo+json;q=0.9"))
                .isEqualTo(EdrParams.Format.GEO_JSON);
        assertThat(EdrParams.format(params(""), "image/png, text/csv;q=0.1")).isEqualTo(EdrParams.Format.CSV);
        // A browser's header: HTML is not offered, so its */* takes the default.
        assertThat(EdrParams.format(params(""), "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
                .isEqualTo(EdrParams.Format.COVERAGE_JSON);
    }

    @Test
    void anAcceptHeaderThatAdmitsNoFormatIsA406NamingThem() {
        for (String accept : new String[] {"image/png", "text/csv;q=0", "application/xml;q=bad"}) {
            assertThatThrownBy(() -> EdrParams.format(params(""), accept)).isInstanceOf(ApiProblem.class)
                    .satisfies(e -> assertThat(((ApiProblem) e).status()).isEqualTo(406))
                    .hasMessageContaining("application/vnd.cov+json").hasMessageContaining("f=");
        }
    }

    @Test
    void geometriesAtTheirLimitsAreTakenAndOneMoreIs413() {
        assertThat(EdrGeometry.points(coords(multipoint(Limits.POINTS)))).hasSize(Limits.POINTS);
        assertTooLarge(() -> EdrGeometry.points(coords(multipoint(Limits.POINTS + 1))), Limits.POINTS + 1 + " points");

        String atLimit = starPolygon(Limits.POLYGON_VERTICES - 1);
        assertThat(atLimit.length()).as("a polygon at the vertex limit fits in the WKT limit").isLessThanOrEqualTo(Limits.WKT_CHARS);
        assertThat(EdrGeometry.polygon(coords(atLimit)).getNumPoints()).isEqualTo(Limits.POLYGON_VERTICES);
        assertTooLarge(() -> EdrGeometry.polygon(coords(starPolygon(Limits.POLYGON_VERTICES))), Limits.POLYGON_VERTICES + 1 + " vertices");

        String point = "POINT(-3.1883 55.9533";
        String longest = point + "0".repeat(Limits.WKT_CHARS - point.length() - 1) + ")";
        assertThat(longest).hasSize(Limits.WKT_CHARS);
        assertThat(EdrGeometry.centre(coords(longest)).y).isEqualTo(55.9533);
        assertTooLarge(() -> EdrGeometry.centre(coords(longest.replace("(-3", "(-3.0"))), (Limits.WKT_CHARS + 2) + " characters");
    }

    @Test
    void pathsAtTheirLimitsAreTakenAndOneMoreIs413() {
        assertThat(EdrGeometry.line(coords(linestring(Limits.PATH_VERTICES))).vertices()).hasSize(Limits.PATH_VERTICES);
        assertTooLarge(() -> EdrGeometry.line(coords(linestring(Limits.PATH_VERTICES + 1))), Limits.PATH_VERTICES + 1 + " vertices");

        // A path of 1000.75 km (9 degrees of a meridian): every-km=0.1001 adds 9997 points to its 2 vertices (9999 places);
        // every-km=0.1 would add 10007.
        String path = "coords=" + java.net.URLEncoder.encode("LINESTRING(0 0, 0 9)", java.nio.charset.StandardCharsets.UTF_8)
                + "&datetime=2025-06-14T01:00:00Z&every-km=";
        double metres = GreatCircle.distance(0, 0, 9, 0);
        assertThat(EdrPaths.trajectory(Params.of(path + "0.1001", EdrParams.allowed(EdrPaths.TRAJECTORY))).waypoints())
                .hasSize(2 + (int) Math.floor(metres / 100.1));
        assertThat(2 + (int) Math.floor(metres / 100.1)).isLessThanOrEqualTo(Limits.PATH_POINTS);
        assertTooLarge(() -> EdrPaths.trajectory(Params.of(path + "0.1", EdrParams.allowed(EdrPaths.TRAJECTORY))), "every-km");
    }

    /** A LINESTRING of {@code n} vertices on whole degrees (short, so that 10,001 of them stay within the WKT limit). */
    private static String linestring(int n) {
        StringBuilder wkt = new StringBuilder("LINESTRING(");
        for (int i = 0; i < n; i++) {
            wkt.append(i > 0 ? "," : "").append(i % 360 - 180).append(' ').append(i / 360 % 170 - 85);
        }
        return wkt.append(')').toString();
    }

    private static void assertTooLarge(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String says) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(413);
            assertThat(p.type()).isEqualTo("too-large");
            assertThat(p.detail()).contains(says);
        });
    }

    private static Params coords(String wkt) {
        return Params.of("coords=" + java.net.URLEncoder.encode(wkt, java.nio.charset.StandardCharsets.UTF_8),
                EdrParams.allowed("coords"));
    }

    private static String multipoint(int n) {
        StringBuilder wkt = new StringBuilder("MULTIPOINT(");
        for (int i = 0; i < n; i++) {
            wkt.append(i > 0 ? "," : "").append('(').append(-3 + i % 10 * 0.1).append(' ').append(55 + i / 10 * 0.01).append(')');
        }
        return wkt.append(')').toString();
    }

    /**
     * A simple polygon of {@code n} distinct integer vertices (and the closing one): points spread around a centre
     * that no vertex shares an angle with, taken in order of their angle (a star-shaped polygon never crosses itself).
     */
    private static String starPolygon(int n) {
        java.util.Random random = new java.util.Random(20);
        java.util.TreeMap<Double, int[]> byAngle = new java.util.TreeMap<>();
        while (byAngle.size() < n) {
            int lon = random.nextInt(540) - 180;
            int lat = random.nextInt(179) - 89;
            byAngle.putIfAbsent(Math.atan2(lat - 0.5, lon - 90.5), new int[] {lon, lat});
        }
        StringBuilder wkt = new StringBuilder("POLYGON((");
        for (int[] v : byAngle.values()) {
            wkt.append(v[0]).append(' ').append(v[1]).append(',');
        }
        int[] first = byAngle.firstEntry().getValue();
        return wkt.append(first[0]).append(' ').append(first[1]).append("))").toString();
    }

    private static Params params(String query) {
        return Params.of(query, EdrParams.allowed());
    }
}
