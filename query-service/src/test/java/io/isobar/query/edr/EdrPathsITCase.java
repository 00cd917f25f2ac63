package io.isobar.query.edr;

import static io.isobar.query.TestApi.q;
import static io.isobar.query.edr.EdrFixture.R0;
import static io.isobar.query.edr.EdrFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.query.QueryServiceTesting;
import io.isobar.query.TestApi;
import io.isobar.query.TestApi.Answer;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.Variable;
import io.isobar.simulator.Variables;

/**
 * EDR trajectories and corridors end to end over simulator files ({@link EdrFixture}): every value is compared with an
 * interpolation the test computes itself from the arrays the simulator wrote (its own projection of each place with
 * proj4j, its own bilinear weights, its own weights in time), every answer is checked as a CoverageJSON Trajectory from
 * the specification ({@link CoverageJsonChecks}), and a corridor's cells with the test's own great-circle distances.
 */
@ExtendWith(LocalAwsExtension.class)
class EdrPathsITCase {

    private static final String LAEA = "+proj=laea +lat_0=54.9 +lon_0=-2.5 +x_0=0 +y_0=0 +a=6378137 +b=6356752.31414036"
            + " +units=m +no_defs";
    private static final double EARTH_RADIUS_M = 6_371_008.8;
    private static final GridSpec GRID = EdrFixture.SMALL;
    private static final String LON_LAT = "+proj=longlat +a=6378137 +b=6356752.31414036 +no_defs";
    private static final CoordinateTransform TO_GRID = transform(LON_LAT, LAEA);
    private static final CoordinateTransform TO_LAT_LON = transform(LAEA, LON_LAT);
    private static EdrFixture fx;

    @TempDir
    static Path dir;

    @BeforeAll
    static void seed(LocalAws aws) throws Exception {
        fx = new EdrFixture(aws, "edrpaths", dir);
    }

    @AfterAll
    static void close() {
        fx.index.close();
    }

