package io.isobar.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Request;
import io.javalin.testtools.Response;

/** A JavalinTest client that sends an API key and parses JSON answers. */
public final class TestApi {

    /** A response with its body parsed when it is JSON. */
    public record Answer(int status, String body, Map<String, List<String>> headers) {

        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    private final HttpClient client;
    private final String key;

    public TestApi(HttpClient client, String key) {
        this.client = client;
        this.key = key;
    }

    public Answer get(String path) {
        return get(path, b -> {});
    }

    public Answer get(String path, Consumer<Request.Builder> extra) {
        Response r = client.get(path, b -> {
            if (key != null) {
                b.header("x-api-key", key);
            }
            extra.accept(b);
        });
        return new Answer(r.code(), r.body().string(), r.headers() == null ? Map.of() : headers(r));
    }

    /** A response's status, Content-Type and body as bytes (for binary answers such as netCDF). */
    public record Bytes(int status, String contentType, byte[] body) {}

    /** GETs {@code path} and keeps the body as bytes (the test client's own responses are strings). */
    public Bytes bytes(String path) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.getOrigin() + path));
        if (key != null) {
            request.header("x-api-key", key);
        }
        try {
            java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(request.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            return new Bytes(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every page of a cursor-paged listing, following {@code next_cursor} from {@code path} (which has a query already)
     * until there is none or {@code max} pages are read; each page must answer 200.
     */
    public List<JsonNode> pages(String path, int max) {
        List<JsonNode> pages = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Answer a = get(path + (cursor == null ? "" : "&cursor=" + q(cursor)));
            if (a.status() != 200) {
                throw new AssertionError("GET " + path + ", page " + (pages.size() + 1) + ": " + a.status() + " " + a.body());
            }
            pages.add(a.json());
            JsonNode next = a.json().get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null && pages.size() < max);
        return pages;
    }

    private static Map<String, List<String>> headers(Response r) {
        // The test client wraps java.net.http headers; reach them through the names we ask for.
        java.util.HashMap<String, List<String>> map = new java.util.HashMap<>();
        for (String name : List.of("Content-Type", "ETag", "Cache-Control", "Retry-After", "WWW-Authenticate", "X-Request-Id", "Vary")) {
            List<String> values = r.headers().get(name);
            if (values != null && !values.isEmpty()) {
                map.put(name, values);
            }
        }
        return map;
    }

    public static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
