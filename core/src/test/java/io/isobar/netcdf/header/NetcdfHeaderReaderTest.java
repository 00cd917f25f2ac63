package io.isobar.netcdf.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.type.TypeReference;

import io.isobar.json.Json;
import io.isobar.netcdf.Fixtures;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.HeaderException.Reason;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.NetcdfHeader.Axis;
import io.isobar.netcdf.NetcdfHeader.Dimension;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.bytes.ChannelOptions;
import io.isobar.netcdf.bytes.LocalFileSource;
import io.isobar.netcdf.bytes.RecordingSource;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;

/** Reads every fixture and checks what it finds against the fixture's CDL; then the ways a file can be bad. */
class NetcdfHeaderReaderTest {

    private static final Map<String, Object> LAEA = Map.of(
            "grid_mapping_name", "lambert_azimuthal_equal_area",
            "longitude_of_prime_meridian", 0.0,
            "semi_major_axis", 6378137.0,
            "semi_minor_axis", 6356752.31414036,
            "longitude_of_projection_origin", -2.5,
            "latitude_of_projection_origin", 54.9,
            "false_easting", 0.0,
            "false_northing", 0.0);
    /** The fixtures' 40 x 36 sub-grid of the UK 2 km grid, centred like it. */
    private static final Axis X = new Axis(-156000, -78000, 2000, 40);
    private static final Axis Y = new Axis(-102000, -32000, 2000, 36);

    @TempDir
    Path dir;

    private final NetcdfHeaderReader reader = new NetcdfHeaderReader();

    @Test
    void theFilesOwnModelWinsOverTheNameItCameWithWhichOnlyFillsIn() throws IOException {
        NetcdfHeader h = reader.read(Fixtures.path(Fixtures.UKV_2D));
        Map<String, Object> fields = Json.mapper().convertValue(h, new TypeReference<Map<String, Object>>() {});
        fields.put("model", null);
        NetcdfHeader silent = Json.mapper().convertValue(fields, NetcdfHeader.class);

        assertThat(h.modelOr("mogreps-uk")).isEqualTo("ukv");
        assertThat(silent.modelOr("mogreps-uk")).isEqualTo("mogreps-uk");
        assertThat(silent.modelOr(null)).isNull();
    }

    @Test
    void readsTheUkvDeterministicField() throws IOException {
        NetcdfHeader h = reader.read(Fixtures.path(Fixtures.UKV_2D));

        assertThat(h.variable()).isEqualTo("air_temperature");
        assertThat(h.standardName()).isEqualTo("air_temperature");
        assertThat(h.longName()).isNull();
        assertThat(h.units()).isEqualTo("K");
        assertThat(h.cellMethods()).isNull();
        assertThat(h.model()).isEqualTo("ukv");
        assertThat(h.forecastReferenceTime()).isEqualTo(Instant.parse("2025-06-14T00:00:00Z"));
        assertThat(h.forecastPeriod()).isEqualTo(3600);
        assertThat(h.time()).isEqualTo(Instant.parse("2025-06-14T01:00:00Z"));
        assertThat(h.timeBounds()).isEmpty();
        assertThat(h.forecastPeriodBounds()).isEmpty();
        assertThat(h.dimensions()).containsExactly(
                new Dimension("projection_y_coordinate", 36), new Dimension("projection_x_coordinate", 40));
        assertThat(h.chunkShape()).containsExactly(16, 16);
        assertThat(h.compression()).isEqualTo("deflate");
        assertThat(h.realizations()).isEmpty();
        assertThat(h.heights()).containsExactly(1.5);
        assertThat(h.pressures()).isEmpty();
        assertThat(h.gridMapping().name()).isEqualTo("lambert_azimuthal_equal_area");
        assertThat(h.gridMapping().parameters()).isEqualTo(LAEA);
        assertThat(h.xCoordinates()).isEqualTo(X);
        assertThat(h.yCoordinates()).isEqualTo(Y);
        assertThat(h.attributes()).contains(
                entry("mosg__model_configuration", "uk_det"),
                entry("title", "UKV Model Forecast on UK 2 km Standard Grid"),
                entry("institution", "Met Office"),
                entry("Conventions", "CF-1.7, UKMO-1.0"),
                entry("mosg__forecast_run_duration", "PT54H"),
                entry("mosg__grid_domain", "uk_extended"),
                entry("mosg__grid_version", "2.4.0"),
                entry("history", "2025-06-14T01:50:39Z: StaGE Decoupler"));
        assertThat(h.attributes()).hasSize(11).doesNotContainKey("_NCProperties");
    }

