package io.isobar.query.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import io.isobar.index.FileItems;
import io.isobar.index.Marker;
import io.isobar.query.events.EventHub;
import io.isobar.query.http.Params;
import io.isobar.query.http.Responses;
import io.isobar.query.http.TimeParam;
import io.isobar.query.index.MarkerIndex;
import io.isobar.query.index.ModelCatalog;
import io.javalin.http.Context;

/**
 * {@code GET /v1/status}: whether ingest is flowing or paused, and per model its newest run (from the run markers,
 * which carry the run's file count), whether that run still grows, what is arriving (files indexed in the last 5
 * minutes and hour, the last file's age) and, over the last hour, how long files took to become queryable
 * ({@code indexed_at - announced_at}, {@code queryable_lag}) and how long after indexing this instance saw them
 * ({@code event_lag}). Everything but the newest run comes from the files stream this instance reads; the newest run
 * is one Query of one item per model: no file is read, whatever the index holds.
 */
public final class StatusHandler {

    public static final Set<String> PARAMS = Set.of("model");
    /**
     * How long without a new file before ingest is reported paused: the Met Office publishes every few minutes at any
     * hour, so a quiet quarter of an hour means the job (or the feed) is down.
     */
    static final Duration PAUSED_AFTER = Duration.ofMinutes(15);

    /** What {@code queryable_lag} measures: from the Met Office's announcement to the file's index entry. */
    static final String QUERYABLE_LAG = "indexed_at - announced_at";
    /** What {@code event_lag} measures: from the index entry to this instance seeing it on the files stream. */
    static final String EVENT_LAG = "seen on the files stream - indexed_at";

    private final ModelCatalog catalog;
    private final MarkerIndex runMarkers;
    private final EventHub hub;
    private final IngestStatistics statistics;
    private final BooleanSupplier streamCaughtUp;
    private final Clock clock;

    public StatusHandler(ModelCatalog catalog, MarkerIndex runMarkers, EventHub hub, IngestStatistics statistics,
            BooleanSupplier streamCaughtUp, Clock clock) {
        this.catalog = catalog;
        this.runMarkers = runMarkers;
        this.hub = hub;
        this.statistics = statistics;
        this.streamCaughtUp = streamCaughtUp;
        this.clock = clock;
    }

    public void get(Context ctx) {
        Params params = Params.of(ctx, PARAMS);
        Optional<String> only = params.model("model");
        List<String> models = only.map(List::of).orElseGet(catalog::models);
        Map<String, EventHub.NewestRun> live = hub.newestRuns();
        Map<String, IngestStatistics.ModelIngest> arriving = statistics.models();
        Instant now = clock.instant();
        Instant lastOfAll = null;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String model : models) {
            Optional<Marker> newest = runMarkers.page(List.of(model), TimeParam.MIN, TimeParam.MAX, 1, Optional.empty(),
                    MarkerIndex.Order.NEWEST_FIRST).markers().stream().findFirst();
            EventHub.NewestRun seen = live.get(model);
            IngestStatistics.ModelIngest in = arriving.get(model);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", model);
            Instant last = later(in == null ? null : in.lastFileIndexedAt(),
                    newest.map(Marker::tally).map(Marker.Tally::lastIndexedAt).orElse(null));
            if (newest.isPresent()) {
                Marker run = newest.get();
                boolean streamKnowsIt = seen != null && seen.forecastReferenceTime().equals(run.time());
                row.put("newest_run", FileItems.iso(run.time()));
                row.put("newest_run_files", run.tally() != null ? Long.valueOf(run.tally().files())
                        : streamKnowsIt ? Long.valueOf(seen.files()) : null);
                Instant runLast = run.tally() != null ? run.tally().lastIndexedAt() : streamKnowsIt ? seen.lastIndexedAt() : null;
                row.put("growing", streamKnowsIt ? seen.growing()
                        : runLast != null && Duration.between(runLast, now).compareTo(hub.settings().runQuiet()) < 0);
            } else {
                row.put("newest_run", null);
            }
            row.put("last_file_indexed_at", last);
            row.put("last_file_age_s", age(last, now));
            row.put("files_last_5_min", in == null ? 0 : in.filesLast5Minutes());
            row.put("files_last_hour", in == null ? 0 : in.filesLastHour());
            row.put("queryable_lag", lag(QUERYABLE_LAG, in == null ? null : in.lag()));
            row.put("event_lag", lag(EVENT_LAG, in == null ? null : in.eventLag()));
            rows.add(row);
            lastOfAll = later(lastOfAll, last);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generated_at", now);
        out.put("events_clients", hub.clients());
        out.put("ingest", ingest(lastOfAll, now));
        out.put("models", rows);
        Responses.ok(ctx, out, Responses.CachePolicy.NONE);
    }

    /**
     * Whether files are arriving: {@code flowing} when the last was indexed within {@link #PAUSED_AFTER}, {@code paused}
     * when not (the data already indexed is still served), {@code unknown} before any file.
     */
    private Map<String, Object> ingest(Instant last, Instant now) {
        Map<String, Object> ingest = new LinkedHashMap<>();
        String state = last == null ? "unknown" : Duration.between(last, now).compareTo(PAUSED_AFTER) < 0 ? "flowing" : "paused";
        ingest.put("state", state);
        ingest.put("last_file_indexed_at", last);
        ingest.put("last_file_age_s", age(last, now));
        ingest.put("paused_after_s", PAUSED_AFTER.toSeconds());
        ingest.put("stream_caught_up", streamCaughtUp.getAsBoolean());
        return ingest;
    }

    private static Long age(Instant last, Instant now) {
        return last == null ? null : Math.max(0, Duration.between(last, now).toSeconds());
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static Map<String, Object> lag(String measure, IngestStatistics.Percentiles p) {
        Map<String, Object> lag = new LinkedHashMap<>();
        lag.put("measure", measure);
        lag.put("window", "PT1H");
        lag.put("samples", p == null ? 0 : p.samples());
        lag.put("p50_ms", p == null ? null : p.p50Millis());
        lag.put("p99_ms", p == null ? null : p.p99Millis());
        return lag;
    }
}
