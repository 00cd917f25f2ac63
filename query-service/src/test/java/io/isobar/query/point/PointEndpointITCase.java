package io.isobar.query.point;

import static io.isobar.query.TestApi.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.model.ForecastFile;
import io.isobar.query.FieldWithHoles;
import io.isobar.query.IndexFixture;
import io.isobar.query.QueryServiceTesting;
import io.isobar.query.TestApi;
import io.isobar.query.TestApi.Answer;
import io.isobar.query.forecast.GridProjection;
import io.isobar.query.forecast.GridProjectionTest;
import io.jhdf.HdfFile;

/**
 * The point endpoints end to end: fixture files with known values in the emulated S3 archive, index entries pointing
 * at them in DynamoDB Local, requests over HTTP. The fixtures cover a 40 x 36 cut of the UK 2 km grid around the
 * Isle of Man, their values are {@code base + 2 member + 0.5 level + 0.01 row + 0.001 column} (float32).
 */
@ExtendWith(LocalAwsExtension.class)
class PointEndpointITCase {

    static final String R0 = "2025-06-14T00:00:00Z";
    static final String R1 = "2025-06-14T01:00:00Z";
    static final String T1 = "2025-06-14T01:00:00Z";
    static final String T2 = "2025-06-14T02:00:00Z";
    static final String T3 = "2025-06-14T03:00:00Z";
    static final String T5 = "2025-06-14T05:00:00Z";
    static final String ENSEMBLE_TIME = "2025-11-23T03:00:00Z";
    static final Instant INDEXED_AT = Instant.parse("2025-06-14T00:30:00Z");

    /**
     * When the fixture's UKV file {@code objectId} was announced: shortly before indexing, by an amount of its own, so
     * a value's freshness shows which file it came from. MOGREPS-UK files stand for backfilled ones: never announced.
     */
    static Instant announced(String objectId) {
        return INDEXED_AT.minusMillis(1_000 + Math.floorMod(objectId.hashCode(), 1_000));
    }

    private static IndexFixture index;
    private static String bucket;
    private static float[][] ukvWritten;

    @TempDir
    static Path dir;

    @BeforeAll
    static void seed(LocalAws aws) throws Exception {
        index = new IndexFixture(aws, "point");
        bucket = LocalAws.uniqueName("point-archive");
        // UKV screen temperature: run R0 valid at T1..T3, run R1 valid at T2..T3 (a series across two runs).
        for (String t : List.of(T1, T2, T3)) {
            put("ukv", "air_temperature", R0, t, "ukv-2d-air_temperature.nc", "ukv-at-r0-" + t.substring(11, 13), null);
        }
        for (String t : List.of(T2, T3)) {
            put("ukv", "air_temperature", R1, t, "ukv-2d-air_temperature.nc", "ukv-at-r1-" + t.substring(11, 13), null);
        }
        // The same variable as an hourly maximum in the same run: the instantaneous field is preferred.
        put("ukv", "air_temperature", R1, T3, "mogreps-uk-air_temperature-max.nc", "ukv-atmax-r1-03", "time: maximum");
        // Pressure levels, an ensemble on height levels, and the 3-member maximum temperature (MOGREPS-UK at T1).
        put("ukv", "wind_speed", "2025-06-14T03:00:00Z", T5, "ukv-pressure-wind_speed.nc", "ukv-ws-p", null);
        put("mogreps-uk", "wind_speed", "2025-11-20T15:00:00Z", ENSEMBLE_TIME, "mogreps-uk-ensemble-wind_speed.nc", "mog-ws", null);
        put("mogreps-uk", "air_temperature", R0, T1, "mogreps-uk-air_temperature-max.nc", "mog-atmax", "time: maximum");
        // A field with a NaN and a fill value where Douglas and Ramsey are.
        Path holes = dir.resolve("holes.nc");
        FieldWithHoles.write(holes, Instant.parse(T1), Instant.parse(R0));
        put("ukv", "relative_humidity", R0, T1, holes, "ukv-rh-holes", null);

        try (HdfFile hdf = new HdfFile(fixture("ukv-2d-air_temperature.nc"))) {
            ukvWritten = (float[][]) hdf.getDatasetByPath("air_temperature").getData();
        }
    }

    @AfterAll
    static void close() {
        index.close();
    }

