package io.isobar.query;

import static io.isobar.query.TestApi.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.model.ForecastFile;
import io.isobar.query.TestApi.Answer;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variable;
import io.isobar.simulator.Variables;

/**
 * The three faces ask the one engine: for the same question (model, variable, time, member), {@code /v1/point},
 * {@code /edr/.../position} and {@code /v1/map.json} answer from the same file, and point and EDR give the same value.
 * The cases are the ones where the map chose by a rule of its own before (the instantaneous field of an older run over
 * a statistic of the newest), the rule inside one run (instantaneous before statistic), and members split over files.
 */
@ExtendWith(LocalAwsExtension.class)
class SameFileITCase {

    static final Instant R0 = Instant.parse("2025-06-14T00:00:00Z");
    static final Instant R1 = Instant.parse("2025-06-14T03:00:00Z");
    /** Valid from R0 as the instantaneous field, from R1 only as the hourly maximum. */
    static final Instant T_STATISTIC_NEWER = Instant.parse("2025-06-14T06:00:00Z");
    /** Valid from R1 both as the instantaneous field and as the hourly maximum (and from R0 as the field). */
    static final Instant T_BOTH_IN_NEWEST = Instant.parse("2025-06-14T07:00:00Z");
    static final String DOUGLAS = "POINT(-4.4861 54.1523)";

    private static IndexFixture index;
    /** The index entries by name: a to e UKV, f and g MOGREPS-UK. */
    private static final Map<String, ForecastFile> FILES = new HashMap<>();

    @BeforeAll
    static void seed(LocalAws aws) throws Exception {
        index = new IndexFixture(aws, "same-file");
        String bucket = LocalAws.uniqueName("same-file-archive");
        Variable field = Variables.TEMPERATURE_AT_SCREEN_LEVEL;
        Variable maximum = Variables.TEMPERATURE_AT_SCREEN_LEVEL_MAX;
        archive(bucket, "a", MetOfficeModel.UKV, field, R0, T_STATISTIC_NEWER, List.of());
        archive(bucket, "b", MetOfficeModel.UKV, maximum, R1, T_STATISTIC_NEWER, List.of());
        archive(bucket, "c", MetOfficeModel.UKV, field, R0, T_BOTH_IN_NEWEST, List.of());
        archive(bucket, "d", MetOfficeModel.UKV, maximum, R1, T_BOTH_IN_NEWEST, List.of());
        archive(bucket, "e", MetOfficeModel.UKV, field, R1, T_BOTH_IN_NEWEST, List.of());
        archive(bucket, "f", MetOfficeModel.MOGREPS_UK, field, R1, T_STATISTIC_NEWER, List.of(0, 1, 3));
        archive(bucket, "g", MetOfficeModel.MOGREPS_UK, field, R1, T_STATISTIC_NEWER, List.of(2));
        assertThat(FILES.get("b").cellMethods()).as("the fixture's statistic").isNotBlank();
        assertThat(FILES.get("e").cellMethods()).isNull();
    }

    @AfterAll
    static void close() {
        index.close();
    }

    @Test
    void aStatisticOfTheNewestRunAnswersBeforeTheFieldOfAnOlderOne() {
        QueryServiceTesting.test(index.service(), api -> sameFile(api, "ukv", T_STATISTIC_NEWER, "", FILES.get("b")));
    }

    @Test
    void withinTheNewestRunTheInstantaneousFieldAnswersBeforeTheStatistic() {
        QueryServiceTesting.test(index.service(), api -> sameFile(api, "ukv", T_BOTH_IN_NEWEST, "", FILES.get("e")));
    }

    @Test
    void aMemberSplitIntoItsOwnFileIsReadFromThatFile() {
        QueryServiceTesting.test(index.service(), api -> sameFile(api, "mogreps-uk", T_STATISTIC_NEWER, "&realization=2", FILES.get("g")));
    }

    @Test
    void withoutAModelTheFacesAgreeOnThePreferredOne() {
        QueryServiceTesting.test(index.service(), api -> {
            JsonNode point = ok(api, "/v1/point?lat=54.1523&lon=-4.4861&variable=air_temperature&time=" + T_STATISTIC_NEWER);
            JsonNode map = ok(api, "/v1/map.json?variable=air_temperature&time=" + T_STATISTIC_NEWER);
            assertThat(point.path("model").asText()).isEqualTo("ukv");
            assertThat(map.path("uri").asText()).isEqualTo(point.at("/values/0/uri").asText()).isEqualTo(FILES.get("b").uri());
        });
    }

    /** The point, EDR and map answers to one question all come from {@code expected}, with the same value. */
    private static void sameFile(TestApi api, String model, Instant time, String member, ForecastFile expected) {
        JsonNode point = ok(api, "/v1/point?lat=54.1523&lon=-4.4861&variable=air_temperature&model=" + model + "&time=" + time
                + member);
        JsonNode map = ok(api, "/v1/map.json?variable=air_temperature&model=" + model + "&time=" + time + member);
        JsonNode edr = ok(api, "/edr/collections/" + model + "/position?coords=" + q(DOUGLAS)
                + "&parameter-name=air_temperature&datetime=" + time + member);

        assertThat(point.path("values")).isNotEmpty().allSatisfy(v -> assertThat(v.path("uri").asText()).isEqualTo(expected.uri()));
        assertThat(map.path("uri").asText()).isEqualTo(expected.uri());
        assertThat(map.path("forecast_reference_time").asText()).isEqualTo(expected.forecastReferenceTime().toString());
        assertThat(map.path("cell_methods").isMissingNode() ? null : map.path("cell_methods").asText())
                .isEqualTo(expected.cellMethods());
        assertThat(edr.at("/isobar:forecast_reference_time/air_temperature/0").asText())
                .isEqualTo(expected.forecastReferenceTime().toString());
        assertThat(edr.at("/isobar:indexed_at/air_temperature/0").asText()).isEqualTo(expected.indexedAt().toString());
        assertThat(edr.at("/ranges/air_temperature/values/0").asDouble())
                .isCloseTo(point.at("/values/0/value").asDouble(), within(1e-4));
        if (!member.isEmpty()) {
            assertThat(map.path("realization").asInt()).isEqualTo(2);
            assertThat(point.path("values")).allSatisfy(v -> assertThat(v.path("realization").asInt()).isEqualTo(2));
        }
    }

    private static JsonNode ok(TestApi api, String path) {
        Answer a = api.get(path);
        assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(200);
        return a.json();
    }

    private static void archive(String bucket, String name, MetOfficeModel model, Variable variable, Instant run, Instant time,
            List<Integer> members) throws Exception {
        ForecastFileSpec spec = new ForecastFileSpec(model, variable, run, Duration.between(run, time), members,
                GridSpec.centred(300, 320), run);
        byte[] bytes = new MetOfficeFileWriter(new SyntheticField(5)).toBytes(spec);
        String canonical = model == MetOfficeModel.UKV ? "ukv" : "mogreps-uk";
        // Indexed a second apart, so that each answer's indexed_at names its file.
        ForecastFile entry = index.archive("s3://" + bucket + "/" + name + ".nc", bytes, canonical,
                Instant.parse("2025-06-14T08:00:00Z").plusSeconds(name.charAt(0)));
        assertThat(entry.model()).isEqualTo(canonical);
        FILES.put(name, entry);
    }
}
