package io.isobar.query.edr;

import static io.isobar.query.TestApi.q;
import static io.isobar.query.edr.EdrFixture.R0;
import static io.isobar.query.edr.EdrFixture.R1;
import static io.isobar.query.edr.EdrFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTReader;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.model.ForecastFile;
import io.isobar.query.QueryServiceTesting;
import io.isobar.query.TestApi;
import io.isobar.query.TestApi.Answer;
import io.isobar.query.forecast.GreatCircle;
import io.isobar.query.forecast.GridProjection;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.Variable;
import io.isobar.simulator.Variables;

/**
 * The EDR face end to end: simulator files in the emulated S3, indexed in DynamoDB Local ({@link EdrFixture}),
 * requests over HTTP. Every CoverageJSON answer is checked structurally ({@link CoverageJsonChecks}) and its values
 * against what the simulator wrote and against {@code /v1/point} for the same place, run and time.
 */
@ExtendWith(LocalAwsExtension.class)
class EdrEndpointITCase {

    /** Five places on the small grid, with lon/lat as the gazetteer has them. */
    static final List<String> PLACES = List.of("Douglas", "Edinburgh", "Glasgow", "Newcastle upon Tyne", "Carlisle");
    static final double[][] LON_LAT = {{-4.4861, 54.1523}, {-3.1883, 55.9533}, {-4.2518, 55.8642}, {-1.6178, 54.9783},
        {-2.9329, 54.8925}};
    static final String COV = "application/vnd.cov+json";

    private static EdrFixture fx;

    @TempDir
    static Path dir;

    @BeforeAll
    static void seed(LocalAws aws) throws Exception {
        fx = new EdrFixture(aws, "edr", dir);
    }

    @AfterAll
    static void close() {
        fx.index.close();
    }

    @Test
    void landingConformanceAndCollectionsComeFromTheIndex() {
        QueryServiceTesting.test(fx.index.service(), api -> {
            JsonNode landing = ok(api, "/edr");
            assertThat(landing.path("links")).extracting(l -> l.path("rel").asText())
                    .contains("self", "service-desc", "conformance", "data");
            assertThat(ok(api, "/edr/conformance").path("conformsTo")).extracting(JsonNode::asText)
                    .contains("http://www.opengis.net/spec/ogcapi-edr-1/1.1/conf/covjson",
                            "http://www.opengis.net/spec/ogcapi-edr-1/1.1/conf/instances");
            assertThat(api.get("/edr/api").json().path("paths").has("/edr/collections/{collectionId}/position")).isTrue();

            JsonNode collections = ok(api, "/edr/collections");
            assertThat(collections.path("collections")).extracting(c -> c.path("id").asText()).containsExactly("ukv", "mogreps-uk");
            assertThat(collections.at("/collections/1/parameter_names").fieldNames()).toIterable()
                    .containsExactlyInAnyOrder("air_temperature", "wind_speed");
            assertThat(collections.at("/collections/1/parameter_names/wind_speed/isobar:levels/height_m")).extracting(JsonNode::asDouble)
                    .containsExactly(10.0, 50.0, 100.0, 250.0, 500.0);
            JsonNode ukv = ok(api, "/edr/collections/ukv");
            assertThat(ukv.path("parameter_names").fieldNames()).toIterable()
                    .containsExactlyInAnyOrder("air_temperature", "wind_speed", "relative_humidity", "air_pressure_at_sea_level");
            JsonNode t = ukv.at("/parameter_names/air_temperature");
            assertThat(t.at("/unit/symbol").asText()).isEqualTo("K");
            assertThat(t.path("dataType").asText()).isEqualTo("float");
            assertThat(t.at("/observedProperty/id").asText()).isEqualTo("http://vocab.nerc.ac.uk/standard_name/air_temperature/");
            assertThat(ukv.at("/extent/temporal/interval/0/0").asText()).isEqualTo(at(1).toString());
            assertThat(ukv.at("/extent/temporal/interval/0/1").asText()).isEqualTo(at(12).toString());
            JsonNode bbox = ukv.at("/extent/spatial/bbox/0");
            assertThat(bbox.get(0).asDouble()).isBetween(-12.0, -2.5);
            assertThat(bbox.get(3).asDouble()).isBetween(55.0, 62.0);
            assertThat(ukv.at("/extent/vertical/values")).extracting(JsonNode::asText).contains("1.5", "10");
            assertThat(ukv.path("data_queries").fieldNames()).toIterable()
                    .contains("position", "radius", "area", "cube", "trajectory", "corridor", "locations", "instances");
            assertThat(ukv.at("/data_queries/corridor/link/variables/width_units")).extracting(JsonNode::asText)
                    .containsExactly("km", "m", "mi", "nmi");
            assertThat(ukv.path("output_formats")).extracting(JsonNode::asText).containsExactly("CoverageJSON", "GeoJSON", "CSV", "NetCDF");
            assertThat(ok(api, "/edr/collections/mogreps-uk").at("/parameter_names/air_temperature/isobar:levels/realizations"))
                    .extracting(JsonNode::asInt).containsExactly(0, 1, 2);
            Answer none = api.get("/edr/collections/global");
            assertThat(none.status()).isEqualTo(404);
            assertThat(none.json().path("detail").asText()).contains("ukv, mogreps-uk");
        });
    }

