package io.isobar.job.source.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class SqsSplitEnumeratorTest {

    private static final String QUEUE_URL = "http://127.0.0.1:9324/000000000000/q";

    private final RecordingContext context = new RecordingContext();
    private final SqsSplitEnumerator enumerator = new SqsSplitEnumerator(context, QUEUE_URL);

    @Test
    void everyRegisteredReaderGetsItsOwnSplitOnce() {
        enumerator.start();
        context.register(0);
        enumerator.addReader(0);
        context.register(1);
        enumerator.addReader(1);
        enumerator.addReader(1);
        enumerator.handleSplitRequest(0, "host");

        assertThat(context.assignments).containsExactly(
                new Assignment(0, SqsSplit.forSubtask(0)),
                new Assignment(1, SqsSplit.forSubtask(1)));
    }

    @Test
    void aReaderThatHandedItsSplitBackGetsOneWhenItRegistersAgain() {
        context.register(0);
        enumerator.addReader(0);
        context.unregister(0);

        // Reader 0 failed before a checkpoint recorded its split.
        enumerator.addSplitsBack(List.of(SqsSplit.forSubtask(0)), 0);
        assertThat(context.assignments).hasSize(1);
        context.register(0);
        enumerator.addReader(0);

        assertThat(context.assignments).containsExactly(
                new Assignment(0, SqsSplit.forSubtask(0)),
                new Assignment(0, SqsSplit.forSubtask(0)));
    }

    @Test
    void aReaderThatRestoredItsSplitIsNotGivenAnother() {
        context.register(0);
        enumerator.addReader(0);
        // Reader 0 failed after a checkpoint recorded its split: nothing to hand back, it restores the split itself.
        context.unregister(0);
        enumerator.addSplitsBack(List.of(), 0);
        context.register(0);
        enumerator.addReader(0);

        assertThat(context.assignments).hasSize(1);
    }

    @Test
    void theCheckpointIsEmpty() {
        assertThat(enumerator.snapshotState(1)).isEqualTo(new SqsEnumeratorState());
    }

    private record Assignment(int subtask, SqsSplit split) {}

    /** Just enough of Flink's enumerator context to record what the enumerator assigns. */
    private static final class RecordingContext implements SplitEnumeratorContext<SqsSplit> {
        final List<Assignment> assignments = new ArrayList<>();
        final Map<Integer, ReaderInfo> readers = new HashMap<>();

        void register(int subtask) {
            readers.put(subtask, new ReaderInfo(subtask, "localhost"));
        }

        void unregister(int subtask) {
            readers.remove(subtask);
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, SourceEvent event) {}

        @Override
        public int currentParallelism() {
            return 2;
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return readers;
        }

        @Override
        public void assignSplits(SplitsAssignment<SqsSplit> newSplitAssignments) {
            newSplitAssignments.assignment().forEach((subtask, splits) ->
                    splits.forEach(split -> assignments.add(new Assignment(subtask, split))));
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            throw new AssertionError("An unbounded source never runs out of splits");
        }

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay, long period) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            runnable.run();
        }
    }
}
