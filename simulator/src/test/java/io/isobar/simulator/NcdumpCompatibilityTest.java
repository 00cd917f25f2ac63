package io.isobar.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that netCDF-C's {@code ncdump} reads the files as netCDF with the real dimension names. Skipped where
 * {@code ncdump} is not installed (Debian: {@code apt-get install netcdf-bin}).
 */
class NcdumpCompatibilityTest {

    private static final Logger LOG = LoggerFactory.getLogger(NcdumpCompatibilityTest.class);
    private static final Instant RUN = Instant.parse("2025-06-14T03:00:00Z");

    private final MetOfficeFileWriter writer = new MetOfficeFileWriter(new SyntheticField(7));

    @TempDir
    Path dir;

    @BeforeAll
    static void needsNcdump() {
        // On CI the check must run: .ci/run installs netcdf-bin, so a missing ncdump there is a broken setup.
        if ("true".equals(System.getenv("CI"))) {
            assertThat(available()).as("ncdump must be installed when CI=true (.ci/run installs netcdf-bin)").isTrue();
        }
        assumeTrue(available(), "ncdump is not installed");
    }

    @Test
    void ncdumpReadsAnEnsembleFileWithTheRealDimensionNames() throws Exception {
        ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.TEMPERATURE_AT_SCREEN_LEVEL_MAX,
                RUN, Duration.ofHours(10), List.of(26, 27, 28), GridSpec.centred(97, 104), RUN.plusSeconds(3000));
        Path file = writer.write(spec, dir.resolve("ensemble.nc")).path();
        String header = ncdump("-h", file);
        LOG.info("ncdump -h of a simulated MOGREPS-UK file:\n{}", header);

        assertThat(header)
                .contains("realization = 3 ;", "projection_y_coordinate = 97 ;", "projection_x_coordinate = 104 ;",
                        "bnds = 2 ;")
                .contains("float air_temperature(realization, projection_y_coordinate, projection_x_coordinate) ;")
                .contains("air_temperature:cell_methods = \"time: maximum\" ;")
                .contains("air_temperature:coordinates = \"forecast_period forecast_reference_time height time\" ;")
                .contains("int lambert_azimuthal_equal_area ;")
                .contains("lambert_azimuthal_equal_area:semi_minor_axis = 6356752.31414036 ;")
                .contains("lambert_azimuthal_equal_area:latitude_of_projection_origin = 54.9 ;")
                .contains("int realization(realization) ;")
                .contains("float projection_x_coordinate_bnds(projection_x_coordinate, bnds) ;")
                .contains("int forecast_period ;", "int forecast_period_bnds(bnds) ;")
                .contains("int64 forecast_reference_time ;", "int64 time ;", "int64 time_bnds(bnds) ;")
                .contains("float height ;")
                .contains(":Conventions = \"CF-1.7, UKMO-1.0\" ;", ":mosg__model_configuration = \"uk_ens\" ;")
                .doesNotContain("phony_dim", "_jHDF");

        String storage = ncdump("-hs", file);
        assertThat(storage).contains("air_temperature:_ChunkSizes = 1, 97, 104 ;", "air_temperature:_DeflateLevel = 1 ;");

