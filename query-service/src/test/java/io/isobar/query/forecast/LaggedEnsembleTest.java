package io.isobar.query.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.isobar.model.ForecastFile;
import io.isobar.query.IndexFixture;
import io.isobar.query.http.ApiProblem;

/**
 * The time-lagged ensemble: which runs' files form the set of one validity time, and the statistics over the set's
 * members equal a hand computation.
 */
class LaggedEnsembleTest {

    static final Instant NEWEST = Instant.parse("2025-06-14T12:00:00Z");
    static final String TIME = "2025-06-14T18:00:00Z";
    static final LaggedEnsemble MOGREPS_UK = LaggedEnsemble.of("mogreps-uk").orElseThrow();

    /** A MOGREPS-UK file of the run {@code age} hours before {@link #NEWEST}, valid at {@link #TIME}. */
    static ForecastFile run(int age) {
        return IndexFixture.file("mogreps-uk", "air_temperature", NEWEST.minus(Duration.ofHours(age)).toString(), TIME,
                "age" + age);
    }

    @Test
    void mogrepsUkTakesItsLatestTwelveHourlyRunsAndDeterministicModelsHaveNone() {
        assertThat(MOGREPS_UK).isEqualTo(new LaggedEnsemble(12, Duration.ofHours(1)));
        assertThat(LaggedEnsemble.of("ukv")).isEmpty();
        assertThat(LaggedEnsemble.of("global")).isEmpty();
        assertThat(LaggedEnsemble.models()).containsExactly("mogreps-uk");
        assertThat(MOGREPS_UK.holds(NEWEST, NEWEST)).isTrue();
        assertThat(MOGREPS_UK.holds(NEWEST, NEWEST.minus(Duration.ofHours(11)))).isTrue();
        assertThat(MOGREPS_UK.holds(NEWEST, NEWEST.minus(Duration.ofHours(12)))).isFalse();
        assertThat(MOGREPS_UK.holds(NEWEST, NEWEST.plus(Duration.ofHours(1)))).isFalse();
        assertThat(LaggedEnsemble.ageHours(NEWEST, NEWEST.minus(Duration.ofHours(4)))).isEqualTo(4);
    }

    @Test
    void theSetIsTheNewestRunAndTheElevenBeforeItNewestFirst() {
        List<ForecastFile> candidates = new ArrayList<>();
        for (int age = 13; age >= 0; age--) {
            candidates.add(run(age));
        }
        // A statistic of the newest run (time: maximum) is not a member: the instantaneous field answers within a run.
        ForecastFile max = run(0);
        ForecastFile statistic = new ForecastFile("max", max.model(), max.variable(), null, null, "K", "time: maximum",
                max.forecastReferenceTime(), max.forecastPeriod(), max.time(), List.of(0, 1, 2), List.of(), List.of(), List.of(),
                "s3://a/max.nc", "s3://m/max.nc", 1, null, max.indexedAt());
        candidates.add(statistic);

        List<ForecastFile> set = ForecastIndex.chooseLagged(candidates, MOGREPS_UK);

        assertThat(set).extracting(ForecastFile::objectId).containsExactly("age0", "age1", "age2", "age3", "age4", "age5",
                "age6", "age7", "age8", "age9", "age10", "age11");
        // With a run missing, the set is smaller, never older.
        List<ForecastFile> gap = new ArrayList<>(candidates);
        gap.removeIf(f -> f.objectId().equals("age2"));
        assertThat(ForecastIndex.chooseLagged(gap, MOGREPS_UK)).extracting(ForecastFile::objectId)
                .containsExactly("age0", "age1", "age3", "age4", "age5", "age6",
                        "age7", "age8", "age9", "age10", "age11");
        assertThat(ForecastIndex.chooseLagged(List.of(), MOGREPS_UK)).isEmpty();
    }

    @Test
    void statisticsOverTheLaggedSetEqualAHandComputation() {
        // Member m of the run `age` hours old reads 280 + age + m / 10 K; the runs 12 and 13 hours old read 999 K (not in
        // the set: were they counted, every statistic below would be far off).
        Map<String, float[]> membersOf = new HashMap<>();
        List<ForecastFile> candidates = new ArrayList<>();
        for (int age = 0; age <= 13; age++) {
            ForecastFile f = run(age);
            candidates.add(f);
            float[] v = new float[3];
            for (int m = 0; m < 3; m++) {
                v[m] = age >= 12 ? 999f : 280f + age + m / 10f;
            }
            membersOf.put(f.objectId(), v);
        }
        List<Float> members = new ArrayList<>();
        for (ForecastFile f : ForecastIndex.chooseLagged(candidates, MOGREPS_UK)) {
            for (float v : membersOf.get(f.objectId())) {
                members.add(v);
            }
        }
        EnsembleStatistics statistics = EnsembleStatistics.parse(Optional.of("mean,std,min,max"), Optional.of("50,90"),
                Optional.of("285.5"));

        Float[] computed = statistics.compute(members);

        // By hand, over the 36 members: mean = 280 + mean(age 0..11) + mean(m/10, m 0..2) = 280 + 5.5 + 0.1;
        // variance = var(age) + var(m/10) = 143/12 + 0.08/12 (population); sorted, the 50th percentile lies halfway
        // between the 18th (285.2) and 19th (286.0) values and the 90th at rank 0.9 x 35 = 31.5, between 290.1 and 290.2;
        // 18 of the 36 members (ages 6 to 11) are above 285.5.
        assertThat(members).hasSize(36);
        assertThat(statistics.keys()).containsExactly("mean", "std", "min", "max", "p50", "p90", "probability_above_285.5");
        assertThat(computed[0]).isCloseTo(285.6f, within(1e-4f));
        assertThat(computed[1]).isCloseTo((float) Math.sqrt(143.0 / 12 + 0.08 / 12), within(1e-4f));
        assertThat(computed[2]).isEqualTo(280f);
        assertThat(computed[3]).isCloseTo(291.2f, within(1e-4f));
        assertThat(computed[4]).isCloseTo(285.6f, within(1e-4f));
        assertThat(computed[5]).isCloseTo(290.15f, within(1e-4f));
        assertThat(computed[6]).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void theParameterIsNewestByDefaultAndLaggedOnlyForAModelThatHasOne() {
        Instant run = Instant.parse("2025-06-14T09:00:00Z");
        assertThat(ForecastQuery.runs(Optional.empty(), Optional.empty(), Optional.of("mogreps-uk")))
                .isEqualTo(new ForecastQuery.Newest());
        assertThat(ForecastQuery.runs(Optional.of("newest"), Optional.of(run), Optional.empty()))
                .isEqualTo(new ForecastQuery.Run(run));
        assertThat(ForecastQuery.runs(Optional.of("lagged"), Optional.of(run), Optional.of("mogreps-uk")))
                .isEqualTo(new ForecastQuery.Lagged(Optional.of(run)));
        assertThat(ForecastQuery.runs(Optional.of("lagged"), Optional.empty(), Optional.empty()))
                .isEqualTo(new ForecastQuery.Lagged(Optional.empty()));
        assertThatThrownBy(() -> ForecastQuery.runs(Optional.of("foo"), Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(400))
                .hasMessageContaining("'ensemble' must be one of newest, lagged, not 'foo'");
        assertThatThrownBy(() -> ForecastQuery.runs(Optional.of("lagged"), Optional.empty(), Optional.of("ukv")))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(400))
                .hasMessageContaining("ukv has none").hasMessageContaining("mogreps-uk");
    }
}
