package io.isobar.netcdf.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.isobar.netcdf.bytes.LocalFileSource;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.Fixtures;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;

/** {@link PointReader#field}: whole 2-D fields (the map pictures' input) read chunk by chunk through the cache. */
class PointReaderFieldTest {

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final PointReader reader = new PointReader(PointReader.Settings.defaults(), pool);

    @AfterEach
    void stop() {
        reader.dropAll();
        pool.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ukv-2d-air_temperature.nc", "mogreps-uk-ensemble-wind_speed.nc", "ukv-pressure-wind_speed.nc"})
    void everyFieldOfTheFileReadsAsWritten(String fixture) throws IOException {
        Path path = Fixtures.path(fixture);
        Object data;
        int[] shape;
        try (HdfFile hdf = new HdfFile(path)) {
            NetcdfHeader header = new NetcdfHeaderReader().read(path);
            shape = hdf.getDatasetByPath(header.variable()).getDimensions();
            data = hdf.getDatasetByPath(header.variable()).getData();
        }
        int d = shape.length;
        int fields = 1;
        for (int i = 0; i < d - 2; i++) {
            fields *= shape[i];
        }
        PointReader.FileKey key = new PointReader.FileKey(path.toUri().toString(), Long.toString(Files.size(path)));
        for (int f = 0; f < fields; f++) {
            int[] leading = new int[d - 2];
            int rest = f;
            for (int i = d - 3; i >= 0; i--) {
                leading[i] = rest % shape[i];
                rest /= shape[i];
            }
            PointReader.Field field = reader.field(key, () -> LocalFileSource.open(path), leading);
            assertThat(field.rows()).isEqualTo(shape[d - 2]);
            assertThat(field.columns()).isEqualTo(shape[d - 1]);
            Object plane = data;
            for (int i : leading) {
                plane = Array.get(plane, i);
            }
            for (int r = 0; r < field.rows(); r++) {
                float[] row = (float[]) Array.get(plane, r);
                for (int c = 0; c < field.columns(); c++) {
                    assertThat(field.values()[r * field.columns() + c]).isEqualTo(row[c]);
                }
            }
        }
        assertThatThrownBy(() -> reader.field(key, () -> LocalFileSource.open(path), new int[d - 1]))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void missingCellsAndUnwrittenChunksAreNaNAndAWarmReadReadsNothing() throws IOException {
        Path file = dir.resolve("holes.nc");
        float[][] data = new float[20][30];
        for (int r = 0; r < 20; r++) {
            for (int c = 0; c < 30; c++) {
                data[r][c] = r * 100 + c;
            }
        }
        data[3][4] = Float.NaN;
        data[5][6] = -1f; // the fill value
        data[7][8] = -2f; // the missing_value
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            WritableDataset v = hdf.putDataset("air_temperature", data,
                    DatasetCreationOptions.builder().chunkDimensions(8, 8).deflate(1).build());
            v.putAttribute("units", "K");
            v.putAttribute("_FillValue", -1f);
            v.putAttribute("missing_value", -2f);
            v.putAttribute("standard_name", "air_temperature");
            float[] y = new float[20];
            float[] x = new float[30];
            for (int j = 0; j < 20; j++) {
                y[j] = 2000 * j;
            }
            for (int i = 0; i < 30; i++) {
                x[i] = 2000 * i;
            }
            hdf.putDataset("projection_y_coordinate", y).putAttribute("axis", "Y");
            hdf.putDataset("projection_x_coordinate", x).putAttribute("axis", "X");
            hdf.putDataset("time", 1_749_862_800L).putAttribute("units", "seconds since 1970-01-01 00:00:00");
            hdf.putDataset("forecast_reference_time", 1_749_859_200L).putAttribute("units", "seconds since 1970-01-01 00:00:00");
        }
        PointReader.FileKey key = new PointReader.FileKey(file.toUri().toString(), "1");
        PointReader.Field field = reader.field(key, () -> LocalFileSource.open(file), new int[0]);
        assertThat(field.values()[3 * 30 + 4]).isNaN();
        assertThat(field.values()[5 * 30 + 6]).isNaN();
        assertThat(field.values()[7 * 30 + 8]).isNaN();
        assertThat(field.values()[19 * 30 + 29]).isEqualTo(1929f);
        long chunksRead = reader.stats().chunksRead();
        assertThat(chunksRead).isEqualTo(3 * 4); // ceil(20/8) x ceil(30/8)
        reader.field(key, () -> LocalFileSource.open(file), new int[0]);
        assertThat(reader.stats().chunksRead()).as("warm: every chunk from the cache").isEqualTo(chunksRead);
    }
}