    @Test
    void everyCellCentreAnswersTheValueWrittenThere() {
        QueryServiceTesting.test(index.service(), api -> {
            GridProjection projection = GridProjection.of(GridProjectionTest.UK);
            for (int row = 0; row < 36; row++) {
                for (int column = 0; column < 40; column++) {
                    double[] latLon = projection.toGeographic(-156_000 + 2000.0 * column, -102_000 + 2000.0 * row);
                    Answer a = api.get("/v1/point?lat=" + latLon[0] + "&lon=" + latLon[1] + "&time=" + T1
                            + "&variable=air_temperature&model=ukv");
                    assertThat(a.status()).as(a.body()).isEqualTo(200);
                    JsonNode json = a.json();
                    assertThat(json.at("/cell/row").asInt()).isEqualTo(row);
                    assertThat(json.at("/cell/column").asInt()).isEqualTo(column);
                    assertThat(json.at("/cell/distance_m").asDouble()).isLessThan(0.01);
                    float value = (float) json.at("/values/0/value").asDouble();
                    assertThat(value).as("row %d column %d", row, column).isEqualTo(ukvWritten[row][column]);
                    assertThat((double) value).isCloseTo(273.15 + 0.01 * row + 0.001 * column, within(5e-4));
                }
            }
        });
    }

    @Test
    void answersWithUnitsTheRunTheFileAndTheCell() {
        QueryServiceTesting.test(index.service(), api -> {
            JsonNode a = ok(api, "/v1/point?place=Douglas&time=20250614T0100Z&variable=air_temperature&model=UK_DET");
            assertThat(a.path("model").asText()).isEqualTo("ukv");
            assertThat(a.path("units").asText()).isEqualTo("K");
            assertThat(a.path("time").asText()).isEqualTo(T1);
            assertThat(a.path("forecast_reference_time").asText()).isEqualTo(R0);
            assertThat(a.path("forecast_period").asLong()).isEqualTo(3600);
            assertThat(a.path("method").asText()).isEqualTo("nearest");
            assertThat(a.at("/point/place").asText()).isEqualTo("Douglas");
            assertThat(a.at("/point/latitude").asDouble()).isEqualTo(54.1523);
            // pyproj: Douglas is at x -129745.78, y -81398.37: nearest centre (-130000, -82000), row 10, column 13.
            assertThat(a.at("/point/x").asDouble()).isCloseTo(-129745.781, within(0.01));
            assertThat(a.at("/cell/row").asInt()).isEqualTo(10);
            assertThat(a.at("/cell/column").asInt()).isEqualTo(13);
            assertThat(a.at("/cell/x").asDouble()).isEqualTo(-130000.0);
            assertThat(a.at("/cell/y").asDouble()).isEqualTo(-82000.0);
            // About 254 m west and 602 m south apart: ~653 m.
            assertThat(a.at("/cell/distance_m").asDouble()).isBetween(640.0, 665.0);
            assertThat(a.path("values")).hasSize(1);
            JsonNode v = a.at("/values/0");
            assertThat(v.path("height").asDouble()).isEqualTo(1.5);
            assertThat(v.has("realization")).isFalse();
            assertThat((float) v.path("value").asDouble()).isEqualTo(ukvWritten[10][13]);
            assertThat(v.path("uri").asText()).isEqualTo(uri("ukv-at-r0-01"));
            assertThat(v.path("indexed_at").asText()).isEqualTo("2025-06-14T00:30:00Z");
            assertThat(v.path("announced_at").asText()).isEqualTo(announced("ukv-at-r0-01").toString());
        });
    }

    @Test
    void theNewestRunAnswersAndTheInstantaneousFieldBeatsTheMaximum() {
        QueryServiceTesting.test(index.service(), api -> {
            JsonNode a = ok(api, "/v1/point?place=douglas&time=" + T3 + "&variable=air_temperature&model=ukv");
            assertThat(a.path("forecast_reference_time").asText()).isEqualTo(R1);
            assertThat(a.has("cell_methods")).isFalse();
            assertThat(a.at("/values/0/uri").asText()).isEqualTo(uri("ukv-at-r1-03"));
        });
    }