        String values = ncdump("-v", "realization,forecast_period,time,time_bnds", file);
        assertThat(values).contains("realization = 26, 27, 28 ;", "forecast_period = 36000 ;")
                .contains("time = " + (RUN.getEpochSecond() + 36000) + " ;");
    }

    @Test
    void ncdumpReadsADeterministicFileWithPressureLevels() throws Exception {
        ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.UKV, Variables.TEMPERATURE_ON_PRESSURE_LEVELS,
                RUN, Duration.ofHours(1), List.of(), GridSpec.centred(30, 20), RUN);
        Path file = writer.write(spec, dir.resolve("levels.nc")).path();
        String header = ncdump("-h", file);
        assertThat(header).contains("float air_temperature(pressure, projection_y_coordinate, projection_x_coordinate) ;")
                .contains("float pressure(pressure) ;", "pressure:units = \"Pa\" ;")
                .contains(":mosg__model_configuration = \"uk_det\" ;")
                .doesNotContain("phony_dim", "realization");
    }

    @Test
    void netcdfLibraryDecodesTheChunkedCompressedData() throws Exception {
        // 130 x 7: two chunks along y, so ncdump has to find and inflate more than one chunk.
        ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.WIND_SPEED_AT_10M, RUN,
                Duration.ofHours(4), List.of(0, 1, 2), GridSpec.centred(130, 7), RUN);
        Path file = writer.write(spec, dir.resolve("values.nc")).path();
        String dump = ncdump("-v", "wind_speed", file);
        String data = dump.substring(dump.indexOf("wind_speed =") + "wind_speed =".length(), dump.lastIndexOf(';'));
        String[] values = data.replace("\n", " ").trim().split("[,\\s]+");
        assertThat(values).hasSize(3 * 130 * 7);
        for (int index : new int[] {0, 6, 7 * 128 + 3, 130 * 7 + 5, 3 * 130 * 7 - 1}) {
            int member = index / (130 * 7);
            int row = index % (130 * 7) / 7;
            int column = index % 7;
            assertThat(Float.parseFloat(values[index])).as("member %d row %d column %d", member, row, column)
                    .isCloseTo(new SyntheticField(7).value(spec, member, 10.0, row, column), offset(1e-4f));
        }
    }

    /** Every product of today's feed, on the small stand-in grids: netCDF-C names every dimension and variable right. */
    @ParameterizedTest
    @EnumSource(MetOfficeModel.class)
    void ncdumpReadsEveryProductOfTodaysFeed(MetOfficeModel model) throws Exception {
        ForecastFileSpec spec = FeedProductsFileTest.spec(model, Variables.TEMPERATURE_AT_SCREEN_LEVEL);
        Path file = writer.write(spec, dir.resolve(model.shortName() + ".nc")).path();
        String header = ncdump("-h", file);
        LOG.debug("ncdump -h of a simulated {} file:\n{}", model.shortName(), header);

        GridSpec grid = spec.grid();
        List<String> axes = switch (grid.kind()) {
            case PROJECTED -> List.of("projection_y_coordinate", "projection_x_coordinate");
            case LATITUDE_LONGITUDE -> List.of("latitude", "longitude");
            case SPOT -> List.of("spot_index");
        };
        List<String> dims = new java.util.ArrayList<>();
        if (spec.lead() != null) {
            dims.add(spec.lead());
            assertThat(header).contains("\t" + spec.lead() + " = " + spec.leadSize() + " ;");
        }
        dims.addAll(axes);
        assertThat(header).contains("float " + spec.dataVariable() + "(" + String.join(", ", dims) + ") ;")
                .contains(":title = \"" + model.title() + "\" ;")
                .doesNotContain("phony_dim", "_jHDF");
        if (grid.kind() == io.isobar.netcdf.GridKind.LATITUDE_LONGITUDE) {
            assertThat(header).contains("latitude = " + grid.rows() + " ;", "longitude = " + grid.columns() + " ;",
                    "latitude_longitude:earth_radius = 6371229. ;", "float longitude_bnds(longitude, bnds) ;");
        }
        if (model.blend()) {
            assertThat(header).contains("int64 blend_time ;", ":source = \"IMPROVER\" ;",
                    "forecast_reference_time:deprecation_message");
        }
        if (!spec.thresholds().isEmpty()) {
            assertThat(header).contains("threshold:spp__relative_to_threshold = \"greater_than_or_equal_to\" ;",
                    "threshold:units = \"K\" ;", spec.dataVariable() + ":units = \"1\" ;");
        }
    }

    @Test
    void ncdumpReadsASpotFilesSiteIdsAsText() throws Exception {
        ForecastFileSpec spec = FeedProductsFileTest.spec(MetOfficeModel.BPF_UK_SPOT_PROBABILITIES, Variables.RAINFALL_RATE);
        Path file = writer.write(spec, dir.resolve("spot.nc")).path();

        assertThat(ncdump("-h", file)).contains("char wmo_id(spot_index, string5) ;", "char met_office_site_id(spot_index, string8) ;",
                "float latitude(spot_index) ;", "spot_index = 37 ;", "string5 = 5 ;", "string8 = 8 ;",
                "float probability_of_rainfall_rate_above_threshold(threshold, spot_index) ;");
        String ids = ncdump("-v", "wmo_id,met_office_site_id,latitude", file);
        assertThat(ids).contains("\"03772\"", "\"00003772\"", "\"None\"", "\"00350001\"", "51.4778");
    }

    private static boolean available() {
        try {
            Process p = new ProcessBuilder("ncdump").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String ncdump(String option, Path file) throws Exception {
        return run(List.of("ncdump", option, file.toString()));
    }

    private static String ncdump(String option, String arg, Path file) throws Exception {
        return run(List.of("ncdump", option, arg, file.toString()));
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(p.exitValue()).as("exit status of %s; output:%n%s", command, out).isZero();
        return out;
    }
}
