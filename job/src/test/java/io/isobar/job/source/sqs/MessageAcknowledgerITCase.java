package io.isobar.job.source.sqs;

import static io.isobar.job.source.sqs.ReaderHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.isobar.job.config.QueueSettings;
import io.isobar.localaws.junit.LocalAwsExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.sqs.model.Message;

/** The acknowledger's SQS calls against the emulator: batched deletes, failed entries, the hand-back. */
@ExtendWith(LocalAwsExtension.class)
class MessageAcknowledgerITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final SqsTestQueues queues = new SqsTestQueues();
    private String queueUrl;
    private SqsProxy proxy;
    private final InFlightMessages inFlight = new InFlightMessages();
    private final CapturedMetrics captured = new CapturedMetrics();
    private MessageAcknowledger acknowledger;

    @BeforeEach
    void start() {
        queueUrl = queues.create("sqs-acknowledger-test");
        // A visibility timeout longer than a test: the periodic extension (every quarter of it) stays out of the way,
        // so the counts asserted below come from the deletes and the hand-back alone.
        QueueSettings config = QueueSettings.of(queueUrl).withPollWait(Duration.ofSeconds(1))
                .withVisibilityTimeout(Duration.ofSeconds(120));
        proxy = SqsClientProxy.create(queues.settings(), queueUrl);
        SqsSourceMetrics metrics = new SqsSourceMetrics(captured.readerGroup(), inFlight::size,
                inFlight::oldestSentTimestampMillis);
        acknowledger = new MessageAcknowledger(proxy, config, inFlight, metrics, 0);
        acknowledger.start();
    }

    @AfterEach
    void stop() {
        acknowledger.close();
        proxy.close();
    }

    /** Receives {@code count} messages and tracks them the way the split reader does. */
    private List<String> receive(int count) {
        List<String> handles = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (handles.size() < count && System.nanoTime() < deadline) {
            for (Message message : proxy.receive(10, Duration.ofSeconds(1), Duration.ofSeconds(60))) {
                inFlight.received(message.receiptHandle(), System.currentTimeMillis(), System.currentTimeMillis());
                handles.add(message.receiptHandle());
            }
        }
        assertThat(handles).hasSize(count);
        return handles;
    }

    @Test
    void deletesInBatchesOfTenAndGivesUpOnReceiptHandlesSqsRejects() throws Exception {
        queues.send(queueUrl, "m", 12);
        List<String> handles = new ArrayList<>(receive(12));
        handles.add(5, "not-a-receipt-handle");

        acknowledger.delete(handles);

        await(() -> captured.count("sqs.messagesDeleted") + captured.count("sqs.deleteFailures") == 13, TIMEOUT);
        assertThat(captured.count("sqs.messagesDeleted")).isEqualTo(12);
        assertThat(captured.count("sqs.deleteFailures")).isEqualTo(1);
        assertThat(inFlight.size()).isZero();
        assertThat(queues.counts(queueUrl).total()).isZero();
    }

    @Test
    void handsBackWhatItDoesNotDeleteWhenItCloses() throws Exception {
        queues.send(queueUrl, "m", 3);
        receive(3);

        acknowledger.close();

        assertThat(inFlight.size()).isZero();
        queues.awaitCounts(queueUrl, c -> c.visible() == 3, "the 3 messages visible again", TIMEOUT);
    }
}
