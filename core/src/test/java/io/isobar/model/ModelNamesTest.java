package io.isobar.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelNamesTest {

    @ParameterizedTest
    @CsvSource({"uk_det, ukv", "uk_ens, mogreps-uk", "gl_det, global", "gl_ens, mogreps-g", "UK_ENS, mogreps-uk"})
    void mapsModelConfigurations(String configuration, String model) {
        assertThat(ModelNames.fromModelConfiguration(configuration)).isEqualTo(model);
    }

    @Test
    void unknownOrAbsentConfigurationsHaveNoModel() {
        assertThat(ModelNames.fromModelConfiguration(null)).isNull();
        assertThat(ModelNames.fromModelConfiguration("uk_something")).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "mo-atmospheric-mogreps-uk-prd, mogreps-uk",
            "mo-atmospheric-ukv-prd, ukv",
            "mo-atmospheric-global-prd, global",
            "mo-atmospheric-mogreps-g-prd, mogreps-g",
            "aws-earth-mo-atmospheric-ukv-prd, ukv",
            "uk-deterministic-2km, ukv",
            "global-deterministic-10km, global",
            "uk_ens, mogreps-uk",
            "MOGREPS-UK, mogreps-uk",
            "ukv, ukv",
            "' Global ', global",
            "mogreps-g, mogreps-g",
            "met-office-uk-ensemble-model-data, mogreps-uk",
            "met-office-global-ensemble-model-data, mogreps-g",
            "met-office-uk-gridded-percentiles, bpf-uk-percentiles",
            "met-office-bpf-uk-gridded-probabilities, bpf-uk-probabilities",
            "met-office-uk-spot-percentiles-object_created, bpf-uk-spot-percentiles",
            "met-office-global-spot-probabilities, bpf-global-spot-probabilities",
            "BPF-Global-Percentiles, bpf-global-percentiles",
            "mo-atmospheric-bpf-uk-spot-percentiles-prd, bpf-uk-spot-percentiles"})
    void normalisesEveryNameOfAModel(String name, String model) {
        assertThat(ModelNames.normalise(name)).isEqualTo(model);
    }

    @Test
    void normaliseKeepsUnknownNamesLowerCased() {
        assertThat(ModelNames.normalise("Some-New-Model")).isEqualTo("some-new-model");
        assertThat(ModelNames.normalise(null)).isNull();
    }

    @Test
    void judgesTheModelFromWhereAnObjectIsStored() {
        assertThat(ModelNames.fromKey("met-office-uk-deterministic",
                "uk-deterministic-2km/20250614T0000Z/20250614T0100Z-PT0001H00M-temperature_at_screen_level.nc")).isEqualTo("ukv");
        assertThat(ModelNames.fromKey("aws-earth-mo-atmospheric-mogreps-uk-prd", "0afc5a13dc1d9bbcd3a56103a93cea076375db56.nc"))
                .isEqualTo("mogreps-uk");
        assertThat(ModelNames.fromKey("some-bucket", "some/key.nc")).isNull();
        assertThat(ModelNames.fromKey(null, null)).isNull();
    }

    @Test
    void theAtmosphericBucketHoldsTwoModelsSoItsFolderDecides() {
        assertThat(ModelNames.fromKey("met-office-atmospheric-model-data",
                "global-deterministic-10km/20260722T0000Z/20260722T0000Z-PT0000H00M-temperature_at_screen_level.nc"))
                .isEqualTo(ModelNames.GLOBAL);
        assertThat(ModelNames.fromKey("met-office-atmospheric-model-data", "index.html")).isNull();
        assertThat(ModelNames.fromKey("met-office-global-gridded-probabilities", "2026/07/21/T0000Z/x.nc"))
                .isEqualTo(ModelNames.BPF_GLOBAL_PROBABILITIES);
    }

    @Test
    void everyProductHasACanonicalNameAndEveryNameAProduct() {
        assertThat(MetOfficeProducts.all()).extracting(MetOfficeProduct::name).containsExactlyElementsOf(ModelNames.ALL);
    }
}
