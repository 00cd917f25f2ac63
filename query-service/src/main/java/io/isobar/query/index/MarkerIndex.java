package io.isobar.query.index;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.LoadingCache;

import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.index.Marker;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Pages through marker items of the valid-times table (valid-time markers, or run markers) across models,
 * in (time, model) order: one Query per model, run in parallel, merged.
 *
 * <p>Markers are keyed to the second, so "after time t" is "from t + 1 s": positions need no
 * {@code ExclusiveStartKey}, and a cursor is just the last (time, model) of a page.
 */
public final class MarkerIndex {

    /** A page of markers; {@code last} is set when more markers follow it. */
    public record Page(List<Marker> markers, Optional<Marker> last) {}

    private record Slice(String partition, String lo, String hi, int max) {}

    private static final Comparator<Marker> ORDER = Comparator.comparing(Marker::time).thenComparing(Marker::model);

    private final IndexClient client;
    private final String table;
    private final Marker.Kind kind;
    private final Executor executor;
    private final LoadingCache<Slice, List<Instant>> slices;

    /**
     * @param kind the markers listed: valid times (partition {@code model}) or runs ({@code model#runs})
     */
    public MarkerIndex(IndexClient client, String validTimesTable, Marker.Kind kind, Executor executor,
            Caches caches) {
        this.client = client;
        this.table = validTimesTable;
        this.kind = kind;
        this.executor = executor;
        // Refreshed in the background like the files at a time: a hot listing never waits for DynamoDB.
        this.slices = caches.refreshing(200_000, executor).weigher((Slice s, List<Instant> v) -> 1 + v.size()).build(this::load);
    }

    /**
     * Markers of {@code models} with {@code from <= time <= to}, after {@code after} if given, at most {@code limit}.
     */
    public Page page(List<String> models, Instant from, Instant to, int limit, Optional<Marker> after) {
        Instant first = ceilSecond(from);
        Instant last = to.truncatedTo(ChronoUnit.SECONDS);
        List<CompletableFuture<List<Marker>>> parts = new ArrayList<>();
        for (String model : models) {
            Instant lo = first;
            if (after.isPresent()) {
                Marker a = after.get();
                // Same time, later model: still to come. Same time, this or an earlier model: already served.
                Instant resume = model.compareTo(a.model()) > 0 ? a.time() : a.time().plusSeconds(1);
                lo = resume.isAfter(lo) ? resume : lo;
            }
            if (lo.isAfter(last)) {
                continue;
            }
            Slice slice = new Slice(kind.partition(model), FileItems.iso(lo), FileItems.iso(last), limit + 1);
            List<Instant> cached = slices.getIfPresent(slice);
            // A cached slice is answered on this thread: handing it to the executor and back costs more than it does.
            parts.add(cached != null ? CompletableFuture.completedFuture(markers(model, cached))
                    : CompletableFuture.supplyAsync(() -> markers(model, slices.get(slice)), executor));
        }
        List<Marker> merged = new ArrayList<>();
        parts.forEach(p -> merged.addAll(p.join()));
        merged.sort(ORDER);
        if (merged.size() <= limit) {
            return new Page(merged, Optional.empty());
        }
        List<Marker> page = List.copyOf(merged.subList(0, limit));
        return new Page(page, Optional.of(page.get(limit - 1)));
    }

    private List<Marker> markers(String model, List<Instant> times) {
        return times.stream().map(t -> new Marker(kind, model, t)).toList();
    }

    private List<Instant> load(Slice slice) {
        QueryRequest request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#p = :p AND #s BETWEEN :lo AND :hi")
                .expressionAttributeNames(Map.of("#p", IndexSchema.TIMES_PK, "#s", IndexSchema.TIMES_SK))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(slice.partition()),
                        ":lo", AttributeValue.fromS(slice.lo()), ":hi", AttributeValue.fromS(slice.hi())))
                .scanIndexForward(true)
                .build();
        return client.query(request, slice.max()).stream()
                .map(item -> Marker.fromItem(item).time())
                .toList();
    }

    private static Instant ceilSecond(Instant t) {
        Instant floor = t.truncatedTo(ChronoUnit.SECONDS);
        return floor.equals(t) ? t : floor.plusSeconds(1);
    }
}
