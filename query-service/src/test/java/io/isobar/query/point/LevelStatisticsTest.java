package io.isobar.query.point;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.point.PointViews.StatisticView;
import io.isobar.query.point.PointViews.ValueView;

class LevelStatisticsTest {

    private static ValueView value(int member, Double height, Double pressure, Float v) {
        return new ValueView(member, height, pressure, null, null, v, v == null ? "masked" : null, "s3://a/f.nc", null, null);
    }

    @Test
    void computesEachStatisticPerLevelInTheOrderTheLevelsComeAndCountsMembersWithAValue() {
        EnsembleStatistics stats = EnsembleStatistics.parse(Optional.of("mean,max"), Optional.empty(), Optional.empty());
        List<StatisticView> out = LevelStatistics.of(List.of(
                value(0, 10.0, null, 1f), value(1, 10.0, null, 3f), value(2, 10.0, null, null),
                value(0, 1.5, null, 4f), value(1, 1.5, null, 6f), value(2, 1.5, null, 8f),
                value(0, null, 85_000.0, 2f)), stats);
        assertThat(out).containsExactly(
                new StatisticView("mean", 10.0, null, 2f, 2), new StatisticView("max", 10.0, null, 3f, 2),
                new StatisticView("mean", 1.5, null, 6f, 3), new StatisticView("max", 1.5, null, 8f, 3),
                new StatisticView("mean", null, 85_000.0, 2f, 1), new StatisticView("max", null, 85_000.0, 2f, 1));
    }

    @Test
    void noValuesNoStatistics() {
        EnsembleStatistics stats = EnsembleStatistics.parse(Optional.of("mean"), Optional.empty(), Optional.empty());
        assertThat(LevelStatistics.of(List.of(), stats)).isEmpty();
    }
}
