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
import io.isobar.index.IndexSchema;
import io.isobar.model.ForecastFile;
import io.isobar.query.events.EventHub;
import io.isobar.query.files.FilesReader;
import io.isobar.query.http.Params;
import io.isobar.query.http.Responses;
import io.isobar.query.index.IndexClient;
import io.isobar.query.index.ModelCatalog;
import io.javalin.http.Context;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * {@code GET /v1/status}: per model, its newest run (from the index's run markers), that run's file count so far and
 * whether it still grows, when its last file landed, and how long files took to become queryable over the last hour
 * (p50/p99, from the files-table stream this instance reads; from the Met Office's announcement where the index
 * records it, else from indexing).
 */
public final class StatusHandler {

    public static final Set<String> PARAMS = Set.of("model");

    private final ModelCatalog catalog;
    private final IndexClient index;
    private final String validTimesTable;
    private final FilesReader files;
    private final EventHub hub;
    private final Clock clock;

    public StatusHandler(ModelCatalog catalog, IndexClient index, String validTimesTable, FilesReader files, EventHub hub,
            Clock clock) {
        this.catalog = catalog;
        this.index = index;
        this.validTimesTable = validTimesTable;
        this.files = files;
        this.hub = hub;
        this.clock = clock;
    }

    /** The newest run marker of {@code model}: one Query, newest first, one item. */
    private Optional<Instant> newestRun(String model) {
        QueryRequest request = QueryRequest.builder().tableName(validTimesTable)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", IndexSchema.TIMES_PK))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(FileItems.runsPartition(model))))
                .scanIndexForward(false)
                .limit(1)
                .build();
        return index.query(request, 1).stream().findFirst().map(item -> Instant.parse(item.get(IndexSchema.TIMES_SK).s()));
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
            Optional<Instant> newest = newestRun(model);
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
