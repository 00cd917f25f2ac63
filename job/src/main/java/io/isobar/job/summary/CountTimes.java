package io.isobar.job.summary;

import java.time.Duration;
import java.time.Instant;

import org.apache.flink.util.Collector;

import io.isobar.index.FileItems;
import io.isobar.index.Marker;
import io.isobar.index.RunSummary;
import io.isobar.index.TimeTally;
import io.isobar.job.config.JobConfig;

/**
 * Counts the files of every run valid at each time of each model (keyed by {@link #key}) from the steps, and emits
 * the valid-time {@link Marker} with that count.
 */
public class CountTimes extends SummaryFunction<RunSummary, TimeTally, Marker> {

    private static final long serialVersionUID = 1L;
    /** A time's count is kept two days after its last file; a later file starts it again from the run summaries. */
    static final Duration KEEP = Duration.ofDays(2);

    public CountTimes(JobConfig config, Duration delay) {
        super(TimeTally.class, config, delay, KEEP);
    }

    /** The key of a step's validity time: {@code model#time}. */
    public static String key(RunSummary step) {
        return step.model() + "#" + FileItems.iso(time(step));
    }

    private static Instant time(RunSummary step) {
        return step.times().get(0);
    }

    @Override
    TimeTally seed(RunSummary first) {
        return seeds.time(first.model(), time(first));
    }

    @Override
    TimeTally add(TimeTally current, RunSummary step) {
        return current.with(step);
    }

    @Override
    void emit(TimeTally t, Collector<Marker> out) {
        out.collect(t.marker());
    }
}