    @Test
    void instancesAreRunsNewestFirstAndPaged() {
        QueryServiceTesting.test(fx.index.service(), api -> {
            JsonNode all = ok(api, "/edr/collections/ukv/instances");
            assertThat(all.path("instances")).extracting(i -> i.path("id").asText())
                    .containsExactly("20250614T030000Z", "20250614T000000Z");
            JsonNode first = all.path("instances").get(0);
            assertThat(first.at("/extent/temporal/interval/0/0").asText()).isEqualTo(at(4).toString());
            assertThat(first.at("/extent/temporal/values")).hasSize(9);
            JsonNode page = ok(api, "/edr/collections/ukv/instances?limit=1");
            assertThat(page.path("instances")).hasSize(1);
            String next = page.path("links").findValues("rel").stream().anyMatch(r -> r.asText().equals("next"))
                    ? nextLink(page) : null;
            assertThat(next).contains("before=20250614T030000Z");
            JsonNode second = ok(api, next.substring(next.indexOf("/edr")));
            assertThat(second.path("instances")).extracting(i -> i.path("id").asText()).containsExactly("20250614T000000Z");
            assertThat(ok(api, "/edr/collections/ukv/instances/20250614T000000Z").path("id").asText()).isEqualTo("20250614T000000Z");
            assertThat(api.get("/edr/collections/ukv/instances/20250101T000000Z").status()).isEqualTo(404);
            assertThat(api.get("/edr/collections/ukv/instances/2025-06-14").status()).isEqualTo(404);
        });
    }

    @Test
    void multiPointFivePlacesThreeParametersTwelveTimesMatchesTheFilesAndV1Point() {
        QueryServiceTesting.test(fx.index.service(), api -> {
            String url = "/edr/collections/ukv/position?coords=" + q(multipoint()) + "&parameter-name="
                    + q("air_temperature,wind_speed,relative_humidity") + "&datetime=" + q(at(1) + "/" + at(12));
            Answer a = api.get(url);
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            assertThat(a.header("Content-Type")).startsWith(COV);
            JsonNode cov = a.json();
            assertThat(CoverageJsonChecks.check(cov)).isEqualTo("MultiPointSeries");
            assertThat(cov.at("/domain/axes/t/values")).hasSize(12);
            assertThat(cov.at("/domain/axes/composite/values")).hasSize(5);
            for (Variable v : EdrFixture.THREE) {
                JsonNode range = cov.at("/ranges/" + v.name());
                assertThat(range.path("shape")).extracting(JsonNode::asInt).containsExactly(12, 5);
                JsonNode runs = cov.at("/isobar:forecast_reference_time/" + v.name());
                JsonNode indexed = cov.at("/isobar:indexed_at/" + v.name());
                JsonNode announced = cov.at("/isobar:announced_at/" + v.name());
                for (int t = 0; t < 12; t++) {
                    Instant time = at(t + 1);
                    Instant run = t + 1 <= 3 ? R0 : R1;
                    assertThat(runs.get(t).asText()).isEqualTo(run.toString());
                    ForecastFile entry = fx.entry(fx.spec("ukv", v, time, null));
                    assertThat(indexed.get(t).asText()).isEqualTo(entry.indexedAt().toString());
                    assertThat(announced.get(t).asText()).isEqualTo(entry.announcedAt().toString());
                    for (int p = 0; p < 5; p++) {
                        float value = (float) range.path("values").get(t * 5 + p).asDouble();
                        JsonNode point = ok(api, "/v1/point?lat=" + LON_LAT[p][1] + "&lon=" + LON_LAT[p][0] + "&time=" + time
                                + "&variable=" + v.name() + "&model=ukv");
                        assertThat(point.path("forecast_reference_time").asText()).isEqualTo(run.toString());
                        assertThat(point.at("/values/0/indexed_at").asText()).isEqualTo(entry.indexedAt().toString());
                        assertThat(point.at("/values/0/announced_at").asText()).isEqualTo(entry.announcedAt().toString());
                        assertThat((float) point.at("/values/0/value").asDouble()).as("%s %s %s", v.name(), time, PLACES.get(p))
                                .isEqualTo(value);
                        ForecastFileSpec spec = fx.spec("ukv", v, time, null);
                        assertThat(value).isEqualTo(EdrFixture.FIELD.value(spec, 0, v.levelValues()[0],
                                point.at("/cell/row").asInt(), point.at("/cell/column").asInt()));
                    }
                }
            }
        });
    }

    @Test
    void theDomainsAxesAreThePointsAndTimesAskedForEachLabellingItsOwnValues() {
        QueryServiceTesting.test(fx.index.service(), api -> {
            // MultiPointSeries: each (x, y) tuple is a requested (longitude, latitude), in the request's order.
            JsonNode multi = ok(api, "/edr/collections/ukv/position?coords=" + q(multipoint())
                    + "&parameter-name=air_temperature&datetime=" + q(at(2) + "/" + at(4)));
            assertThat(multi.at("/domain/axes/composite/coordinates")).extracting(JsonNode::asText).containsExactly("x", "y");
            JsonNode tuples = multi.at("/domain/axes/composite/values");
            assertThat(tuples).hasSize(LON_LAT.length);
            for (int p = 0; p < LON_LAT.length; p++) {
                assertThat(tuples.get(p).get(0).asDouble()).as("x of point %d", p).isEqualTo(LON_LAT[p][0]);
                assertThat(tuples.get(p).get(1).asDouble()).as("y of point %d", p).isEqualTo(LON_LAT[p][1]);
            }
            // The t axis is the validity times of the range, in order, and each label names the time of its values.
            assertThat(multi.at("/domain/axes/t/values")).extracting(JsonNode::asText)
                    .containsExactly(at(2).toString(), at(3).toString(), at(4).toString());
            JsonNode values = multi.at("/ranges/air_temperature/values");
            for (int t = 0; t < 3; t++) {
                String time = multi.at("/domain/axes/t/values").get(t).asText();
                JsonNode point = ok(api, "/v1/point?lat=" + LON_LAT[1][1] + "&lon=" + LON_LAT[1][0] + "&time=" + time
                        + "&variable=air_temperature&model=ukv");
                assertThat((float) values.get(t * LON_LAT.length + 1).asDouble()).as("the value labelled %s", time)
                        .isEqualTo((float) point.at("/values/0/value").asDouble());
            }
            // Point: x is the longitude, y the latitude; one instant, one t.
            JsonNode one = ok(api, "/edr/collections/ukv/position?coords=" + q("POINT(" + LON_LAT[2][0] + " " + LON_LAT[2][1] + ")")
                    + "&parameter-name=air_temperature&datetime=" + at(5));
            assertThat(CoverageJsonChecks.check(one)).isEqualTo("Point");
            assertThat(one.at("/domain/axes/x/values/0").asDouble()).isEqualTo(LON_LAT[2][0]);
            assertThat(one.at("/domain/axes/y/values/0").asDouble()).isEqualTo(LON_LAT[2][1]);
            assertThat(one.at("/domain/axes/t/values")).extracting(JsonNode::asText).containsExactly(at(5).toString());
            // MultiPoint at an instant: the same tuples, no series.
            JsonNode instant = ok(api, "/edr/collections/ukv/position?coords=" + q(multipoint())
                    + "&parameter-name=air_temperature&datetime=" + at(5));
            assertThat(CoverageJsonChecks.check(instant)).isEqualTo("MultiPoint");
            assertThat(instant.at("/domain/axes/composite/values/3/0").asDouble()).isEqualTo(LON_LAT[3][0]);
            assertThat(instant.at("/domain/axes/composite/values/3/1").asDouble()).isEqualTo(LON_LAT[3][1]);
            assertThat(instant.at("/domain/axes/t/values")).extracting(JsonNode::asText).containsExactly(at(5).toString());
        });
    }