    @Test
    void readsTheMultiLevelEnsembleWindSpeed() throws IOException {
        NetcdfHeader h = reader.read(Fixtures.path(Fixtures.ENSEMBLE_WIND));

        assertThat(h.variable()).isEqualTo("wind_speed");
        assertThat(h.standardName()).isEqualTo("wind_speed");
        assertThat(h.longName()).isEqualTo("wind_speed_adjusted_by_model_surface_scheme");
        assertThat(h.units()).isEqualTo("m s-1");
        assertThat(h.cellMethods()).isNull();
        assertThat(h.model()).isEqualTo("mogreps-uk");
        assertThat(h.forecastReferenceTime()).isEqualTo(Instant.parse("2025-11-20T15:00:00Z"));
        assertThat(h.forecastPeriod()).isEqualTo(60 * 3600);
        assertThat(h.time()).isEqualTo(Instant.parse("2025-11-23T03:00:00Z"));
        assertThat(h.timeBounds()).isEmpty();
        assertThat(h.forecastPeriodBounds()).isEmpty();
        assertThat(h.dimensions()).containsExactly(new Dimension("realization", 3), new Dimension("height", 3),
                new Dimension("projection_y_coordinate", 36), new Dimension("projection_x_coordinate", 40));
        assertThat(h.chunkShape()).containsExactly(1, 1, 16, 16);
        assertThat(h.compression()).isEqualTo("deflate");
        assertThat(h.realizations()).containsExactly(18, 19, 20);
        assertThat(h.heights()).containsExactly(10.0, 50.0, 100.0);
        assertThat(h.pressures()).isEmpty();
        assertThat(h.gridMapping().parameters()).isEqualTo(LAEA);
        assertThat(h.xCoordinates()).isEqualTo(X);
        assertThat(h.yCoordinates()).isEqualTo(Y);
        assertThat(h.attributes()).contains(
                entry("mosg__model_configuration", "uk_ens"),
                entry("least_significant_digit", "1"),
                entry("mosg__forecast_run_duration", "PT126H"));
    }

    @Test
    void readsTheMaximumTemperatureWithItsBounds() throws IOException {
        NetcdfHeader h = reader.read(Fixtures.path(Fixtures.MAX_TEMPERATURE));

        assertThat(h.variable()).isEqualTo("air_temperature");
        assertThat(h.units()).isEqualTo("K");
        assertThat(h.cellMethods()).isEqualTo("time: maximum");
        assertThat(h.model()).isEqualTo("mogreps-uk");
        assertThat(h.forecastReferenceTime()).isEqualTo(Instant.parse("2020-07-16T12:00:00Z"));
        assertThat(h.forecastPeriod()).isEqualTo(10800);
        assertThat(h.time()).isEqualTo(Instant.parse("2020-07-16T15:00:00Z"));
        assertThat(h.timeBounds()).containsExactly(Instant.parse("2020-07-16T14:00:00Z"), Instant.parse("2020-07-16T15:00:00Z"));
        assertThat(h.forecastPeriodBounds()).containsExactly(7200L, 10800L);
        assertThat(h.dimensions()).containsExactly(new Dimension("realization", 3),
                new Dimension("projection_y_coordinate", 36), new Dimension("projection_x_coordinate", 40));
        assertThat(h.chunkShape()).containsExactly(1, 16, 16);
        assertThat(h.compression()).isEqualTo("deflate");
        assertThat(h.realizations()).containsExactly(0, 1, 2);
        assertThat(h.heights()).containsExactly(1.5);
        assertThat(h.pressures()).isEmpty();
        assertThat(h.gridMapping().parameters()).isEqualTo(LAEA);
        assertThat(h.xCoordinates()).isEqualTo(X);
        assertThat(h.yCoordinates()).isEqualTo(Y);
        assertThat(h.attributes()).contains(entry("least_significant_digit", "2.0"), entry("mosg__model_configuration", "uk_ens"));
    }

