package io.isobar.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one place AWS SDK clients are built, so that every part of Isobar (job, service, CLI, tests)
 * gets the same endpoints, credentials, retries and timeouts.
 *
 * <p>Clients use the SDK's standard retry mode (exponential backoff with jitter, throttling and 5xx
 * retried), which is how transient faults stay out of the error table.
 */
public final class AwsClients {

    private AwsClients() {}

    public static S3Client s3(AwsSettings settings) {
        return configure(S3Client.builder(), settings, settings.s3Endpoint())
                .forcePathStyle(settings.s3Endpoint().isPresent())
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
                .build();
    }

    public static S3AsyncClient s3Async(AwsSettings settings) {
        return configure(S3AsyncClient.builder(), settings, settings.s3Endpoint())
                .forcePathStyle(settings.s3Endpoint().isPresent())
                .build();
    }

    public static SqsClient sqs(AwsSettings settings) {
        return configure(SqsClient.builder(), settings, settings.sqsEndpoint())
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(16))
                .build();
    }

    public static DynamoDbClient dynamoDb(AwsSettings settings) {
        return dynamoDb(settings, o -> { });
    }

    /**
     * A DynamoDB client whose override configuration {@code adjust} changes after the defaults are set (an interceptor
     * that meters reads, a retry strategy that outlasts an outage).
     */
    public static DynamoDbClient dynamoDb(AwsSettings settings, Consumer<ClientOverrideConfiguration.Builder> adjust) {
        DynamoDbClientBuilder builder = configure(DynamoDbClient.builder(), settings, settings.dynamoDbEndpoint())
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64));
        ClientOverrideConfiguration.Builder override = builder.overrideConfiguration().toBuilder();
        adjust.accept(override);
        return builder.overrideConfiguration(override.build()).build();
    }

    /** The DynamoDB Streams client (same endpoint as DynamoDB: DynamoDB Local serves both). */
    public static DynamoDbStreamsClient dynamoDbStreams(AwsSettings settings) {
        return configure(DynamoDbStreamsClient.builder(), settings, settings.dynamoDbEndpoint())
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(4))
                .build();
    }

    public static AwsCredentialsProvider credentials(AwsSettings settings) {
        return settings.credentials()
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, AwsSettings settings, Optional<URI> endpoint) {
        builder.region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(Duration.ofSeconds(30))
                        .build());
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }
}
