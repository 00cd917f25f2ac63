package io.isobar.query.live;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;

/** A test client of {@code GET /v1/events}: reads the stream on its own thread and keeps every event. */
public final class SseReader implements AutoCloseable {

    /** One received event. */
    public record Event(String id, String name, JsonNode data, long receivedAtMillis) {}

    private final List<Event> events = new ArrayList<>();
    private final Thread thread;
    private volatile Stream<String> lines;
    private volatile int status;
    private volatile boolean ended;
    private volatile int heartbeats;

    public SseReader(LiveHttp http, String query, String lastEventId) {
        HttpRequest.Builder request = http.request("/v1/events" + (query == null ? "" : "?" + query));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        this.thread = new Thread(() -> read(http, request.build()), "sse-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void read(LiveHttp http, HttpRequest request) {
        try {
            HttpResponse<Stream<String>> r = http.client().send(request, HttpResponse.BodyHandlers.ofLines());
            status = r.statusCode();
            lines = r.body();
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (name != null) {
                        Event e = new Event(id, name, Json.mapper().readTree(data.toString()), System.currentTimeMillis());
                        synchronized (events) {
                            events.add(e);
                        }
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith(": heartbeat")) {
                    heartbeats++;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the stream ended or was closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended = true;
        }
    }

    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public List<Event> events(String name) {
        return events().stream().filter(e -> e.name().equals(name)).toList();
    }

    public int status() {
        return status;
    }

    public boolean ended() {
        return ended;
    }

    public int heartbeats() {
        return heartbeats;
    }

    @Override
    public void close() {
        Stream<String> l = lines;
        if (l != null) {
            l.close();
        }
        thread.interrupt();
    }
}
