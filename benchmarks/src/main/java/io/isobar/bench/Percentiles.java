package io.isobar.bench;

import java.util.Arrays;

/** The benchmarks' one latency statistic: nearest-rank percentiles (the value below which a fraction p of the samples lie). */
public final class Percentiles {

    private Percentiles() {}

    /** The nearest-rank {@code p} percentile ({@code 0 < p <= 1}) of {@code values}, in any order; NaN when there are none. */
    public static double of(double[] values, double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("a percentile is a fraction in (0, 1], not " + p);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
    }

    /** The {@code p} percentile of durations in nanoseconds, in milliseconds. */
    public static double ms(long[] nanos, double p) {
        return of(Arrays.stream(nanos).mapToDouble(n -> n / 1e6).toArray(), p);
    }

    /** The largest of durations in nanoseconds, in milliseconds; 0 when there are none. */
    public static double maxMs(long[] nanos) {
        return Arrays.stream(nanos).max().orElse(0) / 1e6;
    }
}
