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
 * whether it still grows, when its last file landed, and over the last hour (p50/p99, from the files-table stream this
 * instance reads) how long files took to become queryable, {@code indexed_at - announced_at} of the files whose entry
 * records their announcement ({@code queryable_lag}), and how long after indexing this instance saw them
 * ({@code event_lag}).
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

    /** What {@code queryable_lag} measures: from the Met Office's announcement to the file's index entry. */
    static final String QUERYABLE_LAG = "indexed_at - announced_at";
    /** What {@code event_lag} measures: from the index entry to this instance seeing it on the files stream. */
    static final String EVENT_LAG = "seen on the files stream - indexed_at";

    private static Map<String, Object> lag(String measure, EventHub.Percentiles p) {
        Map<String, Object> lag = new LinkedHashMap<>();
        lag.put("measure", measure);
        lag.put("window", "PT1H");
        lag.put("samples", p == null ? 0 : p.samples());
        lag.put("p50_ms", p == null ? null : p.p50Millis());
        lag.put("p99_ms", p == null ? null : p.p99Millis());
        return lag;
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
            row.put("queryable_lag", lag(QUERYABLE_LAG, l == null ? null : l.lag()));
            row.put("event_lag", lag(EVENT_LAG, l == null ? null : l.eventLag()));
            rows.add(row);
        }
        out.put("models", rows);
        Responses.ok(ctx, out, Responses.CachePolicy.NONE);
    }
}
