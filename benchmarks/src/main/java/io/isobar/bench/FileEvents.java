package io.isobar.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;

/**
 * One client of {@code GET /v1/events} for the live benchmark: keeps, for every event of a file of {@code variable}, how
 * long after its {@code indexed_at} it arrived (milliseconds). Reads on its own daemon thread until closed.
 */
final class FileEvents implements AutoCloseable {

    private final Queue<Long> latencies = new ConcurrentLinkedQueue<>();
    private final Thread reader;
    private volatile Stream<String> lines;

    FileEvents(HttpClient http, String base, String key, String variable) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/events")).header("x-api-key", key).build();
        this.reader = new Thread(() -> read(http, request, variable), "bench-events");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(HttpClient http, HttpRequest request, String variable) {
        try {
            lines = http.send(request, HttpResponse.BodyHandlers.ofLines()).body();
            for (String line : (Iterable<String>) lines::iterator) {
                // Only data lines matter: a file event's data names its variable (a run event's does not).
                if (line.startsWith("data: ")) {
                    JsonNode data = Json.mapper().readTree(line.substring(6));
                    if (variable.equals(data.path("variable").asText())) {
                        latencies.add(System.currentTimeMillis() - Instant.parse(data.path("indexed_at").asText()).toEpochMilli());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the stream ended or was closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The latencies of the events received so far, in arrival order. */
    List<Long> latencies() {
        return List.copyOf(latencies);
    }

    @Override
    public void close() {
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
        reader.interrupt();
    }
}
