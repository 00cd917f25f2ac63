package io.isobar.localaws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
        return S3Client.builder()
                .endpointOverride(aws.s3Endpoint())
                .forcePathStyle(true)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    public static SqsClient sqs(LocalAws aws) {
        return SqsClient.builder()
                .endpointOverride(aws.sqsEndpoint())
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    public static DynamoDbClient dynamoDb(LocalAws aws) {
        return dynamoDb(aws, REGION, CREDENTIALS);
    }

    public static DynamoDbClient dynamoDb(LocalAws aws, Region region, StaticCredentialsProvider credentials) {
        return DynamoDbClient.builder()
                .endpointOverride(aws.dynamoDbEndpoint())
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }
}
