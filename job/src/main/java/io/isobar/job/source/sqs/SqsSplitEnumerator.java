package io.isobar.job.source.sqs;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gives every registered reader one split, {@code sqs-<subtask>}: all readers poll the same queue, so there is
 * nothing to balance and nothing to discover.
 *
 * <p>Re-registration after a failover: Flink hands back the splits a failed reader received after the last completed
 * checkpoint ({@link #addSplitsBack}); the enumerator forgets that reader so that it gets a split again when it
 * registers. A reader that restored its split from a checkpoint may be offered it again (after a full restart the
 * enumerator starts afresh); the reader ignores a split id it already holds.
 */
final class SqsSplitEnumerator implements SplitEnumerator<SqsSplit, SqsEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(SqsSplitEnumerator.class);

    private final SplitEnumeratorContext<SqsSplit> context;
    private final String queueUrl;
    /** Subtasks that were given a split by this enumerator and have not handed it back. */
    private final Set<Integer> subtasksWithSplit = new HashSet<>();

    public SqsSplitEnumerator(SplitEnumeratorContext<SqsSplit> context, String queueUrl) {
        this.context = context;
        this.queueUrl = queueUrl;
    }

    @Override
    public void start() {
        LOG.info("SQS source enumerator started for {} (parallelism {})", queueUrl, context.currentParallelism());
    }

    @Override
    public void addReader(int subtaskId) {
        assignIfMissing(subtaskId);
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Readers do not ask (they are offered a split when they register), but a request is harmless.
        assignIfMissing(subtaskId);
    }

    @Override
    public void addSplitsBack(List<SqsSplit> splits, int subtaskId) {
        if (splits.isEmpty()) {
            // The failed reader's split was in the checkpoint it restores from: it gets it back from there.
            return;
        }
        LOG.info("Reader {} of {} handed back splits {} after a failure; it gets a split again when it registers",
                subtaskId, queueUrl, splits);
        subtasksWithSplit.remove(subtaskId);
        if (context.registeredReaders().containsKey(subtaskId)) {
            assignIfMissing(subtaskId);
        }
    }

    @Override
    public SqsEnumeratorState snapshotState(long checkpointId) {
        return new SqsEnumeratorState();
    }

    @Override
    public void close() {
        // Nothing to release: the enumerator never talks to SQS.
    }

    private void assignIfMissing(int subtaskId) {
        if (subtasksWithSplit.add(subtaskId)) {
            SqsSplit split = SqsSplit.forSubtask(subtaskId);
            LOG.info("Assigning split {} of {} to reader {}", split.splitId(), queueUrl, subtaskId);
            context.assignSplit(split, subtaskId);
        }
    }
}
