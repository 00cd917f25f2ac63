package io.isobar.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import io.isobar.model.MetOfficeKey;
import io.isobar.netcdf.GridKind;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.SpotSite;
import io.isobar.netcdf.bytes.LocalFileSource;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.jhdf.HdfFile;

/**
 * Every product of today's feed written on the small stand-in grids and read back by Isobar's own header reader (as
 * ingest will): the product it names itself, its run, its percentiles, thresholds or sites, its grid, and the values
 * the {@link SyntheticField} says it holds.
 */
class FeedProductsFileTest {

    private static final Instant RUN = Instant.parse("2026-07-21T06:00:00Z");
    private static final Grids GRIDS = Grids.small();

    private final SyntheticField field = new SyntheticField(11);
    private final MetOfficeFileWriter writer = new MetOfficeFileWriter(field);
    private final NetcdfHeaderReader reader = new NetcdfHeaderReader();

    @TempDir
    Path dir;

    static ForecastFileSpec spec(MetOfficeModel model, Variable variable) {
        List<Integer> members = model.ensemble() ? List.of(0, 1, 2) : List.of();
        return new ForecastFileSpec(model, variable, RUN, Duration.ofHours(4), members, GRIDS.of(model.product()), RUN);
    }

    @ParameterizedTest
    @EnumSource(MetOfficeModel.class)
    void everyProductReadsBackAsItself(MetOfficeModel model) throws IOException {
        ForecastFileSpec spec = spec(model, Variables.TEMPERATURE_AT_SCREEN_LEVEL);
        Path file = writer.write(spec, dir.resolve(model.shortName() + ".nc")).path();

        NetcdfHeader h = reader.read(file);

        assertThat(h.model()).isEqualTo(model.shortName());
        assertThat(h.forecastReferenceTime()).isEqualTo(RUN);
        assertThat(h.time()).isEqualTo(RUN.plus(Duration.ofHours(4)));
        assertThat(h.forecastPeriod()).isEqualTo(4 * 3600);
        assertThat(h.variable()).isEqualTo(spec.dataVariable());
        assertThat(h.gridKind()).isEqualTo(spec.grid().kind());
        assertThat(h.percentiles()).isEqualTo(spec.percentiles());
        assertThat(h.threshold() == null ? List.of() : h.threshold().values()).hasSize(spec.thresholds().size());
        assertThat(h.sites()).isEqualTo(spec.grid().kind() == GridKind.SPOT ? spec.grid().columns() : 0);
        // The key names the product and the run as well (in the product's own bucket).
        MetOfficeKey key = MetOfficeKey.parse(model.product().bucket(), ObjectKeys.key(spec)).orElseThrow();
        assertThat(key.model()).isEqualTo(model.shortName());
        assertThat(key.forecastReferenceTime()).isEqualTo(RUN);
    }

    @Test
    void aGlobalFileHoldsTheFieldOnItsLatitudesAndLongitudes() throws IOException {
        ForecastFileSpec spec = spec(MetOfficeModel.GLOBAL, Variables.TEMPERATURE_AT_SCREEN_LEVEL);
        Path file = writer.write(spec, dir.resolve("global.nc")).path();

        NetcdfHeader h = reader.read(file);
        assertThat(h.dimensions()).extracting(NetcdfHeader.Dimension::name).containsExactly("latitude", "longitude");
        assertThat(h.gridMapping().parameters()).containsEntry("earth_radius", 6371229.0);
        assertThat(h.xCoordinates().first()).isEqualTo(-180 + 360.0 / 64 / 2);
        assertThat(h.xCoordinates().size()).isEqualTo(64);
        float[][] values = (float[][]) data(file, "air_temperature");
        for (int[] cell : new int[][] {{0, 0}, {47, 63}, {24, 31}, {10, 63}}) {
            assertThat(values[cell[0]][cell[1]]).isEqualTo(field.valueAt(spec, 0, 1.5, cell[0], cell[1]));
        }
        // Polar cells are cold, equatorial ones warm; the field is continuous across the antimeridian.
        assertThat(values[0][10]).isLessThan(values[24][10] - 20);
        assertThat(Math.abs(values[24][0] - values[24][63])).isLessThan(Math.abs(values[24][0] - values[24][31]) + 1f);
    }

