package io.isobar.job.source.sqs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/** Drives one {@link SqsSourceReader} by hand, as Flink's source operator would: its context, output and poll loop. */
final class ReaderHarness {

    private ReaderHarness() {}

    /** Waits until {@code condition} holds, failing after {@code timeout}: a bounded wait, never a fixed sleep. */
    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Polls {@code reader} until {@code output} holds {@code count} records, failing after {@code timeout}. */
    static void pollUntil(SqsSourceReader<SqsMessage> reader, CollectingOutput output, int count, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (output.records.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Only " + output.records.size() + " of " + count + " records arrived");
            }
            if (reader.pollNext(output) == InputStatus.NOTHING_AVAILABLE) {
                try {
                    reader.isAvailable().get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // Check the deadline and poll again.
                }
            }
        }
    }

    record Emitted(SqsMessage message, long timestamp) {}

    /** Collects what the reader emits, with timestamps. */
    static final class CollectingOutput implements ReaderOutput<SqsMessage> {
        final List<Emitted> records = new CopyOnWriteArrayList<>();

        List<String> bodies() {
            return records.stream().map(record -> record.message().body()).toList();
        }

        @Override
        public void collect(SqsMessage record) {
            collect(record, Long.MIN_VALUE);
        }

        @Override
        public void collect(SqsMessage record, long timestamp) {
            records.add(new Emitted(record, timestamp));
        }

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}

        @Override
        public SourceOutput<SqsMessage> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {}
    }

    /** What Flink's source operator tells a reader about its surroundings, reduced to a single local subtask. */
    static final class TestContext implements SourceReaderContext {
        @Override
        public SourceReaderMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
        }

        @Override
        public Configuration getConfiguration() {
            return new Configuration();
        }

        @Override
        public String getLocalHostName() {
            return "localhost";
        }

        @Override
        public int getIndexOfSubtask() {
            return 0;
        }

        @Override
        public void sendSplitRequest() {}

        @Override
        public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
        }
    }
}