    @Test
    void anInstanceAnswersFromItsRunOnlyWhileTheCollectionTakesTheNewestRun() {
        QueryServiceTesting.test(fx.index.service(), api -> {
            String tail = "/position?coords=" + q("POINT(-3.1883 55.9533)") + "&parameter-name=air_temperature&datetime="
                    + q(at(1) + "/" + at(12));
            JsonNode old = ok(api, "/edr/collections/ukv/instances/20250614T000000Z" + tail);
            JsonNode best = ok(api, "/edr/collections/ukv" + tail);
            assertThat(CoverageJsonChecks.check(old)).isEqualTo("PointSeries");
            CoverageJsonChecks.check(best);
            JsonNode cell = ok(api, "/v1/point?place=Edinburgh&time=" + at(5) + "&variable=air_temperature&model=ukv").path("cell");
            int row = cell.path("row").asInt();
            int column = cell.path("column").asInt();
            for (int t = 0; t < 12; t++) {
                Instant time = at(t + 1);
                float fromOld = (float) old.at("/ranges/air_temperature/values").get(t).asDouble();
                float fromBest = (float) best.at("/ranges/air_temperature/values").get(t).asDouble();
                assertThat(fromOld).isEqualTo(EdrFixture.FIELD.value(fx.spec("ukv", Variables.TEMPERATURE_AT_SCREEN_LEVEL, time, R0),
                        0, 1.5, row, column));
                assertThat(fromBest).isEqualTo(EdrFixture.FIELD.value(fx.spec("ukv", Variables.TEMPERATURE_AT_SCREEN_LEVEL, time, null),
                        0, 1.5, row, column));
                assertThat(old.at("/isobar:forecast_reference_time/air_temperature").get(t).asText()).isEqualTo(R0.toString());
            }
            // The runs really differ where both have the time.
            assertThat(old.at("/ranges/air_temperature/values").get(6)).isNotEqualTo(best.at("/ranges/air_temperature/values").get(6));
            // The newer run has nothing at R0 + 2 h.
            Answer none = api.get("/edr/collections/ukv/instances/20250614T030000Z/position?coords=" + q("POINT(-3.1883 55.9533)")
                    + "&datetime=" + at(2));
            assertThat(none.status()).as(none.body()).isEqualTo(404);
            // One instant: a Point domain.
            JsonNode instant = ok(api, "/edr/collections/ukv/instances/20250614T000000Z/position?coords=" + q("POINT(-3.1883 55.9533)")
                    + "&parameter-name=air_temperature&datetime=" + at(5));
            assertThat(CoverageJsonChecks.check(instant)).isEqualTo("Point");
            assertThat((float) instant.at("/ranges/air_temperature/values/0").asDouble())
                    .isEqualTo((float) old.at("/ranges/air_temperature/values").get(4).asDouble());
        });
    }

    @Test
    void v1PointAndSeriesAcceptRun() {
        QueryServiceTesting.test(fx.index.service(), api -> {
            JsonNode newest = ok(api, "/v1/point?place=Carlisle&time=" + at(6) + "&variable=wind_speed&model=ukv");
            JsonNode old = ok(api, "/v1/point?place=Carlisle&time=" + at(6) + "&variable=wind_speed&model=ukv&run=" + R0);
            assertThat(newest.path("forecast_reference_time").asText()).isEqualTo(R1.toString());
            assertThat(old.path("forecast_reference_time").asText()).isEqualTo(R0.toString());
            int row = old.at("/cell/row").asInt();
            int column = old.at("/cell/column").asInt();
            assertThat((float) old.at("/values/0/value").asDouble())
                    .isEqualTo(EdrFixture.FIELD.value(fx.spec("ukv", Variables.WIND_SPEED_AT_10M, at(6), R0), 0, 10, row, column));
            JsonNode series = ok(api, "/v1/point/series?place=Carlisle&variable=wind_speed&model=ukv&from=" + at(1) + "&to=" + at(12)
                    + "&run=20250614T0000Z");
            assertThat(series.path("count").asInt()).isEqualTo(12);
            assertThat(series.path("series")).extracting(e -> e.path("forecast_reference_time").asText()).containsOnly(R0.toString());
            assertThat(series.path("run").asText()).isEqualTo(R0.toString());
            JsonNode best = ok(api, "/v1/point/series?place=Carlisle&variable=wind_speed&model=ukv&from=" + at(1) + "&to=" + at(12));
            assertThat(best.path("series")).extracting(e -> e.path("forecast_reference_time").asText())
                    .containsExactly(R0.toString(), R0.toString(), R0.toString(), R1.toString(), R1.toString(), R1.toString(),
                            R1.toString(), R1.toString(), R1.toString(), R1.toString(), R1.toString(), R1.toString());
            assertThat(api.get("/v1/point?place=Carlisle&time=" + at(2) + "&variable=wind_speed&model=ukv&run=" + R1).status())
                    .isEqualTo(404);
            assertThat(api.get("/v1/point?place=Carlisle&time=" + at(2) + "&variable=wind_speed&run=yesterday").status()).isEqualTo(400);
        });
    }

