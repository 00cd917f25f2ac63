package io.isobar.job.source.sqs;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The SQS-specific metrics of one reader, in the group {@code sqs} under the reader's metric group. Flink's standard
 * source metrics come on top for free: {@code numRecordsIn} (counted by the reader base) and
 * {@code currentEmitEventTimeLag} (records are emitted with the message's SentTimestamp as their timestamp).
 *
 * <p>Counters are thread-safe: they are updated from the poller and acknowledger threads.
 */
final class SqsSourceMetrics {

    public static final String GROUP = "sqs";
    public static final String MESSAGES_RECEIVED = "messagesReceived";
    public static final String MESSAGES_DELETED = "messagesDeleted";
    public static final String DELETE_FAILURES = "deleteFailures";
    public static final String MESSAGES_IN_FLIGHT = "messagesInFlight";
    public static final String OLDEST_PENDING_AGE_MILLIS = "oldestPendingAgeMillis";

    private final Counter messagesReceived;
    private final Counter messagesDeleted;
    private final Counter deleteFailures;

    /**
     * @param inFlight               messages received and not yet deleted (or given up on)
     * @param oldestPendingSentMillis SentTimestamp of the oldest of them, or {@link Long#MAX_VALUE} when there is none
     */
    public SqsSourceMetrics(SourceReaderMetricGroup readerGroup, IntSupplier inFlight, LongSupplier oldestPendingSentMillis) {
        MetricGroup group = readerGroup.addGroup(GROUP);
        this.messagesReceived = group.counter(MESSAGES_RECEIVED, new ThreadSafeSimpleCounter());
        this.messagesDeleted = group.counter(MESSAGES_DELETED, new ThreadSafeSimpleCounter());
        this.deleteFailures = group.counter(DELETE_FAILURES, new ThreadSafeSimpleCounter());
        group.gauge(MESSAGES_IN_FLIGHT, (Gauge<Integer>) inFlight::getAsInt);
        group.gauge(OLDEST_PENDING_AGE_MILLIS, (Gauge<Long>) () -> {
            long oldest = oldestPendingSentMillis.getAsLong();
            return oldest == Long.MAX_VALUE ? 0L : Math.max(0L, System.currentTimeMillis() - oldest);
        });
    }

    public void received(int count) {
        messagesReceived.inc(count);
    }

    public void deleted(int count) {
        messagesDeleted.inc(count);
    }

    /** Messages that could not be deleted and were given up on: each will be delivered again. */
    public void deleteFailed(int count) {
        deleteFailures.inc(count);
    }
}
