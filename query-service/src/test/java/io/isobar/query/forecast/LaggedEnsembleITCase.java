package io.isobar.query.forecast;

import static io.isobar.query.TestApi.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.query.IndexFixture;
import io.isobar.query.QueryServiceTesting;
import io.isobar.query.TestApi;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variables;

/**
 * {@code ensemble=lagged} end to end: MOGREPS-UK files written by the simulator for four hourly-spaced runs, archived in
 * the emulated S3 and indexed from their headers as the job does; {@code /v1/point}, {@code /v1/point/series} and EDR
 * answer the members of the lagged set, each labelled with its run and age, and statistics equal to a computation in
 * this test from the values the simulator wrote.
 *
 * <p>Runs {@link #NEWEST} and the 1 and 2 hours before it are in the set of the validity times {@link #T1} and
 * {@link #T2}; the run 12 hours before it is not (the set takes the latest 12 hourly runs), but it is in the set of
 * the run 1 hour before {@link #NEWEST} (11 hours older). Every run has members 0, 1 and 2: realizations repeat from run to
 * run, as they may in the feed.
 */
@ExtendWith(LocalAwsExtension.class)
class LaggedEnsembleITCase {

    static final Instant NEWEST = Instant.parse("2025-06-14T08:00:00Z");
    static final int[] AGES = {0, 1, 2, 12};
    static final Instant T1 = NEWEST.plus(Duration.ofHours(3));
    static final Instant T2 = NEWEST.plus(Duration.ofHours(4));
    static final SyntheticField FIELD = new SyntheticField(19);
    static final GridSpec GRID = GridSpec.centred(40, 44);
    static final String CARLISLE = "lat=54.8925&lon=-2.9329";

    private static IndexFixture index;

    @BeforeAll
    static void seed(LocalAws aws) throws Exception {
        index = new IndexFixture(aws, "lagged");
        MetOfficeFileWriter writer = new MetOfficeFileWriter(FIELD);
        String bucket = LocalAws.uniqueName("lagged-archive");
        for (int age : AGES) {
            for (Instant time : List.of(T1, T2)) {
                ForecastFileSpec spec = spec(age, time);
                index.archive("s3://" + bucket + "/mogreps-uk-" + age + "-" + time.getEpochSecond() + ".nc", writer.toBytes(spec),
                        "mogreps-uk", Instant.now());
            }
        }
        ForecastFileSpec ukv = new ForecastFileSpec(MetOfficeModel.UKV, Variables.TEMPERATURE_AT_SCREEN_LEVEL, NEWEST,
                Duration.between(NEWEST, T1), List.of(), GRID, NEWEST);
        index.archive("s3://" + bucket + "/ukv.nc", writer.toBytes(ukv), "ukv", Instant.now());
    }

    @AfterAll
    static void close() {
        index.close();
    }

    static Instant run(int age) {
        return NEWEST.minus(Duration.ofHours(age));
    }

