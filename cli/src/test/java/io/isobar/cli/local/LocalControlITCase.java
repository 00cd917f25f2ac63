package io.isobar.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.localaws.LocalAws;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The outage drill of {@code isobar local --control-stdin} on real emulators: {@code stop} makes the emulator
 * unreachable, {@code restart} brings it back on the same endpoint with its data, and every command is answered.
 */
class LocalControlITCase {

    @Test
    void stopAndRestartCauseARealOutageAndKeepTheData() throws Exception {
        try (LocalAws aws = LocalAws.builder().start()) {
            AwsSettings settings = AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint());
            try (S3Client s3 = AwsClients.s3(settings); DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
                s3.createBucket(b -> b.bucket("drill"));
                s3.putObject(b -> b.bucket("drill").key("a"), RequestBody.fromString("kept"));
                dynamoDb.createTable(b -> b.tableName("drill").billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(KeySchemaElement.builder().attributeName("k").keyType(KeyType.HASH).build())
                        .attributeDefinitions(AttributeDefinition.builder().attributeName("k").attributeType(ScalarAttributeType.S).build()));

                assertThat(LocalControl.apply(aws, "stop s3")).isEqualTo("isobar-control: ok stop s3");
                assertThatThrownBy(() -> s3.headObject(b -> b.bucket("drill").key("a"))).isInstanceOf(SdkClientException.class);
                assertThat(LocalControl.apply(aws, "  Restart   S3 ")).isEqualTo("isobar-control: ok restart s3");
                assertThat(s3.getObjectAsBytes(b -> b.bucket("drill").key("a")).asUtf8String()).isEqualTo("kept");

                assertThat(LocalControl.apply(aws, "stop dynamodb")).isEqualTo("isobar-control: ok stop dynamodb");
                assertThatThrownBy(() -> dynamoDb.listTables()).isInstanceOf(SdkClientException.class);
                assertThat(LocalControl.apply(aws, "restart dynamodb")).isEqualTo("isobar-control: ok restart dynamodb");
                assertThat(dynamoDb.listTables().tableNames()).contains("drill");

                assertThat(LocalControl.apply(aws, "stop sqs"))
                        .isEqualTo("isobar-control: error stop sqs: unknown command (stop|restart s3|dynamodb)");
            }
        }
    }

    @Test
    void watchAnswersEveryLineOfItsInput() throws Exception {
        try (LocalAws aws = LocalAws.builder().start()) {
            ByteArrayOutputStream answers = new ByteArrayOutputStream();
            Thread watcher = LocalControl.watch(new ByteArrayInputStream("stop s3\n\nrestart s3\nreboot\n".getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(answers, true, StandardCharsets.UTF_8), aws);
            watcher.join(Duration.ofMinutes(1).toMillis());
            assertThat(watcher.isAlive()).as("the watcher ends with its input").isFalse();
            assertThat(answers.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                    "isobar-control: ok stop s3", "isobar-control: ok restart s3",
                    "isobar-control: error reboot: unknown command (stop|restart s3|dynamodb)");
        }
    }
}
