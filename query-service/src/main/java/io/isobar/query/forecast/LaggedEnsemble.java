package io.isobar.query.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.isobar.model.ModelNames;

/**
 * The time-lagged ensemble of a model, as the Met Office's forecasters use it: the members of its latest runs taken
 * together. MOGREPS-UK runs every hour with 3 members, rotating through 35 member numbers over 12 hourly runs (the
 * control twice), and its operational ensemble is the latest 12 hourly runs together, 36 members (docs/met-office-feed.md,
 * "MOGREPS-UK members", from live listings of the feed; the 2019 hourly configuration took 6 runs, 18 members: Porson
 * et al. 2020, QJRMS 146, doi:10.1002/qj.3844). This class is the one place that says which models have one and how
 * many runs it takes.
 *
 * <p>For a validity time, the lagged set is the newest run that has it and every run of the model less than
 * {@code runs x interval} older that has it too: a missing run leaves fewer members, never older ones. A member's age
 * is how much older its run is than that newest run.
 *
 * @param runs how many of the latest runs are taken together
 * @param interval the time between two runs
 */
public record LaggedEnsemble(int runs, Duration interval) {

    /** The request parameter ({@code ensemble=lagged}) and its values; {@code newest} (the newest run alone) is the default. */
    public static final String PARAMETER = "ensemble";
    public static final String NEWEST = "newest";
    public static final String LAGGED = "lagged";
    public static final List<String> VALUES = List.of(NEWEST, LAGGED);

    private static final Map<String, LaggedEnsemble> MODELS = Map.of(
            ModelNames.MOGREPS_UK, new LaggedEnsemble(12, Duration.ofHours(1)));

    public LaggedEnsemble {
        if (runs < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a lagged ensemble takes at least one run at a positive interval");
        }
    }

    /** The lagged ensemble of {@code model}, if the Met Office forms one from it. */
    public static Optional<LaggedEnsemble> of(String model) {
        return Optional.ofNullable(MODELS.get(model));
    }

    /** The models that have one, for messages and documentation. */
    public static List<String> models() {
        return MODELS.keySet().stream().sorted(ModelPreference.ORDER).toList();
    }

    /** Whether a member of {@code run} belongs to the set whose newest run is {@code newest}. */
    public boolean holds(Instant newest, Instant run) {
        return !run.isAfter(newest) && Duration.between(run, newest).compareTo(interval.multipliedBy(runs)) < 0;
    }

    /** How many hours older {@code run} is than {@code newest}: a member's age in the set. */
    public static int ageHours(Instant newest, Instant run) {
        return (int) Duration.between(run, newest).toHours();
    }
}