    static ForecastFileSpec spec(int age, Instant time) {
        return new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.TEMPERATURE_AT_SCREEN_LEVEL, run(age),
                Duration.between(run(age), time), List.of(0, 1, 2), GRID, run(age));
    }

    /** The value the simulator wrote for member {@code m} of the run {@code age} hours old at {@code time}. */
    static float written(int age, Instant time, int m, int row, int column) {
        return FIELD.value(spec(age, time), m, 1.5, row, column);
    }

    @Test
    void pointAnswersEveryMemberOfTheLaggedSetWithItsRunAndAgeAndStatisticsOverThem() {
        QueryServiceTesting.test(index.service(), api -> {
            JsonNode newest = ok(api, "/v1/point?" + CARLISLE + "&variable=air_temperature&model=mogreps-uk&time=" + T1);
            assertThat(newest.path("values")).hasSize(3);
            assertThat(newest.path("values").get(0).has("age_hours")).isFalse();

            JsonNode lagged = ok(api, "/v1/point?" + CARLISLE + "&variable=air_temperature&model=mogreps-uk&time=" + T1
                    + "&ensemble=lagged&stats=mean,std,min,max&percentiles=10,50,90&threshold=" + threshold(newest));
            int row = lagged.at("/cell/row").asInt();
            int column = lagged.at("/cell/column").asInt();
            assertThat(lagged.path("forecast_reference_time").asText()).isEqualTo(NEWEST.toString());
            JsonNode values = lagged.path("values");
            assertThat(values).hasSize(9);
            List<Float> members = new ArrayList<>();
            int i = 0;
            for (int age : new int[] {0, 1, 2}) {
                for (int m = 0; m < 3; m++) {
                    JsonNode v = values.get(i++);
                    assertThat(v.path("age_hours").asInt()).isEqualTo(age);
                    assertThat(v.path("forecast_reference_time").asText()).isEqualTo(run(age).toString());
                    assertThat(v.path("realization").asInt()).isEqualTo(m);
                    float expected = written(age, T1, m, row, column);
                    assertThat((float) v.path("value").asDouble()).isEqualTo(expected);
                    members.add(expected);
                }
            }
            assertStatistics(lagged.path("statistics"), members, threshold(newest));

            String text = api.get("/v1/point?" + CARLISLE + "&variable=air_temperature&model=mogreps-uk&time=" + T1
                    + "&ensemble=lagged&format=csv").body();
            String[] lines = text.strip().split("\r?\n");
            assertThat(lines).hasSize(10);
            List<String> header = Arrays.asList(lines[0].split(","));
            String[] oldest = lines[9].split(",", -1);
            assertThat(oldest[header.indexOf("forecast_reference_time")]).isEqualTo(run(2).toString());
        });
    }

    @Test
    void aSeriesAndAPastRunAnswerTheirOwnLaggedSets() {
        QueryServiceTesting.test(index.service(), api -> {
            JsonNode series = ok(api, "/v1/point/series?" + CARLISLE + "&variable=air_temperature&model=mogreps-uk&from=" + T1
                    + "&to=" + T2 + "&ensemble=lagged&stats=mean");
            assertThat(series.path("count").asInt()).isEqualTo(2);
            for (JsonNode entry : series.path("series")) {
                Instant time = Instant.parse(entry.path("time").asText());
                int row = entry.at("/cell/row").asInt();
                int column = entry.at("/cell/column").asInt();
                assertThat(entry.path("values")).extracting(v -> v.path("age_hours").asInt()).containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 2);
                List<Float> members = new ArrayList<>();
                for (int age : new int[] {0, 1, 2}) {
                    for (int m = 0; m < 3; m++) {
                        members.add(written(age, time, m, row, column));
                    }
                }
                assertThat((float) entry.at("/statistics/0/value").asDouble()).isCloseTo(mean(members), within(1e-3f));
                assertThat(entry.at("/statistics/0/members").asInt()).isEqualTo(9);
            }

            // As of the run an hour before the newest: it and the runs 1 and 11 hours older than it.
            JsonNode past = ok(api, "/v1/point?" + CARLISLE + "&variable=air_temperature&model=mogreps-uk&time=" + T1
                    + "&ensemble=lagged&run=" + run(1));
            assertThat(past.path("forecast_reference_time").asText()).isEqualTo(run(1).toString());
            assertThat(past.path("values")).extracting(v -> v.path("forecast_reference_time").asText())
                    .containsExactly(run(1).toString(), run(1).toString(), run(1).toString(), run(2).toString(),
                            run(2).toString(), run(2).toString(), run(12).toString(), run(12).toString(), run(12).toString());
            assertThat(past.path("values")).extracting(v -> v.path("age_hours").asInt()).containsExactly(0, 0, 0, 1, 1, 1, 11, 11, 11);
        });
    }

    @Test
    void edrAnswersEachMemberAsAParameterLabelledWithItsRunAndAgeAndTheStatisticsOverTheSet() {
        QueryServiceTesting.test(index.service(), api -> {
            String base = "/edr/collections/mogreps-uk/position?coords=" + q("POINT(-2.9329 54.8925)") + "&datetime=" + T1
                    + "&parameter-name=air_temperature&ensemble=lagged";
            JsonNode point = ok(api, "/v1/point?" + CARLISLE + "&variable=air_temperature&model=mogreps-uk&time=" + T1);
            int row = point.at("/cell/row").asInt();
            int column = point.at("/cell/column").asInt();

            assertThat(ok(api, "/edr/collections/mogreps-uk").at("/isobar:lagged_ensemble/runs").asInt()).isEqualTo(12);
            assertThat(ok(api, "/edr/collections/mogreps-uk").at("/isobar:lagged_ensemble/interval").asText()).isEqualTo("PT1H");
            assertThat(ok(api, "/edr/collections/ukv").has("isobar:lagged_ensemble")).isFalse();

            JsonNode members = ok(api, base);
            assertThat(members.path("ranges").size()).isEqualTo(9);
            List<Float> values = new ArrayList<>();
            for (int age : new int[] {0, 1, 2}) {
                for (int m = 0; m < 3; m++) {
                    String key = "air_temperature_lag" + age + "h_member" + m;
                    float expected = written(age, T1, m, row, column);
                    assertThat((float) members.at("/ranges/" + key + "/values/0").asDouble()).as(key).isEqualTo(expected);
                    assertThat(members.at("/isobar:forecast_reference_time/" + key + "/0").asText()).isEqualTo(run(age).toString());
                    assertThat(members.at("/parameters/" + key + "/description/en").asText())
                            .contains("ensemble member " + m, age + " h older than the newest");
                    values.add(expected);
                }
            }

            JsonNode statistics = ok(api, base + "&stats=mean,std&percentiles=50");
            assertThat((float) statistics.at("/ranges/air_temperature_mean/values/0").asDouble()).isCloseTo(mean(values), within(1e-3f));
            assertThat((float) statistics.at("/ranges/air_temperature_std/values/0").asDouble()).isCloseTo(std(values), within(1e-3f));
            assertThat((float) statistics.at("/ranges/air_temperature_p50/values/0").asDouble())
                    .isCloseTo(percentile(values, 50), within(1e-3f));

            // An instance's lagged set: that run and the runs of the 11 hours before it.
            String instance = "/edr/collections/mogreps-uk/instances/" + id(run(1)) + "/position?coords="
                    + q("POINT(-2.9329 54.8925)") + "&datetime=" + T1 + "&parameter-name=air_temperature&ensemble=lagged";
            JsonNode past = ok(api, instance);
            assertThat(past.path("ranges").fieldNames()).toIterable().containsExactly(
                    "air_temperature_lag0h_member0", "air_temperature_lag0h_member1", "air_temperature_lag0h_member2",
                    "air_temperature_lag1h_member0", "air_temperature_lag1h_member1", "air_temperature_lag1h_member2",
                    "air_temperature_lag11h_member0", "air_temperature_lag11h_member1", "air_temperature_lag11h_member2");
            assertThat((float) past.at("/ranges/air_temperature_lag11h_member1/values/0").asDouble())
                    .isEqualTo(written(12, T1, 1, row, column));
        });
    }

    @Test
    void anUnknownEnsembleOrALaggedSetOfADeterministicModelIsA400NamingTheValidValues() {
        QueryServiceTesting.test(index.service(), api -> {
            TestApi.Answer foo = api.get("/v1/point?" + CARLISLE + "&variable=air_temperature&model=mogreps-uk&time=" + T1
                    + "&ensemble=foo");
            assertThat(foo.status()).isEqualTo(400);
            assertThat(foo.header("Content-Type")).startsWith("application/problem+json");
            assertThat(foo.json().path("detail").asText()).contains("newest, lagged", "'foo'");
            TestApi.Answer ukv = api.get("/v1/point?" + CARLISLE + "&variable=air_temperature&model=ukv&time=" + T1
                    + "&ensemble=lagged");
            assertThat(ukv.status()).isEqualTo(400);
            assertThat(ukv.json().path("detail").asText()).contains("ukv has none", "mogreps-uk");
            TestApi.Answer edr = api.get("/edr/collections/ukv/position?coords=" + q("POINT(-2.9329 54.8925)") + "&datetime=" + T1
                    + "&ensemble=lagged");
            assertThat(edr.status()).isEqualTo(400);
            assertThat(edr.json().path("detail").asText()).contains("ukv has none", "newest");
            TestApi.Answer edrFoo = api.get("/edr/collections/mogreps-uk/position?coords=" + q("POINT(-2.9329 54.8925)")
                    + "&datetime=" + T1 + "&ensemble=all");
            assertThat(edrFoo.status()).isEqualTo(400);
            assertThat(edrFoo.json().path("detail").asText()).contains("newest, lagged");
            TestApi.Answer path = api.get("/edr/collections/mogreps-uk/trajectory?coords="
                    + q("LINESTRING(-2.95 54.88,-2.90 54.90)") + "&datetime=" + T1 + "&ensemble=lagged");
            assertThat(path.status()).isEqualTo(400);
            assertThat(path.json().path("detail").asText()).contains("trajectory and corridor");
            // Without a model, the lagged set is asked of the models that have one: MOGREPS-UK answers, not UKV.
            JsonNode any = ok(api, "/v1/point?" + CARLISLE + "&variable=air_temperature&time=" + T1 + "&ensemble=lagged");
            assertThat(any.path("model").asText()).isEqualTo("mogreps-uk");
            assertThat(any.path("values")).hasSize(9);
        });
    }

    private static void assertStatistics(JsonNode statistics, List<Float> members, double threshold) {
        assertThat(statistics).extracting(s -> s.path("statistic").asText()).containsExactly("mean", "std", "min", "max", "p10",
                "p50", "p90", "probability_above_" + Slices.number(threshold));
        float[] expected = {mean(members), std(members), members.stream().min(Float::compare).orElseThrow(),
            members.stream().max(Float::compare).orElseThrow(), percentile(members, 10), percentile(members, 50),
            percentile(members, 90), (float) members.stream().filter(v -> v > threshold).count() / members.size()};
        for (int k = 0; k < expected.length; k++) {
            assertThat((float) statistics.get(k).path("value").asDouble()).as(statistics.get(k).path("statistic").asText())
                    .isCloseTo(expected[k], within(1e-3f));
            assertThat(statistics.get(k).path("members").asInt()).isEqualTo(9);
        }
    }

    /** A threshold between the newest run's members, so that the probability is neither 0 nor 1 by construction. */
    private static double threshold(JsonNode newest) {
        double sum = 0;
        for (JsonNode v : newest.path("values")) {
            sum += v.path("value").asDouble();
        }
        return Math.round(sum / newest.path("values").size() * 10) / 10.0;
    }

    private static float mean(List<Float> v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return (float) (s / v.size());
    }

    /** The population standard deviation. */
    private static float std(List<Float> v) {
        double m = mean(v);
        double s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return (float) Math.sqrt(s / v.size());
    }

    /** Linear interpolation between the closest ranks. */
    private static float percentile(List<Float> v, double p) {
        double[] sorted = v.stream().mapToDouble(Float::doubleValue).sorted().toArray();
        double rank = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return (float) (sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]));
    }

    private static String id(Instant run) {
        return run.toString().replace("-", "").replace(":", "");
    }

    private static JsonNode ok(TestApi api, String path) {
        TestApi.Answer a = api.get(path);
        assertThat(a.status()).as(path + " -> " + a.body()).isEqualTo(200);
        return a.json();
    }
}
