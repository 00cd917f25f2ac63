package io.isobar.query.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.index.FileItems;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.model.ForecastFile;
import io.isobar.query.IndexFixture;
import io.isobar.query.QueryService;
import io.isobar.query.live.LiveHttp;
import io.isobar.query.live.SseReader;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code GET /v1/events} and {@code GET /v1/status} end to end: files written to the files table of DynamoDB Local
 * the way the job writes them, read back by the service from the table's DynamoDB Stream, pushed to SSE clients over
 * HTTP. Two service instances over the same tables show that ids resume across instances.
 */
@ExtendWith(LocalAwsExtension.class)
class EventsEndpointITCase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant RUN = Instant.parse("2025-06-14T03:00:00Z");

    private IndexFixture index;
    private final List<QueryService> services = new ArrayList<>();

    @BeforeEach
    void tables(LocalAws aws, TestInfo test) {
        index = new IndexFixture(aws, "events-" + test.getTestMethod().orElseThrow().getName().substring(0, 12).toLowerCase());
    }

    @AfterEach
    void close() {
        services.forEach(QueryService::close);
        index.close();
    }

    private LiveHttp start(EventHub.Settings settings) throws InterruptedException {
        QueryService service = startService(index.config(), settings);
        return new LiveHttp(service.port(), service.apiKeys().create("events-" + services.size()).key());
    }

    private QueryService startService(io.isobar.query.QueryServiceConfig config, EventHub.Settings settings)
            throws InterruptedException {
        QueryService service = new QueryService(config, settings);
        services.add(service);
        service.start();
        LiveHttp.await("the files stream has caught up", WAIT, service::eventsLive);
        return service;
    }

    /** Short quiet period and heartbeat, and the stream read every 200 ms (one instance: far within the shard's limit). */
    private static EventHub.Settings quick() {
        return EventHub.Settings.defaults().withRunQuiet(Duration.ofSeconds(3)).withHeartbeat(Duration.ofSeconds(1))
                .withStreamPoll(Duration.ofMillis(200));
    }

    /** The {@code n}th file, indexed now and announced {@code n} seconds before (a notification-to-queryable lag of n s). */
    private static ForecastFile file(String model, String variable, int hour, int n) {
        Instant time = RUN.plus(Duration.ofHours(hour));
        ForecastFile f = IndexFixture.file(model, variable, RUN.toString(), time.toString(), model + "-" + variable + "-" + n);
        Instant indexedAt = Instant.now().plusMillis(n);
        return new ForecastFile(f.objectId(), f.model(), f.variable(), f.standardName(), f.longName(), f.units(), f.cellMethods(),
                f.forecastReferenceTime(), f.forecastPeriod(), f.time(), f.realizations(), f.heights(), f.pressures(),
                f.dimensions(), f.uri(), f.sourceUri(), f.sizeBytes(), f.etag(), indexedAt, null,
                indexedAt.minusSeconds(n));
    }

    @Test
    void newFilesArriveInOrderWithTheirFieldsAndRunsStartAndComplete() throws Exception {
        LiveHttp http = start(quick());
        try (SseReader sse = new SseReader(http, null, null)) {
            LiveHttp.await("connected", WAIT, () -> http.client() != null && sseConnected(sse));
            List<ForecastFile> written = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                ForecastFile f = file("ukv", "air_temperature", i, i);
                index.put(f);
                written.add(f);
            }
            LiveHttp.await("5 file events", WAIT, () -> sse.events("file").size() >= 5);
            List<SseReader.Event> files = sse.events("file");
            assertThat(files).hasSize(5);
            for (int i = 0; i < 5; i++) {
                ForecastFile f = written.get(i);
                JsonNode d = files.get(i).data();
                assertThat(d.path("model").asText()).isEqualTo("ukv");
                assertThat(d.path("variable").asText()).isEqualTo("air_temperature");
                assertThat(d.path("time").asText()).isEqualTo(FileItems.iso(f.time()));
                assertThat(d.path("forecast_reference_time").asText()).isEqualTo("2025-06-14T03:00:00Z");
                assertThat(d.path("forecast_period").asLong()).isEqualTo(3600L * (i + 1));
                assertThat(d.path("uri").asText()).isEqualTo(f.uri());
                assertThat(d.path("indexed_at").asText()).isEqualTo(f.indexedAt().toString());
                assertThat(d.path("announced_at").asText()).isEqualTo(f.announcedAt().toString());
                assertThat(files.get(i).id()).startsWith(f.indexedAt().toString() + "|");
            }
            // The run: "started" before its first file's event is delivered after it; "complete" after the quiet period.
            LiveHttp.await("the run completes", WAIT, () -> sse.events("run").size() >= 2);
            List<SseReader.Event> runs = sse.events("run");
            assertThat(runs.get(0).data().path("state").asText()).isEqualTo("started");
            assertThat(runs.get(0).data().path("forecast_reference_time").asText()).isEqualTo("2025-06-14T03:00:00Z");
            assertThat(runs.get(1).data().path("state").asText()).isEqualTo("complete");
            assertThat(runs.get(1).data().path("files").asInt()).isEqualTo(5);
            assertThat(sse.heartbeats()).isPositive();
        }
    }

    @Test
    void filtersByModelAndVariable() throws Exception {
        LiveHttp http = start(quick());
        try (SseReader mogreps = new SseReader(http, "model=mogreps-uk&variable=wind_speed", null)) {
            LiveHttp.await("connected", WAIT, () -> sseConnected(mogreps));
            index.put(file("ukv", "wind_speed", 1, 1));
            index.put(file("mogreps-uk", "air_temperature", 1, 2));
            index.put(file("mogreps-uk", "wind_speed", 1, 3));
            LiveHttp.await("the matching file", WAIT, () -> !mogreps.events("file").isEmpty());
            // Events are in stream order: once the last one is here, the earlier (filtered) ones have been skipped.
            assertThat(mogreps.events("file")).singleElement()
                    .satisfies(e -> assertThat(e.data().path("uri").asText()).contains("mogreps-uk-wind_speed-3"));
            assertThat(mogreps.events("run")).allSatisfy(e -> assertThat(e.data().path("model").asText()).isEqualTo("mogreps-uk"));
        }
    }

    @Test
    void aReconnectWithLastEventIdMissesNothingEvenOnAnotherInstance() throws Exception {
        LiveHttp one = start(quick());
        LiveHttp two = start(quick());
        String lastId;
        try (SseReader first = new SseReader(one, "variable=air_temperature", null)) {
            LiveHttp.await("connected", WAIT, () -> sseConnected(first));
            for (int i = 1; i <= 3; i++) {
                index.put(file("ukv", "air_temperature", i, i));
            }
            LiveHttp.await("3 file events", WAIT, () -> first.events("file").size() >= 3);
            lastId = first.events().get(first.events().size() - 1).id();
        }
        // While disconnected: three more files.
        List<ForecastFile> missed = new ArrayList<>();
        for (int i = 4; i <= 6; i++) {
            ForecastFile f = file("ukv", "air_temperature", i, i);
            index.put(f);
            missed.add(f);
        }
        for (LiveHttp instance : List.of(one, two)) {
            try (SseReader again = new SseReader(instance, "variable=air_temperature", lastId)) {
                LiveHttp.await("the 3 missed files", WAIT, () -> again.events("file").size() >= 3);
                List<String> uris = again.events("file").stream().map(e -> e.data().path("uri").asText()).toList();
                assertThat(uris).as("replayed by instance %s", instance.base())
                        .containsExactlyElementsOf(missed.stream().map(ForecastFile::uri).toList());
            }
        }
    }

    @Test
    void aSlowClientIsDroppedAndOthersKeepReceiving() throws Exception {
        QueryService service = new QueryService(index.config(), quick().withClientBuffer(256));
        services.add(service);
        int port = service.start();
        LiveHttp.await("the files stream has caught up", WAIT, service::eventsLive);
        String key = service.apiKeys().create("slow").key();
        LiveHttp http = new LiveHttp(port, key);
        try (Socket slow = new Socket(); SseReader fast = new SseReader(http, null, null)) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = slow.getOutputStream();
            out.write(("GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + key + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            LiveHttp.await("both connected", WAIT, () -> service.events().clients() == 2);
            // Never read from the slow socket: its buffers fill, then its queue of 256, then it is dropped. Batches
            // are paced so that one poll of the stream (every 200 ms) brings far fewer than 256 events: the fast
            // client keeps up.
            int written = 0;
            while (service.events().droppedClients() == 0 && written < 20_000) {
                List<WriteRequest> batch = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    written++;
                    Map<String, AttributeValue> item = FileItems.toItem(file("ukv", "air_temperature", 1 + written % 48, written));
                    batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                }
                index.dynamoDb().batchWriteItem(b -> b.requestItems(Map.of(index.tables().files(), batch)));
                Thread.sleep(50);
            }
            int total = written;
            assertThat(service.events().droppedClients()).as("dropped after %d files", total).isEqualTo(1);
            LiveHttp.await("only the fast client is left", WAIT, () -> service.events().clients() == 1);
            // The fast client still gets every file.
            LiveHttp.await("every file reaches the fast client", WAIT, () -> fast.events("file").size() == total);
            // The slow client's connection was closed when it was dropped, not left to the server's idle timeout
            // (30 s): reading it to the end terminates well before that. (Without the close, the response would end
            // but its keep-alive connection stay open.) Generous for a slow machine, still far below the timeout.
            long dropped = System.nanoTime();
            slow.setSoTimeout(60_000);
            InputStream in = slow.getInputStream();
            byte[] buffer = new byte[65536];
            while (in.read(buffer) >= 0) {
                // drain what was sent before the drop
            }
            assertThat(Duration.ofNanos(System.nanoTime() - dropped)).as("from the drop to the closed connection")
                    .isLessThan(CLOSED_PROMPTLY);
        }
    }

    /** How soon a dropped client's connection must be closed: far below Jetty's 30 s idle timeout. */
    private static final Duration CLOSED_PROMPTLY = Duration.ofSeconds(15);

    @Test
    void oneKeyHoldsAtMostItsCapOfStreamsAndOtherKeysStillConnect() throws Exception {
        QueryService service = startService(index.config(), quick().withMaxClientsPerKey(2));
        LiveHttp first = new LiveHttp(service.port(), service.apiKeys().create("greedy").key());
        try (SseReader a = new SseReader(first, null, null); SseReader b = new SseReader(first, null, null)) {
            LiveHttp.await("two streams of one key", WAIT, () -> sseConnected(a) && sseConnected(b));
            java.net.http.HttpResponse<byte[]> third = first.get("/v1/events");
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("Retry-After")).isPresent();
            assertThat(new String(third.body(), StandardCharsets.UTF_8)).contains("too-many-event-streams");
            LiveHttp other = new LiveHttp(service.port(), service.apiKeys().create("other").key());
            try (SseReader c = new SseReader(other, null, null)) {
                LiveHttp.await("another key's stream", WAIT, () -> sseConnected(c));
                assertThat(service.events().clients()).isEqualTo(3);
            }
        }
    }

    @Test
    void aStreamEndsAtItsLifetimeTheReconnectResumesAndARevokedKeyIsRefusedThen() throws Exception {
        QueryService service = startService(index.config().withKeyCacheTtl(Duration.ofMillis(100)),
                quick().withMaxLifetime(Duration.ofSeconds(3)));
        io.isobar.query.auth.CreatedApiKey key = service.apiKeys().create("lifetime");
        LiveHttp http = new LiveHttp(service.port(), key.key());
        String lastId;
        try (SseReader first = new SseReader(http, "variable=air_temperature", null)) {
            LiveHttp.await("connected", WAIT, () -> sseConnected(first));
            index.put(file("ukv", "air_temperature", 1, 1));
            LiveHttp.await("the file", WAIT, () -> first.events("file").size() == 1);
            // Heartbeats keep it alive; only its lifetime ends it (well within the wait).
            LiveHttp.await("the server ends the stream at its lifetime", WAIT, first::ended);
            lastId = first.events().get(first.events().size() - 1).id();
        }
        ForecastFile missed = file("ukv", "air_temperature", 2, 2);
        index.put(missed);
        try (SseReader again = new SseReader(http, "variable=air_temperature", lastId)) {
            LiveHttp.await("the missed file, replayed", WAIT, () -> again.events("file").size() == 1);
            assertThat(again.events("file").get(0).data().path("uri").asText()).isEqualTo(missed.uri());
            service.apiKeys().revoke(key.record().keyId());
            LiveHttp.await("the stream ends at its lifetime", WAIT, again::ended);
        }
        // The reconnect is checked like any request: a revoked key streams no more.
        LiveHttp.await("the revocation to be seen", WAIT, () -> {
            try {
                return http.get("/v1/events").statusCode() == 403;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void anIdAnInstanceHasNotSeenResumesByItsOrderWhenTheFilesCameBeforeTheInstance() throws Exception {
        // Instance one sends a run's "complete" event (after its quiet period); instance two, started after every file
        // exists, never sent it (its quiet period is long): the id is unknown to two, and placed by its order.
        LiveHttp one = start(quick());
        String completeId;
        try (SseReader first = new SseReader(one, null, null)) {
            LiveHttp.await("connected", WAIT, () -> sseConnected(first));
            for (int i = 1; i <= 3; i++) {
                index.put(file("ukv", "air_temperature", i, i));
            }
            LiveHttp.await("the run completes", WAIT, () -> first.events("run").stream()
                    .anyMatch(e -> e.data().path("state").asText().equals("complete")));
            completeId = first.events("run").stream().filter(e -> e.data().path("state").asText().equals("complete"))
                    .findFirst().orElseThrow().id();
        }
        List<ForecastFile> missed = new ArrayList<>();
        for (int i = 4; i <= 6; i++) {
            ForecastFile f = file("ukv", "air_temperature", i, i);
            index.put(f);
            missed.add(f);
        }
        LiveHttp two = start(quick().withRunQuiet(Duration.ofMinutes(10)));
        try (SseReader again = new SseReader(two, "variable=air_temperature", completeId)) {
            LiveHttp.await("the 3 files after the unseen id", WAIT, () -> again.events("file").size() >= 3);
            assertThat(again.events("file").stream().map(e -> e.data().path("uri").asText()).toList())
                    .containsExactlyElementsOf(missed.stream().map(ForecastFile::uri).toList());
        }
    }

    @Test
    void anInstanceServesAtMostItsCapOfStreams() throws Exception {
        LiveHttp http = start(quick().withMaxClients(1));
        try (SseReader first = new SseReader(http, null, null)) {
            LiveHttp.await("connected", WAIT, () -> sseConnected(first));
            java.net.http.HttpResponse<byte[]> second = http.get("/v1/events");
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(new String(second.body(), StandardCharsets.UTF_8)).contains("event-streams-full");
        }
    }

    @Test
    void statusShowsTheNewestRunItsFilesAndTheLag() throws Exception {
        LiveHttp http = start(quick());
        Instant older = RUN.minus(Duration.ofHours(1));
        index.put(IndexFixture.file("ukv", "air_temperature", older.toString(), RUN.toString(), "old-run"));
        for (int i = 1; i <= 4; i++) {
            index.put(file("ukv", "air_temperature", i, i));
        }
        LiveHttp.await("5 event lag samples", WAIT, () -> {
            try {
                return http.json("/v1/status").at("/models/0/event_lag/samples").asInt() >= 5;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode ukv = http.json("/v1/status").path("models").get(0);
        assertThat(ukv.path("model").asText()).isEqualTo("ukv");
        assertThat(ukv.path("newest_run").asText()).isEqualTo("2025-06-14T03:00:00Z");
        assertThat(ukv.path("newest_run_files").asInt()).isEqualTo(4);
        assertThat(ukv.path("growing").asBoolean()).isTrue();
        assertThat(Instant.parse(ukv.path("last_file_indexed_at").asText())).isAfter(Instant.now().minusSeconds(120));
        // What is arriving, from the stream: the 4 files just indexed (the old run's was indexed long ago).
        assertThat(ukv.path("files_last_5_min").asInt()).isEqualTo(4);
        assertThat(ukv.path("files_last_hour").asInt()).isEqualTo(4);
        assertThat(ukv.path("last_file_age_s").asLong()).isBetween(0L, 120L);
        JsonNode ingest = http.json("/v1/status").path("ingest");
        assertThat(ingest.path("state").asText()).isEqualTo("flowing");
        assertThat(ingest.path("stream_caught_up").asBoolean()).isTrue();
        // Notification-to-queryable: indexed_at - announced_at of the 4 announced files indexed in the last hour (1..4 s);
        // the old run's file was indexed long ago, so it is no sample.
        assertThat(ukv.at("/queryable_lag/measure").asText()).isEqualTo("indexed_at - announced_at");
        assertThat(ukv.at("/queryable_lag/window").asText()).isEqualTo("PT1H");
        assertThat(ukv.at("/queryable_lag/samples").asInt()).isEqualTo(4);
        assertThat(ukv.at("/queryable_lag/p50_ms").asLong()).isEqualTo(2_000L);
        assertThat(ukv.at("/queryable_lag/p99_ms").asLong()).isEqualTo(4_000L);
        // How long after indexed_at this instance saw each file on the stream (the old file's is huge: 1 of 5).
        assertThat(ukv.at("/event_lag/measure").asText()).isEqualTo("seen on the files stream - indexed_at");
        assertThat(ukv.at("/event_lag/p50_ms").asLong()).isBetween(0L, 60_000L);
        assertThat(ukv.at("/event_lag/p99_ms").asLong()).isGreaterThanOrEqualTo(ukv.at("/event_lag/p50_ms").asLong());
        LiveHttp.await("the run stops growing", WAIT, () -> {
            try {
                return !http.json("/v1/status").at("/models/0/growing").asBoolean();
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void statusSaysIngestIsPausedWhenNoFileHasComeForAQuarterOfAnHourAndStillServesTheData() throws Exception {
        LiveHttp http = start(quick());
        ForecastFile f = file("ukv", "air_temperature", 1, 1);
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(20));
        index.put(new ForecastFile(f.objectId(), f.model(), f.variable(), f.standardName(), f.longName(), f.units(),
                f.cellMethods(), f.forecastReferenceTime(), f.forecastPeriod(), f.time(), f.realizations(), f.heights(),
                f.pressures(), f.dimensions(), f.uri(), f.sourceUri(), f.sizeBytes(), f.etag(), longAgo, null, longAgo));
        LiveHttp.await("the file on the stream", WAIT, () -> {
            try {
                return http.json("/v1/status").at("/ingest/last_file_indexed_at").isTextual();
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode ingest = http.json("/v1/status").path("ingest");
        assertThat(ingest.path("state").asText()).isEqualTo("paused");
        assertThat(ingest.path("last_file_age_s").asLong()).isGreaterThanOrEqualTo(1200L);
        assertThat(ingest.path("paused_after_s").asLong()).isEqualTo(900L);
        assertThat(http.json("/v1/times?model=ukv").path("times")).hasSize(1);
    }

    private static boolean sseConnected(SseReader sse) {
        return sse.status() == 200;
    }
}
