package io.isobar.job.source.sqs;

import io.isobar.aws.AwsSettings;
import io.isobar.job.config.QueueSettings;

import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One parallel instance of the SQS source: polls the queue (through {@link SqsSplitReader}), emits records (through
 * {@link SqsRecordEmitter}) and deletes each message only after the checkpoint that covers it completed.
 *
 * <p>{@link #snapshotState} files the messages emitted since the previous snapshot under the checkpoint id;
 * {@link #notifyCheckpointComplete} deletes everything filed under that id or an earlier one, since completion notices
 * can be skipped. The receipt handles stay out of the checkpoint: after a failover the restored reader starts with
 * none and the messages the failed reader had not deleted are delivered again (at-least-once; the job de-duplicates).
 */
final class SqsSourceReader<T> extends SingleThreadMultiplexSourceReaderBase<ReceivedMessage, T, SqsSplit, SqsSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(SqsSourceReader.class);

    private final InFlightMessages inFlight;
    private final MessageAcknowledger acknowledger;
    private final SqsProxy proxy;
    /** Ids of the splits this reader holds; only the task thread touches it. */
    private final Set<String> heldSplitIds = new HashSet<>();

    private SqsSourceReader(QueueSettings queue, SqsMessageDeserializer<T> deserializer, SourceReaderContext context,
                            SqsProxy proxy, InFlightMessages inFlight, SqsSourceMetrics metrics) {
        super(() -> new SqsSplitReader(proxy, queue, inFlight, metrics, context.getIndexOfSubtask()),
                new SqsRecordEmitter<>(deserializer, inFlight),
                context.getConfiguration(),
                context);
        this.inFlight = inFlight;
        this.proxy = proxy;
        this.acknowledger = new MessageAcknowledger(proxy, queue, inFlight, metrics, context.getIndexOfSubtask());
    }

    /** A reader with its own SQS client; {@code deserializer} must already be open. */
    public static <T> SqsSourceReader<T> create(AwsSettings aws, QueueSettings queue,
                                                SqsMessageDeserializer<T> deserializer, SourceReaderContext context) {
        return create(queue, deserializer, context, SqsClientProxy.create(aws, queue.requireUrl()));
    }

    /** A reader on {@code proxy}, which it closes when it closes. */
    @VisibleForTesting
    static <T> SqsSourceReader<T> create(QueueSettings queue, SqsMessageDeserializer<T> deserializer,
                                         SourceReaderContext context, SqsProxy proxy) {
        InFlightMessages inFlight = new InFlightMessages();
        SqsSourceMetrics metrics = new SqsSourceMetrics(context.metricGroup(), inFlight::size,
                inFlight::oldestSentTimestampMillis);
        return new SqsSourceReader<>(queue, deserializer, context, proxy, inFlight, metrics);
    }

    @Override
    public void start() {
        super.start();
        acknowledger.start();
    }

    /** Ignores splits already held: a restored reader can be offered its split again (see the enumerator). */
    @Override
    public void addSplits(List<SqsSplit> splits) {
        List<SqsSplit> fresh = splits.stream().filter(split -> heldSplitIds.add(split.splitId())).toList();
        if (!fresh.isEmpty()) {
            super.addSplits(fresh);
        }
    }

    @Override
    public List<SqsSplit> snapshotState(long checkpointId) {
        int filed = inFlight.fileUnder(checkpointId);
        LOG.debug("Checkpoint {}: {} messages of {} to delete once it completes", checkpointId, filed,
                proxy.queueUrl());
        return super.snapshotState(checkpointId);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        acknowledger.delete(inFlight.takeCompleted(checkpointId));
    }

    /** Messages received and not yet deleted; the {@code messagesInFlight} gauge. */
    @VisibleForTesting
    int messagesInFlight() {
        return inFlight.size();
    }

    @Override
    protected SqsSplit initializedState(SqsSplit split) {
        return split;
    }

    @Override
    protected SqsSplit toSplitType(String splitId, SqsSplit splitState) {
        return splitState;
    }

    @Override
    protected void onSplitFinished(Map<String, SqsSplit> finishedSplitIds) {
        throw new IllegalStateException("SQS splits never finish, yet " + finishedSplitIds.keySet() + " did");
    }

    /** Stops polling, lets deletes already due finish, hands the other messages back to the queue, closes the client. */
    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            try {
                acknowledger.close();
            } finally {
                proxy.close();
            }
        }
    }
}
