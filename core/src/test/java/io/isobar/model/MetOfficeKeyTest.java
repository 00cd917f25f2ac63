package io.isobar.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetOfficeKeyTest {

    @Test
    void readsRunValidityPeriodAndParameterFromANewStyleKey() {
        MetOfficeKey key = MetOfficeKey.parse(
                "uk-deterministic-2km/20250614T0000Z/20250614T0100Z-PT0001H00M-temperature_at_screen_level.nc").orElseThrow();
        assertThat(key.model()).isEqualTo(ModelNames.UKV);
        assertThat(key.forecastReferenceTime()).isEqualTo(Instant.parse("2025-06-14T00:00:00Z"));
        assertThat(key.time()).isEqualTo(Instant.parse("2025-06-14T01:00:00Z"));
        assertThat(key.forecastPeriod()).isEqualTo(3600);
        assertThat(key.parameter()).isEqualTo("temperature_at_screen_level");
        assertThat(key.variable()).isEqualTo("air_temperature");
    }

    @Test
    void findsTheModelFolderBelowAnyPrefixAndKeepsDashesInTheParameter() {
        MetOfficeKey key = MetOfficeKey.parse("/data/mirror/uk-ensemble-2km/20251120T1500Z/20251123T0300Z-PT0060H00M"
                + "-temperature_at_screen_level_max-PT01H.nc").orElseThrow();
        assertThat(key.model()).isEqualTo(ModelNames.MOGREPS_UK);
        assertThat(key.forecastPeriod()).isEqualTo(60 * 3600);
        assertThat(key.parameter()).isEqualTo("temperature_at_screen_level_max-PT01H");
        assertThat(key.variable()).isEqualTo("air_temperature");
    }

    @Test
    void anUnknownFolderOrParameterLeavesModelOrVariableToTheHeader() {
        MetOfficeKey key = MetOfficeKey.parse("somewhere/20250614T0000Z/20250614T0100Z-PT0001H00M-cloud_amount_of_total_cloud.nc")
                .orElseThrow();
        assertThat(key.model()).isNull();
        assertThat(key.variable()).isNull();
        assertThat(MetOfficeKey.parse("20250614T0000Z/20250614T0100Z-PT0001H00M-wind_speed_at_10m.nc").orElseThrow().model())
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0afc5a13dc1d9bbcd3a56103a93cea076375db56.nc", "uk-deterministic-2km/20250614T0000Z/readme.txt",
            "uk-deterministic-2km/20251314T0000Z/20250614T0100Z-PT0001H00M-rainfall_rate.nc",
            "uk-deterministic-2km/20250614T0000Z/20250614T0100Z-PT0001H00M-rainfall_rate.nc.tmp", ""})
    void otherKeysSayNothing(String key) {
        assertThat(MetOfficeKey.parse(key)).isEmpty();
    }

    @Test
    void recognisesRunFolders() {
        assertThat(MetOfficeKey.runFolder("20250614T0300Z")).contains(Instant.parse("2025-06-14T03:00:00Z"));
        assertThat(MetOfficeKey.runFolder("uk-deterministic-2km")).isEmpty();
        assertThat(MetOfficeKey.runFolder("20250614T0300Z-PT0001H00M-x.nc")).isEmpty();
    }

    @Test
    void pathWritesWhatParseReads() {
        Instant run = Instant.parse("2025-06-14T00:00:00Z");
        String key = MetOfficeKey.path(MetOfficeKey.UK_DETERMINISTIC_FOLDER, run, 3600 + 30 * 60, "temperature_at_screen_level");

        assertThat(key).isEqualTo("uk-deterministic-2km/20250614T0000Z/20250614T0130Z-PT0001H30M-temperature_at_screen_level.nc");
        MetOfficeKey parsed = MetOfficeKey.parse(key).orElseThrow();
        assertThat(parsed.forecastReferenceTime()).isEqualTo(run);
        assertThat(parsed.forecastPeriod()).isEqualTo(5400);
        assertThat(parsed.time()).isEqualTo(Instant.parse("2025-06-14T01:30:00Z"));
        assertThat(parsed.variable()).isEqualTo("air_temperature");
    }
}