    @Test
    void aTrajectoryBetweenForecastStepsIsInterpolatedInSpaceAndTime() {
        // Douglas -> Carlisle -> Newcastle, between forecast steps, across the change of run at R0 + 4 h (best estimate).
        long t0 = at(1).plusSeconds(1800).getEpochSecond();
        long t1 = at(3).plusSeconds(1200).getEpochSecond();
        long t2 = at(5).plusSeconds(2700).getEpochSecond();
        String coords = "LINESTRINGM(-4.4861 54.1523 " + t0 + ", -2.9329 54.8925 " + t1 + ", -1.6178 54.9783 " + t2 + ")";
        QueryServiceTesting.test(fx.index.service(), api -> {
            JsonNode cov = ok(api, "/edr/collections/ukv/trajectory?coords=" + q(coords) + "&parameter-name="
                    + q("air_temperature,wind_speed") + "&method=bilinear&every-km=25");
            assertThat(CoverageJsonChecks.check(cov)).isEqualTo("Trajectory");
            JsonNode tuples = cov.at("/domain/axes/composite/values");
            assertThat(cov.at("/domain/axes/composite/coordinates")).extracting(JsonNode::asText).containsExactly("t", "x", "y");
            // The vertices come first, last and in between, at their own times; points every 25 km lie between them.
            assertThat(tuples.get(0).get(0).asText()).isEqualTo(Instant.ofEpochSecond(t0).toString());
            assertThat(tuples.get(0).get(1).asDouble()).isEqualTo(-4.4861, within(1e-6));
            assertThat(tuples.get(tuples.size() - 1).get(0).asText()).isEqualTo(Instant.ofEpochSecond(t2).toString());
            double length = distance(54.1523, -4.4861, 54.8925, -2.9329) + distance(54.8925, -2.9329, 54.9783, -1.6178);
            assertThat(tuples.size()).isEqualTo(3 + (int) Math.floor((length - 1e-6) / 25_000));
            for (int i = 1; i < tuples.size(); i++) {
                double step = distance(tuples.get(i - 1).get(2).asDouble(), tuples.get(i - 1).get(1).asDouble(),
                        tuples.get(i).get(2).asDouble(), tuples.get(i).get(1).asDouble());
                assertThat(step).as("step %d", i).isLessThanOrEqualTo(25_001);
            }
            int interpolatedInTime = 0;
            double largestBilinearEffect = 0;
            for (Variable v : List.of(Variables.TEMPERATURE_AT_SCREEN_LEVEL, Variables.WIND_SPEED_AT_10M)) {
                JsonNode values = cov.at("/ranges/" + v.name() + "/values");
                JsonNode sources = cov.at("/isobar:sources/" + v.name());
                assertThat(values).hasSize(tuples.size());
                for (int i = 0; i < tuples.size(); i++) {
                    Instant t = Instant.parse(tuples.get(i).get(0).asText());
                    double lon = tuples.get(i).get(1).asDouble();
                    double lat = tuples.get(i).get(2).asDouble();
                    Instant before = at((int) Duration.between(R0, t).toHours());
                    Instant after = before.plus(Duration.ofHours(1));
                    double w = (double) Duration.between(before, t).toMillis() / Duration.ofHours(1).toMillis();
                    ForecastFileSpec s0 = fx.spec("ukv", v, before, null);
                    ForecastFileSpec s1 = fx.spec("ukv", v, after, null);
                    double[] rc = rowColumn(lat, lon);
                    double expected = (1 - w) * bilinear(s0, v, rc) + (w == 0 ? 0 : w * bilinear(s1, v, rc));
                    assertThat(values.get(i).asDouble()).as("%s at %s (%s %s)", v.name(), t, lon, lat).isCloseTo(expected, within(2e-3));
                    largestBilinearEffect = Math.max(largestBilinearEffect, Math.abs(expected - ((1 - w) * nearest(s0, v, rc)
                            + (w == 0 ? 0 : w * nearest(s1, v, rc)))));
                    // Which files answered, with their weights: the earlier and the later validity time.
                    JsonNode files = sources.get(i);
                    assertThat(files.get(0).path("uri").asText()).isEqualTo(fx.entry(s0).uri());
                    assertThat(files.get(0).path("time").asText()).isEqualTo(before.toString());
                    assertThat(files.get(0).path("forecast_reference_time").asText()).isEqualTo(s0.forecastReferenceTime().toString());
                    if (w > 0) {
                        interpolatedInTime++;
                        assertThat(files).hasSize(2);
                        assertThat(files.get(0).path("weight").asDouble()).isCloseTo(1 - w, within(1e-5));
                        assertThat(files.get(1).path("uri").asText()).isEqualTo(fx.entry(s1).uri());
                        assertThat(files.get(1).path("weight").asDouble()).isCloseTo(w, within(1e-5));
                    }
                    assertThat(cov.at("/isobar:forecast_reference_time/" + v.name()).get(i).asText())
                            .isEqualTo(s0.forecastReferenceTime().toString());
                }
            }
            assertThat(interpolatedInTime).isPositive();
            // The tolerance is far below what a nearest cell instead of bilinear interpolation would change.
            assertThat(largestBilinearEffect).isGreaterThan(0.02);
        });
    }

