package io.isobar.job.source.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isobar.job.config.QueueSettings;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** The split reader's retry and back-off paths, against a scripted proxy: failures no emulator produces on demand. */
class SqsSplitReaderTest {

    private final FakeSqsProxy proxy = new FakeSqsProxy();
    private final InFlightMessages inFlight = new InFlightMessages();
    private final CapturedMetrics captured = new CapturedMetrics();
    private final List<Duration> pauses = Collections.synchronizedList(new ArrayList<>());
    private SqsSplitReader reader;

    @BeforeEach
    void start() {
        SqsSourceMetrics metrics = new SqsSourceMetrics(captured.readerGroup(), inFlight::size,
                inFlight::oldestSentTimestampMillis);
        reader = new SqsSplitReader(proxy, QueueSettings.of(FakeSqsProxy.QUEUE_URL), inFlight, metrics, 0, pauses::add);
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(SqsSplit.forSubtask(0))));
    }

    @AfterEach
    void stop() throws Exception {
        reader.close();
    }

    private static List<String> ids(RecordsWithSplitIds<ReceivedMessage> records) {
        List<String> ids = new ArrayList<>();
        while (records.nextSplit() != null) {
            ReceivedMessage m;
            while ((m = records.nextRecordFromSplit()) != null) {
                ids.add(m.message().messageId());
            }
        }
        return ids;
    }

    private static SqsException serviceError(int status, String code) {
        return (SqsException) SqsException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
                .message(code).build();
    }

    @Test
    void aTransientFailureBecomesAnEmptyFetchAndTheNextPollDelivers() throws Exception {
        proxy.onReceive(() -> {
            throw SdkClientException.create("Connection reset");
        }).onReceive(() -> List.of(FakeSqsProxy.message("m1", "h1"), FakeSqsProxy.message("m2", "h2")));

        assertThat(ids(reader.fetch())).isEmpty();
        assertThat(ids(reader.fetch())).containsExactly("m1", "m2");

        assertThat(pauses).containsExactly(Duration.ofSeconds(1));
        assertThat(inFlight.size()).isEqualTo(2);
        assertThat(captured.count("sqs.messagesReceived")).isEqualTo(2);
    }

    @Test
    void throttlingAndServerErrorsAreRetriedWithAGrowingPauseThatResetsAfterASuccess() throws Exception {
        proxy.onReceive(() -> {
            throw serviceError(503, "ServiceUnavailable");
        }).onReceive(() -> {
            throw serviceError(400, "ThrottlingException");
        }).onReceive(() -> {
            throw serviceError(500, "InternalError");
        }).onReceive(() -> List.of(FakeSqsProxy.message("m1", "h1"))).onReceive(() -> {
            throw SdkClientException.create("timeout");
        }).onReceive(() -> List.of(FakeSqsProxy.message("m2", "h2")));

        List<String> delivered = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            delivered.addAll(ids(reader.fetch()));
        }

        assertThat(delivered).containsExactly("m1", "m2");
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(1));
    }

    @Test
    void theBackoffDoublesFromOneSecondUpToThirtySeconds() {
        assertThat(SqsSplitReader.backoff(0)).isZero();
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7).stream().map(SqsSplitReader::backoff).toList()).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(SqsSplitReader.backoff(1_000)).isEqualTo(SqsSplitReader.MAX_BACKOFF);
    }

    @Test
    void aFailureRetryingCannotFixFailsTheFetchNamingTheQueue() {
        proxy.onReceive(() -> {
            throw serviceError(403, "AccessDenied");
        });

        assertThatThrownBy(reader::fetch).isInstanceOf(IOException.class)
                .hasMessageContaining(FakeSqsProxy.QUEUE_URL).hasMessageContaining("AccessDenied");
        assertThat(pauses).isEmpty();
    }

    @Test
    void aWakeUpDuringAPollKeepsThePollsMessagesForTheNextFetch() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        proxy.onReceive(() -> {
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(FakeSqsProxy.message("late", "h-late"));
        });
        reader.wakeUp();

        assertThat(ids(reader.fetch())).as("woken before the poll answered").isEmpty();
        answer.countDown();
        assertThat(ids(reader.fetch())).containsExactly("late");
    }
}
