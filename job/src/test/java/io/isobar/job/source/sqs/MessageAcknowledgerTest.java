package io.isobar.job.source.sqs;

import io.isobar.job.source.sqs.FakeSqsProxy.BatchCall;
import static io.isobar.job.source.sqs.ReaderHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.isobar.job.config.QueueSettings;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The acknowledger's retry paths against a scripted proxy: failed batch calls, entries SQS fails for its own reasons
 * or blames on the sender, failed visibility extensions. The waits are bounded "until" loops, never fixed sleeps.
 */
class MessageAcknowledgerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final FakeSqsProxy proxy = new FakeSqsProxy();
    private final InFlightMessages inFlight = new InFlightMessages();
    private final CapturedMetrics captured = new CapturedMetrics();
    private MessageAcknowledger acknowledger;

    /** Starts an acknowledger; the shortest visibility timeout SQS allows makes the extension run every 500 ms. */
    private void start(Duration visibilityTimeout) {
        SqsSourceMetrics metrics = new SqsSourceMetrics(captured.readerGroup(), inFlight::size,
                inFlight::oldestSentTimestampMillis);
        QueueSettings queue = QueueSettings.of(FakeSqsProxy.QUEUE_URL).withPollWait(Duration.ofSeconds(1))
                .withVisibilityTimeout(visibilityTimeout);
        acknowledger = new MessageAcknowledger(proxy, queue, inFlight, metrics, 0);
        acknowledger.start();
    }

    @AfterEach
    void stop() {
        if (acknowledger != null) {
            acknowledger.close();
        }
    }

    private void track(String... handles) {
        long now = System.currentTimeMillis();
        for (String handle : handles) {
            inFlight.received(handle, now, now);
        }
    }

    private long deleted() {
        return captured.count("sqs.messagesDeleted");
    }

    private long deleteFailures() {
        return captured.count("sqs.deleteFailures");
    }

    @Test
    void retriesTheEntriesSqsFailedAndGivesUpOnThoseItBlamesOnTheSender() throws Exception {
        start(Duration.ofMinutes(5));
        track("a", "b", "c");
        proxy.onDelete(handles -> FakeSqsProxy.partly(handles,
                Map.of("b", "InternalError", "c", "ReceiptHandleIsInvalid"), Set.of("c")));

        acknowledger.delete(List.of("a", "b", "c"));

        await(() -> deleted() + deleteFailures() == 3, TIMEOUT);
        assertThat(proxy.deleteCalls()).extracting(BatchCall::receiptHandles)
                .containsExactly(List.of("a", "b", "c"), List.of("b"));
        assertThat(deleted()).isEqualTo(2);
        assertThat(deleteFailures()).as("the invalid receipt handle, not retried").isEqualTo(1);
        assertThat(inFlight.size()).isZero();
    }

    @Test
    void retriesABatchWhoseCallFailed() throws Exception {
        start(Duration.ofMinutes(5));
        track("a", "b");
        proxy.onDelete(handles -> {
            throw SdkClientException.create("Connection refused");
        });

        acknowledger.delete(List.of("a", "b"));

        await(() -> deleted() == 2, TIMEOUT);
        assertThat(proxy.deleteCalls()).extracting(BatchCall::receiptHandles)
                .containsExactly(List.of("a", "b"), List.of("a", "b"));
        assertThat(deleteFailures()).isZero();
        assertThat(inFlight.size()).isZero();
    }

    @Test
    void givesUpAfterFiveAttemptsAndForgetsTheMessages() throws Exception {
        start(Duration.ofMinutes(5));
        track("a");
        for (int i = 0; i < 6; i++) {
            proxy.onDelete(handles -> {
                throw SdkClientException.create("Connection refused");
            });
        }

        acknowledger.delete(List.of("a"));

        await(() -> deleteFailures() == 1, TIMEOUT);
        assertThat(proxy.deleteCalls()).hasSize(5);
        assertThat(deleted()).isZero();
        assertThat(inFlight.size()).as("left for SQS to redeliver").isZero();
    }

    @Test
    void splitsDeletesIntoBatchesOfTen() throws Exception {
        start(Duration.ofMinutes(5));
        List<String> handles = java.util.stream.IntStream.range(0, 23).mapToObj(i -> "h" + i).toList();
        track(handles.toArray(String[]::new));

        acknowledger.delete(handles);

        await(() -> deleted() == 23, TIMEOUT);
        assertThat(proxy.deleteCalls()).extracting(c -> c.receiptHandles().size()).containsExactly(10, 10, 3);
    }

    @Test
    void aFailedVisibilityExtensionIsTriedAgainOnALaterRound() throws Exception {
        proxy.onChangeVisibility(handles -> {
            throw SdkClientException.create("Connection reset");
        }).onChangeVisibility(handles -> {
            throw new IllegalStateException("not even an SDK exception");
        });
        track("a");
        start(Duration.ofSeconds(2));

        await(() -> proxy.visibilityCalls().size() >= 3, TIMEOUT);

        assertThat(proxy.visibilityCalls()).allSatisfy(call -> {
            assertThat(call.receiptHandles()).containsExactly("a");
            assertThat(call.visibilityTimeout()).isEqualTo(Duration.ofSeconds(2));
        });
        assertThat(inFlight.size()).as("still waiting for its checkpoint").isEqualTo(1);
    }

    @Test
    void handsTheUndeletedMessagesBackWhenItCloses() {
        start(Duration.ofMinutes(5));
        track("a", "b");

        acknowledger.close();
        acknowledger = null;

        assertThat(proxy.visibilityCalls()).containsExactly(
                new BatchCall(List.of("a", "b"), Duration.ofSeconds(2)));
        assertThat(inFlight.size()).isZero();
    }
}