    @Test
    void aLinestringZPicksEachVertexsLevelAndMembersAreParameters() {
        String coords = "LINESTRINGZ(-3.1883 55.9533 10, -2.9329 54.8925 100, -1.6178 54.9783 500)";
        QueryServiceTesting.test(fx.index.service(), api -> {
            JsonNode cov = ok(api, "/edr/collections/mogreps-uk/trajectory?coords=" + q(coords)
                    + "&parameter-name=wind_speed&datetime=" + q(at(1).toString()));
            assertThat(CoverageJsonChecks.check(cov)).isEqualTo("Trajectory");
            assertThat(cov.at("/domain/axes/composite/coordinates")).extracting(JsonNode::asText).containsExactly("t", "x", "y", "z");
            JsonNode tuples = cov.at("/domain/axes/composite/values");
            assertThat(tuples).extracting(t -> t.get(3).asDouble()).containsExactly(10.0, 100.0, 500.0);
            ForecastFileSpec spec = fx.spec("mogreps-uk", Variables.WIND_SPEED_ON_HEIGHT_LEVELS, at(1), null);
            for (int m = 0; m < 3; m++) {
                JsonNode values = cov.at("/ranges/wind_speed_member" + m + "/values");
                for (int i = 0; i < 3; i++) {
                    double[] rc = rowColumn(tuples.get(i).get(2).asDouble(), tuples.get(i).get(1).asDouble());
                    assertThat((float) values.get(i).asDouble()).as("member %d vertex %d", m, i).isEqualTo(EdrFixture.FIELD.value(
                            spec, m, tuples.get(i).get(3).asDouble(), (int) Math.round(rc[0]), (int) Math.round(rc[1])));
                }
            }
            // GeoJSON and CSV carry the same values, place by place.
            JsonNode geo = ok(api, "/edr/collections/mogreps-uk/trajectory?coords=" + q(coords)
                    + "&parameter-name=wind_speed&f=GeoJSON&datetime=" + q(at(1).toString()));
            assertThat(geo.path("features")).hasSize(3);
            assertThat(geo.at("/features/2/geometry/coordinates/2").asDouble()).isEqualTo(500.0);
            assertThat(geo.at("/features/2/properties/wind_speed_member1").asDouble())
                    .isEqualTo(cov.at("/ranges/wind_speed_member1/values/2").asDouble());
            // ... and each place says which file answered it, as CoverageJSON's isobar:sources.
            assertThat(geo.at("/features/2/properties/sources/wind_speed/0/uri").asText()).isEqualTo(fx.entry(spec).uri());
            assertThat(geo.at("/features/2/properties/sources/wind_speed")).isEqualTo(cov.at("/isobar:sources/wind_speed/2"));
            Answer csv = api.get("/edr/collections/mogreps-uk/trajectory?coords=" + q(coords)
                    + "&parameter-name=wind_speed&f=CSV&datetime=" + q(at(1).toString()));
            String[] lines = csv.body().split("\r\n");
            assertThat(lines[0]).isEqualTo(String.join(",", EdrCsv.TRACK_COLUMNS));
            assertThat(lines).hasSize(1 + 3 * 3);
            List<String> last = List.of(lines[lines.length - 1].split(",", -1));
            assertThat(last.get(EdrCsv.TRACK_COLUMNS.indexOf("z"))).isEqualTo("500");
            assertThat(Double.parseDouble(last.get(EdrCsv.TRACK_COLUMNS.indexOf("value"))))
                    .isEqualTo(cov.at("/ranges/wind_speed_member2/values/2").asDouble(), within(1e-4));
            assertThat(last.get(EdrCsv.TRACK_COLUMNS.indexOf("sources"))).isEqualTo(fx.entry(spec).uri() + "@1.0");
        });
    }

    @Test
    void aCorridorHoldsTheCellsWithinHalfItsWidthOfThePathAndOnlyThose() {
        double[] a = {-4.0, 54.6};
        double[] b = {-2.2, 55.2};
        double halfWidth = 10_000;
        QueryServiceTesting.test(fx.index.service(), api -> {
            JsonNode collection = ok(api, "/edr/collections/ukv/corridor?coords=" + q("LINESTRING(" + a[0] + " " + a[1] + ", "
                    + b[0] + " " + b[1] + ")") + "&corridor-width=20&width-units=km&parameter-name=air_temperature&datetime="
                    + q(at(2).toString()));
            int lanes = CoverageJsonChecks.checkCollection(collection);
            assertThat(lanes).isEqualTo(10);
            ForecastFileSpec spec = fx.spec("ukv", Variables.TEMPERATURE_AT_SCREEN_LEVEL, at(2), null);
            Set<Long> answered = new HashSet<>();
            for (JsonNode coverage : collection.path("coverages")) {
                JsonNode tuples = coverage.at("/domain/axes/composite/values");
                JsonNode values = coverage.at("/ranges/air_temperature/values");
                for (int i = 0; i < tuples.size(); i++) {
                    assertThat(tuples.get(i).get(0).asText()).isEqualTo(at(2).toString());
                    double[] rc = rowColumn(tuples.get(i).get(2).asDouble(), tuples.get(i).get(1).asDouble());
                    int row = (int) Math.round(rc[0]);
                    int column = (int) Math.round(rc[1]);
                    assertThat(Math.abs(rc[0] - row) + Math.abs(rc[1] - column)).as("a cell centre").isLessThan(1e-3);
                    assertThat(answered.add((long) row * GRID.columns() + column)).as("each cell once").isTrue();
                    assertThat((float) values.get(i).asDouble()).isEqualTo(EdrFixture.FIELD.value(spec, 0, 1.5, row, column));
                }
            }
            // Every cell of the grid near the path, by the test's own distance to the path (great circle, sampled every 50 m).
            List<double[]> path = sample(a, b, 50);
            int inside = 0;
            for (int row = 0; row < GRID.rows(); row++) {
                for (int column = 0; column < GRID.columns(); column++) {
                    double[] ll = latLon(GRID.x(column), GRID.y(row));
                    if (ll[0] < 54.3 || ll[0] > 55.5 || ll[1] < -4.5 || ll[1] > -1.7) {
                        continue;
                    }
                    double d = path.stream().mapToDouble(p -> distance(ll[0], ll[1], p[1], p[0])).min().orElseThrow();
                    boolean in = answered.contains((long) row * GRID.columns() + column);
                    if (d < halfWidth - 60) {
                        assertThat(in).as("cell %d,%d at %.0f m is in the band", row, column, d).isTrue();
                        inside++;
                    } else if (d > halfWidth + 60) {
                        assertThat(in).as("cell %d,%d at %.0f m is outside the band", row, column, d).isFalse();
                    }
                }
            }
            assertThat(inside).as("a band 133 km by 20 km of 2 km cells").isGreaterThan(600);
            assertThat(answered.size()).isBetween(inside, inside + inside / 20);
        });
    }

