package io.isobar.job.source.sqs;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Queues on the local SQS emulator for the source's tests: create, fill, count, wait for a count. Queues are not
 * deleted after a test (the emulator is in memory): a reader's abandoned long poll on a deleted queue only makes the
 * emulator log errors.
 *
 * <p>A JUnit extension on the run's shared emulators ({@link LocalAwsExtension}):
 * {@code @RegisterExtension static final SqsTestQueues QUEUES = new SqsTestQueues();}
 */
final class SqsTestQueues implements BeforeAllCallback, AfterAllCallback {

    private AwsSettings settings;
    private SqsClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        LocalAws aws = LocalAwsExtension.get(context);
        settings = AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint());
        client = AwsClients.sqs(settings);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
    }

    public AwsSettings settings() {
        return settings;
    }

    /** A new, uniquely named queue; returns its URL. */
    public String create(String prefix) {
        return client.createQueue(r -> r.queueName(LocalAws.uniqueName(prefix))).queueUrl();
    }

    /** Sends {@code count} messages with bodies {@code prefix-0}, {@code prefix-1}, ...; returns the bodies. */
    public List<String> send(String queueUrl, String prefix, int count) {
        List<String> bodies = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
        for (int from = 0; from < count; from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
            }
            var response = client.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (!response.failed().isEmpty()) {
                throw new IllegalStateException("Could not send to " + queueUrl + ": " + response.failed());
            }
        }
        return bodies;
    }

    /** How many messages the queue holds: visible ones and received-but-not-deleted ones. */
    public record Counts(int visible, int notVisible) {
        public int total() {
            return visible + notVisible;
        }
    }

    public Counts counts(String queueUrl) {
        Map<QueueAttributeName, String> attributes = client.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return new Counts(
                Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
    }

    /** Polls the counts until they satisfy {@code condition}; fails with the last counts after {@code timeout}. */
    public Counts awaitCounts(String queueUrl, Predicate<Counts> condition, String description, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Counts counts = counts(queueUrl);
        while (!condition.test(counts)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Queue " + queueUrl + " never reached: " + description + "; last " + counts);
            }
            Thread.sleep(100);
            counts = counts(queueUrl);
        }
        return counts;
    }
}