    @Test
    void anEnsembleAnswersEveryRealizationAndLevelUnlessOneIsAskedFor() {
        QueryServiceTesting.test(index.service(), api -> {
            String base = "/v1/point?place=Douglas&time=" + ENSEMBLE_TIME + "&variable=wind_speed&model=mogreps-uk";
            JsonNode all = ok(api, base);
            assertThat(all.path("values")).hasSize(9);
            int[] realizations = {18, 19, 20};
            double[] heights = {10, 50, 100};
            for (int m = 0; m < 3; m++) {
                for (int l = 0; l < 3; l++) {
                    JsonNode v = all.path("values").get(m * 3 + l);
                    assertThat(v.path("realization").asInt()).isEqualTo(realizations[m]);
                    assertThat(v.path("height").asDouble()).isEqualTo(heights[l]);
                    assertThat(v.path("value").asDouble()).isCloseTo(5.0 + 2 * m + 0.5 * l + 0.01 * 10 + 0.001 * 13, within(5e-4));
                }
            }
            JsonNode one = ok(api, base + "&realization=19&height=50");
            assertThat(one.path("values")).hasSize(1);
            assertThat(one.at("/values/0/value").asDouble()).isCloseTo(5.0 + 2 + 0.5 + 0.1 + 0.013, within(5e-4));
            assertThat(ok(api, base + "&realization=20").path("values")).hasSize(3);
            // Backfilled (never announced): indexed_at only.
            assertThat(all.path("values")).allSatisfy(v -> {
                assertThat(v.path("indexed_at").asText()).isEqualTo("2025-06-14T00:30:00Z");
                assertThat(v.has("announced_at")).isFalse();
            });

            Answer none = api.get(base + "&realization=7");
            assertThat(none.status()).isEqualTo(404);
            assertThat(none.json().path("detail").asText()).contains("realization 7").contains("realizations [18, 19, 20]");
            assertThat(api.get(base + "&pressure=85000").status()).isEqualTo(404);
        });
    }

    @Test
    void pressureLevelsAnswerEveryLevelUnlessOneIsAskedFor() {
        QueryServiceTesting.test(index.service(), api -> {
            String base = "/v1/point?place=Ramsey&time=" + T5 + "&variable=wind_speed&model=ukv";
            JsonNode all = ok(api, base);
            assertThat(all.path("values")).extracting(v -> v.path("pressure").asDouble()).containsExactly(100000.0, 85000.0, 50000.0);
            // Ramsey: row 20, column 17.
            assertThat(all.at("/values/1/value").asDouble()).isCloseTo(10.0 + 0.5 + 0.2 + 0.017, within(5e-4));
            JsonNode one = ok(api, base + "&pressure=50000");
            assertThat(one.path("values")).hasSize(1);
            assertThat(one.at("/values/0/value").asDouble()).isCloseTo(10.0 + 1.0 + 0.2 + 0.017, within(5e-4));
        });
    }

    @Test
    void bilinearInterpolatesTheFourCellsAround() {
        QueryServiceTesting.test(index.service(), api -> {
            GridProjection projection = GridProjection.of(GridProjectionTest.UK);
            // 9.6 rows and 13.25 columns from the first centre: the field is linear in row and column, so bilinear
            // interpolation gives the formula at the fractional position.
            double[] latLon = projection.toGeographic(-156_000 + 13.25 * 2000, -102_000 + 9.6 * 2000);
            String base = "/v1/point?lat=" + latLon[0] + "&lon=" + latLon[1] + "&time=" + T1 + "&variable=air_temperature&model=ukv";
            JsonNode a = ok(api, base + "&method=bilinear");
            assertThat(a.path("method").asText()).isEqualTo("bilinear");
            assertThat(a.path("cells")).hasSize(4);
            // The expectation is computed here from the position, not from the weights the server reports:
            // rows 9 and 10 (0.6 of the way), columns 13 and 14 (0.25 of the way).
            double[][] cornerWeights = {{0.4 * 0.75, 0.4 * 0.25}, {0.6 * 0.75, 0.6 * 0.25}};
            double expected = 0;
            for (int dr = 0; dr < 2; dr++) {
                for (int dc = 0; dc < 2; dc++) {
                    expected += cornerWeights[dr][dc] * ukvWritten[9 + dr][13 + dc];
                }
            }
            for (JsonNode c : a.path("cells")) {
                int dr = c.path("row").asInt() - 9;
                int dc = c.path("column").asInt() - 13;
                assertThat(dr).as("row of %s", c).isBetween(0, 1);
                assertThat(dc).as("column of %s", c).isBetween(0, 1);
                assertThat(c.path("weight").asDouble()).as("weight of %s", c).isCloseTo(cornerWeights[dr][dc], within(1e-4));
            }
            assertThat(a.at("/values/0/value").asDouble()).isCloseTo(expected, within(1e-4))
                    .isCloseTo(273.15 + 0.01 * 9.6 + 0.001 * 13.25, within(5e-4));
            assertThat(a.at("/cell/row").asInt()).isEqualTo(10);
            // Nearest takes the one cell instead.
            assertThat((float) ok(api, base).at("/values/0/value").asDouble()).isEqualTo(ukvWritten[10][13]);
        });
    }