    @Test
    void aCorridorWithHeightAnswersEveryLevelWithinHalfItOfThePathsZ() {
        // A LINESTRINGZM at 100 m, 200 m high: the levels 10, 50 and 100 m are within 100 m of it, 250 and 500 m are not.
        long t = at(1).getEpochSecond();
        String coords = "LINESTRINGZM(-3.0 54.8 100 " + t + ", -2.6 54.9 100 " + t + ")";
        QueryServiceTesting.test(fx.index.service(), api -> {
            JsonNode collection = ok(api, "/edr/collections/mogreps-uk/corridor?coords=" + q(coords) + "&corridor-width=6"
                    + "&width-units=km&corridor-height=200&height-units=m&parameter-name=wind_speed&realization=1");
            assertThat(CoverageJsonChecks.checkCollection(collection)).isPositive();
            ForecastFileSpec spec = fx.spec("mogreps-uk", Variables.WIND_SPEED_ON_HEIGHT_LEVELS, at(1), null);
            Set<Double> levels = new HashSet<>();
            for (JsonNode coverage : collection.path("coverages")) {
                JsonNode tuples = coverage.at("/domain/axes/composite/values");
                coverage.path("ranges").fields().forEachRemaining(range -> {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("wind_speed_(\\d+)m").matcher(range.getKey());
                    assertThat(m.lookingAt()).as(range.getKey()).isTrue();
                    double level = Double.parseDouble(m.group(1));
                    levels.add(level);
                    for (int i = 0; i < tuples.size(); i++) {
                        assertThat(tuples.get(i).get(3).asDouble()).isEqualTo(100.0);
                        double[] rc = rowColumn(tuples.get(i).get(2).asDouble(), tuples.get(i).get(1).asDouble());
                        assertThat((float) range.getValue().path("values").get(i).asDouble()).as("%s at place %d", range.getKey(), i)
                                .isEqualTo(EdrFixture.FIELD.value(spec, 1, level, (int) Math.round(rc[0]), (int) Math.round(rc[1])));
                    }
                });
            }
            assertThat(levels).containsExactlyInAnyOrder(10.0, 50.0, 100.0);
            // Without z on the path, a height is refused.
            Answer noZ = api.get("/edr/collections/mogreps-uk/corridor?coords=" + q("LINESTRING(-3.0 54.8, -2.6 54.9)")
                    + "&datetime=" + q(at(1).toString()) + "&corridor-width=6&width-units=km&corridor-height=200&height-units=m");
            assertThat(noZ.status()).as(noZ.body()).isEqualTo(400);
        });
    }

    @Test
    void badPathsAndCorridorsAre4xxProblemsNamingThem() {
        String line = q("LINESTRING(-4.4861 54.1523, -2.9329 54.8925)");
        String time = "&datetime=" + q(at(2).toString());
        Map<String, String> cases = Map.of(
                "/edr/collections/ukv/trajectory?coords=" + q("LINESTRING(-4.4861 54.1523)") + time, "at least two",
                "/edr/collections/ukv/trajectory?coords=" + q("LINESTRINGM(-4.4861 54.1523 1749866400, -2.9 54.9 1749862800)"),
                "out of order",
                "/edr/collections/ukv/corridor?coords=" + line + time + "&corridor-width=0&width-units=km", "corridor-width",
                "/edr/collections/ukv/corridor?coords=" + line + time + "&corridor-width=201&width-units=km", "200 km",
                "/edr/collections/ukv/corridor?coords=" + line + time + "&corridor-width=20&width-units=furlong", "width-units",
                "/edr/collections/ukv/trajectory?coords=" + q("LINESTRINGM(-4.4861 54.1523 1749866400, -2.9 54.9 1749870000)") + time,
                "datetime",
                "/edr/collections/ukv/trajectory?coords=" + line, "datetime",
                "/edr/collections/ukv/trajectory?coords=" + line + time + "&every-km=-1", "every-km",
                "/edr/collections/ukv/trajectory?coords=" + q("POINT(-4.4861 54.1523)") + time, "LINESTRING");
        QueryServiceTesting.test(fx.index.service(), api -> {
            for (Map.Entry<String, String> c : cases.entrySet()) {
                Answer answer = api.get(c.getKey());
                assertThat(answer.status()).as(c.getKey()).isEqualTo(400);
                assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
                assertThat(answer.json().path("detail").asText()).as(c.getKey()).contains(c.getValue());
            }
        });
    }

