package io.isobar.job.summary;

import java.time.Duration;

import org.apache.flink.util.Collector;

import io.isobar.index.ParameterSummary;
import io.isobar.job.config.JobConfig;

/** Merges what each file says about its variable (keyed by {@link ParameterSummary#key()}) into the model's parameter. */
public class SummariseParameters extends SummaryFunction<ParameterSummary, ParameterSummary, ParameterSummary> {

    private static final long serialVersionUID = 1L;
    static final Duration KEEP = Duration.ofDays(2);

    public SummariseParameters(JobConfig config, Duration delay) {
        super(ParameterSummary.class, config, delay, KEEP);
    }

    @Override
    ParameterSummary seed(ParameterSummary first) {
        return seeds.parameter(first.model(), first.variable()).orElse(first);
    }

    @Override
    ParameterSummary add(ParameterSummary current, ParameterSummary in) {
        return current.merge(in);
    }

    @Override
    void emit(ParameterSummary p, Collector<ParameterSummary> out) {
        out.collect(p);
    }
}
