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
 * Pages through marker items of the valid-times table (valid-time markers, or run markers, each with its file count)
 * across models, in (time, model) order, oldest or newest first: one Query per model of at most a page, run in
 * parallel, merged. A page costs the same however many markers the index holds.
 *
 * <p>Markers are keyed to the second, so "after time t" is "from t + 1 s" (or "to t - 1 s" newest first): positions
 * need no {@code ExclusiveStartKey}, and a cursor is just the last (time, model) of a page.
 */
public final class MarkerIndex {

    /** A page of markers; {@code last} is set when more markers follow it. */
    public record Page(List<Marker> markers, Optional<Marker> last) {}

    /** Which markers come first. */
    public enum Order {
        OLDEST_FIRST, NEWEST_FIRST;

        Comparator<Marker> comparator() {
            Comparator<Marker> c = Comparator.comparing(Marker::time).thenComparing(Marker::model);
            return this == OLDEST_FIRST ? c : c.reversed();
        }
    }

    private record Slice(String partition, String lo, String hi, int max, boolean forward) {}

    private final IndexClient client;
    private final String table;
    private final Marker.Kind kind;
    private final Executor executor;
    private final LoadingCache<Slice, List<Marker>> slices;

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
        this.slices = caches.refreshing(200_000, executor).weigher((Slice s, List<Marker> v) -> 1 + v.size()).build(this::load);
    }

    /**
     * Markers of {@code models} with {@code from <= time <= to}, after {@code after} if given, at most {@code limit},
     * oldest first.
     */
    public Page page(List<String> models, Instant from, Instant to, int limit, Optional<Marker> after) {
        return page(models, from, to, limit, after, Order.OLDEST_FIRST);
    }

    /**
     * Markers of {@code models} with {@code from <= time <= to}, after {@code after} (in {@code order}) if given, at
     * most {@code limit}.
     */
    public Page page(List<String> models, Instant from, Instant to, int limit, Optional<Marker> after, Order order) {
        Instant first = ceilSecond(from);
        Instant last = to.truncatedTo(ChronoUnit.SECONDS);
        boolean forward = order == Order.OLDEST_FIRST;
        List<CompletableFuture<List<Marker>>> parts = new ArrayList<>();
        for (String model : models) {
            Instant lo = first;
            Instant hi = last;
            if (after.isPresent()) {
                Marker a = after.get();
                // Same time, a model still to come in this order: from that time. Else: from the next second.
                if (forward) {
                    Instant resume = model.compareTo(a.model()) > 0 ? a.time() : a.time().plusSeconds(1);
                    lo = resume.isAfter(lo) ? resume : lo;
                } else {
                    Instant resume = model.compareTo(a.model()) < 0 ? a.time() : a.time().minusSeconds(1);
                    hi = resume.isBefore(hi) ? resume : hi;
                }
            }
            if (lo.isAfter(hi)) {
                continue;
            }
            Slice slice = new Slice(kind.partition(model), FileItems.iso(lo), FileItems.iso(hi), limit + 1, forward);
            List<Marker> cached = slices.getIfPresent(slice);
            // A cached slice is answered on this thread: handing it to the executor and back costs more than it does.
            parts.add(cached != null ? CompletableFuture.completedFuture(cached)
                    : CompletableFuture.supplyAsync(() -> slices.get(slice), executor));
        }
        List<Marker> merged = new ArrayList<>();
        parts.forEach(p -> merged.addAll(p.join()));
        merged.sort(order.comparator());
        if (merged.size() <= limit) {
            return new Page(merged, Optional.empty());
        }
        List<Marker> page = List.copyOf(merged.subList(0, limit));
        return new Page(page, Optional.of(page.get(limit - 1)));
    }

    private List<Marker> load(Slice slice) {
        QueryRequest request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#p = :p AND #s BETWEEN :lo AND :hi")
                .expressionAttributeNames(Map.of("#p", IndexSchema.TIMES_PK, "#s", IndexSchema.TIMES_SK))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(slice.partition()),
                        ":lo", AttributeValue.fromS(slice.lo()), ":hi", AttributeValue.fromS(slice.hi())))
                .scanIndexForward(slice.forward())
                .build();
        return client.query(request, slice.max()).stream().map(Marker::fromItem).toList();
    }

    private static Instant ceilSecond(Instant t) {
        Instant floor = t.truncatedTo(ChronoUnit.SECONDS);
        return floor.equals(t) ? t : floor.plusSeconds(1);
    }
}
