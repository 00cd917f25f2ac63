package io.isobar.job.pipeline;

import java.util.EnumMap;
import java.util.Map;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import io.isobar.model.IngestError;

/** Counts error records by kind ({@code errors.<KIND>} in the Flink web UI) on their way to the errors table. */
public class CountErrors extends RichMapFunction<IngestError, IngestError> {

    private transient Map<IngestError.Kind, Counter> byKind;

    @Override
    public void open(OpenContext openContext) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("errors");
        byKind = new EnumMap<>(IngestError.Kind.class);
        for (IngestError.Kind kind : IngestError.Kind.values()) {
            byKind.put(kind, group.counter(kind.name()));
        }
    }

    @Override
    public IngestError map(IngestError error) {
        byKind.get(error.kind()).inc();
        return error;
    }
}