    @Test
    void ensembleMembersAndStatisticsOnBothFaces() {
        QueryServiceTesting.test(fx.index.service(), api -> {
            JsonNode point = ok(api, "/v1/point?place=Douglas&time=" + at(1) + "&variable=air_temperature&model=mogreps-uk");
            int row = point.at("/cell/row").asInt();
            int column = point.at("/cell/column").asInt();
            float[][] members = new float[2][3];
            for (int h = 0; h < 2; h++) {
                ForecastFileSpec spec = fx.spec("mogreps-uk", Variables.TEMPERATURE_AT_SCREEN_LEVEL, at(h + 1), R0);
                for (int m = 0; m < 3; m++) {
                    members[h][m] = EdrFixture.FIELD.value(spec, m, 1.5, row, column);
                }
            }
            String base = "/edr/collections/mogreps-uk/position?coords=" + q("POINT(-4.4861 54.1523)")
                    + "&parameter-name=air_temperature&datetime=" + q(at(1) + "/" + at(2));
            JsonNode all = ok(api, base);
            CoverageJsonChecks.check(all);
            for (int m = 0; m < 3; m++) {
                JsonNode values = all.at("/ranges/air_temperature_member" + m + "/values");
                for (int h = 0; h < 2; h++) {
                    assertThat((float) values.get(h).asDouble()).isEqualTo(members[h][m]);
                }
            }
            JsonNode one = ok(api, base + "&realization=1");
            assertThat(one.path("ranges").fieldNames()).toIterable().containsExactly("air_temperature");
            assertThat((float) one.at("/ranges/air_temperature/values/1").asDouble()).isEqualTo(members[1][1]);

            double threshold = mean(members[0]);
            JsonNode stats = ok(api, base + "&stats=mean,std,min,max&percentiles=50,90&threshold=" + String.format(java.util.Locale.ROOT, "%.4f", threshold));
            CoverageJsonChecks.check(stats);
            String above = "air_temperature_probability_above_" + io.isobar.query.forecast.Slices.number(
                    Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4f", threshold)));
            assertThat(stats.path("ranges").fieldNames()).toIterable().containsExactly("air_temperature_mean", "air_temperature_std",
                    "air_temperature_min", "air_temperature_max", "air_temperature_p50", "air_temperature_p90", above);
            assertThat(stats.at("/parameters/" + above + "/unit/symbol").asText()).isEqualTo("1");
            for (int h = 0; h < 2; h++) {
                double[] v = {members[h][0], members[h][1], members[h][2]};
                double[] sorted = v.clone();
                Arrays.sort(sorted);
                double mean = (v[0] + v[1] + v[2]) / 3;
                double std = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / 3);
                assertThat(stats.at("/ranges/air_temperature_mean/values").get(h).asDouble()).isCloseTo(mean, within(1e-4));
                assertThat(stats.at("/ranges/air_temperature_std/values").get(h).asDouble()).isCloseTo(std, within(1e-4));
                assertThat(stats.at("/ranges/air_temperature_min/values").get(h).asDouble()).isCloseTo(sorted[0], within(1e-4));
                assertThat(stats.at("/ranges/air_temperature_max/values").get(h).asDouble()).isCloseTo(sorted[2], within(1e-4));
                assertThat(stats.at("/ranges/air_temperature_p50/values").get(h).asDouble()).isCloseTo(sorted[1], within(1e-4));
                assertThat(stats.at("/ranges/air_temperature_p90/values").get(h).asDouble())
                        .isCloseTo(sorted[1] + 0.8 * (sorted[2] - sorted[1]), within(1e-4));
                double t = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4f", threshold));
                assertThat(stats.at("/ranges/" + above + "/values").get(h).asDouble())
                        .isCloseTo(Arrays.stream(v).filter(x -> x > t).count() / 3.0, within(1e-6));
            }

            // The same statistics on /v1/point and /v1/point/series.
            JsonNode v1 = ok(api, "/v1/point?place=Douglas&time=" + at(1) + "&variable=air_temperature&model=mogreps-uk"
                    + "&stats=mean,max&percentiles=90");
            assertThat(v1.path("statistics")).extracting(s -> s.path("statistic").asText()).containsExactly("mean", "max", "p90");
            assertThat(v1.at("/statistics/0/value").asDouble()).isEqualTo(stats.at("/ranges/air_temperature_mean/values/0").asDouble());
            assertThat(v1.at("/statistics/0/members").asInt()).isEqualTo(3);
            assertThat(v1.path("values")).hasSize(3);
            JsonNode series = ok(api, "/v1/point/series?place=Douglas&variable=air_temperature&model=mogreps-uk&from=" + at(1)
                    + "&to=" + at(2) + "&stats=std");
            assertThat(series.at("/series/1/statistics/0/value").asDouble())
                    .isEqualTo(stats.at("/ranges/air_temperature_std/values/1").asDouble());
            Answer csv = api.get("/v1/point?place=Douglas&time=" + at(1) + "&variable=air_temperature&model=mogreps-uk&stats=mean&format=csv");
            assertThat(csv.body().split("\r\n")).hasSize(5);
            // The statistic's line says the freshness of the members' file (the EDR fixture announced it).
            ForecastFile membersFile = fx.entry(fx.spec("mogreps-uk", Variables.TEMPERATURE_AT_SCREEN_LEVEL, at(1), null));
            assertThat(csv.body().split("\r\n")[4])
                    .endsWith(",mean," + membersFile.indexedAt() + "," + membersFile.announcedAt());
            assertThat(api.get("/v1/point?place=Douglas&time=" + at(1) + "&variable=air_temperature&stats=median").status()).isEqualTo(400);
            assertThat(api.get("/v1/point?place=Douglas&time=" + at(1) + "&variable=air_temperature&percentiles=101").status()).isEqualTo(400);
        });
    }

