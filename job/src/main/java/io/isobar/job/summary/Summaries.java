package io.isobar.job.summary;

import java.time.Duration;

import io.isobar.index.FileFact;
import io.isobar.index.FileItems;
import io.isobar.index.Marker;
import io.isobar.index.ParameterSummary;
import io.isobar.index.RunSummary;
import io.isobar.index.StepTally;
import io.isobar.index.TimeTally;
import io.isobar.job.config.JobConfig;

/**
 * The job's running summaries of the index (see {@code docs/index-schema.md}, "Summaries"), each a
 * {@link SummaryFunction} on its own key: the files of each run at each time, each run, each validity time, each
 * parameter.
 */
public final class Summaries {

    /** A run writes the files of one time within minutes; a later file starts the step again from the index. */
    static final Duration STEPS_KEPT = Duration.ofHours(6);
    /** Runs, times and parameters are kept two days after their last change, then started again from the index. */
    static final Duration KEPT = Duration.ofDays(2);

    private Summaries() {}

    /** Counts the distinct files of each run at each time (keyed by {@link FileFact#stepKey()}), as one-step summaries. */
    public static SummaryFunction<FileFact, StepTally, RunSummary> countSteps(JobConfig config, Duration delay) {
        return new SummaryFunction<>(StepTally.class, RunSummary.class, config, delay, STEPS_KEPT,
                (seeds, first) -> seeds.step(first), StepTally::with, (s, out) -> out.collect(s.summary()));
    }

    /** Merges the steps of each run (keyed by {@link RunSummary#key()}) into its summary. */
    public static SummaryFunction<RunSummary, RunSummary, RunSummary> summariseRuns(JobConfig config, Duration delay) {
        return new SummaryFunction<>(RunSummary.class, RunSummary.class, config, delay, KEPT,
                (seeds, first) -> seeds.run(first.model(), first.run()).orElse(first), RunSummary::merge,
                (s, out) -> out.collect(s));
    }

    /** Counts the files of every run valid at each time (keyed by {@link #timeKey}) into its valid-time marker. */
    public static SummaryFunction<RunSummary, TimeTally, Marker> countTimes(JobConfig config, Duration delay) {
        return new SummaryFunction<>(TimeTally.class, Marker.class, config, delay, KEPT,
                (seeds, first) -> seeds.time(first.model(), first.times().get(0)), TimeTally::with,
                (t, out) -> out.collect(t.marker()));
    }

    /** Merges what each file says about its variable (keyed by {@link ParameterSummary#key()}) into the parameter. */
    public static SummaryFunction<ParameterSummary, ParameterSummary, ParameterSummary> summariseParameters(JobConfig config,
            Duration delay) {
        return new SummaryFunction<>(ParameterSummary.class, ParameterSummary.class, config, delay, KEPT,
                (seeds, first) -> seeds.parameter(first.model(), first.variable()).orElse(first), ParameterSummary::merge,
                (p, out) -> out.collect(p));
    }

    /** The key of a step's validity time: {@code model#time}. */
    public static String timeKey(RunSummary step) {
        return step.model() + "#" + FileItems.iso(step.times().get(0));
    }
}