    @Test
    void readsThePressureLevelWindSpeed() throws IOException {
        NetcdfHeader h = reader.read(Fixtures.path(Fixtures.PRESSURE_WIND));

        assertThat(h.variable()).isEqualTo("wind_speed");
        assertThat(h.standardName()).isEqualTo("wind_speed");
        assertThat(h.units()).isEqualTo("m s-1");
        assertThat(h.model()).isEqualTo("ukv");
        assertThat(h.forecastReferenceTime()).isEqualTo(Instant.parse("2025-06-14T03:00:00Z"));
        assertThat(h.forecastPeriod()).isEqualTo(7200);
        assertThat(h.time()).isEqualTo(Instant.parse("2025-06-14T05:00:00Z"));
        assertThat(h.dimensions()).containsExactly(new Dimension("pressure", 3),
                new Dimension("projection_y_coordinate", 36), new Dimension("projection_x_coordinate", 40));
        assertThat(h.chunkShape()).containsExactly(1, 16, 16);
        assertThat(h.realizations()).isEmpty();
        assertThat(h.heights()).isEmpty();
        assertThat(h.pressures()).containsExactly(100000.0, 85000.0, 50000.0);
        assertThat(h.gridMapping().parameters()).isEqualTo(LAEA);
        assertThat(h.xCoordinates()).isEqualTo(X);
        assertThat(h.yCoordinates()).isEqualTo(Y);
    }

    @Test
    void readsAFileLaidOutAsTheMetOfficeWritesThem() throws IOException {
        NetcdfHeader h = reader.read(Fixtures.path(Fixtures.LAYOUT));

        assertThat(h.variable()).isEqualTo("air_temperature");
        assertThat(h.cellMethods()).isEqualTo("time: maximum");
        assertThat(h.model()).isEqualTo("mogreps-uk");
        assertThat(h.forecastReferenceTime()).isEqualTo(Instant.parse("2020-07-16T12:00:00Z"));
        assertThat(h.forecastPeriod()).isEqualTo(10800);
        assertThat(h.dimensions()).containsExactly(new Dimension("realization", 3),
                new Dimension("projection_y_coordinate", 192), new Dimension("projection_x_coordinate", 256));
        assertThat(h.chunkShape()).containsExactly(1, 128, 128);
        assertThat(h.xCoordinates()).isEqualTo(new Axis(-1158000, -1158000 + 255 * 2000, 2000, 256));
        // the global attributes are the part written after the data
        assertThat(h.attributes()).containsEntry("title", "MOGREPS-UK Model Forecast on UK 2 km Standard Grid");
    }

    @Test
    void aHeaderReadCostsAtMostTwoReadsAndNeverTheMiddleOfTheFile() throws IOException {
        Path file = Fixtures.path(Fixtures.LAYOUT);
        long size = Files.size(file);
        try (LocalFileSource source = LocalFileSource.open(file)) {
            RecordingSource recording = new RecordingSource(source);
            reader.read(recording);

            assertThat(recording.stats().requests()).isEqualTo(2);
            assertThat(recording.stats().bytes()).isLessThanOrEqualTo(256 * 1024);
            assertThat(recording.ranges()).allSatisfy(r -> assertThat(r[0] < 128 * 1024 || r[0] >= size - 128 * 1024).isTrue());
        }
    }

    @Test
    void resolvesDimensionsByLengthInFilesWithoutDimensionScales() throws IOException {
        // jhdf writes plain HDF5: no DIMENSION_LIST, no netCDF dimension ids. Realization and height both have
        // 3 values, so only their roles tell which is which.
        Path file = dir.resolve("plain.h5");
        writePlainHdf5(file, true);

        NetcdfHeader h = reader.read(file);

        assertThat(h.dimensions()).containsExactly(new Dimension("realization", 3), new Dimension("height", 3),
                new Dimension("projection_y_coordinate", 36), new Dimension("projection_x_coordinate", 40));
        assertThat(h.realizations()).containsExactly(0, 1, 2);
        assertThat(h.heights()).containsExactly(10.0, 20.5, 100.0);
        assertThat(h.forecastReferenceTime()).isEqualTo(Instant.parse("2025-06-14T00:00:00Z"));
        assertThat(h.time()).isEqualTo(Instant.parse("2025-06-14T02:00:00Z"));
        assertThat(h.forecastPeriod()).isEqualTo(7200); // derived: the file has no forecast_period
        assertThat(h.chunkShape()).containsExactly(1, 1, 16, 16);
        assertThat(h.compression()).isEqualTo("deflate");
        assertThat(h.xCoordinates()).isEqualTo(X);
        assertThat(h.gridMapping().parameters()).containsEntry("semi_major_axis", 6378137.0)
                .containsEntry("grid_mapping_name", "lambert_azimuthal_equal_area");
        assertThat(h.model()).isEqualTo("mogreps-uk");
    }