    @Test
    void severalLevelsAreParametersUnlessZPicksOne() {
        QueryServiceTesting.test(fx.index.service(), api -> {
            JsonNode point = ok(api, "/v1/point?place=Douglas&time=" + at(1) + "&variable=wind_speed&model=mogreps-uk");
            assertThat(point.path("values")).hasSize(15);
            int row = point.at("/cell/row").asInt();
            int column = point.at("/cell/column").asInt();
            ForecastFileSpec spec = fx.spec("mogreps-uk", Variables.WIND_SPEED_ON_HEIGHT_LEVELS, at(1), R0);
            String base = "/edr/collections/mogreps-uk/position?coords=" + q("POINT(-4.4861 54.1523)") + "&parameter-name=wind_speed"
                    + "&datetime=" + at(1);
            JsonNode all = ok(api, base);
            CoverageJsonChecks.check(all);
            assertThat(all.path("ranges").size()).isEqualTo(15);
            assertThat((float) all.at("/ranges/wind_speed_250m_member2/values/0").asDouble())
                    .isEqualTo(EdrFixture.FIELD.value(spec, 2, 250, row, column));
            assertThat(all.at("/parameters/wind_speed_250m_member2/description/en").asText()).contains("height 250 m", "member 2");
            JsonNode one = ok(api, base + "&z=50");
            assertThat(one.path("ranges").fieldNames()).toIterable()
                    .containsExactly("wind_speed_member0", "wind_speed_member1", "wind_speed_member2");
            assertThat((float) one.at("/ranges/wind_speed_member1/values/0").asDouble())
                    .isEqualTo(EdrFixture.FIELD.value(spec, 1, 50, row, column));
            JsonNode mean = ok(api, base + "&z=50&stats=mean");
            double expected = (EdrFixture.FIELD.value(spec, 0, 50, row, column) + EdrFixture.FIELD.value(spec, 1, 50, row, column)
                    + EdrFixture.FIELD.value(spec, 2, 50, row, column)) / 3.0;
            assertThat(mean.at("/ranges/wind_speed_mean/values/0").asDouble()).isCloseTo(expected, within(1e-4));
            JsonNode levels = ok(api, base + "&stats=max");
            assertThat(levels.path("ranges").fieldNames()).toIterable().containsExactly("wind_speed_10m_max", "wind_speed_50m_max",
                    "wind_speed_100m_max", "wind_speed_250m_max", "wind_speed_500m_max");
            Answer none = api.get(base + "&z=75");
            assertThat(none.status()).isEqualTo(404);
            assertThat(none.json().path("detail").asText()).contains("heights [10, 50, 100, 250, 500] m");
        });
    }

    @Test
    void areaCubeAndRadiusOnTheRealisticGridReadEveryCellInside() throws Exception {
        QueryServiceTesting.test(fx.index.service(), api -> {
            ForecastFileSpec spec = fx.spec("ukv", Variables.PRESSURE_AT_MEAN_SEA_LEVEL, at(1), R0);
            String polygon = "POLYGON((-0.40 51.40, 0.10 51.35, 0.20 51.65, -0.30 51.70, -0.40 51.40))";
            JsonNode area = ok(api, "/edr/collections/ukv/area?coords=" + q(polygon)
                    + "&parameter-name=air_pressure_at_sea_level&datetime=" + at(1));
            assertThat(CoverageJsonChecks.check(area)).isEqualTo("Grid");
            Polygon shape = (Polygon) new WKTReader().read(polygon);
            int inside = checkGrid(area, spec, shape);
            assertThat(inside).isGreaterThan(150);

            JsonNode cube = ok(api, "/edr/collections/ukv/cube?bbox=" + q("-3.4,55.85,-3.0,56.05")
                    + "&parameter-name=air_pressure_at_sea_level&datetime=" + at(1) + "/" + at(1));
            assertThat(CoverageJsonChecks.check(cube)).isEqualTo("Grid");
            GeometryFactory g = new GeometryFactory();
            Polygon box = g.createPolygon(new Coordinate[] {new Coordinate(-3.4, 55.85), new Coordinate(-3.0, 55.85),
                new Coordinate(-3.0, 56.05), new Coordinate(-3.4, 56.05), new Coordinate(-3.4, 55.85)});
            assertThat(checkGrid(cube, spec, box)).isGreaterThan(100);

            JsonNode radius = ok(api, "/edr/collections/ukv/radius?coords=" + q("POINT(-0.1278 51.5074)")
                    + "&within=10&within-units=km&parameter-name=air_pressure_at_sea_level&datetime=" + at(1));
            assertThat(CoverageJsonChecks.check(radius)).isEqualTo("Grid");
            // pi * 10^2 / 2^2 ~ 78 cells of 2 km within 10 km.
            int cells = 0;
            for (JsonNode v : radius.at("/ranges/air_pressure_at_sea_level/values")) {
                cells += v.isNull() ? 0 : 1;
            }
            assertThat(cells).isBetween(70, 86);

            Answer geo = api.get("/edr/collections/ukv/radius?coords=" + q("POINT(-0.1278 51.5074)")
                    + "&within=10&within-units=km&parameter-name=air_pressure_at_sea_level&datetime=" + at(1) + "&f=GeoJSON");
            assertThat(geo.header("Content-Type")).startsWith("application/geo+json");
            for (JsonNode f : geo.json().path("features")) {
                double lon = f.at("/geometry/coordinates/0").asDouble();
                double lat = f.at("/geometry/coordinates/1").asDouble();
                assertThat(GreatCircle.distance(51.5074, -0.1278, lat, lon)).isLessThanOrEqualTo(10_000.0);
                assertThat((float) f.at("/properties/air_pressure_at_sea_level").asDouble()).isEqualTo(EdrFixture.FIELD.value(spec, 0,
                        Double.NaN, f.at("/properties/row").asInt(), f.at("/properties/column").asInt()));
            }
            assertThat(geo.json().path("features").size()).isEqualTo(cells);
        });
    }

