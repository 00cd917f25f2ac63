package io.isobar.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    private static final Instant NOW = Instant.parse("2025-06-14T10:27:13Z");

    @Test
    void localDefaultsAreTodaysFeedOnTheRealGridsForEver() {
        SimulatorConfig local = SimulatorConfig.local(NOW);
        assertThat(local.models()).hasSize(12).containsAll(MetOfficeModel.MODELS);
        assertThat(local.schedule()).isEqualTo(SimulatorConfig.Schedule.FEED);
        assertThat(local.runCount()).isZero();
        assertThat(local.notificationStyle()).isEqualTo(NotificationStyle.S3_EVENT_SNS);
        assertThat(local.keys()).isEqualTo(ObjectKeys.KeyStyle.TODAY);
        assertThat(local.grids()).isEqualTo(Grids.real());
        assertThat(local.grids().uk()).isEqualTo(new GridSpec(970, 1042, -1_158_000, -1_036_000, 2000));
        assertThat(local.grids().global10km()).isEqualTo(GridSpec.globe(1920, 2560));
        assertThat(local.grids().ukSites().columns()).isEqualTo(7213);
    }

    @Test
    void aFeedRunIsItsRealRunScaled() {
        SimulatorConfig local = SimulatorConfig.local(NOW);
        // The UKV 09Z run has 3,500 files: at 0.5 %, 17.5, four steps of the four variables; but every run covers
        // at least T+0..T+12.
        List<ForecastFileSpec> ukv = local.filesOfRun(MetOfficeModel.UKV, Instant.parse("2025-06-14T09:00:00Z"), NOW);
        assertThat(ukv).hasSize(13 * 4);
        assertThat(ukv).extracting(ForecastFileSpec::forecastPeriod).containsAll(SimulatorConfig.hourly(0, 12))
                .allMatch(p -> p.compareTo(Duration.ofHours(12)) <= 0);
        // The 03Z run has 4,732: 23.7 files a step... 6 steps, under the floor of 13 too; at 5 % it would be 59 steps.
        assertThat(local.withFeed(NOW, 0.05).filesOfRun(MetOfficeModel.UKV, Instant.parse("2025-06-14T03:00:00Z"), NOW))
                .hasSize(59 * 4);
        // MOGREPS-UK: one file of the run's three members per step and variable; 14,330 files at 0.5 %.
        List<ForecastFileSpec> mogreps = local.filesOfRun(MetOfficeModel.MOGREPS_UK, Instant.parse("2025-06-14T11:00:00Z"), NOW);
        assertThat(mogreps.size()).isBetween(70, 74);
        assertThat(mogreps).extracting(ForecastFileSpec::realizations).containsOnly(List.of(0, 18, 19));
        assertThat(local.filesOfRun(MetOfficeModel.MOGREPS_G, Instant.parse("2025-06-14T12:00:00Z"), NOW).get(0).realizations())
                .hasSize(18);
    }

    @Test
    void mogrepsUkMembersRotateThroughTheEnsembleOverTwelveHours() {
        assertThat(SimulatorConfig.mogrepsUkMembers(5)).containsExactly(0, 1, 2);
        assertThat(SimulatorConfig.mogrepsUkMembers(6)).containsExactly(3, 4, 5);
        assertThat(SimulatorConfig.mogrepsUkMembers(11)).containsExactly(0, 18, 19);
        assertThat(SimulatorConfig.mogrepsUkMembers(0)).containsExactly(20, 21, 22);
        assertThat(SimulatorConfig.mogrepsUkMembers(16)).containsExactly(32, 33, 34);
        java.util.Set<Integer> all = new java.util.TreeSet<>();
        for (int h = 0; h < 12; h++) {
            all.addAll(SimulatorConfig.mogrepsUkMembers(h));
        }
        assertThat(all).hasSize(35).contains(0, 34);
    }

    @Test
    void filesOfARunGoStepByStep() {
        SimulatorConfig config = SimulatorConfig.small(NOW.minusSeconds(13)).withEnsemble(6, 3);
        List<ForecastFileSpec> files = config.filesOfRun(config.firstRun(), NOW);
        assertThat(files).hasSize(3 * 2 * (1 + 2));
        assertThat(files).extracting(ForecastFileSpec::forecastPeriod).isSorted();
        assertThat(files).filteredOn(f -> f.model() == MetOfficeModel.MOGREPS_UK).extracting(ForecastFileSpec::realizations)
                .containsOnly(List.of(0, 1, 2), List.of(3, 4, 5));
        assertThat(config.run(2)).isEqualTo(Instant.parse("2025-06-14T12:27:00Z"));
    }

    @Test
    void statisticsOverAPeriodStartOnceThePeriodHasPassed() {
        SimulatorConfig config = SimulatorConfig.small(NOW).withModels(List.of(MetOfficeModel.UKV))
                .withVariables(List.of(Variables.TEMPERATURE_AT_SCREEN_LEVEL_MAX));
        assertThat(config.filesOfRun(config.firstRun(), NOW)).extracting(ForecastFileSpec::forecastPeriod)
                .containsExactly(Duration.ofHours(1), Duration.ofHours(2));
    }

    @Test
    void rejectsSettingsThatWouldWriteAmbiguousFiles() {
        assertThatThrownBy(() -> SimulatorConfig.small(NOW).withEnsemble(3, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("realization=2");
        assertThatThrownBy(() -> SimulatorConfig.small(NOW).withGrid(GridSpec.centred(64, 64)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different lengths");
        assertThatThrownBy(() -> SimulatorConfig.small(NOW).withFilesPerSecond(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
