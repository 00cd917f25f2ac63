package io.isobar.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.isobar.notification.MetOfficeNotifications;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableNode;
import io.jhdf.exceptions.HdfException;

/**
 * Writes one netCDF-4 (HDF5) file in the Met Office layout with jHDF: the data variable (float32, chunks
 * of 1 x 128 x 128, deflate level 1) on the 2 km Lambert azimuthal equal-area grid, its grid mapping, the
 * projection coordinates and their bounds, the scalar {@code forecast_period}, {@code forecast_reference_time}
 * and {@code time}, the optional {@code realization}, {@code height}/{@code pressure} and time bounds, and
 * the Met Office global attributes.
 *
 * <p>netCDF's own markers: coordinate variables are HDF5 dimension scales ({@code CLASS}, {@code NAME},
 * {@code _Netcdf4Dimid}) and {@code bnds} is a dimension-only scale, as netCDF-C writes them. jHDF 0.13 cannot
 * write object references, so the data variables have no {@code DIMENSION_LIST} (and the scales no
 * {@code REFERENCE_LIST}); netCDF-C then matches each axis to the dimension scale of the same length, which is
 * why all dimension lengths of a file must differ (checked here). {@code _NCProperties} is not written (it
 * would claim netCDF-C wrote the file), and variables are listed by name rather than creation order.
 */
public final class MetOfficeFileWriter {

    /** The grid mapping variable's name, as in the real files. */
    public static final String GRID_MAPPING = "lambert_azimuthal_equal_area";
    /** The units of the time coordinates. */
    public static final String TIME_UNITS = "seconds since 1970-01-01 00:00:00";

    /** netCDF-C's NAME for a dimension that has no coordinate variable (the length is right-aligned in 10). */
    private static final String DIM_WITHOUT_VARIABLE = "This is a netCDF dimension but not a netCDF variable.";
    /** netCDF's default fill for int, the value the real grid-mapping variables hold. */
    private static final int NC_FILL_INT = -2147483647;

    private final SyntheticField field;

    public MetOfficeFileWriter(SyntheticField field) {
        this.field = field;
    }

    public SyntheticField field() {
        return field;
    }

