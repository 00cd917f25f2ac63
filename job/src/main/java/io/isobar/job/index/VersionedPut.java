package io.isobar.job.index;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.isobar.index.FileItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * One files-table write that keeps the newest version: a PutItem on condition that the item stored under the same
 * key is absent, has no version, or has a version no newer than this one ({@link FileItems#VERSION}). BatchWriteItem,
 * which the connector's sink uses, takes no condition; the files sink writes item by item through this instead.
 */
final class VersionedPut {

    /** What became of one write. */
    enum Outcome {
        /** The entry is stored. */
        WRITTEN,
        /** A newer version's entry was already stored: this one is dropped. */
        SUPERSEDED
    }

    static final String CONDITION = "attribute_not_exists(#v) OR #v <= :v";

    private VersionedPut() {}

    /** Writes {@code item} to {@code table} unless a newer version is stored; fails as the client call fails otherwise. */
    static CompletableFuture<Outcome> put(DynamoDbAsyncClient client, String table, Map<String, AttributeValue> item) {
        AttributeValue version = item.get(FileItems.VERSION);
        PutItemRequest.Builder request = PutItemRequest.builder().tableName(table).item(item);
        if (version != null) {
            // An item without a version (written before versions existed, or restored from such a snapshot) is
            // written as before; any versioned entry replaces an unversioned one.
            request.conditionExpression(CONDITION)
                    .expressionAttributeNames(Map.of("#v", FileItems.VERSION))
                    .expressionAttributeValues(Map.of(":v", version));
        }
        return client.putItem(request.build()).handle((response, failure) -> {
            if (failure == null) {
                return Outcome.WRITTEN;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof ConditionalCheckFailedException) {
                return Outcome.SUPERSEDED;
            }
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
    }
}
