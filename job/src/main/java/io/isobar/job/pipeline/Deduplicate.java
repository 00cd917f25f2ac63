package io.isobar.job.pipeline;

import io.isobar.job.ingest.IngestTask;
import java.time.Duration;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets each object through once, keyed by {@link io.isobar.model.ObjectIdentity#dedupKey()}. SNS and SQS
 * both deliver at least once, and a restart redelivers messages that were not yet deleted; a duplicate
 * costs no S3 read and no write.
 *
 * <p>The memory is keyed state with a TTL longer than SQS's longest retention (14 days), so a message
 * can never outlive the record that it was seen. State is checkpointed with the in-flight ingest,
 * so a restart neither forgets an object that was not indexed nor remembers one that was not.
 *
 * <p>Why marking an object seen before it is ingested loses nothing: the mark, the task waiting in the Async I/O
 * operator (its in-flight elements are checkpointed state) and the outcome buffered in a sink all belong to one
 * checkpoint, and the source deletes the message only once that checkpoint completes. A transient failure
 * produces no outcome (it is retried, then fails the attempt); the restart restores the mark together with the
 * task still in flight, so the task runs again. Only outcomes (an entry or an error record) ever end a task, and
 * a duplicate arriving meanwhile is rightly dropped: the first copy is still on its way.
 *
 * <p>Duplicates are counted as a metric and as an accumulator of the same name (see {@link SplitOutcomes}).
 */
public class Deduplicate extends KeyedProcessFunction<String, IngestTask, IngestTask> {

    /** Tasks dropped because their object was seen before. */
    public static final String DUPLICATES_DROPPED = "duplicatesDropped";

    private final Duration ttl;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;
    private transient LongCounter duplicatesTotal;

    public Deduplicate(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Boolean.class);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupFullSnapshot()
                .build());
        seen = getRuntimeContext().getState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().counter(DUPLICATES_DROPPED);
        duplicatesTotal = new LongCounter();
        getRuntimeContext().addAccumulator(DUPLICATES_DROPPED, duplicatesTotal);
    }

    @Override
    public void processElement(IngestTask task, Context ctx, Collector<IngestTask> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            duplicatesTotal.add(1);
            return;
        }
        seen.update(Boolean.TRUE);
        out.collect(task);
    }
}
