package io.isobar.job.source.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SqsSourceMetricsTest {

    private final CapturedMetrics captured = new CapturedMetrics();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong oldestSent = new AtomicLong(Long.MAX_VALUE);
    private final SqsSourceMetrics metrics =
            new SqsSourceMetrics(captured.readerGroup(), inFlight::get, oldestSent::get);

    @Test
    void countsInTheSqsGroup() {
        metrics.received(10);
        metrics.received(3);
        metrics.deleted(12);
        metrics.deleteFailed(1);

        assertThat(captured.count("sqs.messagesReceived")).isEqualTo(13);
        assertThat(captured.count("sqs.messagesDeleted")).isEqualTo(12);
        assertThat(captured.count("sqs.deleteFailures")).isEqualTo(1);
    }

    @Test
    void gaugesTheMessagesInFlightAndTheAgeOfTheOldest() {
        assertThat(captured.gaugeValue("sqs.messagesInFlight")).isEqualTo(0);
        assertThat(captured.gaugeValue("sqs.oldestPendingAgeMillis")).as("none pending").isEqualTo(0L);

        inFlight.set(4);
        oldestSent.set(System.currentTimeMillis() - 60_000);

        assertThat(captured.gaugeValue("sqs.messagesInFlight")).isEqualTo(4);
        assertThat((Long) captured.gaugeValue("sqs.oldestPendingAgeMillis")).isBetween(60_000L, 600_000L);
    }
}