    /**
     * Writes the file for {@code spec} to {@code target} (replacing it).
     *
     * @return the written file, with its object key and size
     * @throws IOException when the file cannot be written; no partial file is left behind
     */
    public SimulatedFile write(ForecastFileSpec spec, Path target) throws IOException {
        checkDimensionLengths(spec);
        Object data = data(spec);
        try {
            writeHdf(spec, data, target);
        } catch (HdfException | UncheckedIOException e) {
            Files.deleteIfExists(target);
            throw new IOException("Cannot write simulated file " + target + " (" + describe(spec) + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        return new SimulatedFile(spec, ObjectKeys.key(spec), target, Files.size(target));
    }

    /** The file for {@code spec} as bytes (written through a temporary file: jHDF writes to paths only). */
    public byte[] toBytes(ForecastFileSpec spec) throws IOException {
        Path temp = Files.createTempFile("isobar-simulated-", ".nc");
        try {
            write(spec, temp);
            return Files.readAllBytes(temp);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The data variable's values as written: {@code float[y][x]}, {@code float[n][y][x]} with one leading
     * realization or level axis, or {@code float[realization][level][y][x]}.
     */
    public Object data(ForecastFileSpec spec) {
        List<Integer> members = spec.realizations().isEmpty() ? List.of(0) : spec.realizations();
        double[] levels = spec.variable().levelValues();
        boolean levelAxis = spec.variable().hasLevelDimension();
        float[][][][] all = new float[members.size()][levels.length][][];
        for (int m = 0; m < members.size(); m++) {
            for (int l = 0; l < levels.length; l++) {
                float[][] plane = field.plane(spec, members.get(m), levels[l]);
                all[m][l] = plane;
            }
        }
        boolean memberAxis = !spec.realizations().isEmpty();
        if (memberAxis && levelAxis) {
            return all;
        }
        if (memberAxis) {
            float[][][] out = new float[members.size()][][];
            for (int m = 0; m < members.size(); m++) {
                out[m] = all[m][0];
            }
            return out;
        }
        return levelAxis ? all[0] : all[0][0];
    }

    private void writeHdf(ForecastFileSpec spec, Object data, Path target) {
        Variable variable = spec.variable();
        GridSpec grid = spec.grid();
        Levels levels = variable.levels();
        boolean ensemble = !spec.realizations().isEmpty();
        boolean levelAxis = variable.hasLevelDimension();

        try (WritableHdfFile file = HdfFile.write(target)) {
            int dimId = 0;

            List<Integer> chunks = new ArrayList<>();
            if (ensemble) {
                chunks.add(1);
            }
            if (levelAxis) {
                chunks.add(1);
            }
            chunks.add(grid.chunkRows());
            chunks.add(grid.chunkColumns());
            WritableDataset dataVar = file.putDataset(variable.name(), data, DatasetCreationOptions.builder()
                    .chunkDimensions(chunks.stream().mapToInt(Integer::intValue).toArray())
                    .deflate(1)
                    .build());
            dataVar.putAttribute("standard_name", variable.standardName());
            if (variable.longName() != null) {
                dataVar.putAttribute("long_name", variable.longName());
            }
            dataVar.putAttribute("units", variable.units());
            if (variable.cellMethods() != null) {
                dataVar.putAttribute("cell_methods", variable.cellMethods());
            }
            dataVar.putAttribute("grid_mapping", GRID_MAPPING);
            dataVar.putAttribute("coordinates", levels != null && levels.scalar()
                    ? "forecast_period forecast_reference_time " + levels.coordinate() + " time"
                    : "forecast_period forecast_reference_time time");

            WritableDataset mapping = file.putDataset(GRID_MAPPING, NC_FILL_INT);
            mapping.putAttribute("grid_mapping_name", GRID_MAPPING);
            mapping.putAttribute("longitude_of_prime_meridian", 0.0);
            mapping.putAttribute("semi_major_axis", 6378137.0);
            mapping.putAttribute("semi_minor_axis", 6356752.31414036);
            mapping.putAttribute("longitude_of_projection_origin", -2.5);
            mapping.putAttribute("latitude_of_projection_origin", 54.9);
            mapping.putAttribute("false_easting", 0.0);
            mapping.putAttribute("false_northing", 0.0);

            if (ensemble) {
                WritableDataset realization = file.putDataset("realization",
                        spec.realizations().stream().mapToInt(Integer::intValue).toArray());
                realization.putAttribute("units", "1");
                realization.putAttribute("standard_name", "realization");
                dimensionScale(realization, "realization", dimId++);
            }

            if (levels != null) {
                WritableDataset level;
                if (levels.scalar()) {
                    level = file.putDataset(levels.coordinate(), (float) levels.values().get(0).doubleValue());
                } else {
                    float[] values = new float[levels.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = levels.values().get(i).floatValue();
                    }
                    level = file.putDataset(levels.coordinate(), values);
                }
                level.putAttribute("units", levels.units());
                level.putAttribute("standard_name", levels.standardName());
                level.putAttribute("positive", levels.positive());
                if (!levels.scalar()) {
                    dimensionScale(level, levels.coordinate(), dimId++);
                }
            }

            dimId = projection(file, "projection_y_coordinate", "Y", grid.yValues(), grid.yBounds(), dimId);
            dimId = projection(file, "projection_x_coordinate", "X", grid.xValues(), grid.xBounds(), dimId);

            long run = spec.forecastReferenceTime().getEpochSecond();
            long valid = spec.time().getEpochSecond();
            int period = Math.toIntExact(spec.forecastPeriod().getSeconds());
            long window = spec.hasBounds() ? variable.cellPeriod().getSeconds() : 0;

            WritableDataset forecastPeriod = file.putDataset("forecast_period", period);
            if (spec.hasBounds()) {
                forecastPeriod.putAttribute("bounds", "forecast_period_bnds");
            }
            forecastPeriod.putAttribute("units", "seconds");
            forecastPeriod.putAttribute("standard_name", "forecast_period");
            if (spec.hasBounds()) {
                file.putDataset("forecast_period_bnds", new int[] {Math.toIntExact(period - window), period});
            }

            WritableDataset reference = file.putDataset("forecast_reference_time", run);
            timeAttributes(reference, "forecast_reference_time");

            WritableDataset time = file.putDataset("time", valid);
            if (spec.hasBounds()) {
                time.putAttribute("bounds", "time_bnds");
            }
            timeAttributes(time, "time");
            if (spec.hasBounds()) {
                file.putDataset("time_bnds", new long[] {valid - window, valid});
            }

            WritableDataset bnds = file.putDataset("bnds", new float[2]);
            bnds.putAttribute("CLASS", "DIMENSION_SCALE");
            bnds.putAttribute("NAME", String.format("%s%10d", DIM_WITHOUT_VARIABLE, 2));
            bnds.putAttribute("_Netcdf4Dimid", dimId);

            // jHDF signs every file; the real files carry only the Met Office's attributes.
            file.removeAttribute("_jHDF");
            String created = MetOfficeNotifications.formatTime(spec.createdTime());
            file.putAttribute("history", created + ": Isobar Met Office simulator");
            file.putAttribute("institution", "Met Office");
            file.putAttribute("least_significant_digit", (double) variable.leastSignificantDigit());
            file.putAttribute("mosg__forecast_run_duration", spec.model().runDuration());
            file.putAttribute("mosg__grid_domain", "uk_extended");
            file.putAttribute("mosg__grid_type", "standard");
            file.putAttribute("mosg__grid_version", spec.model().gridVersion());
            file.putAttribute("mosg__model_configuration", spec.model().modelConfiguration());
            file.putAttribute("source", "Met Office Unified Model");
            file.putAttribute("title", spec.model().title());
            file.putAttribute("um_version", "11.2");
            file.putAttribute("Conventions", "CF-1.5, UKMO-1.0");
            file.putAttribute("comment", "Synthetic data written by the Isobar simulator (seed " + field.seed()
                    + "); not a forecast.");
        }
    }

    private static int projection(WritableHdfFile file, String name, String axis, float[] values, float[][] bounds,
                                  int dimId) {
        WritableDataset coordinate = file.putDataset(name, values);
        coordinate.putAttribute("axis", axis);
        coordinate.putAttribute("bounds", name + "_bnds");
        coordinate.putAttribute("units", "m");
        coordinate.putAttribute("standard_name", name);
        dimensionScale(coordinate, name, dimId);
        file.putDataset(name + "_bnds", bounds);
        return dimId + 1;
    }

    private static void timeAttributes(WritableNode node, String standardName) {
        node.putAttribute("units", TIME_UNITS);
        node.putAttribute("standard_name", standardName);
        node.putAttribute("calendar", "gregorian");
    }

    private static void dimensionScale(WritableNode node, String name, int dimId) {
        node.putAttribute("CLASS", "DIMENSION_SCALE");
        node.putAttribute("NAME", name);
        node.putAttribute("_Netcdf4Dimid", dimId);
    }

    /**
     * Without DIMENSION_LIST, netCDF-C gives each axis of a variable the first dimension of the same length,
     * so two dimensions of equal length (or one of length 2, like {@code bnds}) would be confused.
     */
    static void checkDimensionLengths(ForecastFileSpec spec) {
        List<String> dims = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        if (!spec.realizations().isEmpty()) {
            dims.add("realization");
            lengths.add(spec.realizations().size());
        }
        if (spec.variable().hasLevelDimension()) {
            dims.add(spec.variable().levels().coordinate());
            lengths.add(spec.variable().levels().size());
        }
        dims.add("projection_y_coordinate");
        lengths.add(spec.grid().rows());
        dims.add("projection_x_coordinate");
        lengths.add(spec.grid().columns());
        dims.add("bnds");
        lengths.add(2);
        Set<Integer> seen = new HashSet<>();
        for (int length : lengths) {
            if (!seen.add(length)) {
                List<String> named = new ArrayList<>();
                for (int i = 0; i < dims.size(); i++) {
                    named.add(dims.get(i) + "=" + lengths.get(i));
                }
                throw new IllegalArgumentException("Cannot write " + describe(spec) + ": dimensions " + named
                        + " must all have different lengths (the file has no DIMENSION_LIST, so netCDF readers"
                        + " match axes to dimensions by length)");
            }
        }
    }

    private static String describe(ForecastFileSpec spec) {
        return spec.model().shortName() + " " + spec.variable().parameter() + " run " + spec.forecastReferenceTime()
                + " +" + spec.forecastPeriod() + (spec.realizations().isEmpty() ? "" : " members " + spec.realizations());
    }
}
