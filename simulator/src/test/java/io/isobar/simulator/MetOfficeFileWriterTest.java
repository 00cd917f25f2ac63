package io.isobar.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.filter.PipelineFilterWithData;

class MetOfficeFileWriterTest {

    private static final Instant RUN = Instant.parse("2025-06-14T03:00:00Z");
    private static final Instant CREATED = Instant.parse("2025-06-14T04:12:30Z");

    private final SyntheticField field = new SyntheticField(42);
    private final MetOfficeFileWriter writer = new MetOfficeFileWriter(field);

    @TempDir
    Path dir;

    @Test
    void ensembleFileHasTheMetOfficeLayoutAndTheFieldsValues() throws Exception {
        // 150 x 140 is more than one 128-cell chunk each way, so edge chunks are partial, as in the real grid.
        GridSpec grid = GridSpec.centred(150, 140);
        ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.TEMPERATURE_AT_SCREEN_LEVEL,
                RUN, Duration.ofHours(7), List.of(3, 4, 5), grid, CREATED);
        SimulatedFile written = writer.write(spec, dir.resolve("a.nc"));

        assertThat(written.size()).isEqualTo(Files.size(written.path())).isPositive();
        assertThat(written.key()).isEqualTo("uk-ensemble/2025/06/14/T0300Z/20250614T1000Z-PT0007H00M-temperature_at_screen_level.nc");
        try (HdfFile file = new HdfFile(written.path())) {
            Dataset data = file.getDatasetByPath("air_temperature");
            assertThat(data.getDimensions()).containsExactly(3, 150, 140);
            assertThat(data.getJavaType()).isEqualTo(float.class);
            assertThat(((ChunkedDataset) data).getChunkDimensions()).containsExactly(1, 128, 128);
            assertThat(data.getFilters()).extracting(PipelineFilterWithData::getName).containsExactly("deflate");
            assertThat(data.getFilters().get(0).getFilterData()).containsExactly(1);
            assertThat(attr(data, "standard_name")).isEqualTo("air_temperature");
            assertThat(attr(data, "units")).isEqualTo("K");
            assertThat(attr(data, "grid_mapping")).isEqualTo("lambert_azimuthal_equal_area");
            assertThat(attr(data, "coordinates")).isEqualTo("forecast_period forecast_reference_time height time");
            assertThat(data.getAttributes()).doesNotContainKey("cell_methods");

            float[][][] values = (float[][][]) data.getData();
            int[][] cells = {{0, 0}, {0, 139}, {149, 0}, {75, 70}, {128, 128}, {149, 139}};
            for (int m = 0; m < 3; m++) {
                for (int[] cell : cells) {
                    assertThat(values[m][cell[0]][cell[1]])
                            .as("member %d cell %s", 3 + m, List.of(cell[0], cell[1]))
                            .isEqualTo(field.value(spec, 3 + m, 1.5, cell[0], cell[1]));
                }
            }
            assertThat(values[0][10][10]).isNotEqualTo(values[1][10][10]);

            Dataset mapping = file.getDatasetByPath("lambert_azimuthal_equal_area");
            assertThat(mapping.isScalar()).isTrue();
            assertThat(mapping.getJavaType()).isEqualTo(Integer.class);
            assertThat(attr(mapping, "grid_mapping_name")).isEqualTo("lambert_azimuthal_equal_area");
            assertThat(attr(mapping, "semi_major_axis")).isEqualTo(6378137.0);
            assertThat(attr(mapping, "semi_minor_axis")).isEqualTo(6356752.31414036);
            assertThat(attr(mapping, "longitude_of_projection_origin")).isEqualTo(-2.5);
            assertThat(attr(mapping, "latitude_of_projection_origin")).isEqualTo(54.9);
            assertThat(attr(mapping, "false_easting")).isEqualTo(0.0);
            assertThat(attr(mapping, "false_northing")).isEqualTo(0.0);
            assertThat(attr(mapping, "longitude_of_prime_meridian")).isEqualTo(0.0);

            Dataset realization = file.getDatasetByPath("realization");
            assertThat((int[]) realization.getData()).containsExactly(3, 4, 5);
            assertThat(attr(realization, "standard_name")).isEqualTo("realization");
            assertThat(attr(realization, "units")).isEqualTo("1");
            assertThat(attr(realization, "CLASS")).isEqualTo("DIMENSION_SCALE");
            assertThat(attr(realization, "_Netcdf4Dimid")).isEqualTo(0);

            Dataset x = file.getDatasetByPath("projection_x_coordinate");
            float[] xs = (float[]) x.getData();
            assertThat(xs).hasSize(140);
            assertThat(xs[0]).isEqualTo(-139_000f);
            assertThat(xs[139]).isEqualTo(139_000f);
            assertThat(xs[1] - xs[0]).isEqualTo(2000f);
            assertThat(attr(x, "axis")).isEqualTo("X");
            assertThat(attr(x, "units")).isEqualTo("m");
            assertThat(attr(x, "standard_name")).isEqualTo("projection_x_coordinate");
            assertThat(attr(x, "bounds")).isEqualTo("projection_x_coordinate_bnds");
            assertThat(attr(x, "_Netcdf4Dimid")).isEqualTo(2);
            float[][] xBounds = (float[][]) file.getDatasetByPath("projection_x_coordinate_bnds").getData();
            assertThat(xBounds[0]).containsExactly(-140_000f, -138_000f);

            Dataset y = file.getDatasetByPath("projection_y_coordinate");
            float[] ys = (float[]) y.getData();
            assertThat(ys).hasSize(150);
            assertThat(ys[0]).isEqualTo(-149_000f);
            assertThat(attr(y, "axis")).isEqualTo("Y");
            assertThat(attr(y, "_Netcdf4Dimid")).isEqualTo(1);

            Dataset period = file.getDatasetByPath("forecast_period");
            assertThat(period.getData()).isEqualTo(7 * 3600);
            assertThat(attr(period, "units")).isEqualTo("seconds");
            assertThat(attr(period, "standard_name")).isEqualTo("forecast_period");
            Dataset reference = file.getDatasetByPath("forecast_reference_time");
            assertThat(reference.getData()).isEqualTo(RUN.getEpochSecond());
            assertThat(attr(reference, "units")).isEqualTo("seconds since 1970-01-01 00:00:00");
            assertThat(attr(reference, "calendar")).isEqualTo("gregorian");
            Dataset time = file.getDatasetByPath("time");
            assertThat(time.getData()).isEqualTo(RUN.plus(Duration.ofHours(7)).getEpochSecond());
            assertThat(attr(time, "standard_name")).isEqualTo("time");
            assertThat(time.getAttributes()).doesNotContainKey("bounds");
            Dataset height = file.getDatasetByPath("height");
            assertThat(height.isScalar()).isTrue();
            assertThat(height.getData()).isEqualTo(1.5f);
            assertThat(attr(height, "positive")).isEqualTo("up");
            assertThat(file.getChildren()).doesNotContainKeys("time_bnds", "forecast_period_bnds");

            Dataset bnds = file.getDatasetByPath("bnds");
            assertThat(bnds.getDimensions()).containsExactly(2);
            assertThat((String) attr(bnds, "NAME")).startsWith("This is a netCDF dimension but not a netCDF variable.");

            assertThat(file.getAttribute("mosg__model_configuration").getData()).isEqualTo("uk_ens");
            assertThat(file.getAttribute("title").getData()).isEqualTo("MOGREPS-UK Model Forecast on UK 2 km Standard Grid");
            assertThat(file.getAttribute("Conventions").getData()).isEqualTo("CF-1.7, UKMO-1.0");
            assertThat(file.getAttribute("institution").getData()).isEqualTo("Met Office");
            assertThat(file.getAttribute("mosg__grid_domain").getData()).isEqualTo("uk_extended");
            assertThat(file.getAttribute("history").getData()).isEqualTo("2025-06-14T04:12:30Z: Isobar Met Office simulator");
            assertThat(file.getAttributes()).doesNotContainKey("_jHDF");
        }
    }

    @Test
    void deterministicFileHasNoRealizationAndTwoDimensionalChunks() throws Exception {
        GridSpec grid = GridSpec.centred(40, 50);
        ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.UKV, Variables.RAINFALL_RATE, RUN, Duration.ZERO,
                List.of(), grid, CREATED);
        SimulatedFile written = writer.write(spec, dir.resolve("b.nc"));

        assertThat(written.key()).isEqualTo("uk-deterministic-2km/20250614T0300Z/20250614T0300Z-PT0000H00M-rainfall_rate.nc");
        try (HdfFile file = new HdfFile(written.path())) {
            Dataset data = file.getDatasetByPath("rainfall_rate");
            assertThat(data.getDimensions()).containsExactly(40, 50);
            // Chunks cannot exceed the dataset, so a small grid has one chunk.
            assertThat(((ChunkedDataset) data).getChunkDimensions()).containsExactly(40, 50);
            assertThat(attr(data, "units")).isEqualTo("m s-1");
            assertThat(attr(data, "coordinates")).isEqualTo("forecast_period forecast_reference_time time");
            float[][] values = (float[][]) data.getData();
            assertThat(values[20][25]).isEqualTo(field.value(spec, 0, Double.NaN, 20, 25));
            for (float[] row : values) {
                for (float v : row) {
                    assertThat(v).isGreaterThanOrEqualTo(0f);
                }
            }
            assertThat(file.getChildren()).doesNotContainKeys("realization", "height");
            assertThat(attr(file.getDatasetByPath("projection_y_coordinate"), "_Netcdf4Dimid")).isEqualTo(0);
            assertThat(file.getAttribute("mosg__model_configuration").getData()).isEqualTo("uk_det");
            assertThat(file.getAttribute("title").getData()).isEqualTo("UKV Model Forecast on UK 2 km Standard Grid");
        }
    }

    @Test
    void statisticOverAPeriodHasTimeAndPeriodBounds() throws Exception {
        try (HdfFile file = writeAndOpen(smallEnsemble(Variables.TEMPERATURE_AT_SCREEN_LEVEL_MAX, Duration.ofHours(10)), "c.nc")) {
            Dataset data = file.getDatasetByPath("air_temperature");
            assertThat(attr(data, "cell_methods")).isEqualTo("time: maximum");
            assertThat(attr(file.getDatasetByPath("time"), "bounds")).isEqualTo("time_bnds");
            assertThat(attr(file.getDatasetByPath("forecast_period"), "bounds")).isEqualTo("forecast_period_bnds");
            long valid = RUN.getEpochSecond() + 36_000;
            assertThat((long[]) file.getDatasetByPath("time_bnds").getData()).containsExactly(valid - 3600, valid);
            assertThat((int[]) file.getDatasetByPath("forecast_period_bnds").getData()).containsExactly(32_400, 36_000);
        }
    }

    @Test
    void levelsBecomeADimensionScale() throws Exception {
        ForecastFileSpec spec = smallEnsemble(Variables.TEMPERATURE_ON_PRESSURE_LEVELS, Duration.ofHours(1));
        try (HdfFile file = writeAndOpen(spec, "d.nc")) {
            Dataset data = file.getDatasetByPath("air_temperature");
            assertThat(data.getDimensions()).containsExactly(3, 5, 30, 20);
            assertThat(((ChunkedDataset) data).getChunkDimensions()).containsExactly(1, 1, 30, 20);
            assertThat(attr(data, "coordinates")).isEqualTo("forecast_period forecast_reference_time time");
            Dataset pressure = file.getDatasetByPath("pressure");
            assertThat((float[]) pressure.getData()).containsExactly(100000f, 92500f, 85000f, 70000f, 50000f);
            assertThat(attr(pressure, "units")).isEqualTo("Pa");
            assertThat(attr(pressure, "standard_name")).isEqualTo("air_pressure");
            assertThat(attr(pressure, "CLASS")).isEqualTo("DIMENSION_SCALE");
            assertThat(attr(pressure, "_Netcdf4Dimid")).isEqualTo(1);
            float[][][][] values = (float[][][][]) data.getData();
            assertThat(values[2][4][7][9]).isEqualTo(field.value(spec, 2, 50000, 7, 9));
            // Colder aloft.
            assertThat(values[0][4][7][9]).isLessThan(values[0][0][7][9] - 20);
        }
    }

    @Test
    void toBytesGivesTheSameFile() throws Exception {
        ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.UKV, Variables.WIND_SPEED_AT_10M, RUN,
                Duration.ofHours(3), List.of(), GridSpec.centred(30, 20), CREATED);
        byte[] bytes = writer.toBytes(spec);
        try (HdfFile file = HdfFile.fromBytes(bytes)) {
            Dataset data = file.getDatasetByPath("wind_speed");
            assertThat(attr(data, "long_name")).isEqualTo("wind_speed_adjusted_by_model_surface_scheme");
            assertThat(((float[][]) data.getData())[5][6]).isEqualTo(field.value(spec, 0, 10.0, 5, 6));
        }
    }

    @Test
    void refusesDimensionsOfEqualLength() {
        ForecastFileSpec square = new ForecastFileSpec(MetOfficeModel.UKV, Variables.WIND_SPEED_AT_10M, RUN,
                Duration.ZERO, List.of(), GridSpec.centred(30, 30), CREATED);
        assertThatThrownBy(() -> writer.write(square, dir.resolve("e.nc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("projection_y_coordinate=30")
                .hasMessageContaining("different lengths");
        ForecastFileSpec twoMembers = new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.WIND_SPEED_AT_10M, RUN,
                Duration.ZERO, List.of(0, 1), GridSpec.centred(30, 20), CREATED);
        assertThatThrownBy(() -> writer.write(twoMembers, dir.resolve("f.nc")))
                .hasMessageContaining("realization=2")
                .hasMessageContaining("bnds=2");
        assertThat(dir.resolve("e.nc")).doesNotExist();
    }

    private static Object attr(io.jhdf.api.Node node, String name) {
        assertThat(node.getAttributes()).as("attributes of %s", node.getName()).containsKey(name);
        return node.getAttribute(name).getData();
    }

    /** Three MOGREPS-UK members of {@code variable} on a small 30 x 20 grid. */
    private static ForecastFileSpec smallEnsemble(Variable variable, Duration period) {
        return new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, variable, RUN, period, List.of(0, 1, 2), GridSpec.centred(30, 20), CREATED);
    }

    private HdfFile writeAndOpen(ForecastFileSpec spec, String name) throws Exception {
        return new HdfFile(writer.write(spec, dir.resolve(name)).path());
    }
}
