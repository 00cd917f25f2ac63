package io.isobar.job.pipeline;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import io.isobar.model.ForecastFile;
import io.isobar.model.IngestError;

/**
 * Splits enrichment outcomes into index entries (main output) and error records (side output), and
 * measures ingest latency: from the moment the object was announced (SQS SentTimestamp) to the moment its
 * entry is handed to the index sink, which writes it within its buffer time.
 */
public class SplitOutcomes extends ProcessFunction<IngestOutcome, ForecastFile> {

    private final OutputTag<IngestError> errors;
    private transient Counter indexed;
    private transient Counter skipped;
    private transient Histogram latency;

    public SplitOutcomes(OutputTag<IngestError> errors) {
        this.errors = errors;
    }

    @Override
    public void open(OpenContext openContext) {
        indexed = getRuntimeContext().getMetricGroup().counter("filesIndexed");
        skipped = getRuntimeContext().getMetricGroup().counter("filesSkippedByHeader");
        latency = getRuntimeContext().getMetricGroup().histogram("ingestLatencyMillis",
                new DescriptiveStatisticsHistogram(10_000));
    }

    @Override
    public void processElement(IngestOutcome outcome, Context ctx, Collector<ForecastFile> out) {
        if (outcome.file() != null) {
            indexed.inc();
            if (outcome.announcedAtMillis() > 0) {
                latency.update(Math.max(0, System.currentTimeMillis() - outcome.announcedAtMillis()));
            }
            out.collect(outcome.file());
        } else if (outcome.error() != null) {
            ctx.output(errors, outcome.error());
        } else {
            skipped.inc();
        }
    }
}
