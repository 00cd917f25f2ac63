package io.isobar.job.summary;

import java.time.Duration;

import org.apache.flink.util.Collector;

import io.isobar.index.RunSummary;
import io.isobar.job.config.JobConfig;

/** Merges the steps of each run (keyed by {@link RunSummary#key()}) into its {@link RunSummary}. */
public class SummariseRuns extends SummaryFunction<RunSummary, RunSummary, RunSummary> {

    private static final long serialVersionUID = 1L;
    static final Duration KEEP = Duration.ofDays(2);

    public SummariseRuns(JobConfig config, Duration delay) {
        super(RunSummary.class, config, delay, KEEP);
    }

    @Override
    RunSummary seed(RunSummary first) {
        return seeds.run(first.model(), first.run()).orElse(first);
    }

    @Override
    RunSummary add(RunSummary current, RunSummary step) {
        return current.merge(step);
    }

    @Override
    void emit(RunSummary s, Collector<RunSummary> out) {
        out.collect(s);
    }
}