    @Test
    void neverReadsTheDataVariable() throws IOException {
        // Same header, data variable 40 times larger: the bytes read must not grow with it.
        Path small = dir.resolve("small.h5");
        Path large = dir.resolve("large.h5");
        writePlainHdf5(small, true, 36, 40);
        writePlainHdf5(large, true, 36 * 8, 40 * 5);
        ByteSource.ReadStats smallStats = statsOfReading(small, ChannelOptions.defaults().withBlockSize(512).withPrefetch(1, 1));
        ByteSource.ReadStats largeStats = statsOfReading(large, ChannelOptions.defaults().withBlockSize(512).withPrefetch(1, 1));

        // Measured: 2.5 KB read of a 55 KB file, 4.2 KB of a 2 MB one (the longer coordinates make the difference).
        assertThat(Files.size(large)).isGreaterThan(20 * Files.size(small));
        assertThat(largeStats.bytes()).isLessThan(smallStats.bytes() + 8 * 1024).isLessThan(Files.size(large) / 100);
    }

    // ---- bad files ----------------------------------------------------------------------------------

    @Test
    void aTextFileIsNotNetcdf() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.nc"), "This is not a netCDF file.\nIt is text.\n");

        assertFails(file, Reason.NOT_NETCDF, "not a netCDF-4/HDF5 file (no HDF5 signature)");
    }

    @Test
    void anEmptyFileIsNotNetcdf() throws IOException {
        Path file = Files.write(dir.resolve("empty.nc"), new byte[0]);

        assertFails(file, Reason.NOT_NETCDF, "empty file");
    }

    @Test
    void aNetcdf3ClassicFileIsNotSupported() throws IOException {
        assertFails(Fixtures.path(Fixtures.CLASSIC), Reason.NOT_NETCDF, "netCDF-3 classic file (CDF-1), not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.ENSEMBLE_WIND, Fixtures.LAYOUT})
    void aFileCutInHalfIsTruncated(String fixture) throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.path(fixture));
        Path file = Files.write(dir.resolve("half.nc"), Arrays.copyOf(whole, whole.length / 2));

        assertFails(file, Reason.TRUNCATED, "truncated: the file has " + whole.length / 2 + " bytes but its HDF5 superblock says " + whole.length);
    }

    @Test
    void aFileWhoseStructuresPointPastItsEndIsTruncated() throws IOException {
        // A source that hides the file's last 2 KiB while claiming the full size up front is what a
        // cut-off download looks like to the reader: the superblock is fine, reads run off the end.
        Path file = Fixtures.path(Fixtures.LAYOUT);
        try (LocalFileSource source = LocalFileSource.open(file)) {
            ByteSource shortened = new RecordingSource(source) {
                @Override
                public int read(long position, java.nio.ByteBuffer dst) throws IOException {
                    long end = source.size() - 2048;
                    if (position >= end) {
                        return -1;
                    }
                    if (dst.remaining() > end - position) {
                        dst.limit(dst.position() + (int) (end - position));
                    }
                    return super.read(position, dst);
                }
            };
            assertThatThrownBy(() -> reader.read(shortened))
                    .isInstanceOfSatisfying(HeaderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED))
                    .hasMessageStartingWith(source.uri() + ": truncated");
        }
    }

    @Test
    void damagedMetadataIsUnreadable() throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.path(Fixtures.UKV_2D));
        // Scramble the object headers just after the superblock; their checksums no longer match.
        for (int i = 200; i < 4000; i++) {
            bytes[i] = (byte) (bytes[i] ^ 0x5a);
        }
        Path file = Files.write(dir.resolve("damaged.nc"), bytes);

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOfSatisfying(HeaderException.class, e -> assertThat(e.reason()).isIn(Reason.UNREADABLE, Reason.TRUNCATED))
                .hasMessageStartingWith(file.toUri() + ": ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aMissingFileIsNotFound() {
        Path file = dir.resolve("nowhere.nc");

        assertFails(file, Reason.NOT_FOUND, "no such file");
    }

    @Test
    void aFileWithoutTimeLacksACoordinate() throws IOException {
        Path file = dir.resolve("no-time.h5");
        writePlainHdf5(file, false);

        assertFails(file, Reason.MISSING_COORDINATE, "no time coordinate");
    }

    @Test
    void aMissingGridMappingVariableIsAMissingVariable() throws IOException {
        Path file = dir.resolve("no-grid-mapping.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("air_temperature", new float[4][5]).putAttribute("grid_mapping", "lambert_azimuthal_equal_area");
            hdf.putDataset("time", 1749862800L).putAttribute("units", "seconds since 1970-01-01 00:00:00");
            hdf.putDataset("forecast_reference_time", 1749859200L).putAttribute("units", "seconds since 1970-01-01 00:00:00");
        }

        assertFails(file, Reason.MISSING_VARIABLE,
                "grid mapping variable 'lambert_azimuthal_equal_area' named by air_temperature:grid_mapping is missing");
    }

    @Test
    void aFileOfCoordinatesOnlyHasNoDataVariable() throws IOException {
        Path file = dir.resolve("coordinates-only.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("time", 1749862800L);
            hdf.putDataset("projection_x_coordinate", new float[] {1, 2, 3});
        }

        assertFails(file, Reason.MISSING_VARIABLE, "no data variable");
    }

    private void assertFails(Path file, Reason reason, String problem) {
        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOfSatisfying(HeaderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.uri()).isEqualTo(file.toAbsolutePath().toUri().toString());
                })
                .hasMessageStartingWith(file.toAbsolutePath().toUri() + ": " + problem)
                .hasMessageNotContaining("\n");
    }

    private ByteSource.ReadStats statsOfReading(Path file, ChannelOptions options) throws IOException {
        try (LocalFileSource source = LocalFileSource.open(file)) {
            new NetcdfHeaderReader(options).read(source);
            return source.stats();
        }
    }

    private static void writePlainHdf5(Path file, boolean withTime) {
        writePlainHdf5(file, withTime, 36, 40);
    }

    /** A forecast file as plain HDF5 (as jhdf writes it): CF attributes, no dimension scales. */
    private static void writePlainHdf5(Path file, boolean withTime, int ny, int nx) {
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            float[][][][] data = new float[3][3][ny][nx];
            Random random = new Random(ny * 1000L + nx);
            for (float[][][] member : data) {
                for (float[][] level : member) {
                    for (float[] row : level) {
                        for (int i = 0; i < row.length; i++) {
                            row[i] = random.nextFloat(); // compresses as little as real fields do
                        }
                    }
                }
            }
            WritableDataset d = hdf.putDataset("wind_speed", data,
                    DatasetCreationOptions.builder().chunkDimensions(1, 1, 16, 16).deflate(1).build());
            d.putAttribute("standard_name", "wind_speed");
            d.putAttribute("units", "m s-1");
            d.putAttribute("grid_mapping", "lambert_azimuthal_equal_area");
            // Declared before realization, so that iteration order alone would pick height first.
            WritableDataset height = hdf.putDataset("height", new float[] {10f, 20.5f, 100f});
            height.putAttribute("units", "m");
            height.putAttribute("positive", "up");
            hdf.putDataset("realization", new int[] {0, 1, 2}).putAttribute("standard_name", "realization");
            float[] y = new float[ny];
            float[] x = new float[nx];
            for (int j = 0; j < ny; j++) {
                y[j] = -102000 + 2000 * j;
            }
            for (int i = 0; i < nx; i++) {
                x[i] = -156000 + 2000 * i;
            }
            hdf.putDataset("projection_y_coordinate", y).putAttribute("axis", "Y");
            hdf.putDataset("projection_x_coordinate", x).putAttribute("axis", "X");
            if (withTime) {
                hdf.putDataset("time", 1749859200L / 3600 + 2).putAttribute("units", "hours since 1970-01-01");
            }
            hdf.putDataset("forecast_reference_time", 1749859200L).putAttribute("units", "seconds since 1970-01-01 00:00:00");
            WritableDataset mapping = hdf.putDataset("lambert_azimuthal_equal_area", -2147483647);
            mapping.putAttribute("grid_mapping_name", "lambert_azimuthal_equal_area");
            mapping.putAttribute("semi_major_axis", new double[] {6378137.0});
            hdf.putAttribute("mosg__model_configuration", "uk_ens");
        }
    }
}
