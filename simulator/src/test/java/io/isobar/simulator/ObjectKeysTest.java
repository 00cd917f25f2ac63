package io.isobar.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    private static final Instant RUN = Instant.parse("2025-06-14T00:00:00Z");

    @Test
    void deterministicKeysFollowTheNewerBucket() {
        assertThat(ObjectKeys.deterministicKey(RUN, Duration.ofHours(1), "temperature_at_screen_level"))
                .isEqualTo("uk-deterministic-2km/20250614T0000Z/20250614T0100Z-PT0001H00M-temperature_at_screen_level.nc");
        assertThat(ObjectKeys.deterministicKey(RUN.plus(Duration.ofHours(15)), Duration.ofMinutes(54 * 60 + 15), "rainfall_rate"))
                .isEqualTo("uk-deterministic-2km/20250614T1500Z/20250616T2115Z-PT0054H15M-rainfall_rate.nc");
    }

    @Test
    void todaysKeysFollowEachProductsLayout() {
        assertThat(ObjectKeys.key(spec(List.of(0, 1, 2))))
                .isEqualTo("uk-ensemble/2025/06/14/T0000Z/20250614T0200Z-PT0002H00M-wind_speed_at_10m.nc");
        ForecastFileSpec global = new ForecastFileSpec(MetOfficeModel.GLOBAL, Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN,
                Duration.ofHours(3), List.of(), GridSpec.globe(48, 64), RUN);
        assertThat(ObjectKeys.key(global))
                .isEqualTo("global-deterministic-10km/20250614T0000Z/20250614T0300Z-PT0003H00M-temperature_at_screen_level.nc");
        ForecastFileSpec spot = new ForecastFileSpec(MetOfficeModel.BPF_UK_SPOT_PROBABILITIES, Variables.WIND_SPEED_AT_10M, RUN,
                Duration.ofHours(3), List.of(), GridSpec.sites(37, true), RUN);
        assertThat(ObjectKeys.key(spot)).isEqualTo("2025/06/14/T0000Z/20250614T0300Z-B20250614T0000Z-wind_speed_at_10m.nc");
    }

    @Test
    void retiredKeysAreStableOpaqueSha1Names() {
        ForecastFileSpec a = spec(List.of(0, 1, 2));
        ForecastFileSpec b = spec(List.of(3, 4, 5));
        assertThat(ObjectKeys.retiredKey(a)).matches("[0-9a-f]{40}\\.nc").isEqualTo(ObjectKeys.retiredKey(spec(List.of(0, 1, 2))));
        assertThat(ObjectKeys.retiredKey(a)).isNotEqualTo(ObjectKeys.retiredKey(b));
        assertThat(ObjectKeys.key(a, ObjectKeys.KeyStyle.RETIRED)).isEqualTo(ObjectKeys.retiredKey(a));
        assertThat(ObjectKeys.sha1Key("abc")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d.nc");
    }

    @Test
    void modelsAreFoundByAnyOfTheirNames() {
        assertThat(MetOfficeModel.fromName("ukv")).isEqualTo(MetOfficeModel.UKV);
        assertThat(MetOfficeModel.fromName("mo-atmospheric-mogreps-uk-prd")).isEqualTo(MetOfficeModel.MOGREPS_UK);
        assertThat(MetOfficeModel.fromName("MOGREPS_UK")).isEqualTo(MetOfficeModel.MOGREPS_UK);
        assertThat(MetOfficeModel.fromName("bpf-uk-spot-percentiles")).isEqualTo(MetOfficeModel.BPF_UK_SPOT_PERCENTILES);
        assertThat(MetOfficeModel.fromName("met-office-global-gridded-probabilities"))
                .isEqualTo(MetOfficeModel.BPF_GLOBAL_PROBABILITIES);
    }

    private static ForecastFileSpec spec(List<Integer> members) {
        return new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.WIND_SPEED_AT_10M, RUN, Duration.ofHours(2), members,
                GridSpec.centred(30, 20), RUN);
    }
}
