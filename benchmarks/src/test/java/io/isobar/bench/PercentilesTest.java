package io.isobar.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfUnsortedValues() {
        double[] values = {50, 10, 40, 20, 30, 100, 90, 80, 70, 60};
        assertThat(Percentiles.of(values, 0.50)).isEqualTo(50);
        assertThat(Percentiles.of(values, 0.95)).isEqualTo(100);
        assertThat(Percentiles.of(values, 0.10)).isEqualTo(10);
        assertThat(Percentiles.of(values, 0.11)).isEqualTo(20);
        assertThat(Percentiles.of(values, 1.0)).isEqualTo(100);
        assertThat(values[0]).as("the caller's array is left as it was").isEqualTo(50);
    }

    @Test
    void p99OfAHundredIsTheNinetyNinthNotTheLargest() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i + 1;
        }
        assertThat(Percentiles.of(values, 0.99)).isEqualTo(99);
        assertThat(Percentiles.of(new double[] {7}, 0.99)).isEqualTo(7);
    }

    @Test
    void nanosecondsBecomeMilliseconds() {
        long[] nanos = {3_000_000, 1_000_000, 2_000_000};
        assertThat(Percentiles.ms(nanos, 0.5)).isEqualTo(2.0);
        assertThat(Percentiles.maxMs(nanos)).isEqualTo(3.0);
        assertThat(Percentiles.maxMs(new long[0])).isZero();
    }

    @Test
    void noSamplesIsNotANumberAndABadFractionIsRefused() {
        assertThat(Percentiles.of(new double[0], 0.5)).isNaN();
        assertThatThrownBy(() -> Percentiles.of(new double[] {1}, 50)).hasMessageContaining("not 50");
        assertThatThrownBy(() -> Percentiles.of(new double[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theServiceHistogramPercentileIsTheUpperBoundOfItsBucketBetweenTwoScrapes() {
        TreeMap<Double, Long> before = new TreeMap<>();
        before.put(0.001, 5L);
        before.put(0.005, 10L);
        before.put(Double.POSITIVE_INFINITY, 10L);
        TreeMap<Double, Long> after = new TreeMap<>();
        after.put(0.001, 5L);      // none of the 100 new answers took <= 1 ms
        after.put(0.005, 60L);     // 50 took <= 5 ms
        after.put(0.010, 109L);    // 99 <= 10 ms (the bucket is cumulative: 0.010 was absent before, so 0)
        after.put(Double.POSITIVE_INFINITY, 110L);
        assertThat(ServerHistogram.percentileMs(before, after, 0.50)).isEqualTo(5.0);
        assertThat(ServerHistogram.percentileMs(before, after, 0.99)).isEqualTo(10.0);
        assertThat(ServerHistogram.percentileMs(after, after, 0.5)).isNaN();
    }
}
