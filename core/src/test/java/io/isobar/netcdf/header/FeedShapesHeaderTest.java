package io.isobar.netcdf.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.isobar.json.Json;
import io.isobar.model.ModelNames;
import io.isobar.netcdf.Fixtures;
import io.isobar.netcdf.GridKind;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.NetcdfHeader.Axis;
import io.isobar.netcdf.NetcdfHeader.Dimension;
import io.isobar.netcdf.SpotSite;
import io.isobar.netcdf.bytes.LocalFileSource;

/**
 * The 2026 feed's other shapes, each read from a fixture netCDF-C wrote from its CDL (see scripts/make-fixture-cdl.py):
 * latitude/longitude grids, IMPROVER's percentiles, thresholds and sites, and its blend time.
 */
class FeedShapesHeaderTest {

    private static final Instant BLEND = Instant.parse("2026-07-21T02:00:00Z");
    private static final Instant VALID = Instant.parse("2026-07-21T05:00:00Z");

    private final NetcdfHeaderReader reader = new NetcdfHeaderReader();

    @Test
    void readsTheGlobalLatitudeLongitudeGridOnTheMetOfficeSphere() throws IOException {
        NetcdfHeader h = reader.read(Fixtures.path(Fixtures.GLOBAL));

        assertThat(h.model()).isEqualTo(ModelNames.GLOBAL);
        assertThat(h.variable()).isEqualTo("air_temperature");
        assertThat(h.dimensions()).containsExactly(new Dimension("latitude", 36), new Dimension("longitude", 48));
        assertThat(h.gridKind()).isEqualTo(GridKind.LATITUDE_LONGITUDE);
        assertThat(h.gridMapping().name()).isEqualTo("latitude_longitude");
        assertThat(h.gridMapping().parameters()).containsEntry("grid_mapping_name", "latitude_longitude")
                .containsEntry("earth_radius", 6371229.0);
        assertThat(h.xCoordinates()).isEqualTo(new Axis(-176.25, 176.25, 7.5, 48));
        assertThat(h.yCoordinates()).isEqualTo(new Axis(-87.5, 87.5, 5.0, 36));
        assertThat(h.forecastReferenceTime()).isEqualTo(Instant.parse("2026-07-21T00:00:00Z"));
        assertThat(h.forecastPeriod()).isEqualTo(5 * 3600);
        assertThat(h.sites()).isZero();
        assertThat(h.percentiles()).isEmpty();
        assertThat(h.threshold()).isNull();
    }

    @Test
    void readsMogrepsGMembersWithLongitudesFrom0To360() throws IOException {
        NetcdfHeader h = reader.read(Fixtures.path(Fixtures.MOGREPS_G));

        assertThat(h.model()).isEqualTo(ModelNames.MOGREPS_G);
        assertThat(h.dimensions()).containsExactly(new Dimension("realization", 4), new Dimension("latitude", 36),
                new Dimension("longitude", 48));
        assertThat(h.realizations()).containsExactly(0, 1, 2, 3);
        assertThat(h.xCoordinates()).isEqualTo(new Axis(3.75, 356.25, 7.5, 48));
        assertThat(h.gridKind()).isEqualTo(GridKind.LATITUDE_LONGITUDE);
        assertThat(h.heights()).containsExactly(1.5);
    }

    @Test
    void aBlendsRunIsItsBlendTimeAndItsPercentilesAreRead() throws IOException {
        NetcdfHeader h = reader.read(Fixtures.path(Fixtures.BPF_PERCENTILES));

        // mosg__model_configuration lists the blended models ("gl_ens uk_ens"): the title and dimensions name the product.
        assertThat(h.model()).isEqualTo(ModelNames.BPF_UK_PERCENTILES);
        assertThat(h.variable()).isEqualTo("air_temperature");
        assertThat(h.dimensions()).containsExactly(new Dimension("percentile", 5), new Dimension("projection_y_coordinate", 36),
                new Dimension("projection_x_coordinate", 40));
        assertThat(h.percentiles()).containsExactly(5.0, 10.0, 50.0, 90.0, 95.0);
        assertThat(h.forecastReferenceTime()).isEqualTo(BLEND);
        assertThat(h.time()).isEqualTo(VALID);
        assertThat(h.forecastPeriod()).isEqualTo(3 * 3600);
        assertThat(h.gridKind()).isEqualTo(GridKind.PROJECTED);
        assertThat(h.gridMapping().name()).isEqualTo("lambert_azimuthal_equal_area");
        assertThat(h.xCoordinates()).isEqualTo(new Axis(-156000, -78000, 2000, 40));
        assertThat(h.attributes()).containsEntry("mosg__model_configuration", "gl_ens uk_ens");
    }

