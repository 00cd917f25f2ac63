package org.apache.flink.connector.dynamodb.sink;

import org.apache.flink.connector.dynamodb.sink.client.SdkClientProvider;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Isobar's one class inside flink-connector-dynamodb's package: it hands a {@link DynamoDbSink} the DynamoDB client its
 * writers use, through the package-private setter the connector keeps for that purpose. Being compiled against the
 * connector, a renamed or removed setter fails the build instead of a deployment (which reflection would have done).
 */
public final class DynamoDbClientOverride {

    private DynamoDbClientOverride() {}

    /** The writers {@code sink} makes from now on use {@code provider}'s client (and close it with themselves). */
    public static void use(DynamoDbSink<?> sink, SdkClientProvider<DynamoDbAsyncClient> provider) {
        sink.setDynamoDbAsyncClientProvider(provider);
    }
}
