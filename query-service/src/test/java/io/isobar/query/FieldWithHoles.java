package io.isobar.query;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import io.isobar.query.forecast.GridProjectionTest;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;

/**
 * A UKV-like 36 x 40 relative humidity field of 80 % on the fixtures' grid (x -156000..-78000 m, y -102000..-32000 m,
 * the UK Lambert azimuthal equal-area projection) with two holes: NaN at row 10, column 13 (Douglas) and the fill
 * value at row 20, column 17 (Ramsey); for the tests of cells without a value.
 */
public final class FieldWithHoles {

    /** The row and column of the NaN cell. */
    public static final int NAN_ROW = 10;
    public static final int NAN_COLUMN = 13;
    /** The row and column of the cell holding the fill value. */
    public static final int FILL_ROW = 20;
    public static final int FILL_COLUMN = 17;

    private FieldWithHoles() {}

    /** Writes the field to {@code file} as a netCDF-4 file valid at {@code time} of the run {@code run}. */
    public static void write(Path file, Instant time, Instant run) {
        float[][] data = new float[36][40];
        for (float[] row : data) {
            Arrays.fill(row, 80f);
        }
        data[NAN_ROW][NAN_COLUMN] = Float.NaN;
        data[FILL_ROW][FILL_COLUMN] = -1f;
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            WritableDataset d = hdf.putDataset("relative_humidity", data,
                    DatasetCreationOptions.builder().chunkDimensions(16, 16).deflate(1).build());
            d.putAttribute("units", "%");
            d.putAttribute("_FillValue", -1f);
            d.putAttribute("grid_mapping", "lambert_azimuthal_equal_area");
            float[] y = new float[36];
            float[] x = new float[40];
            for (int j = 0; j < 36; j++) {
                y[j] = -102000 + 2000 * j;
            }
            for (int i = 0; i < 40; i++) {
                x[i] = -156000 + 2000 * i;
            }
            hdf.putDataset("projection_y_coordinate", y).putAttribute("axis", "Y");
            hdf.putDataset("projection_x_coordinate", x).putAttribute("axis", "X");
            hdf.putDataset("time", time.getEpochSecond()).putAttribute("units", "seconds since 1970-01-01 00:00:00");
            hdf.putDataset("forecast_reference_time", run.getEpochSecond()).putAttribute("units", "seconds since 1970-01-01 00:00:00");
            WritableDataset mapping = hdf.putDataset("lambert_azimuthal_equal_area", -2147483647);
            for (var e : GridProjectionTest.laea().entrySet()) {
                if (e.getValue() instanceof Double v) {
                    mapping.putAttribute(e.getKey(), v.doubleValue());
                } else {
                    mapping.putAttribute(e.getKey(), (String) e.getValue());
                }
            }
        }
    }
}
