package io.isobar.job.source.sqs;

import io.isobar.job.source.sqs.ReaderHarness.CollectingOutput;
import io.isobar.job.source.sqs.ReaderHarness.TestContext;
import static io.isobar.job.source.sqs.ReaderHarness.await;
import static io.isobar.job.source.sqs.ReaderHarness.pollUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.isobar.job.config.QueueSettings;
import io.isobar.localaws.junit.LocalAwsExtension;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives one {@link SqsSourceReader} by hand, the way Flink's source operator does, against the SQS emulator: which
 * messages each checkpoint deletes, what a restored reader does, and what the reader does when it closes.
 */
@ExtendWith(LocalAwsExtension.class)
class SqsSourceReaderITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final SqsTestQueues queues = new SqsTestQueues();
    private String queueUrl;

    @BeforeEach
    void createQueue() {
        queueUrl = queues.create("sqs-reader-test");
    }

    private QueueSettings config(Duration visibilityTimeout) {
        return QueueSettings.of(queueUrl).withPollWait(Duration.ofSeconds(1)).withVisibilityTimeout(visibilityTimeout);
    }

    private SqsSourceReader<SqsMessage> startReader(Duration visibilityTimeout, List<SqsSplit> splits) {
        SqsSourceReader<SqsMessage> reader =
                SqsSourceReader.create(queues.settings(), config(visibilityTimeout), SqsMessageDeserializer.messages(), new TestContext());
        reader.start();
        reader.addSplits(splits);
        return reader;
    }

    @Test
    void deletesWhatACompletedCheckpointCoversAndNothingElse() throws Exception {
        queues.send(queueUrl, "first", 3);
        CollectingOutput output = new CollectingOutput();
        try (SqsSourceReader<SqsMessage> reader = startReader(Duration.ofSeconds(60), List.of(SqsSplit.forSubtask(0)))) {
            pollUntil(reader, output, 3, TIMEOUT);
            assertThat(reader.snapshotState(1)).containsExactly(SqsSplit.forSubtask(0));

            queues.send(queueUrl, "second", 2);
            pollUntil(reader, output, 5, TIMEOUT);
            reader.snapshotState(2);
            assertThat(queues.counts(queueUrl)).isEqualTo(new SqsTestQueues.Counts(0, 5));

            reader.notifyCheckpointComplete(1);
            queues.awaitCounts(queueUrl, c -> c.total() == 2, "the 3 messages of checkpoint 1 deleted", TIMEOUT);

            reader.notifyCheckpointComplete(2);
            queues.awaitCounts(queueUrl, c -> c.total() == 0, "all deleted", TIMEOUT);
            await(() -> reader.messagesInFlight() == 0, TIMEOUT);
        }
        assertThat(output.bodies()).containsExactlyInAnyOrder("first-0", "first-1", "first-2", "second-0", "second-1");
        assertThat(output.records).allSatisfy(record -> {
            assertThat(record.message().approximateReceiveCount()).isEqualTo(1);
            assertThat(record.timestamp()).isEqualTo(record.message().sentTimestampMillis()).isPositive();
        });
    }

    @Test
    void completingALaterCheckpointDeletesWhatEarlierOnesFiled() throws Exception {
        queues.send(queueUrl, "m", 4);
        CollectingOutput output = new CollectingOutput();
        try (SqsSourceReader<SqsMessage> reader = startReader(Duration.ofSeconds(60), List.of(SqsSplit.forSubtask(0)))) {
            pollUntil(reader, output, 4, TIMEOUT);
            reader.snapshotState(1);
            reader.snapshotState(2);
            reader.snapshotState(3);

            reader.notifyCheckpointComplete(3);

            queues.awaitCounts(queueUrl, c -> c.total() == 0, "all deleted", TIMEOUT);
        }
    }

    @Test
    void aRestoredReaderForgetsTheFailedReadersMessagesWhichAreDeliveredAgain() throws Exception {
        queues.send(queueUrl, "m", 3);
        List<SqsSplit> checkpointedSplits;
        CollectingOutput beforeFailure = new CollectingOutput();
        try (SqsSourceReader<SqsMessage> failed = startReader(Duration.ofSeconds(60), List.of(SqsSplit.forSubtask(0)))) {
            pollUntil(failed, beforeFailure, 3, TIMEOUT);
            checkpointedSplits = failed.snapshotState(1);
            // The reader fails before checkpoint 1 is confirmed complete; closing hands the messages back.
        }
        queues.awaitCounts(queueUrl, c -> c.visible() == 3, "the 3 messages visible again", TIMEOUT);

        CollectingOutput afterRestore = new CollectingOutput();
        try (SqsSourceReader<SqsMessage> restored = startReader(Duration.ofSeconds(60), checkpointedSplits)) {
            // Flink may still deliver the completion of checkpoint 1: the restored reader has nothing filed under it.
            restored.notifyCheckpointComplete(1);
            pollUntil(restored, afterRestore, 3, TIMEOUT);
            assertThat(queues.counts(queueUrl).total()).isEqualTo(3);

            restored.snapshotState(2);
            restored.notifyCheckpointComplete(2);
            queues.awaitCounts(queueUrl, c -> c.total() == 0, "all deleted", TIMEOUT);
        }
        assertThat(afterRestore.bodies()).containsExactlyInAnyOrderElementsOf(beforeFailure.bodies());
        assertThat(afterRestore.records).allSatisfy(record ->
                assertThat(record.message().approximateReceiveCount()).isEqualTo(2));
    }

    @Test
    void ignoresASplitItAlreadyHolds() throws Exception {
        try (SqsSourceReader<SqsMessage> reader = startReader(Duration.ofSeconds(60), List.of(SqsSplit.forSubtask(0)))) {
            reader.addSplits(List.of(SqsSplit.forSubtask(0)));

            assertThat(reader.getNumberOfCurrentlyAssignedSplits()).isEqualTo(1);
            assertThat(reader.snapshotState(1)).containsExactly(SqsSplit.forSubtask(0));
        }
    }

    @Test
    void keepsMessagesWaitingForACheckpointInvisibleBeyondTheirVisibilityTimeout() throws Exception {
        Duration visibilityTimeout = Duration.ofSeconds(6);
        queues.send(queueUrl, "m", 5);
        CollectingOutput output = new CollectingOutput();
        try (SqsSourceReader<SqsMessage> reader = startReader(visibilityTimeout, List.of(SqsSplit.forSubtask(0)))) {
            pollUntil(reader, output, 5, TIMEOUT);
            reader.snapshotState(1);

            // Watch the queue for 2.5 visibility timeouts: not one message may become visible.
            long until = System.nanoTime() + visibilityTimeout.multipliedBy(5).dividedBy(2).toNanos();
            while (System.nanoTime() < until) {
                assertThat(queues.counts(queueUrl)).isEqualTo(new SqsTestQueues.Counts(0, 5));
                Thread.sleep(250);
            }

            reader.notifyCheckpointComplete(1);
            queues.awaitCounts(queueUrl, c -> c.total() == 0, "all deleted", TIMEOUT);
        }
        assertThat(output.records).hasSize(5);
    }

    @Test
    void closingHandsBackMessagesReceivedButNotYetEmitted() throws Exception {
        queues.send(queueUrl, "m", 3);
        try (SqsSourceReader<SqsMessage> reader = startReader(Duration.ofSeconds(60), List.of(SqsSplit.forSubtask(0)))) {
            // Nobody polls the reader: the fetcher receives the messages into its queue and they wait there.
            await(() -> reader.messagesInFlight() == 3, TIMEOUT);
            assertThat(queues.counts(queueUrl)).isEqualTo(new SqsTestQueues.Counts(0, 3));
        }
        queues.awaitCounts(queueUrl, c -> c.visible() == 3, "the 3 messages visible again", TIMEOUT);
    }

    @Test
    void closesPromptlyInTheMiddleOfALongPoll() throws Exception {
        QueueSettings longPolling = QueueSettings.of(queueUrl).withPollWait(Duration.ofSeconds(20));
        SqsSourceReader<SqsMessage> reader =
                SqsSourceReader.create(queues.settings(), longPolling, SqsMessageDeserializer.messages(), new TestContext());
        reader.start();
        reader.addSplits(List.of(SqsSplit.forSubtask(0)));
        CollectingOutput output = new CollectingOutput();
        reader.pollNext(output);
        Thread.sleep(500);

        long start = System.nanoTime();
        reader.close();

        // Well under the 20 s wait: close does not sit out the long poll on the empty queue.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