    @Test
    void percentilesRiseAndProbabilitiesFallWithTheirCoordinate() throws IOException {
        ForecastFileSpec percentiles = spec(MetOfficeModel.BPF_UK_PERCENTILES, Variables.TEMPERATURE_AT_SCREEN_LEVEL);
        ForecastFileSpec probabilities = spec(MetOfficeModel.BPF_UK_PROBABILITIES, Variables.TEMPERATURE_AT_SCREEN_LEVEL);
        float[][][] p = (float[][][]) data(writer.write(percentiles, dir.resolve("p.nc")).path(), "air_temperature");
        float[][][] q = (float[][][]) data(writer.write(probabilities, dir.resolve("q.nc")).path(),
                "probability_of_air_temperature_above_threshold");

        assertThat(p).hasNumberOfRows(13);
        assertThat(q).hasNumberOfRows(9);
        for (int i = 1; i < p.length; i++) {
            assertThat(p[i][30][30]).isGreaterThan(p[i - 1][30][30]);
        }
        for (int i = 1; i < q.length; i++) {
            assertThat(q[i][30][30]).isLessThanOrEqualTo(q[i - 1][30][30]).isBetween(0f, 1f);
        }
        assertThat(p[6][30][30]).as("the 50th percentile is the field itself")
                .isEqualTo(SyntheticField.quantise(field.value(percentiles, 0, 1.5, 30, 30), 2));
        assertThat(q[3][12][40]).isEqualTo(field.valueAt(probabilities, 3, 1.5, 12, 40));
    }

    @Test
    void aSpotFilesSitesAndIdsAreReadAsTheyWereWritten() throws IOException {
        ForecastFileSpec spec = spec(MetOfficeModel.BPF_GLOBAL_SPOT_PERCENTILES, Variables.WIND_SPEED_AT_10M);
        Path file = writer.write(spec, dir.resolve("spot.nc")).path();

        List<SpotSite> sites;
        try (LocalFileSource source = LocalFileSource.open(file)) {
            sites = reader.sites(source);
        }
        assertThat(sites).hasSize(43);
        assertThat(sites.get(0)).isEqualTo(new SpotSite(0, "00093439", "93439", -41.3272, 174.8053, 12.0));
        assertThat(sites.get(1).longitude()).isCloseTo(-157.9225, org.assertj.core.data.Offset.offset(1e-4));
        for (SpotSite site : sites) {
            GridSpec.Site written = spec.grid().site(site.index());
            assertThat(site.id()).isEqualTo(written.siteId());
            assertThat(site.wmoId()).isEqualTo(written.wmoId().equals("None") ? null : written.wmoId());
        }
        float[][] values = (float[][]) data(file, "wind_speed");
        assertThat(values).hasNumberOfRows(19);
        assertThat(values[9][5]).isEqualTo(field.valueAt(spec, 9, 10.0, 0, 5));
    }

    @Test
    void aProductIsWrittenOnlyOnItsKindOfGrid() {
        assertThatThrownBy(() -> new ForecastFileSpec(MetOfficeModel.BPF_UK_SPOT_PERCENTILES, Variables.WIND_SPEED_AT_10M, RUN,
                Duration.ZERO, List.of(), GridSpec.centred(60, 64), RUN)).hasMessageContaining("holds sites, not a grid");
        Variable cloud = new Variable("cloud_amount_of_total_cloud", "cloud_area_fraction", "cloud_area_fraction", null, "1",
                null, null, null, 3);
        assertThatThrownBy(() -> new ForecastFileSpec(MetOfficeModel.BPF_UK_PROBABILITIES, cloud, RUN, Duration.ZERO, List.of(),
                GridSpec.centred(60, 64), RUN)).hasMessageContaining("no thresholds");
    }

    private static Object data(Path file, String variable) {
        try (HdfFile hdf = new HdfFile(file)) {
            Object data = hdf.getDatasetByPath(variable).getData();
            assertThat(data.getClass().isArray()).isTrue();
            assertThat(Array.getLength(data)).isPositive();
            return data;
        }
    }
}
