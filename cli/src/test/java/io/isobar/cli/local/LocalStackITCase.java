package io.isobar.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import io.isobar.simulator.SimulatorConfig;

/**
 * What {@code ./isobar local} promises, end to end in one JVM: everything comes up, the Flink job is
 * RUNNING, the simulator's files appear in {@code GET /v1/times}, and closing stops it all.
 */
class LocalStackITCase {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStackITCase.class);
    private static final String KEY = "isb_local_stack_test";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void simulatedFilesFlowToTheApi() throws Exception {
        SimulatorConfig simulator = SimulatorConfig.small(Instant.now().truncatedTo(ChronoUnit.HOURS));
        LocalStack stack = LocalStack.start(new LocalStack.Options(0, 0, 0, 0, 0, null, KEY, simulator));
        try {
            URI api = URI.create("http://" + LocalDefaults.HOST + ":" + stack.apiPort());
            URI flink = stack.flink().restAddress();

            JsonNode jobs = get(flink.resolve("/jobs/overview"), null).get("jobs");
            assertThat(jobs).singleElement().satisfies(job -> assertThat(job.get("state").asText()).isEqualTo("RUNNING"));
            assertThat(get(api.resolve("/health"), null).get("status").asText()).isEqualTo("UP");

            int expectedTimes = simulator.forecastPeriods().size() * simulator.models().size();
            // The marker and the file records are written by different sinks: wait until both totals are complete
            // (bounded), then assert them, so a listing read between the two writes is not a failure.
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            JsonNode times;
            int files;
            while (true) {
                times = get(api.resolve("/v1/times"), KEY).get("times");
                files = 0;
                for (JsonNode t : times) {
                    files += t.get("file_count").asInt();
                }
                if ((times.size() >= expectedTimes && files >= simulator.filesPerRun()) || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(times).as("valid times listed by the API").hasSize(expectedTimes);
            assertThat(files).isEqualTo(simulator.filesPerRun());
        } finally {
            long t = System.nanoTime();
            stack.close();
            LOG.info("Local stack closed in {} ms", (System.nanoTime() - t) / 1_000_000);
        }
    }

    private JsonNode get(URI uri, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (key != null) {
            request.header("x-api-key", key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }
}
