package io.isobar.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.index.RunSummary;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * At any retention the newest run is the newest: more run markers than any page or cap (10,050 hourly runs, about 14
 * months, beyond the 10,000 markers a range reads), and every face that names "the newest run" names the last one.
 */
class RetentionITCase {

    private static final int OLD_RUNS = 10_050;
    private static final Instant FIRST = Instant.parse("2025-01-01T00:00:00Z");
    /** The newest run, after every old one, with files. */
    private static final Instant NEWEST = FIRST.plus(Duration.ofHours(OLD_RUNS));

    @RegisterExtension
    static final IndexExtension index = IndexExtension.seeded("retention", fixture -> {
        // The old runs' markers and summaries (their files long gone from this test, as if expired already).
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int r = 0; r < OLD_RUNS; r++) {
            Instant run = FIRST.plus(Duration.ofHours(r));
            RunSummary s = RunSummary.step("ukv", run, run.plusSeconds(3600), 1, new TreeSet<>(List.of("old_variable")), run, null);
            items.add(s.toItem());
            items.add(s.marker().toItem());
        }
        fixture.batch(fixture.tables().validTimes(), items);
        List<io.isobar.model.ForecastFile> newest = new ArrayList<>();
        for (int h = 0; h < 3; h++) {
            newest.add(IndexFixture.file("ukv", "air_temperature", NEWEST.toString(), NEWEST.plus(Duration.ofHours(h)).toString(),
                    "newest-" + h));
        }
        fixture.putAll(newest);
    });

    @Test
    void theNewestRunIsTheLastOneOnEveryFace() {
        index.test(api -> {
            JsonNode instances = api.get("/edr/collections/ukv/instances?limit=3").json().path("instances");
            assertThat(instances.get(0).path("id").asText()).isEqualTo("20260223T180000Z");
            assertThat(instances.get(1).path("id").asText()).isEqualTo("20260223T170000Z");
            assertThat(api.get("/edr/collections/ukv/instances/20260223T180000Z").status()).isEqualTo(200);
            JsonNode collection = api.get("/edr/collections/ukv").json();
            assertThat(collection.path("parameter_names").has("air_temperature")).isTrue();
            assertThat(api.get("/v1/runs?model=ukv&order=newest&limit=1").json().at("/runs/0/forecast_reference_time").asText())
                    .isEqualTo(NEWEST.toString());
            assertThat(api.get("/v1/runs?model=ukv&order=newest&limit=1").json().at("/runs/0/file_count").asLong()).isEqualTo(3);
            JsonNode status = api.get("/v1/status?model=ukv").json().at("/models/0");
            assertThat(status.path("newest_run").asText()).isEqualTo(NEWEST.toString());
            assertThat(status.path("newest_run_files").asLong()).isEqualTo(3);
            assertThat(api.get("/v1/times?model=ukv&order=newest&limit=1").json().at("/times/0/time").asText())
                    .isEqualTo(NEWEST.plus(Duration.ofHours(2)).toString());
        });
    }
}
