package io.isobar.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.isobar.json.Json;

/** Reads operator metrics from a Flink cluster's REST API, summed over subtasks, as the web UI shows them. */
final class FlinkMetrics {

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI rest;
    private final String jobId;

    FlinkMetrics(URI rest, String jobId) {
        this.rest = rest;
        this.jobId = jobId;
    }

    /** The sum of {@code metric} over the subtasks of the vertex whose name contains {@code vertex}; 0 if not reported. */
    long sum(String vertex, String metric) throws IOException, InterruptedException {
        for (JsonNode v : get("/jobs/" + jobId).get("vertices")) {
            if (v.get("name").asText().contains(vertex)) {
                String base = "/jobs/" + jobId + "/vertices/" + v.get("id").asText() + "/subtasks/metrics";
                for (JsonNode available : get(base)) {
                    String id = available.get("id").asText();
                    if (id.endsWith("." + metric) || id.equals(metric)) {
                        return get(base + "?get=" + id + "&agg=sum").get(0).get("sum").asLong();
                    }
                }
                return 0;
            }
        }
        throw new IllegalStateException("no operator named like '" + vertex + "' in job " + jobId);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(rest.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(r.body());
    }
}
