package io.isobar.query.index;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The service's reads of the index: DynamoDB Queries followed across pages, each call bounded by a timeout
 * shorter than the SDK's default so a slow DynamoDB turns into a quick 503 rather than a hung request.
 */
public final class IndexClient {

    private final DynamoDbClient dynamoDb;
    private final Duration timeout;

    public IndexClient(DynamoDbClient dynamoDb, Duration timeout) {
        this.dynamoDb = dynamoDb;
        this.timeout = timeout;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Up to {@code maxItems} items of the query, in its order, following {@code LastEvaluatedKey}. */
    public List<Map<String, AttributeValue>> query(QueryRequest request, int maxItems) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder page = request.toBuilder().overrideConfiguration(o -> o.apiCallTimeout(timeout));
            if (start != null) {
                page.exclusiveStartKey(start);
            }
            if (maxItems < Integer.MAX_VALUE) {
                // Ask only for what is still missing (a filter may still make a page come back short).
                page.limit(Math.max(1, Math.min(maxItems - items.size(), request.limit() == null ? Integer.MAX_VALUE : request.limit())));
            }
            QueryResponse response = dynamoDb.query(page.build());
            for (Map<String, AttributeValue> item : response.items()) {
                if (items.size() < maxItems) {
                    items.add(item);
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null && items.size() < maxItems);
        return items;
    }

    /** Every item of the query. */
    public List<Map<String, AttributeValue>> queryAll(QueryRequest request) {
        return query(request, Integer.MAX_VALUE);
    }

    /**
     * One page of a query: at most the request's {@code Limit} items evaluated (a filter may return fewer), and the
     * key to continue after, or null on the last page. One call, so its cost is bounded by the limit.
     */
    public Page page(QueryRequest request) {
        QueryResponse response = dynamoDb.query(request.toBuilder().overrideConfiguration(o -> o.apiCallTimeout(timeout)).build());
        return new Page(response.items(),
                response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null);
    }

    /** One page of items and the key to continue after it (null on the last page). */
    public record Page(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastEvaluatedKey) {}

    /** The first item of the query, if any (one call with {@code Limit 1}). */
    public java.util.Optional<Map<String, AttributeValue>> first(QueryRequest request) {
        return query(request.toBuilder().limit(1).build(), 1).stream().findFirst();
    }
}