    @Test
    void csvAndGeoJsonCarryTheSameValues() {
        QueryServiceTesting.test(fx.index.service(), api -> {
            String base = "/edr/collections/ukv/position?coords=" + q(multipoint()) + "&parameter-name="
                    + q("air_temperature,wind_speed") + "&datetime=" + q(at(2) + "/" + at(4));
            JsonNode cov = ok(api, base);
            Answer csv = api.get(base + "&f=CSV");
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            String[] lines = csv.body().split("\r\n");
            assertThat(lines).hasSize(1 + 3 * 5 * 2);
            assertThat(lines[0]).isEqualTo(String.join(",", EdrCsv.COLUMNS));
            // time-major, then place, then parameter: line 1 + (t*5 + p)*2 + k
            List<String> l = List.of(lines[1 + (2 * 5 + 3) * 2 + 1].split(",", -1));
            assertThat(l.get(EdrCsv.COLUMNS.indexOf("time"))).isEqualTo(at(4).toString());
            assertThat(l.get(EdrCsv.COLUMNS.indexOf("forecast_reference_time"))).isEqualTo(R1.toString());
            assertThat(l.get(EdrCsv.COLUMNS.indexOf("parameter"))).isEqualTo("wind_speed");
            ForecastFile windAt4 = fx.entry(fx.spec("ukv", Variables.WIND_SPEED_AT_10M, at(4), null));
            assertThat(l.get(EdrCsv.COLUMNS.indexOf("indexed_at"))).isEqualTo(windAt4.indexedAt().toString());
            assertThat(l.get(EdrCsv.COLUMNS.indexOf("announced_at"))).isEqualTo(windAt4.announcedAt().toString());
            assertThat(l.get(EdrCsv.COLUMNS.indexOf("height"))).isEqualTo("10");
            assertThat(Float.parseFloat(l.get(EdrCsv.COLUMNS.indexOf("value"))))
                    .isEqualTo((float) cov.at("/ranges/wind_speed/values").get(2 * 5 + 3).asDouble());
            // The row and column of the cell that answered the point, as /v1/point names it.
            double lon = Double.parseDouble(l.get(EdrCsv.COLUMNS.indexOf("longitude")));
            double lat = Double.parseDouble(l.get(EdrCsv.COLUMNS.indexOf("latitude")));
            JsonNode cell = api.get("/v1/point?lat=" + lat + "&lon=" + lon + "&variable=wind_speed&model=ukv&time=" + at(4)).json()
                    .path("cell");
            assertThat(l.get(EdrCsv.COLUMNS.indexOf("row"))).isEqualTo(cell.path("row").asText()).isNotEmpty();
            assertThat(l.get(EdrCsv.COLUMNS.indexOf("column"))).isEqualTo(cell.path("column").asText()).isNotEmpty();
            // Values in the units asked for, named so: wind speed in km/h is 3.6 times m s-1.
            JsonNode kmh = ok(api, base + "&units=" + q("km/h"));
            assertThat(kmh.at("/parameters/wind_speed/unit/symbol").asText()).isEqualTo("km/h");
            assertThat(kmh.at("/ranges/wind_speed/values").get(2 * 5 + 3).asDouble())
                    .isCloseTo(cov.at("/ranges/wind_speed/values").get(2 * 5 + 3).asDouble() * 3.6, org.assertj.core.api.Assertions.within(1e-3));
            assertThat(api.get(base + "&units=degF").status()).isEqualTo(200);
            assertThat(api.get(base + "&units=hPa").status()).isEqualTo(400);

            // Without f, the Accept header chooses; the answer says caches must key on it.
            Answer negotiated = api.get(base, b -> b.header("Accept", "application/json;q=0.5, text/csv"));
            assertThat(negotiated.status()).isEqualTo(200);
            assertThat(negotiated.header("Content-Type")).startsWith("text/csv");
            assertThat(negotiated.header("Vary")).contains("Accept");
            assertThat(negotiated.body()).isEqualTo(csv.body());
            Answer refused = api.get(base, b -> b.header("Accept", "image/png"));
            assertThat(refused.status()).isEqualTo(406);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().path("type").asText()).isEqualTo("/docs#problem-not-acceptable");

            Answer geo = api.get(base + "&f=GeoJSON");
            assertThat(geo.status()).isEqualTo(200);
            JsonNode features = geo.json().path("features");
            assertThat(features).hasSize(15);
            JsonNode f = features.get(2 * 5 + 3);
            assertThat(f.at("/properties/datetime").asText()).isEqualTo(at(4).toString());
            assertThat(f.at("/geometry/coordinates/0").asDouble()).isEqualTo(LON_LAT[3][0]);
            assertThat((float) f.at("/properties/air_temperature").asDouble())
                    .isEqualTo((float) cov.at("/ranges/air_temperature/values").get(2 * 5 + 3).asDouble());
            assertThat(f.at("/properties/forecast_reference_time").asText()).isEqualTo(R1.toString());
            // The feature's values come from two files (one per parameter): it is as fresh as the newer.
            ForecastFile airAt4 = fx.entry(fx.spec("ukv", Variables.TEMPERATURE_AT_SCREEN_LEVEL, at(4), null));
            Instant newerIndexed = java.util.Collections.max(List.of(airAt4.indexedAt(), windAt4.indexedAt()));
            Instant newerAnnounced = java.util.Collections.max(List.of(airAt4.announcedAt(), windAt4.announcedAt()));
            assertThat(f.at("/properties/indexed_at").asText()).isEqualTo(newerIndexed.toString());
            assertThat(f.at("/properties/announced_at").asText()).isEqualTo(newerAnnounced.toString());
        });
    }

    @Test
    void locationsAreTheGazetteer() {
        QueryServiceTesting.test(fx.index.service(), api -> {
            Answer list = api.get("/edr/collections/ukv/locations");
            assertThat(list.header("Content-Type")).startsWith("application/geo+json");
            assertThat(list.json().path("features")).extracting(f -> f.path("id").asText()).contains("Douglas", "Edinburgh");
            JsonNode douglas = ok(api, "/edr/collections/ukv/locations/Douglas?parameter-name=air_temperature&datetime=" + at(1));
            assertThat(CoverageJsonChecks.check(douglas)).isEqualTo("Point");
            JsonNode point = ok(api, "/v1/point?place=Douglas&time=" + at(1) + "&variable=air_temperature&model=ukv");
            assertThat((float) douglas.at("/ranges/air_temperature/values/0").asDouble())
                    .isEqualTo((float) point.at("/values/0/value").asDouble());
            JsonNode byInstance = ok(api, "/edr/collections/ukv/instances/20250614T000000Z/locations/"
                    + q("Newcastle upon Tyne").replace("+", "%20") + "?parameter-name=wind_speed");
            assertThat(byInstance.at("/domain/axes/t/values")).hasSize(12);
            Answer unknown = api.get("/edr/collections/ukv/locations/Duglas");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().path("suggestions").get(0).asText()).isEqualTo("Douglas");
        });
    }

    @Test
    void badInputIsA4xxProblemNamingIt() {
        QueryServiceTesting.test(fx.index.service(), api -> {
            String c = "/edr/collections/ukv";
            String ok = "&parameter-name=air_temperature&datetime=" + at(1);
            List<Object[]> cases = new ArrayList<>(List.of(
                    new Object[] {c + "/position?coords=" + q("POINT(-3 55") + ok, 400, "not valid WKT"},
                    new Object[] {c + "/position?coords=" + q("POINT(55.9 -3.2 7)") + ok, 400, "third coordinate"},
                    new Object[] {c + "/position?coords=" + q("POINT(55.9 -95)") + ok, 400, "longitude comes first"},
                    new Object[] {c + "/position?coords=" + q("LINESTRING(0 0, 1 1)") + ok, 400, "POINT or a MULTIPOINT"},
                    new Object[] {c + "/position" + "?parameter-name=air_temperature", 400, "'coords' is required"},
                    new Object[] {c + "/area?coords=" + q("POLYGON((-1 51, 0 52, 0 51, -1 52, -1 51))") + ok, 400, "its edges cross at (-0.5 51.5)"},
                    new Object[] {c + "/area?coords=" + q("POLYGON((150 -34, 151 -34, 151 -33, 150 -33, 150 -34))") + ok, 422,
                        "No ukv grid cell centre"},
                    new Object[] {c + "/area?coords=" + q("POLYGON((-8 50, 2 50, 2 59, -8 59, -8 50))")
                        + "&parameter-name=air_pressure_at_sea_level&datetime=" + at(1), 413, "limit is 100000 cells"},
                    new Object[] {c + "/position?coords=" + q("POINT(-3.2 55.9)") + "&parameter-name=snowfall", 400, "'snowfall'"},
                    new Object[] {c + "/position?coords=" + q("POINT(-3.2 55.9)") + "&datetime=yesterday", 400, "'datetime'"},
                    new Object[] {c + "/position?coords=" + q("POINT(-3.2 55.9)") + "&datetime=" + q(at(3) + "/" + at(1)), 400, "after it ends"},
                    new Object[] {c + "/position?coords=" + q("POINT(-3.2 55.9)") + "&datetime=" + q("../.."), 400, "open at both ends"},
                    new Object[] {c + "/position?coords=" + q("POINT(-3.2 55.9)") + ok + "&crs=EPSG:3857", 400, "CRS84"},
                    new Object[] {c + "/position?coords=" + q("POINT(-3.2 55.9)") + ok + "&f=xml", 400, "CoverageJSON, GeoJSON, CSV"},
                    new Object[] {c + "/position?coords=" + q("POINT(-3.2 55.9)") + ok + "&z=low", 400, "'z'"},
                    new Object[] {c + "/position?coords=" + q("POINT(-3.2 55.9)") + ok + "&z=2", 404, "heights [1.5] m"},
                    new Object[] {c + "/position?coords=" + q("POINT(-0.1 51.5)") + ok, 422, "outside the ukv grid"},
                    new Object[] {c + "/radius?coords=" + q("POINT(-3.2 55.9)") + "&within=5&within-units=furlongs" + ok, 400, "km, m or mi"},
                    new Object[] {c + "/radius?coords=" + q("POINT(-3.2 55.9)") + "&within=-5&within-units=km" + ok, 400, "'within'"},
                    new Object[] {c + "/cube?bbox=" + q("1,2,3") + ok, 400, "four numbers"},
                    new Object[] {c + "/cube?bbox=" + q("-3,56,-4,55") + ok, 400, "minlon < maxlon"},
                    new Object[] {c + "/instances/20240101T000000Z/position?coords=" + q("POINT(-3.2 55.9)"), 404, "No instance"},
                    new Object[] {c + "/position?coords=" + q("POINT(-3.2 55.9)") + ok + "&stats=median", 400, "'stats'"},
                    new Object[] {"/edr/collections/nowhere/position?coords=" + q("POINT(-3.2 55.9)"), 404, "No collection"},
                    new Object[] {c + "/position?coords=" + q("POINT(-3.2 55.9)") + ok + "&bogus=1", 400, "'bogus'"}));
            for (Object[] k : cases) {
                Answer a = api.get((String) k[0]);
                assertThat(a.status()).as(k[0] + " -> " + a.body()).isEqualTo(k[1]);
                assertThat(a.header("Content-Type")).as((String) k[0]).startsWith("application/problem+json");
                assertThat(a.json().path("detail").asText()).as((String) k[0]).contains((String) k[2]);
            }
            assertThat(ok(api, c + "/position?coords=" + q("POINT(-3.2 55.9)") + ok + "&z=1.5").at("/ranges/air_temperature/values"))
                    .hasSize(1);
        });
    }

    @Test
    void aSeriesOfTwelveTimesLooksUpItsVariableTimeByTimeNeverEveryVariableOfARun() {
        List<String> queries = new java.util.concurrent.CopyOnWriteArrayList<>();
        software.amazon.awssdk.services.dynamodb.DynamoDbClient counted = software.amazon.awssdk.services.dynamodb.DynamoDbClient
                .builder().region(software.amazon.awssdk.regions.Region.of(fx.index.aws().region()))
                .credentialsProvider(io.isobar.aws.AwsClients.credentials(fx.index.aws()))
                .endpointOverride(fx.index.aws().dynamoDbEndpoint().orElseThrow())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                            software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.QueryRequest q) {
                            queries.add(q.indexName() + " " + q.expressionAttributeValues());
                        }
                    }
                })).build();
        QueryServiceTesting.test(QueryServiceTesting.service(fx.index.config(), counted), api -> {
            String series = "/v1/point/series?place=Carlisle&variable=wind_speed&model=ukv&from=" + at(1) + "&to=" + at(12);
            assertThat(ok(api, series).path("count").asInt()).isEqualTo(12);
            // Best estimate: the validity times, then each time's newest wind_speed files (a Query of a few items of
            // the time's partition): twelve small Queries, never a run's files of every variable over the range
            // (~100 items a time at the real feed: ForecastIndex.FEW_LOOKUPS bounds how many such Queries one makes).
            assertThat(queries).as(queries.toString()).hasSize(13);
            assertThat(queries.stream().filter(q -> q.startsWith("by-run"))).isEmpty();
            assertThat(queries.stream().filter(q -> q.contains("prefix=AttributeValue(S=ukv#wind_speed#)"))).hasSize(12);
            queries.clear();
            assertThat(ok(api, series + "&run=" + R1).path("count").asInt()).isEqualTo(9);
            // One run: the same, narrowed to the run's files of the variable (the validity times may still be cached).
            assertThat(queries.stream().filter(q -> q.startsWith("by-run"))).isEmpty();
            assertThat(queries.stream().filter(q -> q.contains(":t="))).as(queries.toString()).hasSize(12);
            assertThat(queries.stream().filter(q -> q.contains("prefix=AttributeValue(S=ukv#wind_speed#"
                    + io.isobar.index.FileItems.iso(R1) + "#)"))).hasSize(12);
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Checks every cell of a Grid answer against the file and the area; returns how many cells have values. */
    private static int checkGrid(JsonNode cov, ForecastFileSpec spec, Polygon shape) {
        GridSpec grid = spec.grid();
        GridProjection projection = GridProjection.of(new io.isobar.netcdf.NetcdfHeader.GridMapping("lambert_azimuthal_equal_area",
                io.isobar.query.forecast.GridProjectionTest.laea()));
        JsonNode xs = cov.at("/domain/axes/x/values");
        JsonNode ys = cov.at("/domain/axes/y/values");
        JsonNode values = cov.at("/ranges/air_pressure_at_sea_level/values");
        GeometryFactory g = new GeometryFactory();
        int inside = 0;
        for (int i = 0; i < ys.size(); i++) {
            int row = (int) Math.round((ys.get(i).asDouble() - grid.firstY()) / grid.spacing());
            for (int j = 0; j < xs.size(); j++) {
                int column = (int) Math.round((xs.get(j).asDouble() - grid.firstX()) / grid.spacing());
                JsonNode v = values.get(i * xs.size() + j);
                double[] latLon = projection.toGeographic(xs.get(j).asDouble(), ys.get(i).asDouble());
                boolean in = shape.contains(g.createPoint(new Coordinate(latLon[1], latLon[0])));
                assertThat(!v.isNull()).as("row %d column %d inside", row, column).isEqualTo(in);
                if (in) {
                    inside++;
                    assertThat((float) v.asDouble()).isEqualTo(EdrFixture.FIELD.value(spec, 0, Double.NaN, row, column));
                }
            }
        }
        return inside;
    }

    private static String multipoint() {
        StringBuilder s = new StringBuilder("MULTIPOINT(");
        for (int p = 0; p < LON_LAT.length; p++) {
            s.append(p == 0 ? "" : ",").append('(').append(LON_LAT[p][0]).append(' ').append(LON_LAT[p][1]).append(')');
        }
        return s.append(')').toString();
    }

    private static double mean(float[] v) {
        double sum = 0;
        for (float f : v) {
            sum += f;
        }
        return sum / v.length;
    }

    private static String nextLink(JsonNode page) {
        for (JsonNode l : page.path("links")) {
            if (l.path("rel").asText().equals("next")) {
                return l.path("href").asText();
            }
        }
        return null;
    }

    private static JsonNode ok(TestApi api, String url) {
        Answer a = api.get(url);
        assertThat(a.status()).as(url + " -> " + a.body()).isEqualTo(200);
        return a.json();
    }
}
