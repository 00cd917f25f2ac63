package io.isobar.query.index;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import io.isobar.index.IndexSchema;
import io.isobar.index.Marker;
import io.isobar.model.ModelNames;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The models that have data, found without a Scan: the candidates are the models the job has marked (the
 * {@code #models} partition of the valid-times table, one Query), the canonical models (for indexes written before
 * the job marked models) and every model this instance has seen on the files stream; a candidate is listed when its
 * valid-time partition holds a marker (a Query of one item), so a model whose files have all expired drops out.
 *
 * <p>The list is served from memory and renewed in the background every {@link Caches#modelsTtl()} (default 60 s)
 * while it is asked for: at most one Query per candidate model a minute, whatever the request rate and the index size.
 * A model whose first file lands shows at once on an instance that reads the files stream ({@link #seen}), and within
 * the renewal interval everywhere.
 */
public final class ModelCatalog {

    private final IndexClient client;
    private final String table;
    private final LoadingCache<String, List<String>> models;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong loads = new AtomicLong();

    public ModelCatalog(IndexClient client, String validTimesTable, Caches caches) {
        this.client = client;
        this.table = validTimesTable;
        this.models = Caffeine.newBuilder().refreshAfterWrite(caches.modelsTtl()).ticker(caches.ticker()).build(t -> load());
    }

    /** The known models, sorted. */
    public List<String> models() {
        List<String> stored = models.get(table);
        if (seen.isEmpty() || stored.containsAll(seen)) {
            return stored;
        }
        TreeSet<String> all = new TreeSet<>(stored);
        all.addAll(seen);
        return List.copyOf(all);
    }

    /** A model seen on the files stream: it has a file now, so it is listed at once. */
    public void seen(String model) {
        seen.add(model);
    }

    /** How many times the list was read from the index (for tests and metrics). */
    public long loads() {
        return loads.get();
    }

    private List<String> load() {
        loads.incrementAndGet();
        TreeSet<String> candidates = new TreeSet<>(ModelNames.ALL);
        candidates.addAll(seen);
        client.queryAll(QueryRequest.builder().tableName(table)
                        .keyConditionExpression("#p = :p")
                        .expressionAttributeNames(Map.of("#p", IndexSchema.TIMES_PK))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(IndexSchema.MODELS_PARTITION)))
                        .build())
                .forEach(item -> candidates.add(Marker.fromItem(item).model()));
        TreeSet<String> found = new TreeSet<>();
        for (String model : candidates) {
            if (hasValidTime(model)) {
                found.add(model);
            }
        }
        return List.copyOf(found);
    }

    private boolean hasValidTime(String model) {
        return client.first(QueryRequest.builder().tableName(table)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", IndexSchema.TIMES_PK))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(model)))
                .build()).isPresent();
    }
}
