package io.isobar.localaws;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** AWS SDK v2 clients pointed at a {@link LocalAws}, built the way the rest of Isobar is expected to build them. */
public final class TestClients {

    private static final Region REGION = Region.EU_WEST_2;
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LocalAws.ACCESS_KEY_ID, LocalAws.SECRET_ACCESS_KEY));

    private TestClients() {
    }

    public static S3Client s3(LocalAws aws) {
        return build(S3Client.builder().forcePathStyle(true), aws.s3Endpoint(), REGION, CREDENTIALS);
    }

    public static SqsClient sqs(LocalAws aws) {
        return build(SqsClient.builder(), aws.sqsEndpoint(), REGION, CREDENTIALS);
    }

    public static DynamoDbClient dynamoDb(LocalAws aws) {
        return dynamoDb(aws, REGION, CREDENTIALS);
    }

    public static DynamoDbClient dynamoDb(LocalAws aws, Region region, StaticCredentialsProvider credentials) {
        return build(DynamoDbClient.builder(), aws.dynamoDbEndpoint(), region, credentials);
    }

    /** Any service's client on the given endpoint, region and credentials, over the Apache HTTP client. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, URI endpoint, Region region,
            StaticCredentialsProvider credentials) {
        return builder.endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }
}
