package io.isobar.query.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;

/** A plain HTTP client for a started query service, sending the API key header; and a bounded wait. */
public final class LiveHttp {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String key;

    public LiveHttp(int port, String key) {
        this.base = "http://127.0.0.1:" + port;
        this.key = key;
    }

    public String base() {
        return base;
    }

    public HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + new String(r.body()));
        }
        return Json.mapper().readTree(r.body());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).header("x-api-key", key);
    }

    public HttpClient client() {
        return client;
    }

    /** Waits until {@code condition} holds, at most {@code limit}; fails with {@code what} otherwise. */
    public static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out after " + limit + " waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
