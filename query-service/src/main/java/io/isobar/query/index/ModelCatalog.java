package io.isobar.query.index;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import io.isobar.index.IndexSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The models that have data: the distinct partitions of the small valid-times table (one item per model and
 * validity time), found by a Scan that projects only the partition key.
 *
 * <p>The list is served from memory and renewed in the background: once it is older than
 * {@link Caches#growingTtl()} (default 500 ms) the next request still gets it as it is and starts one Scan, whose
 * result the requests after it see; a list older than {@link Caches#staleLimit()} (default 2 s, nobody asked since)
 * is scanned again before it is served. So a model whose first file lands shows within about a second, like any
 * other new data, including after an empty list was read before anything was indexed; and the table is scanned at
 * most about once per {@code growingTtl} however many requests arrive. (The valid-times table holds one small item
 * per model and validity time: a few hundred KB at most, so a Scan every half second under traffic costs a few
 * read units.)
 */
public final class ModelCatalog {

    private final IndexClient client;
    private final String table;
    private final LoadingCache<String, List<String>> models;
    private final AtomicLong scans = new AtomicLong();

    public ModelCatalog(IndexClient client, String validTimesTable, Caches caches) {
        this.client = client;
        this.table = validTimesTable;
        this.models = Caffeine.newBuilder().refreshAfterWrite(caches.growingTtl()).expireAfterWrite(caches.staleLimit())
                .ticker(caches.ticker()).build(t -> scan());
    }

    /** The known models, sorted. */
    public List<String> models() {
        return models.get(table);
    }

    /** How many Scans the catalog has made (for tests and metrics). */
    public long scans() {
        return scans.get();
    }

    private List<String> scan() {
        scans.incrementAndGet();
        TreeSet<String> found = new TreeSet<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(table)
                    .projectionExpression("#m")
                    .expressionAttributeNames(Map.of("#m", IndexSchema.TIMES_PK))
                    .overrideConfiguration(o -> o.apiCallTimeout(client.timeout()));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse response = client.dynamoDb().scan(request.build());
            for (Map<String, AttributeValue> item : response.items()) {
                String partition = item.get(IndexSchema.TIMES_PK).s();
                // Run-marker partitions (model#runs) are not models.
                if (!partition.contains(IndexSchema.SEP)) {
                    found.add(partition);
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return List.copyOf(found);
    }
}
