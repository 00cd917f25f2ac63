package io.isobar.job.pipeline;

import java.time.Duration;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import io.isobar.index.Marker;

/**
 * Emits each {@link Marker} once instead of once per file (the model markers: thousands of files a run name the same
 * model). The marker write is idempotent, so forgetting (TTL) only costs a repeated write.
 */
public class MarkerDeduplicator extends KeyedProcessFunction<String, Marker, Marker> {

    private transient ValueState<Boolean> written;

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("written", Boolean.class);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(2)).cleanupFullSnapshot().build());
        written = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(Marker marker, Context ctx, Collector<Marker> out) throws Exception {
        if (written.value() == null) {
            written.update(Boolean.TRUE);
            out.collect(marker);
        }
    }
}
