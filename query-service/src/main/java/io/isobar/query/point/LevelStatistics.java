package io.isobar.query.point;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.point.PointViews.StatisticView;
import io.isobar.query.point.PointViews.ValueView;

/** Ensemble statistics over the members' values at each level, in the order the levels first appear. */
final class LevelStatistics {

    private LevelStatistics() {}

    /** For each level of {@code values}, each statistic of {@code statistics} over its members. */
    static List<StatisticView> of(List<ValueView> values, EnsembleStatistics statistics) {
        Map<List<Double>, List<ValueView>> byLevel = values.stream().collect(Collectors.groupingBy(
                v -> Arrays.asList(v.height(), v.pressure()), LinkedHashMap::new, Collectors.toList()));
        List<StatisticView> out = new ArrayList<>();
        byLevel.forEach((level, members) -> {
            Float[] computed = statistics.compute(members.stream().map(ValueView::value).toList());
            List<String> keys = statistics.keys();
            int count = (int) members.stream().filter(v -> v.value() != null).count();
            for (int i = 0; i < keys.size(); i++) {
                out.add(new StatisticView(keys.get(i), level.get(0), level.get(1), computed[i], count));
            }
        });
        return out;
    }
}