    @Test
    void csvHasOneLinePerValue() {
        QueryServiceTesting.test(index.service(), api -> {
            Answer a = api.get("/v1/point?place=Douglas&time=" + ENSEMBLE_TIME + "&variable=wind_speed&model=mogreps-uk&format=csv");
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.header("Content-Type")).startsWith("text/csv");
            String[] lines = a.body().split("\r\n");
            assertThat(lines).hasSize(10);
            assertThat(lines[0]).isEqualTo(String.join(",", PointCsv.COLUMNS));
            List<String> first = List.of(lines[1].split(",", -1));
            assertThat(first).hasSize(PointCsv.COLUMNS.size());
            assertThat(first.get(PointCsv.COLUMNS.indexOf("time"))).isEqualTo(ENSEMBLE_TIME);
            assertThat(first.get(PointCsv.COLUMNS.indexOf("realization"))).isEqualTo("18");
            assertThat(first.get(PointCsv.COLUMNS.indexOf("height"))).isEqualTo("10.0");
            assertThat(Double.parseDouble(first.get(PointCsv.COLUMNS.indexOf("value")))).isCloseTo(5.113, within(5e-4));
            assertThat(first.get(PointCsv.COLUMNS.indexOf("place"))).isEqualTo("Douglas");
            assertThat(first.get(PointCsv.COLUMNS.indexOf("row"))).isEqualTo("10");
            assertThat(first.get(PointCsv.COLUMNS.indexOf("uri"))).isEqualTo(uri("mog-ws"));
            assertThat(first.get(PointCsv.COLUMNS.indexOf("indexed_at"))).isEqualTo("2025-06-14T00:30:00Z");
            assertThat(first.get(PointCsv.COLUMNS.indexOf("announced_at"))).isEmpty();
        });
    }

    @Test
    void aPointOffTheGridIs422() {
        QueryServiceTesting.test(index.service(), api -> {
            Answer a = api.get("/v1/point?place=London&time=" + T1 + "&variable=air_temperature&model=ukv");
            assertThat(a.status()).isEqualTo(422);
            assertThat(a.header("Content-Type")).startsWith("application/problem+json");
            assertThat(a.json().path("type").asText()).isEqualTo("/docs#problem-outside-grid");
            assertThat(a.json().path("detail").asText()).contains("51.5074, -0.1278 (London) is outside the ukv grid")
                    .contains("x -157000..-77000 m, y -103000..-31000 m");
            assertThat(api.get("/v1/point?lat=-54.9&lon=177.5&time=" + T1 + "&variable=air_temperature").status()).isEqualTo(422);
        });
    }

    @Test
    void anUnknownPlaceIs404WithSuggestions() {
        QueryServiceTesting.test(index.service(), api -> {
            Answer a = api.get("/v1/point?place=Duglas&time=" + T1 + "&variable=air_temperature");
            assertThat(a.status()).isEqualTo(404);
            assertThat(a.header("Content-Type")).startsWith("application/problem+json");
            JsonNode p = a.json();
            assertThat(p.path("type").asText()).isEqualTo("/docs#problem-unknown-place");
            assertThat(p.path("detail").asText()).contains("Unknown place 'Duglas'. Did you mean Douglas");
            assertThat(p.path("suggestions").get(0).asText()).isEqualTo("Douglas");
        });
    }

    @Test
    void fillValuesAndNaNAreNullWithAReason() {
        QueryServiceTesting.test(index.service(), api -> {
            JsonNode nan = ok(api, "/v1/point?place=Douglas&time=" + T1 + "&variable=relative_humidity&model=ukv");
            assertThat(nan.at("/values/0/value").isNull()).isTrue();
            assertThat(nan.at("/values/0/reason").asText()).startsWith("NaN");
            JsonNode fill = ok(api, "/v1/point?place=Ramsey&time=" + T1 + "&variable=relative_humidity&model=ukv");
            assertThat(fill.at("/values/0/value").isNull()).isTrue();
            assertThat(fill.at("/values/0/reason").asText()).startsWith("fill value");
            JsonNode elsewhere = ok(api, "/v1/point?place=Peel&time=" + T1 + "&variable=relative_humidity&model=ukv");
            assertThat(elsewhere.at("/values/0/value").asDouble()).isEqualTo(80.0);
            assertThat(elsewhere.at("/values/0/reason").isMissingNode()).isTrue();
            // Bilinear next to the NaN cell needs it, so there is no value either.
            GridProjection projection = GridProjection.of(GridProjectionTest.UK);
            double[] latLon = projection.toGeographic(-130_000 + 700, -82_000 + 300);
            JsonNode mixed = ok(api, "/v1/point?lat=" + latLon[0] + "&lon=" + latLon[1] + "&time=" + T1
                    + "&variable=relative_humidity&model=ukv&method=bilinear");
            assertThat(mixed.at("/values/0/value").isNull()).isTrue();
            assertThat(mixed.at("/values/0/reason").asText()).contains("row 10, column 13").contains("NaN");
        });
    }

    @Test
    void withoutAModelThePreferredModelThatHasTheVariableAnswers() {
        QueryServiceTesting.test(index.service(), api -> {
            assertThat(ok(api, "/v1/point?place=Peel&time=" + T1 + "&variable=air_temperature").path("model").asText()).isEqualTo("ukv");
            assertThat(ok(api, "/v1/point?place=Peel&time=" + ENSEMBLE_TIME + "&variable=wind_speed").path("model").asText())
                    .isEqualTo("mogreps-uk");
            Answer none = api.get("/v1/point?place=Peel&time=" + T2 + "&variable=snowfall");
            assertThat(none.status()).isEqualTo(404);
            // No file of any model has it: a misspelt or unknown variable, answered with the variables that are there.
            assertThat(none.json().path("detail").asText()).contains("Unknown variable 'snowfall': no file of it is valid at " + T2)
                    .contains("Variables with files valid at " + T2 + ": air_temperature");
        });
    }

    @Test
    void aSeriesTakesEachTimeFromTheNewestRunForIt() {
        QueryServiceTesting.test(index.service(), api -> {
            JsonNode s = ok(api, "/v1/point/series?place=Castletown&variable=air_temperature&model=ukv&from=" + T1 + "&to=" + T3);
            assertThat(s.path("count").asInt()).isEqualTo(3);
            List<String> runs = new ArrayList<>();
            List<String> uris = new ArrayList<>();
            List<String> announcedAt = new ArrayList<>();
            for (JsonNode e : s.path("series")) {
                runs.add(e.path("forecast_reference_time").asText());
                uris.add(e.at("/values/0/uri").asText());
                announcedAt.add(e.at("/values/0/announced_at").asText());
                assertThat(e.at("/values/0/indexed_at").asText()).isEqualTo("2025-06-14T00:30:00Z");
                // Castletown: row 6, column 8.
                assertThat(e.at("/cell/row").asInt()).isEqualTo(6);
                assertThat((float) e.at("/values/0/value").asDouble()).isEqualTo(ukvWritten[6][8]);
            }
            assertThat(s.path("series")).extracting(e -> e.path("time").asText()).containsExactly(T1, T2, T3);
            assertThat(runs).containsExactly(R0, R1, R1);
            assertThat(s.path("series")).extracting(e -> e.path("forecast_period").asLong()).containsExactly(3600L, 3600L, 7200L);
            assertThat(uris).containsExactly(uri("ukv-at-r0-01"), uri("ukv-at-r1-02"), uri("ukv-at-r1-03"));
            assertThat(announcedAt).containsExactly(announced("ukv-at-r0-01").toString(), announced("ukv-at-r1-02").toString(),
                    announced("ukv-at-r1-03").toString());

            Answer csv = api.get("/v1/point/series?place=Castletown&variable=air_temperature&from=" + T1 + "&to=" + T3 + "&format=csv");
            assertThat(csv.status()).isEqualTo(200);
            String[] lines = csv.body().split("\r\n");
            assertThat(lines).hasSize(4);
            assertThat(lines[2]).startsWith(T2 + ",ukv,air_temperature,K,," + R1 + ",3600,")
                    .endsWith(",2025-06-14T00:30:00Z," + announced("ukv-at-r1-02"));

            assertThat(api.get("/v1/point/series?place=Castletown&variable=air_temperature&from=" + T3 + "&to=" + T1).status())
                    .isEqualTo(400);
            assertThat(api.get("/v1/point/series?place=Castletown&variable=snowfall&from=" + T1 + "&to=" + T3).status())
                    .isEqualTo(404);
        });
    }

    @Test
    void missingOrConflictingLocationsAndBadNumbersAre400() {
        QueryServiceTesting.test(index.service(), api -> {
            String tail = "&time=" + T1 + "&variable=air_temperature";
            for (String bad : List.of("lat=54.1", "lon=-4.4", "lat=54.1&lon=-4.4&place=Douglas", "lat=91&lon=0", "lat=NaN&lon=0",
                    "lat=1e1&lon=0", "lat=54&lon=-4&method=cubic", "lat=54&lon=-4&format=xml", "lat=54&lon=-4&realization=-1",
                    "lat=54&lon=-4&height=abc")) {
                Answer a = api.get("/v1/point?" + bad + tail);
                assertThat(a.status()).as(bad + " -> " + a.body()).isEqualTo(400);
            }
            assertThat(api.get("/v1/point?place=Douglas&variable=air_temperature").json().path("detail").asText())
                    .contains("'time' is required");
            assertThat(api.get("/v1/point?place=Douglas&time=" + T1).json().path("detail").asText()).contains("'variable' is required");
            assertThat(api.get("/v1/point?" + "lat=54&lon=-4").status()).isEqualTo(400);
            assertThat(api.get("/v1/point/series?place=" + q("Douglas") + "&variable=air_temperature&from=" + T1).status()).isEqualTo(400);
        });
    }

    @Test
    void repeatedQueriesReadFromTheCache() {
        QueryServiceTesting.test(index.service(), api -> {
            // A fresh service: the first query reads the file's header and one chunk, the second neither.
            String url = "/v1/point?place=Peel&time=" + T2 + "&variable=air_temperature&model=ukv";
            ok(api, url);
            Answer again = api.get(url);
            assertThat(again.status()).isEqualTo(200);
            Answer notModified = api.get(url, b -> b.header("If-None-Match", again.header("ETag")));
            assertThat(notModified.status()).isEqualTo(304);
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static JsonNode ok(TestApi api, String url) {
        Answer a = api.get(url);
        assertThat(a.status()).as(url + " -> " + a.body()).isEqualTo(200);
        return a.json();
    }

    private static String uri(String objectId) {
        return "s3://" + bucket + "/archive/" + objectId + ".nc";
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(PointEndpointITCase.class.getResource("/fixtures/" + name).toURI());
    }

    private static void put(String model, String variable, String run, String time, String fixture, String objectId,
            String cellMethods) throws Exception {
        put(model, variable, run, time, fixture(fixture), objectId, cellMethods);
    }

    /** Archives {@code file} and indexes it, as the job would (the entry's metadata as the test says). */
    private static void put(String model, String variable, String run, String time, Path file, String objectId,
            String cellMethods) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        index.upload(uri(objectId), bytes);
        Instant frt = Instant.parse(run);
        Instant t = Instant.parse(time);
        index.put(new ForecastFile(objectId, model, variable, variable, null, "wind_speed".equals(variable) ? "m s-1" : "K",
                cellMethods, frt, Duration.between(frt, t).toSeconds(), t, List.of(), List.of(), List.of(), List.of(),
                uri(objectId), "s3://met-office/" + objectId + ".nc", bytes.length, "etag-" + objectId,
                INDEXED_AT).withAnnouncedAt("ukv".equals(model) ? announced(objectId) : null));
    }
}
