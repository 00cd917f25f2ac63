package io.isobar.job.source.sqs;

import io.isobar.job.source.sqs.FakeSqsProxy.BatchCall;
import io.isobar.job.source.sqs.ReaderHarness.CollectingOutput;
import io.isobar.job.source.sqs.ReaderHarness.TestContext;
import static io.isobar.job.source.sqs.ReaderHarness.pollUntil;
import static io.isobar.job.source.sqs.ReaderHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.isobar.job.config.QueueSettings;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * One reader on a scripted proxy: a failed receive is retried inside the reader, deletes follow completed
 * checkpoints only, and closing hands back what was not deleted and closes the proxy. The emulator-backed
 * {@code SqsSourceReaderITCase} covers the same paths against SQS's real answers.
 */
class SqsSourceReaderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final FakeSqsProxy proxy = new FakeSqsProxy();

    private SqsSourceReader<SqsMessage> start() {
        QueueSettings queue = QueueSettings.of(FakeSqsProxy.QUEUE_URL).withPollWait(Duration.ofSeconds(1));
        SqsSourceReader<SqsMessage> reader = SqsSourceReader.create(queue, SqsMessageDeserializer.messages(),
                new TestContext(), proxy);
        reader.start();
        reader.addSplits(List.of(SqsSplit.forSubtask(0)));
        return reader;
    }

    @Test
    void aFailedReceiveIsRetriedAndOnlyCompletedCheckpointsDelete() throws Exception {
        proxy.onReceive(() -> {
            throw SdkClientException.create("Connection reset");
        }).onReceive(() -> List.of(FakeSqsProxy.message("m1", "h1"), FakeSqsProxy.message("m2", "h2")));
        CollectingOutput output = new CollectingOutput();

        try (SqsSourceReader<SqsMessage> reader = start()) {
            pollUntil(reader, output, 2, TIMEOUT);
            reader.snapshotState(1);
            proxy.onReceive(() -> List.of(FakeSqsProxy.message("m3", "h3")));
            pollUntil(reader, output, 3, TIMEOUT);
            reader.snapshotState(2);
            assertThat(proxy.deleteCalls()).as("nothing deleted before a checkpoint completes").isEmpty();

            reader.notifyCheckpointComplete(1);

            await(() -> reader.messagesInFlight() == 1, TIMEOUT);
            assertThat(proxy.deleteCalls()).extracting(BatchCall::receiptHandles)
                    .containsExactly(List.of("h1", "h2"));
        }

        assertThat(output.bodies()).containsExactly("body of m1", "body of m2", "body of m3");
        assertThat(proxy.visibilityCalls()).as("m3, filed under checkpoint 2 which never completed, handed back")
                .containsExactly(new BatchCall(List.of("h3"), Duration.ofSeconds(2)));
        assertThat(proxy.closed()).isTrue();
    }
}
