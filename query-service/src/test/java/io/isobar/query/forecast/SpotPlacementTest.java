package io.isobar.query.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.isobar.netcdf.SpotSite;

/** The site of a spot file that answers a place: the nearest by great circle, with its distance. */
class SpotPlacementTest {

    private static final List<SpotSite> SITES = List.of(
            new SpotSite(0, "00003772", "03772", 51.4778, -0.4614, 25),
            new SpotSite(1, "00003160", "03160", 55.95, -3.3725, 57),
            new SpotSite(2, "00091762", "91762", -13.8297, -171.9994, 2));

    @Test
    void aSiteIsItsOwnNearestAtNoDistance() {
        SpotPlacement p = SpotPlacement.nearest(SITES, 55.95, -3.3725);
        assertThat(p.site().index()).isEqualTo(1);
        assertThat(p.distanceMetres()).isEqualTo(0.0);
    }

    @Test
    void thePlaceIsAnsweredByTheNearestSiteAcrossTheAntimeridian() {
        // 179.9 E is 8.1 degrees of longitude from 171.9994 W the short way round (about 875 km), not 351.9.
        SpotPlacement p = SpotPlacement.nearest(SITES, -13.8297, 179.9);
        assertThat(p.site().id()).isEqualTo("00091762");
        assertThat(p.distanceMetres()).isLessThan(900_000);

        SpotPlacement london = SpotPlacement.nearest(SITES, 51.5074, -0.1278);
        assertThat(london.site().wmoId()).isEqualTo("03772");
        // Heathrow from central London: about 23.4 km.
        assertThat(london.distanceMetres() / 1000).isCloseTo(23.4, within(0.5));
    }

    @Test
    void aFileWithoutSitesAnswersNoPlace() {
        assertThatThrownBy(() -> SpotPlacement.nearest(List.of(), 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
