package io.isobar.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.isobar.netcdf.GridKind;

/**
 * The product table against the numbers published for the feed: the Met Office's run schedules and object counts (as
 * the stactools package and the registry list them) and the listing of one real run (89 steps of a global 00Z run,
 * 55 of a UKV 00Z run).
 */
class MetOfficeProductsTest {

    @Test
    void ukvRunsHourlyWithThreeLengthsAndAbout43000FilesADay() {
        MetOfficeProduct ukv = MetOfficeProducts.require("ukv");
        assertThat(ukv.runsPerDay()).isEqualTo(24);
        assertThat(ukv.cycle(0).files()).isEqualTo(3500);
        assertThat(ukv.cycle(3).files()).isEqualTo(4732);
        assertThat(ukv.cycle(1).files()).isEqualTo(812);
        assertThat(ukv.filesPerDay()).isEqualTo(43_456);
        assertThat(ukv.stepHours(ukv.cycle(0).leadHours())).hasSize(55).startsWith(0, 1, 2).endsWith(54);
        assertThat(ukv.stepHours(ukv.cycle(3).leadHours())).endsWith(114, 117, 120);
        assertThat(ukv.stepHours(ukv.cycle(1).leadHours())).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void globalRunsFourTimesADayOnItsLatitudeLongitudeGrid() {
        MetOfficeProduct global = MetOfficeProducts.require("global");
        assertThat(global.runHours()).containsExactly(0, 6, 12, 18);
        assertThat(global.cycle(0).files()).isEqualTo(4488);
        assertThat(global.cycle(6).files()).isEqualTo(2961);
        assertThat(global.stepHours(168)).hasSize(89).contains(54, 57, 144, 150).endsWith(168);
        assertThat(global.grid().kind()).isEqualTo(GridKind.LATITUDE_LONGITUDE);
        assertThat(global.grid().columns() * global.grid().stepX()).isEqualTo(360.0);
        assertThat(global.grid().rows() * global.grid().stepY()).isEqualTo(180.0);
        assertThat(global.grid().firstX()).isEqualTo(-180 + global.grid().stepX() / 2);
        assertThat(global.grid().firstY()).isEqualTo(-90 + global.grid().stepY() / 2);
    }

    @Test
    void theEnsemblesAndBlendsHaveTheirOwnBuckets() {
        assertThat(MetOfficeProducts.require("mogreps-uk").members()).isEqualTo(3);
        assertThat(MetOfficeProducts.require("mogreps-uk").cycle(0).files()).isEqualTo(14_330);
        assertThat(MetOfficeProducts.require("mogreps-g").members()).isEqualTo(18);
        assertThat(MetOfficeProducts.require("mogreps-g").grid()).isEqualTo(MetOfficeProducts.GLOBAL_20KM);
        assertThat(MetOfficeProducts.require("bpf-uk-spot-percentiles").grid().sites()).isEqualTo(7213);
        assertThat(MetOfficeProducts.require("bpf-global-spot-probabilities").grid().sites()).isEqualTo(5956);
        assertThat(MetOfficeProducts.require("bpf-uk-percentiles").stepHours(186)).hasSize(143);
        // UKV and global share the atmospheric bucket; every other product has its own.
        assertThat(MetOfficeProducts.all().stream().map(MetOfficeProduct::bucket).distinct().count())
                .isEqualTo(MetOfficeProducts.all().size() - 1);
        for (MetOfficeProduct p : MetOfficeProducts.all()) {
            assertThat(MetOfficeProducts.forBucket(p.bucket()).map(MetOfficeProduct::name))
                    .as(p.name()).isEqualTo(p.bucket().equals("met-office-atmospheric-model-data")
                            ? java.util.Optional.empty() : java.util.Optional.of(p.name()));
        }
    }

    @Test
    void findsABlendFromWhatItsHeaderSays() {
        assertThat(MetOfficeProducts.blend(true, false, MetOfficeProduct.Kind.PERCENTILES))
                .map(MetOfficeProduct::name).contains(ModelNames.BPF_UK_PERCENTILES);
        assertThat(MetOfficeProducts.blend(false, true, MetOfficeProduct.Kind.PROBABILITIES))
                .map(MetOfficeProduct::name).contains(ModelNames.BPF_GLOBAL_SPOT_PROBABILITIES);
        assertThat(MetOfficeProducts.blend(true, true, MetOfficeProduct.Kind.DETERMINISTIC)).isEmpty();
    }

    @Test
    void anUnknownProductIsRefusedWithTheList() {
        assertThatThrownBy(() -> MetOfficeProducts.require("ecmwf")).hasMessageContaining("bpf-uk-spot-percentiles");
    }
}
