package io.isobar.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Outages on demand: a stopped emulator refuses connections, and a restarted one answers on the same endpoint with
 * the data it had. Uses its own emulators, since a stopped one would fail any other test sharing it.
 */
class LocalAwsOutageITCase {

    private static LocalAws aws;

    @BeforeAll
    static void start() {
        aws = LocalAws.builder().start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void s3GoesAwayAndComesBackWithItsObjects() {
        try (S3Client s3 = TestClients.s3(aws)) {
            String bucket = LocalAws.uniqueName("outage");
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("kept"));

            aws.stopS3();
            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")))
                    .isInstanceOf(SdkClientException.class);
            aws.restartS3();

            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("kept");
        }
    }

    @Test
    void s3RestartsStraightAfterItsStopEveryTime() {
        // The outage drill sends "stop s3" and "restart s3" back to back: the port must be taken again even when the
        // stopped listener's socket has not been released yet (a CI run once failed with "Address already in use").
        try (S3Client s3 = TestClients.s3(aws)) {
            String bucket = LocalAws.uniqueName("flap");
            s3.createBucket(b -> b.bucket(bucket));
            for (int i = 0; i < 10; i++) {
                String value = "v" + i;
                s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString(value));
                aws.stopS3();
                aws.restartS3();
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo(value);
            }
        }
    }

    @Test
    void dynamoDbGoesAwayAndComesBackWithItsTables() {
        try (DynamoDbClient dynamoDb = TestClients.dynamoDb(aws)) {
            String table = LocalAws.uniqueName("outage");
            dynamoDb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("k").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("k").keyType(KeyType.HASH).build()));
            dynamoDb.putItem(b -> b.tableName(table).item(Map.of("k", AttributeValue.fromS("kept"))));

            aws.stopDynamoDb();
            assertThatThrownBy(() -> dynamoDb.getItem(b -> b.tableName(table).key(Map.of("k", AttributeValue.fromS("kept")))))
                    .isInstanceOf(SdkClientException.class);
            aws.restartDynamoDb();

            assertThat(dynamoDb.getItem(b -> b.tableName(table).key(Map.of("k", AttributeValue.fromS("kept")))).item())
                    .containsEntry("k", AttributeValue.fromS("kept"));
        }
    }
}
