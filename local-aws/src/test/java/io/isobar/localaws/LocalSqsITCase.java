package io.isobar.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import io.isobar.localaws.junit.LocalAwsExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@ExtendWith(LocalAwsExtension.class)
class LocalSqsITCase {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final LocalAws aws;
    @AutoClose
    private final SqsClient sqs;

    LocalSqsITCase(LocalAws aws) {
        this.aws = aws;
        this.sqs = TestClients.sqs(aws);
    }

    @Test
    void sendsReceivesAndDeletes() {
        String queueUrl = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("basic"))).queueUrl();
        assertThat(queueUrl).startsWith(aws.sqsEndpoint().toString() + "/" + LocalAws.ACCOUNT_ID + "/");

        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"key\":\"a.nc\"}"));
        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(5))
                .messages();

        assertThat(received).extracting(Message::body).containsExactly("{\"key\":\"a.nc\"}");
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(received.get(0).receiptHandle()));
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes()).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
    }

    @Test
    void longPollingReturnsAMessageSentWhileWaiting() throws Exception {
        String queueUrl = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("long-poll"))).queueUrl();

        // The receive starts on an empty queue; the send happens while it waits.
        CompletableFuture<List<Message>> receive = CompletableFuture.supplyAsync(() -> sqs.receiveMessage(
                b -> b.queueUrl(queueUrl).waitTimeSeconds(20)).messages());
        Thread.sleep(500);
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("late"));

        assertThat(receive.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).extracting(Message::body).containsExactly("late");
    }

    @Test
    void longPollingOnAnEmptyQueueWaits() {
        String queueUrl = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("empty"))).queueUrl();

        Instant start = Instant.now();
        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(2)).messages();

        assertThat(received).isEmpty();
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void movesMessagesReceivedTooOftenToTheDeadLetterQueue() throws InterruptedException {
        String dlqUrl = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("dlq"))).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String queueUrl = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("main")).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"maxReceiveCount\":\"1\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"))).queueUrl();
        assertThat(dlqArn).startsWith("arn:aws:sqs:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":");

        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("poison"));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)).messages())
                .extracting(Message::body).containsExactly("poison");

        // Not deleted: once visible again, the next receive exceeds maxReceiveCount and moves it to the DLQ.
        Instant deadline = Instant.now().plus(DEADLINE);
        List<Message> dead = List.of();
        while (dead.isEmpty() && Instant.now().isBefore(deadline)) {
            assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages()).isEmpty();
            dead = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(1)).messages();
        }
        assertThat(dead).extracting(Message::body).containsExactly("poison");
    }
}
