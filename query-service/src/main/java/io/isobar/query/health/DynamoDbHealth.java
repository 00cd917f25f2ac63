package io.isobar.query.health;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Whether DynamoDB answers: a DescribeTable of the files table with a short timeout, its result kept for
 * {@code cacheFor} (default 2 s) so that frequent health probes cost DynamoDB at most one call per period
 * (DescribeTable is a control-plane call with a low rate limit).
 */
public final class DynamoDbHealth {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbHealth.class);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration timeout;
    private final LoadingCache<String, Boolean> status;

    public DynamoDbHealth(DynamoDbClient dynamoDb, String table, Duration timeout, Duration cacheFor, Ticker ticker) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.timeout = timeout;
        this.status = Caffeine.newBuilder().expireAfterWrite(cacheFor).ticker(ticker).build(this::check);
    }

    public boolean up() {
        return status.get(table);
    }

    private boolean check(String tableName) {
        try {
            dynamoDb.describeTable(b -> b.tableName(tableName)
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout)));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Health check: DynamoDB table {} is not reachable: {}", tableName, e.toString());
            return false;
        }
    }
}
