package io.isobar.query.runs;

import static io.isobar.query.SampleIndex.R0;
import static io.isobar.query.SampleIndex.R1;
import static io.isobar.query.TestApi.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.query.IndexExtension;
import io.isobar.query.TestApi.Answer;

class RunsEndpointITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.sample("runs");

    @Test
    void listsRunsOfEveryModelOrOne() {
        index.test(api -> {
            assertThat(runs(api.get("/v1/runs").json())).containsExactly(
                    "mogreps-uk " + R0, "ukv " + R0, "ukv " + R1);
            assertThat(runs(api.get("/v1/runs?model=ukv&from=" + q("2025-06-14T00:30:00Z")).json())).containsExactly("ukv " + R1);
        });
    }

    @Test
    void pagesRuns() {
        index.test(api -> {
            Answer first = api.get("/v1/runs?limit=2");
            assertThat(runs(first.json())).containsExactly("mogreps-uk " + R0, "ukv " + R0);
            Answer second = api.get("/v1/runs?limit=2&cursor=" + q(first.json().get("next_cursor").asText()));
            assertThat(runs(second.json())).containsExactly("ukv " + R1);
            assertThat(second.json().get("next_cursor").isNull()).isTrue();
        });
    }

    @Test
    void listsTheFilesOfOneRun() {
        index.test(api -> {
            Answer a = api.get("/v1/runs/20250614T0000Z?model=ukv");
            assertThat(a.status()).isEqualTo(200);
            JsonNode body = a.json();
            assertThat(body.get("model").asText()).isEqualTo("ukv");
            assertThat(body.get("forecast_reference_time").asText()).isEqualTo(R0);
            assertThat(body.get("count").asInt()).isEqualTo(6);
            List<String> files = new ArrayList<>();
            body.get("files").forEach(f -> files.add(f.get("time").asText().substring(11, 13) + " " + f.get("variable").asText()));
            assertThat(files).containsExactly("01 air_temperature", "01 relative_humidity", "02 air_temperature",
                    "02 relative_humidity", "03 air_temperature", "03 relative_humidity");
            assertThat(api.get("/v1/runs/" + R1 + "?model=ukv&variable=relative_humidity").json().get("files")).isEmpty();
            assertThat(api.get("/v1/runs/" + R0 + "?model=mogreps-uk").json().get("count").asInt()).isEqualTo(3);
        });
    }

    @Test
    void needsAModelForTheFilesOfARun() {
        index.test(api -> {
            Answer a = api.get("/v1/runs/" + R0);
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.json().get("detail").asText()).contains("'model' is required");
            assertThat(api.get("/v1/runs/" + R0 + "?model=ukv&latest=true").status()).isEqualTo(400);
        });
    }

    private static List<String> runs(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.get("runs").forEach(r -> out.add(r.get("model").asText() + " " + r.get("forecast_reference_time").asText()));
        return out;
    }
}
