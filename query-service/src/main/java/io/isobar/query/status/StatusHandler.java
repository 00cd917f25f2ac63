package io.isobar.query.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.isobar.index.FileItems;
import io.isobar.model.ForecastFile;
import io.isobar.query.events.EventHub;
import io.isobar.query.files.FilesReader;
import io.isobar.query.http.Params;
import io.isobar.query.http.Responses;
import io.isobar.query.http.TimeParam;
import io.isobar.query.index.MarkerIndex;
import io.isobar.query.index.ModelCatalog;
import io.javalin.http.Context;

/**
 * {@code GET /v1/status}: per model, its newest run (from the index's run markers), that run's file count so far and
 * whether it still grows, when its last file landed, and how long files took to become queryable over the last hour
 * (p50/p99, from the files-table stream this instance reads; from the Met Office's announcement where the index
 * records it, else from indexing).
 */
public final class StatusHandler {

    public static final Set<String> PARAMS = Set.of("model");
    /** Runs older than this are not looked at for "newest run". */
    private static final Duration RUN_WINDOW = Duration.ofDays(10);

    private final ModelCatalog catalog;
    private final MarkerIndex runMarkers;
    private final FilesReader files;
    private final EventHub hub;
    private final Clock clock;

    public StatusHandler(ModelCatalog catalog, MarkerIndex runMarkers, FilesReader files, EventHub hub, Clock clock) {
        this.catalog = catalog;
        this.runMarkers = runMarkers;
        this.files = files;
        this.hub = hub;
        this.clock = clock;
    }

    public void get(Context ctx) {
        Params params = Params.of(ctx, PARAMS);
        Optional<String> only = params.model("model");
        List<String> models = only.map(List::of).orElseGet(catalog::models);
        Map<String, EventHub.ModelLive> live = new TreeMap<>();
        hub.status().forEach(s -> live.put(s.model(), s));
        Instant now = clock.instant();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generated_at", now);
        out.put("events_clients", hub.clients());
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (String model : models) {
            MarkerIndex.Page page = runMarkers.page(List.of(model), now.minus(RUN_WINDOW), TimeParam.MAX, 10_000, Optional.empty());
            Optional<Instant> newest = page.markers().stream().map(MarkerIndex.Marker::time).max(Comparator.naturalOrder());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", model);
            EventHub.ModelLive l = live.get(model);
            if (newest.isPresent()) {
                List<ForecastFile> runFiles = files.ofRun(model, newest.get());
                Instant last = runFiles.stream().map(ForecastFile::indexedAt).max(Comparator.naturalOrder()).orElse(null);
                row.put("newest_run", FileItems.iso(newest.get()));
                row.put("newest_run_files", runFiles.size());
                boolean liveKnows = l != null && l.newestRun().equals(FileItems.iso(newest.get()));
                row.put("growing", liveKnows ? l.growing()
                        : last != null && Duration.between(last, now).compareTo(hub.settings().runQuiet()) < 0);
                row.put("last_file_indexed_at", last);
                row.put("last_file_age_s", last == null ? null : Math.max(0, Duration.between(last, now).toSeconds()));
            } else {
                row.put("newest_run", null);
            }
            Map<String, Object> lag = new LinkedHashMap<>();
            lag.put("window", "PT1H");
            lag.put("samples", l == null ? 0 : l.lagSamples());
            lag.put("p50_ms", l == null ? null : l.lagP50Millis());
            lag.put("p99_ms", l == null ? null : l.lagP99Millis());
            row.put("queryable_lag", lag);
            rows.add(row);
        }
        out.put("models", rows);
        Responses.ok(ctx, out, Responses.CachePolicy.NONE);
    }
}
