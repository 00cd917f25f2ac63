package io.isobar.query.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.isobar.query.http.ApiProblem;

class EnsembleStatisticsTest {

    @Test
    void computesWhatNumpyComputes() {
        EnsembleStatistics s = EnsembleStatistics.parse(Optional.of("mean,std,min,max"), Optional.of("0,25,50,90,100"),
                Optional.of("2.5,4"));
        assertThat(s.keys()).containsExactly("mean", "std", "min", "max", "p0", "p25", "p50", "p90", "p100",
                "probability_above_2.5", "probability_above_4");
        // numpy: mean 2.5, std (ddof 0) 1.118034, percentile linear: p25 1.75, p50 2.5, p90 3.7
        Float[] v = s.compute(Arrays.asList(4f, 1f, null, 3f, 2f));
        assertThat(v[0]).isCloseTo(2.5f, within(1e-6f));
        assertThat(v[1]).isCloseTo(1.118034f, within(1e-6f));
        assertThat(v[2]).isEqualTo(1f);
        assertThat(v[3]).isEqualTo(4f);
        assertThat(v[4]).isEqualTo(1f);
        assertThat(v[5]).isCloseTo(1.75f, within(1e-6f));
        assertThat(v[6]).isCloseTo(2.5f, within(1e-6f));
        assertThat(v[7]).isCloseTo(3.7f, within(1e-6f));
        assertThat(v[8]).isEqualTo(4f);
        assertThat(v[9]).isEqualTo(0.5f);
        assertThat(v[10]).isEqualTo(0f);
    }

    @Test
    void noMemberWithAValueGivesNoStatistic() {
        EnsembleStatistics s = EnsembleStatistics.parse(Optional.of("mean"), Optional.of("50"), Optional.empty());
        assertThat(s.compute(Arrays.asList(null, Float.NaN))).containsExactly(null, null);
        assertThat(EnsembleStatistics.none().any()).isFalse();
        assertThat(s.compute(List.of(7f))).containsExactly(7f, 7f);
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThatThrownBy(() -> EnsembleStatistics.parse(Optional.of("median"), Optional.empty(), Optional.empty()))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("mean, std, min, max");
        assertThatThrownBy(() -> EnsembleStatistics.parse(Optional.empty(), Optional.of("101"), Optional.empty()))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("0 to 100");
        assertThatThrownBy(() -> EnsembleStatistics.parse(Optional.empty(), Optional.empty(), Optional.of("1e3")))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("'threshold'");
        assertThatThrownBy(() -> EnsembleStatistics.parse(Optional.of("mean,,max"), Optional.empty(), Optional.empty()))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("empty item");
    }
}
