package io.isobar.localaws;

import static io.isobar.localaws.LocalDynamoDbITCase.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalAwsPersistenceITCase {

    @Test
    void s3ObjectsSqsMessagesAndDynamoDbTablesSurviveARestartOnTheSameDataDir(@TempDir Path dataDir) {
        String bucket = LocalAws.uniqueName("persist");
        String queue = LocalAws.uniqueName("kept");
        String dlq = LocalAws.uniqueName("kept-dlq");
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
            String dlqUrl = sqs.createQueue(b -> b.queueName(dlq)).queueUrl();
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String queueUrl = sqs.createQueue(b -> b.queueName(queue).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"7\"}"))).queueUrl();
            for (String body0 : List.of("one", "two", "three")) {
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body0));
            }
            // Receive all three (receive count 1), delete "two", leave the others invisible for 1 s.
            List<Message> received = receiveAll(sqs, queueUrl, 3, 1);
            Message two = received.stream().filter(m -> m.body().equals("two")).findFirst().orElseThrow();
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(two.receiptHandle()));
            s3Port = aws.s3Endpoint().getPort();
            sqsPort = aws.sqsEndpoint().getPort();
            dynamoDbPort = aws.dynamoDbEndpoint().getPort();
        }
        assertThat(dataDir.resolve("s3")).isDirectory();
        assertThat(dataDir.resolve("sqs")).isDirectory();
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
            String queueUrl = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            assertThat(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                    .attributes().get(QueueAttributeName.REDRIVE_POLICY)).contains(dlq).contains("7");
            // The deleted message stays deleted; the two others come back once their visibility ends, receive count 2.
            List<Message> again = receiveAll(sqs, queueUrl, 2, 30);
            assertThat(again).extracting(Message::body).containsExactlyInAnyOrder("one", "three");
            assertThat(again).allSatisfy(m -> assertThat(m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .isEqualTo("2"));
            assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages()).isEmpty();
        }
    }

    /** Receives until {@code count} messages arrived (bounded), each with the given visibility timeout. */
    static List<Message> receiveAll(SqsClient sqs, String queueUrl, int count, int visibilitySeconds) {
        List<Message> all = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (all.size() < count && System.nanoTime() < deadline) {
            all.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(2)
                    .visibilityTimeout(visibilitySeconds)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages());
        }
        assertThat(all).hasSize(count);
        return all;
    }

    @Test
    void aSecondPersistentSqsInTheSameJvmIsRefusedNotMixedUp(@TempDir Path one, @TempDir Path two) {
        try (LocalAws aws = LocalAws.builder().dataDir(one).start()) {
            assertThatThrownBy(() -> LocalAws.builder().dataDir(two).start())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("only one emulator per JVM");
        }
        // Released on close: the second directory works now.
        try (LocalAws aws = LocalAws.builder().dataDir(two).start(); SqsClient sqs = TestClients.sqs(aws)) {
            assertThat(sqs.createQueue(b -> b.queueName("q")).queueUrl()).endsWith("/q");
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
