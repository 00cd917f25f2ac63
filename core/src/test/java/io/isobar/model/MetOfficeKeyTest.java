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
        MetOfficeKey key = MetOfficeKey.parse("somewhere/20250614T0000Z/20250614T0100Z-PT0001H00M-CAPE_surface.nc")
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
    void recognisesTheRunOfADatedFolderFromItsPath() {
        assertThat(MetOfficeKey.runOfFolder("s3://b/uk-ensemble/2026/09/23/T1200Z")).contains(Instant.parse("2026-09-23T12:00:00Z"));
        assertThat(MetOfficeKey.runOfFolder("uk-ensemble/2026/09/23/T1200Z/")).contains(Instant.parse("2026-09-23T12:00:00Z"));
        assertThat(MetOfficeKey.runOfFolder("/mirror/uk-deterministic-2km/20250614T0300Z")).contains(Instant.parse("2025-06-14T03:00:00Z"));
        assertThat(MetOfficeKey.runOfFolder("uk-ensemble/2026/09/23")).isEmpty();
        assertThat(MetOfficeKey.runOfFolder("uk-ensemble/2026/13/23/T1200Z")).isEmpty();
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

    @Test
    void readsTheEnsemblesDatedRunFolders() {
        MetOfficeKey key = MetOfficeKey.parse("met-office-uk-ensemble-model-data",
                "uk-ensemble/2026/09/23/T1200Z/20260928T1800Z-PT0126H00M-wind_speed_on_height_levels.nc").orElseThrow();
        assertThat(key.model()).isEqualTo(ModelNames.MOGREPS_UK);
        assertThat(key.forecastReferenceTime()).isEqualTo(Instant.parse("2026-09-23T12:00:00Z"));
        assertThat(key.time()).isEqualTo(Instant.parse("2026-09-28T18:00:00Z"));
        assertThat(key.forecastPeriod()).isEqualTo(126 * 3600);
        assertThat(key.variable()).isEqualTo("wind_speed");

        MetOfficeKey global = MetOfficeKey.parse(
                "global-ensemble/2026/07/21/T0000Z/20260721T0015Z-PT0000H15M-temperature_at_screen_level.nc").orElseThrow();
        assertThat(global.model()).isEqualTo(ModelNames.MOGREPS_G);
        assertThat(global.forecastPeriod()).isEqualTo(15 * 60);
    }

    @Test
    void readsTheGlobalDeterministicFolder() {
        MetOfficeKey key = MetOfficeKey.parse("met-office-atmospheric-model-data",
                "global-deterministic-10km/20260722T0000Z/20260722T0000Z-PT0000H00M-geopotential_height_on_pressure_levels.nc")
                .orElseThrow();
        assertThat(key.model()).isEqualTo(ModelNames.GLOBAL);
        assertThat(key.variable()).isEqualTo("geopotential_height");
    }

    @Test
    void aBlendsKeyNamesItsBlendTimeAndItsBucketTheProduct() {
        MetOfficeKey key = MetOfficeKey.parse("met-office-uk-gridded-percentiles",
                "2026/07/21/T0200Z/20260721T0500Z-B20260721T0200Z-temperature_at_screen_level_max-PT12H.nc").orElseThrow();
        assertThat(key.model()).isEqualTo(ModelNames.BPF_UK_PERCENTILES);
        assertThat(key.forecastReferenceTime()).isEqualTo(Instant.parse("2026-07-21T02:00:00Z"));
        assertThat(key.time()).isEqualTo(Instant.parse("2026-07-21T05:00:00Z"));
        assertThat(key.forecastPeriod()).isEqualTo(3 * 3600);
        assertThat(key.parameter()).isEqualTo("temperature_at_screen_level_max-PT12H");
        assertThat(key.variable()).isEqualTo("air_temperature");

        // A probability file holds probability_of_..._threshold: the parameter does not say which, so no hint.
        MetOfficeKey probability = MetOfficeKey.parse("met-office-uk-spot-probabilities",
                "20260721T0500Z-B20260721T0200Z-wind_speed_at_10m.nc").orElseThrow();
        assertThat(probability.model()).isEqualTo(ModelNames.BPF_UK_SPOT_PROBABILITIES);
        assertThat(probability.variable()).isNull();
        // Elsewhere (a mirror, the local bucket) only the header can tell which blend it is, unless a folder says.
        assertThat(MetOfficeKey.parse("20260721T0500Z-B20260721T0200Z-wind_speed_at_10m.nc").orElseThrow().model()).isNull();
        MetOfficeProduct spot = MetOfficeProducts.require("bpf-uk-spot-percentiles");
        String elsewhere = MetOfficeKey.path(spot, "metoffice-source", Instant.parse("2026-07-21T02:00:00Z"), 3600, "x");
        assertThat(elsewhere).isEqualTo("bpf-uk-spot-percentiles/2026/07/21/T0200Z/20260721T0300Z-B20260721T0200Z-x.nc");
        assertThat(MetOfficeKey.parse("metoffice-source", elsewhere).orElseThrow().model()).isEqualTo(spot.name());
        assertThat(MetOfficeKey.path(spot, spot.bucket(), Instant.parse("2026-07-21T02:00:00Z"), 3600, "x"))
                .startsWith("2026/07/21/");
    }

    @Test
    void pathWritesEveryProductsLayoutAndParseReadsItBack() {
        Instant run = Instant.parse("2026-07-21T06:00:00Z");
        for (MetOfficeProduct product : MetOfficeProducts.all()) {
            String key = MetOfficeKey.path(product, run, 7 * 3600, "temperature_at_screen_level");
            MetOfficeKey parsed = MetOfficeKey.parse(product.bucket(), key).orElseThrow(() -> new AssertionError(key));
            assertThat(parsed.model()).as(key).isEqualTo(product.name());
            assertThat(parsed.forecastReferenceTime()).as(key).isEqualTo(run);
            assertThat(parsed.forecastPeriod()).as(key).isEqualTo(7 * 3600);
            assertThat(parsed.parameter()).as(key).isEqualTo("temperature_at_screen_level");
        }
        assertThat(MetOfficeKey.path(MetOfficeProducts.require("mogreps-g"), run, 3600, "rainfall_rate"))
                .isEqualTo("global-ensemble/2026/07/21/T0600Z/20260721T0700Z-PT0001H00M-rainfall_rate.nc");
        assertThat(MetOfficeKey.path(MetOfficeProducts.require("bpf-global-spot-percentiles"), run, 3600, "rainfall_rate"))
                .isEqualTo("2026/07/21/T0600Z/20260721T0700Z-B20260721T0600Z-rainfall_rate.nc");
    }
}
