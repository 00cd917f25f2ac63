package io.isobar.localaws;

import static io.isobar.localaws.LocalDynamoDbITCase.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

class LocalAwsPersistenceITCase {

    @Test
    void s3ObjectsAndDynamoDbTablesSurviveARestartOnTheSameDataDir(@TempDir Path dataDir) {
        String bucket = LocalAws.uniqueName("persist");
        String queue = LocalAws.uniqueName("gone");
        byte[] body = LocalS3ITCase.pattern(70_000);
        String table;
        int s3Port;
        int sqsPort;
        int dynamoDbPort;

        try (LocalAws aws = LocalAws.builder().dataDir(dataDir).start();
             S3Client s3 = TestClients.s3(aws);
             SqsClient sqs = TestClients.sqs(aws);
             DynamoDbClient dynamoDb = TestClients.dynamoDb(aws)) {
            assertThat(aws.dataDir()).contains(dataDir);
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("a/b.nc"), RequestBody.fromBytes(body));
            table = LocalDynamoDbITCase.createTable(dynamoDb, "persist");
            LocalDynamoDbITCase.put(dynamoDb, table, "p", "s", "g");
            sqs.createQueue(b -> b.queueName(queue));
            s3Port = aws.s3Endpoint().getPort();
            sqsPort = aws.sqsEndpoint().getPort();
            dynamoDbPort = aws.dynamoDbEndpoint().getPort();
        }
        assertThat(dataDir.resolve("s3")).isDirectory();
        assertThat(dataDir.resolve("dynamodb")).isDirectory();
        assertThat(dataDir.resolve("dynamodb").toFile().list()).isNotEmpty();

        // Same ports again: close() must have released them.
        try (LocalAws aws = LocalAws.builder().s3Port(s3Port).sqsPort(sqsPort).dynamoDbPort(dynamoDbPort)
                .dataDir(dataDir).start();
             S3Client s3 = TestClients.s3(aws);
             SqsClient sqs = TestClients.sqs(aws);
             DynamoDbClient dynamoDb = TestClients.dynamoDb(aws)) {
            assertThat(aws.s3Endpoint().getPort()).isEqualTo(s3Port);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("a/b.nc")).asByteArray()).containsExactly(body);
            assertThat(dynamoDb.getItem(b -> b.tableName(table).key(Map.of("pk", s("p"), "sk", s("s")))).item())
                    .containsEntry("gsi_pk", s("g"));
            // SQS is always in memory.
            assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName(queue)))
                    .isInstanceOf(QueueDoesNotExistException.class);
        }
    }

    @Test
    void inMemoryByDefault() {
        String bucket = LocalAws.uniqueName("memory");
        try (LocalAws aws = LocalAws.builder().start(); S3Client s3 = TestClients.s3(aws)) {
            assertThat(aws.dataDir()).isEmpty();
            s3.createBucket(b -> b.bucket(bucket));
        }
        try (LocalAws aws = LocalAws.builder().start(); S3Client s3 = TestClients.s3(aws)) {
            assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(bucket));
        }
    }
}
