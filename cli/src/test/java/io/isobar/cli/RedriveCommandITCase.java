package io.isobar.cli;

import static io.isobar.cli.InspectCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@code isobar redrive} against ElasticMQ: dead letters go back to the ingest queue, none lost, none left. */
@ExtendWith(LocalAwsExtension.class)
class RedriveCommandITCase {

    private LocalAws aws;
    private SqsClient sqs;
    private String queue;
    private String queueUrl;
    private String dlqUrl;

    @BeforeEach
    void setUp(LocalAws aws) {
        this.aws = aws;
        sqs = AwsClients.sqs(AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint()));
        queue = LocalAws.uniqueName("ingest");
        dlqUrl = sqs.createQueue(b -> b.queueName(queue + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        queueUrl = sqs.createQueue(b -> b.queueName(queue).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"1\"}"))).queueUrl();
    }

    private String[] args(String... rest) {
        List<String> all = new ArrayList<>(List.of("redrive", "--sqs-endpoint", aws.sqsEndpoint().toString(), "--queue", queue));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    @Test
    void movesEveryDeadLetterBackWithItsBodyAndAttributes() {
        // 23 messages really dead-lettered by the queue: received twice with a threshold of 1.
        List<String> bodies = IntStream.range(0, 23).mapToObj(i -> "{\"n\":" + i + "}").toList();
        for (String body : bodies) {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageAttributes(Map.of("origin",
                    MessageAttributeValue.builder().dataType("String").stringValue("test").build())));
        }
        receiveAll(queueUrl, bodies.size(), 1);
        awaitDepth(dlqUrl, bodies.size());
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages()).isEmpty();

        InspectCommandTest.Run dry = run(args("--dry-run"));
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("about 23 message(s) waiting").contains("dry run: nothing moved");

        InspectCommandTest.Run run = run(args());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("moved 23 message(s)").contains("about 0 left");
        List<Message> back = receiveAll(queueUrl, bodies.size(), 30);
        assertThat(back).extracting(Message::body).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(back).allSatisfy(m -> assertThat(m.messageAttributes().get("origin").stringValue()).isEqualTo("test"));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(1)).messages()).isEmpty();

        InspectCommandTest.Run again = run(args());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("moved 0 message(s)");
    }

    @Test
    void maxLimitsTheMoveAndAnUnknownQueueIsAClearError() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            sqs.sendMessage(b -> b.queueUrl(dlqUrl).messageBody("dead " + n));
        }
        InspectCommandTest.Run run = run(args("--max", "2", "--dlq", dlqUrl));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("moved 2 message(s)");
        assertThat(receiveAll(queueUrl, 2, 30)).hasSize(2);

        InspectCommandTest.Run missing = run("redrive", "--sqs-endpoint", aws.sqsEndpoint().toString(), "--queue", "no-such-queue");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("redrive: ").containsIgnoringCase("queue");
    }

    private List<Message> receiveAll(String url, int count, int visibility) {
        List<Message> all = new ArrayList<>();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (all.size() < count && System.nanoTime() < deadline) {
            all.addAll(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(visibility)
                    .messageAttributeNames("All")).messages());
        }
        assertThat(all).hasSize(count);
        return all;
    }

    /** The queue moves a message to its dead-letter queue on the receive after the threshold: receive until it has. */
    private void awaitDepth(String url, int count) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        int depth;
        do {
            sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1));
            depth = Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        } while (depth < count && System.nanoTime() < deadline);
        assertThat(depth).isEqualTo(count);
    }
}
