package io.isobar.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The FEED schedule's timeline: it starts with every product at once, spreads each run until the next, never ends. */
class FeedPlanTest {

    private static final Instant NOW = Instant.parse("2025-06-14T10:27:13Z");
    private final SimulatorConfig config = SimulatorConfig.local(NOW).withGrids(Grids.small());

    @Test
    void theFirstFilesAreOneOfEveryProduct() {
        FeedPlan plan = new FeedPlan(config, NOW);

        Set<MetOfficeModel> first = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            FeedPlan.Due due = plan.next(NOW);
            assertThat(due.at()).isBeforeOrEqualTo(NOW);
            first.add(due.model());
        }
        assertThat(first).hasSize(12);
    }

    @Test
    void eachRunIsTheLatestAtStartThenTheNextOnesSpreadUntilTheirSuccessor() {
        FeedPlan plan = new FeedPlan(config, NOW);
        assertThat(plan.currentRuns()).containsEntry(MetOfficeModel.UKV, Instant.parse("2025-06-14T10:00:00Z"))
                .containsEntry(MetOfficeModel.GLOBAL, Instant.parse("2025-06-14T06:00:00Z"))
                .containsEntry(MetOfficeModel.BPF_UK_PERCENTILES, Instant.parse("2025-06-14T06:00:00Z"));

        Map<MetOfficeModel, List<FeedPlan.Due>> byModel = new EnumMap<>(MetOfficeModel.class);
        Instant clock = NOW;
        Instant last = null;
        for (int i = 0; i < 3000; i++) {
            FeedPlan.Due due = plan.next(clock);
            if (due.at().isAfter(clock)) {
                clock = due.at();
            }
            byModel.computeIfAbsent(due.model(), m -> new ArrayList<>()).add(due);
            last = due.at();
        }
        // Three thousand files later the feed is a day on, and every product keeps coming.
        assertThat(Duration.between(NOW, last)).isGreaterThan(Duration.ofHours(6));
        for (Map.Entry<MetOfficeModel, List<FeedPlan.Due>> e : byModel.entrySet()) {
            List<FeedPlan.Due> dues = e.getValue();
            Duration interval = Duration.ofHours(24 / e.getKey().product().runsPerDay());
            for (FeedPlan.Due d : dues) {
                assertThat(d.at()).as(e.getKey() + " " + d).isBetween(d.run(), d.run().plus(interval).minusNanos(1));
            }
            for (int i = 1; i < dues.size(); i++) {
                // Within a product no gap is longer than one run's spread: the product never looks stalled.
                Duration gap = Duration.between(dues.get(i - 1).at(), dues.get(i).at());
                assertThat(gap).as(e.getKey().shortName()).isLessThanOrEqualTo(interval);
                assertThat(dues.get(i).run()).isAfterOrEqualTo(dues.get(i - 1).run());
            }
        }
        assertThat(byModel).hasSize(12);
    }

    @Test
    void itCatchesUpOnTheRunsUnderWayOneOfEveryProductFirstThenNearestTheStartBetweenWhatFallsDue() {
        FeedPlan plan = new FeedPlan(config, NOW);
        int backlog = plan.backlog(NOW);
        assertThat(backlog).isGreaterThan(12);

        Set<MetOfficeModel> first = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            first.add(plan.next(NOW).model());
        }
        assertThat(first).hasSize(12);
        Duration previous = Duration.ZERO;
        for (int i = 12; i < backlog; i++) {
            FeedPlan.Due due = plan.next(NOW);
            assertThat(due.at()).isBeforeOrEqualTo(NOW);
            assertThat(due.spec().time()).as("nothing older than an hour before the start")
                    .isAfterOrEqualTo(NOW.minus(FeedPlan.CATCH_UP_PAST));
            Duration distance = Duration.between(NOW, due.spec().time()).abs();
            assertThat(distance).as("validity times nearest the start first").isGreaterThanOrEqualTo(previous);
            previous = distance;
        }
        assertThat(plan.backlog(NOW)).isZero();
        assertThat(plan.next(NOW).at()).isAfter(NOW);
    }

    @Test
    void filesFallingDueGoBeforeTheCatchingUp() {
        FeedPlan plan = new FeedPlan(config, NOW);
        for (int i = 0; i < 12; i++) {
            plan.next(NOW);
        }
        Instant later = NOW.plus(Duration.ofMinutes(10));
        int backlogBefore = plan.backlog(NOW);
        FeedPlan.Due due = plan.next(later);
        // Ten minutes on, some product's run has a file due: it goes before the older runs' catching up.
        assertThat(due.at()).isAfter(NOW).isBeforeOrEqualTo(later);
        assertThat(plan.backlog(NOW)).isEqualTo(backlogBefore);
    }
}
