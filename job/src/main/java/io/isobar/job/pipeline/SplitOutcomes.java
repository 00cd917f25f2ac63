package io.isobar.job.pipeline;

import io.isobar.job.ingest.IngestTask;
import io.isobar.job.ingest.IngestOutcome;
import org.apache.flink.api.common.accumulators.LongCounter;
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
 * Splits ingest outcomes into index entries (main output) and error records (side output), and
 * measures ingest latency: from the moment the object was announced ({@link IngestTask#announcedAtMillis()}) to the moment its
 * entry is handed to the index sink, which writes it within its buffer time.
 *
 * <p>Each outcome is counted twice: as a metric (live, per subtask, for the web UI and dashboards) and as an
 * accumulator of the same name (summed over the job and exact in its final result, which is how a backfill
 * reports what it did).
 */
public class SplitOutcomes extends ProcessFunction<IngestOutcome, ForecastFile> {

    /** Files whose index entry went to the sink. */
    public static final String FILES_INDEXED = "filesIndexed";
    /** Files whose header showed they are not wanted (allow-list, backfill time window). */
    public static final String FILES_SKIPPED_BY_HEADER = "filesSkippedByHeader";
    /** Files that became an error record. */
    public static final String FILES_FAILED = "filesFailed";

    private final OutputTag<IngestError> errors;
    private transient Counter indexed;
    private transient Counter skipped;
    private transient Counter failed;
    private transient LongCounter indexedTotal;
    private transient LongCounter skippedTotal;
    private transient LongCounter failedTotal;
    private transient Histogram latency;

    public SplitOutcomes(OutputTag<IngestError> errors) {
        this.errors = errors;
    }

    @Override
    public void open(OpenContext openContext) {
        indexed = getRuntimeContext().getMetricGroup().counter(FILES_INDEXED);
        skipped = getRuntimeContext().getMetricGroup().counter(FILES_SKIPPED_BY_HEADER);
        failed = getRuntimeContext().getMetricGroup().counter(FILES_FAILED);
        indexedTotal = accumulator(FILES_INDEXED);
        skippedTotal = accumulator(FILES_SKIPPED_BY_HEADER);
        failedTotal = accumulator(FILES_FAILED);
        latency = getRuntimeContext().getMetricGroup().histogram("ingestLatencyMillis",
                new DescriptiveStatisticsHistogram(10_000));
    }

    @Override
    public void processElement(IngestOutcome outcome, Context ctx, Collector<ForecastFile> out) {
        if (outcome.file() != null) {
            indexed.inc();
            indexedTotal.add(1);
            if (outcome.announcedAtMillis() > 0) {
                latency.update(Math.max(0, System.currentTimeMillis() - outcome.announcedAtMillis()));
            }
            out.collect(outcome.file());
        } else if (outcome.error() != null) {
            failed.inc();
            failedTotal.add(1);
            ctx.output(errors, outcome.error());
        } else {
            skipped.inc();
            skippedTotal.add(1);
        }
    }

    private LongCounter accumulator(String name) {
        LongCounter counter = new LongCounter();
        getRuntimeContext().addAccumulator(name, counter);
        return counter;
    }
}