    @Test
    void readsThresholdsWithTheirUnitsAndComparison() throws IOException {
        NetcdfHeader h = reader.read(Fixtures.path(Fixtures.BPF_PROBABILITIES));

        assertThat(h.model()).isEqualTo(ModelNames.BPF_UK_PROBABILITIES);
        assertThat(h.variable()).isEqualTo("probability_of_wind_speed_above_threshold");
        assertThat(h.units()).isEqualTo("1");
        assertThat(h.dimensions().get(0)).isEqualTo(new Dimension("threshold", 7));
        assertThat(h.threshold()).isEqualTo(new NetcdfHeader.Threshold("wind_speed", "m s-1", "greater_than_or_equal_to",
                List.of(2.5, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0)));
        assertThat(h.threshold().direction()).isEqualTo("above");
        assertThat(h.percentiles()).isEmpty();
    }

    @Test
    void aSpotFileIsSitesNotAGrid() throws IOException {
        NetcdfHeader h = reader.read(Fixtures.path(Fixtures.BPF_SPOT_PERCENTILES));

        assertThat(h.model()).isEqualTo(ModelNames.BPF_UK_SPOT_PERCENTILES);
        assertThat(h.variable()).isEqualTo("air_temperature");
        assertThat(h.dimensions()).containsExactly(new Dimension("percentile", 3), new Dimension("spot_index", 6));
        assertThat(h.sites()).isEqualTo(6);
        assertThat(h.gridKind()).isEqualTo(GridKind.SPOT);
        assertThat(h.gridMapping()).isNull();
        assertThat(h.xCoordinates()).isNull();
        assertThat(h.yCoordinates()).isNull();
        assertThat(h.percentiles()).containsExactly(10.0, 50.0, 90.0);
    }

    @Test
    void aSpotProbabilityFileHasThresholdsAlongItsSites() throws IOException {
        NetcdfHeader h = reader.read(Fixtures.path(Fixtures.BPF_SPOT_PROBABILITIES));

        assertThat(h.model()).isEqualTo(ModelNames.BPF_UK_SPOT_PROBABILITIES);
        assertThat(h.dimensions()).containsExactly(new Dimension("threshold", 4), new Dimension("spot_index", 6));
        assertThat(h.threshold().comparison()).isEqualTo("less_than");
        assertThat(h.threshold().direction()).isEqualTo("below");
        assertThat(h.threshold().name()).isEqualTo("lwe_precipitation_rate");
        assertThat(h.threshold().values()).hasSize(4);
        assertThat(h.threshold().values().get(0)).isCloseTo(1e-7, within(1e-12));
    }

    @Test
    void readsTheSitesOfASpotFileWithTheirIds() throws IOException {
        List<SpotSite> sites;
        try (LocalFileSource source = LocalFileSource.open(Fixtures.path(Fixtures.BPF_SPOT_PERCENTILES))) {
            sites = reader.sites(source);
        }

        assertThat(sites).hasSize(6);
        SpotSite heathrow = sites.get(0);
        assertThat(heathrow.index()).isZero();
        assertThat(heathrow.id()).isEqualTo("00003772");
        assertThat(heathrow.wmoId()).isEqualTo("03772");
        assertThat(heathrow.latitude()).isCloseTo(51.4778, within(1e-4));
        assertThat(heathrow.longitude()).isCloseTo(-0.4614, within(1e-4));
        assertThat(heathrow.altitude()).isCloseTo(25.0, within(1e-6));
        // "None": a site without a WMO id keeps its own id.
        assertThat(sites.get(3).wmoId()).isNull();
        assertThat(sites.get(3).id()).isEqualTo("00350001");
        assertThat(sites.get(5).longitude()).isCloseTo(174.8053, within(1e-4));
    }

    @Test
    void aGridHasNoSites() throws IOException {
        try (LocalFileSource source = LocalFileSource.open(Fixtures.path(Fixtures.GLOBAL))) {
            assertThatThrownBy(() -> reader.sites(source)).isInstanceOf(HeaderException.class)
                    .hasMessageContaining("holds a grid, not sites");
        }
    }

    @Test
    void theNewFieldsSurviveTheJsonTheLayoutKeepsAndOldJsonReadsWithout() throws IOException {
        NetcdfHeader h = reader.read(Fixtures.path(Fixtures.BPF_PROBABILITIES));
        NetcdfHeader back = Json.mapper().readValue(Json.mapper().writeValueAsBytes(h), NetcdfHeader.class);
        assertThat(back).isEqualTo(h);

        NetcdfHeader old = Json.mapper().readValue("{\"variable\":\"air_temperature\",\"forecast_period\":3600}",
                NetcdfHeader.class);
        assertThat(old.percentiles()).isEmpty();
        assertThat(old.threshold()).isNull();
        assertThat(old.sites()).isZero();
    }
}
