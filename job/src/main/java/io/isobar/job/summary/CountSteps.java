package io.isobar.job.summary;

import java.time.Duration;

import org.apache.flink.util.Collector;

import io.isobar.index.FileFact;
import io.isobar.index.RunSummary;
import io.isobar.index.StepTally;
import io.isobar.job.config.JobConfig;

/**
 * Counts the distinct files of each run at each validity time (keyed by {@link FileFact#stepKey()}) and emits the
 * step as a one-step {@link RunSummary}, for the run summaries and the valid-time counts downstream.
 */
public class CountSteps extends SummaryFunction<FileFact, StepTally, RunSummary> {

    private static final long serialVersionUID = 1L;
    /** A run writes the files of one time within minutes; a later file starts again from the index. */
    static final Duration KEEP = Duration.ofHours(6);

    public CountSteps(JobConfig config, Duration delay) {
        super(StepTally.class, config, delay, KEEP);
    }

    @Override
    StepTally seed(FileFact first) {
        return seeds.step(first);
    }

    @Override
    StepTally add(StepTally current, FileFact in) {
        return current.with(in);
    }

    @Override
    void emit(StepTally s, Collector<RunSummary> out) {
        out.collect(s.summary());
    }
}
