package io.isobar.index;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.isobar.model.ForecastFile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every valid-times item a set of indexed files implies, computed at once: what the job's summary operators hold
 * once they have seen those files (the same tallies, merged the same way). For tools and tests that write an index
 * directly (fixtures, the scale benchmark) and must write it as the job does.
 */
public final class IndexSummaries {

    private IndexSummaries() {}

    /** The model, run and valid-time markers (with counts), run summaries and parameters of {@code files}. */
    public static List<Map<String, AttributeValue>> items(Iterable<ForecastFile> files, Duration retention) {
        Map<String, StepTally> steps = new TreeMap<>();
        Map<String, ParameterSummary> parameters = new TreeMap<>();
        Map<String, Marker> models = new TreeMap<>();
        for (ForecastFile f : files) {
            FileFact fact = FileFact.of(f, retention);
            steps.merge(fact.stepKey(), StepTally.empty(fact).with(fact), (a, b) -> a.with(fact));
            ParameterSummary p = ParameterSummary.of(f, retention);
            parameters.merge(p.key(), p, ParameterSummary::merge);
            models.putIfAbsent(f.model(), Marker.model(f.model()));
        }
        Map<String, RunSummary> runs = new TreeMap<>();
        Map<String, TimeTally> times = new TreeMap<>();
        for (StepTally s : steps.values()) {
            RunSummary step = s.summary();
            runs.merge(step.key(), step, RunSummary::merge);
            String timeKey = s.model() + "|" + s.time();
            times.computeIfAbsent(timeKey, k -> TimeTally.empty(s.model(), s.time()));
            times.put(timeKey, times.get(timeKey).with(step));
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        models.values().forEach(m -> items.add(m.toItem()));
        runs.values().forEach(r -> {
            items.add(r.toItem());
            items.add(r.marker().toItem());
        });
        times.values().forEach(t -> items.add(t.marker().toItem()));
        parameters.values().forEach(p -> items.add(p.toItem()));
        return items;
    }

    /** As {@link #items(Iterable, Duration)} with the default retention. */
    public static List<Map<String, AttributeValue>> items(Iterable<ForecastFile> files) {
        return items(files, IndexSchema.DEFAULT_FILE_RETENTION);
    }
}
