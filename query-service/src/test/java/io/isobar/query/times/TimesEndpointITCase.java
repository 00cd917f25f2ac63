package io.isobar.query.times;

import static io.isobar.query.SampleIndex.R0;
import static io.isobar.query.SampleIndex.R1;
import static io.isobar.query.SampleIndex.T1;
import static io.isobar.query.SampleIndex.T2;
import static io.isobar.query.TestApi.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.query.IndexExtension;
import io.isobar.query.QueryService;
import io.isobar.query.TestApi;
import io.isobar.query.TestApi.Answer;

class TimesEndpointITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.sample("times");

    @Test
    void listsEveryModelsTimesInOrderWithFileCounts() {
        index.test(api -> {
            Answer a = api.get("/v1/times");
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.header("Content-Type")).startsWith("application/json");
            JsonNode times = a.json().get("times");
            assertThat(entries(times)).containsExactly(
                    "2025-06-14T01:00:00Z mogreps-uk 2", "2025-06-14T01:00:00Z ukv 2",
                    "2025-06-14T02:00:00Z mogreps-uk 1", "2025-06-14T02:00:00Z ukv 3",
                    "2025-06-14T03:00:00Z ukv 3");
            assertThat(a.json().get("next_cursor").isNull()).isTrue();
        });
    }

    @Test
    void filtersByModelAndRange() {
        index.test(api -> {
            assertThat(entries(api.get("/v1/times?model=ukv").json().get("times"))).containsExactly(
                    "2025-06-14T01:00:00Z ukv 2", "2025-06-14T02:00:00Z ukv 3", "2025-06-14T03:00:00Z ukv 3");
            // Aliases name the same model; the Met Office time form and offsets are accepted.
            assertThat(entries(api.get("/v1/times?model=uk_det&from=20250614T0200Z&to=" + q("2025-06-14T03:00:00+01:00"))
                    .json().get("times"))).containsExactly("2025-06-14T02:00:00Z ukv 3");
            assertThat(api.get("/v1/times?model=global").json().get("times")).isEmpty();
        });
    }

    @Test
    void pagesWithACursorAcrossModels() {
        index.test(api -> {
            List<JsonNode> pages = api.pages("/v1/times?limit=2", 10);
            assertThat(pages).hasSize(3);
            assertThat(pages.stream().flatMap(p -> entries(p.get("times")).stream())).containsExactly(
                    "2025-06-14T01:00:00Z mogreps-uk 2", "2025-06-14T01:00:00Z ukv 2",
                    "2025-06-14T02:00:00Z mogreps-uk 1", "2025-06-14T02:00:00Z ukv 3",
                    "2025-06-14T03:00:00Z ukv 3");
        });
    }

    @Test
    void rejectsCursorsThatWereTamperedWithOrBelongToAnotherQuery() {
        index.test(api -> {
            String cursor = api.get("/v1/times?limit=1").json().get("next_cursor").asText();
            Answer otherQuery = api.get("/v1/times?limit=1&model=ukv&cursor=" + q(cursor));
            assertThat(otherQuery.status()).isEqualTo(400);
            assertThat(otherQuery.json().get("type").asText()).isEqualTo("/docs#problem-invalid-cursor");
            for (String bad : List.of(cursor.substring(1), cursor + "x", "not-base64!", "e30", cursor.toUpperCase())) {
                Answer a = api.get("/v1/times?limit=1&cursor=" + q(bad));
                assertThat(a.status()).as(bad).isEqualTo(400);
                assertThat(a.header("Content-Type")).startsWith("application/problem+json");
            }
        });
    }

    @Test
    void validatesParameters() {
        index.test(api -> {
            Answer unknown = api.get("/v1/times?modle=ukv&foo=1");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.json().get("detail").asText()).contains("'foo'", "'modle'", "accepts cursor, from, limit, model, order, to");
            assertThat(api.get("/v1/times?limit=0").status()).isEqualTo(400);
            assertThat(api.get("/v1/times?limit=1001").status()).isEqualTo(400);
            assertThat(api.get("/v1/times?limit=abc").status()).isEqualTo(400);
            assertThat(api.get("/v1/times?from=yesterday").json().get("detail").asText()).contains("'from'", "YYYYMMDDTHHMMZ");
            assertThat(api.get("/v1/times?from=2025-06-14T03:00:00Z&to=2025-06-14T01:00:00Z").status()).isEqualTo(400);
            assertThat(api.get("/v1/times?model=a%23b").status()).isEqualTo(400);
            assertThat(api.get("/v1/times?model=ukv&model=global").status()).isEqualTo(400);
            assertThat(api.get("/v1/times?model=").status()).isEqualTo(400);
        });
    }

    @Test
    void listsTheFilesValidAtATime() {
        index.test(api -> {
            Answer a = api.get("/v1/times/" + T2);
            assertThat(a.status()).isEqualTo(200);
            JsonNode body = a.json();
            assertThat(body.get("time").asText()).isEqualTo(T2);
            // In reverse key order: by model, variable and run, newest first.
            assertThat(files(body)).containsExactly(
                    "ukv relative_humidity " + R0 + " ukv-rh-r0-02",
                    "ukv air_temperature " + R1 + " ukv-at-r1-02",
                    "ukv air_temperature " + R0 + " ukv-at-r0-02",
                    "mogreps-uk air_temperature " + R0 + " mog-at-r0-02-a");
            JsonNode f = body.get("files").get(1);
            assertThat(f.get("forecast_period").asLong()).isEqualTo(3600);
            assertThat(f.get("forecast_period").isIntegralNumber()).isTrue();
            assertThat(f.get("standard_name").asText()).isEqualTo("air_temperature");
            assertThat(f.get("units").asText()).isEqualTo("K");
            assertThat(f.get("heights").get(0).asDouble()).isEqualTo(1.5);
            assertThat(f.get("uri").asText()).isEqualTo("s3://isobar-archive/ukv/ukv-at-r1-02.nc");
            assertThat(f.get("source_uri").asText()).isEqualTo("s3://met-office/ukv-at-r1-02.nc");
            assertThat(f.get("size_bytes").asLong()).isEqualTo(4_034_391L);
            assertThat(f.get("indexed_at").asText()).isEqualTo("2025-06-14T00:30:00Z");
            assertThat(f.get("announced_at").asText()).isEqualTo("2025-06-14T00:29:57.250Z");
            // The MOGREPS-UK fixture files were backfilled: nothing announced them.
            assertThat(body.get("files").get(3).get("model").asText()).isEqualTo("mogreps-uk");
            assertThat(body.get("files").get(3).has("announced_at")).isFalse();
            assertThat(f.get("dimensions").size()).isEqualTo(2);
            assertThat(f.has("variable")).isTrue();
        });
    }

    @Test
    void filtersFilesByModelVariableAndLatestRun() {
        index.test(api -> {
            assertThat(files(api.get("/v1/times/20250614T0200Z?model=ukv&variable=air_temperature").json())).containsExactly(
                    "ukv air_temperature " + R1 + " ukv-at-r1-02", "ukv air_temperature " + R0 + " ukv-at-r0-02");
            assertThat(files(api.get("/v1/times/20250614T0200Z?model=ukv&latest=true").json())).containsExactly(
                    "ukv relative_humidity " + R0 + " ukv-rh-r0-02", "ukv air_temperature " + R1 + " ukv-at-r1-02");
            // A variable without a model: that variable in each model.
            assertThat(files(api.get("/v1/times/" + q("2025-06-14T03:00:00+01:00") + "?variable=air_temperature&latest=true").json()))
                    .containsExactly("ukv air_temperature " + R1 + " ukv-at-r1-02",
                            "mogreps-uk air_temperature " + R0 + " mog-at-r0-02-a");
            assertThat(api.get("/v1/times/" + T1 + "?variable=snow").json().get("files")).isEmpty();
            assertThat(api.get("/v1/times/2025-06-14T05:00:00Z").json().get("count").asInt()).isZero();
        });
    }

    @Test
    void rejectsMalformedTimesInThePath() {
        index.test(api -> {
            for (String bad : List.of("tomorrow", "2025-06-14", "2025-13-14T00:00:00Z", "20250614T2500Z", "0001-01-01T00:00:00Z")) {
                Answer a = api.get("/v1/times/" + q(bad));
                assertThat(a.status()).as(bad).isEqualTo(400);
                assertThat(a.json().get("detail").asText()).as(bad).contains("{time}");
            }
            assertThat(api.get("/v1/times/" + T1 + "?latest=yes").status()).isEqualTo(400);
        });
    }

    static List<String> entries(JsonNode times) {
        List<String> out = new ArrayList<>();
        times.forEach(t -> out.add(t.get("time").asText() + " " + t.get("model").asText() + " " + t.get("file_count").asLong()));
        return out;
    }

    static List<String> files(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.get("files").forEach(f -> out.add(f.get("model").asText() + " " + f.get("variable").asText() + " "
                + f.get("forecast_reference_time").asText() + " " + f.get("object_id").asText()));
        return out;
    }
}
