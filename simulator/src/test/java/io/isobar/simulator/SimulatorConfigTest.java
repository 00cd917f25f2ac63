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
    void localDefaultsStreamRecentRunsOnTheFullGrid() {
        SimulatorConfig local = SimulatorConfig.local(NOW);
        assertThat(local.grid()).isEqualTo(GridSpec.uk());
        assertThat(local.firstRun()).isEqualTo(Instant.parse("2025-06-14T09:00:00Z"));
        assertThat(local.runCount()).isZero();
        assertThat(local.realTime()).isTrue();
        // 2 models x 4 variables x 13 steps, one 3-member file per MOGREPS-UK step.
        assertThat(local.filesPerRun()).isEqualTo(104);
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