    private static JsonNode ok(TestApi api, String path) {
        Answer a = api.get(path);
        assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(200);
        return a.json();
    }

    /** Fractional {@code [row, column]} of a place on the fixture's grid, projected by the test itself. */
    private static double[] rowColumn(double lat, double lon) {
        ProjCoordinate out = new ProjCoordinate();
        toGrid().transform(new ProjCoordinate(lon, lat), out);
        return new double[] {(out.y - GRID.firstY()) / GRID.spacing(), (out.x - GRID.firstX()) / GRID.spacing()};
    }

    private static double[] latLon(double x, double y) {
        ProjCoordinate out = new ProjCoordinate();
        TO_LAT_LON.transform(new ProjCoordinate(x, y), out);
        return new double[] {out.y, out.x};
    }

    private static CoordinateTransform toGrid() {
        return TO_GRID;
    }

    private static CoordinateTransform transform(String from, String to) {
        CRSFactory f = new CRSFactory();
        CoordinateReferenceSystem a = f.createFromParameters("from", from);
        CoordinateReferenceSystem b = f.createFromParameters("to", to);
        return new CoordinateTransformFactory().createTransform(a, b);
    }

    /** Bilinear interpolation of the values the simulator wrote, from the four cells around a fractional row and column. */
    private static double bilinear(ForecastFileSpec spec, Variable v, double[] rc) {
        int r0 = (int) Math.floor(rc[0]);
        int c0 = (int) Math.floor(rc[1]);
        double wr = rc[0] - r0;
        double wc = rc[1] - c0;
        double level = v.levelValues()[0];
        return (1 - wr) * (1 - wc) * EdrFixture.FIELD.value(spec, 0, level, r0, c0)
                + (1 - wr) * wc * EdrFixture.FIELD.value(spec, 0, level, r0, c0 + 1)
                + wr * (1 - wc) * EdrFixture.FIELD.value(spec, 0, level, r0 + 1, c0)
                + wr * wc * EdrFixture.FIELD.value(spec, 0, level, r0 + 1, c0 + 1);
    }

    private static double nearest(ForecastFileSpec spec, Variable v, double[] rc) {
        return EdrFixture.FIELD.value(spec, 0, v.levelValues()[0], (int) Math.round(rc[0]), (int) Math.round(rc[1]));
    }

    /** Haversine distance in metres. */
    private static double distance(double lat1, double lon1, double lat2, double lon2) {
        double dp = Math.toRadians(lat2 - lat1);
        double dl = Math.toRadians(lon2 - lon1);
        double h = Math.pow(Math.sin(dp / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dl / 2), 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
    }

    /** Points {@code [lon, lat]} along the great circle from a to b every {@code metres} or less (spherical interpolation). */
    private static List<double[]> sample(double[] a, double[] b, double metres) {
        double[] va = vector(a);
        double[] vb = vector(b);
        double angle = Math.acos(va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2]);
        int n = (int) Math.ceil(angle * EARTH_RADIUS_M / metres);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            double f = (double) i / n;
            double sa = Math.sin((1 - f) * angle) / Math.sin(angle);
            double sb = Math.sin(f * angle) / Math.sin(angle);
            double x = sa * va[0] + sb * vb[0];
            double y = sa * va[1] + sb * vb[1];
            double z = sa * va[2] + sb * vb[2];
            out.add(new double[] {Math.toDegrees(Math.atan2(y, x)), Math.toDegrees(Math.atan2(z, Math.hypot(x, y)))});
        }
        return out;
    }

    private static double[] vector(double[] lonLat) {
        double lon = Math.toRadians(lonLat[0]);
        double lat = Math.toRadians(lonLat[1]);
        return new double[] {Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)};
    }
}
