package io.isobar.query.index;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import io.isobar.index.IndexSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The models that have data: the distinct partitions of the small valid-times table (one item per model and
 * validity time), found by a Scan that projects only the partition key, at most once per
 * {@link Caches#modelsTtl()} (default 60 s). Listings without a {@code model} filter query each of these; a
 * brand-new model therefore joins them within that time, while queries naming it see it at once.
 */
public final class ModelCatalog {

    private final IndexClient client;
    private final String table;
    private final LoadingCache<String, List<String>> models;

    public ModelCatalog(IndexClient client, String validTimesTable, Caches caches) {
        this.client = client;
        this.table = validTimesTable;
        this.models = Caffeine.newBuilder().expireAfterWrite(caches.modelsTtl()).ticker(caches.ticker())
                .build(t -> scan());
    }

    /** The known models, sorted. */
    public List<String> models() {
        return models.get(table);
    }

    private List<String> scan() {
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
