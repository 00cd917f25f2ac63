package io.isobar.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.isobar.netcdf.GridKind;
import io.isobar.notification.MetOfficeNotifications;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableNode;
import io.jhdf.exceptions.HdfException;

/**
 * Writes one netCDF-4 (HDF5) file in the layout of the Met Office product it simulates, with jHDF:
 *
 * <ul>
 *   <li>the data variable, float32, chunked (1 x ... x 128 x 128; a spot file's sites are one chunk), deflate level 1,
 *       on its grid: the 2 km Lambert azimuthal equal-area grid with its projection coordinates, a latitude/longitude
 *       grid on the Met Office's sphere with {@code latitude}/{@code longitude}, or a spot file's {@code spot_index} with
 *       each site's {@code latitude}, {@code longitude}, {@code altitude}, {@code wmo_id} and {@code met_office_site_id}
 *       (netCDF {@code char} arrays, as IMPROVER writes them);</li>
 *   <li>a leading {@code realization} (ensembles), {@code percentile} or {@code threshold} (IMPROVER's blends: the data
 *       variable of a probability file is {@code probability_of_<quantity>_above_threshold}), then any levels;</li>
 *   <li>the times: a model's scalar {@code forecast_period}, {@code forecast_reference_time} and {@code time} (with
 *       bounds for a cell method), a blend's {@code blend_time} and {@code time}, keeping the deprecated
 *       {@code forecast_reference_time} and {@code forecast_period} as IMPROVER still does;</li>
 *   <li>the global attributes each product's real files carry ({@code title}, {@code mosg__*}, {@code source}, ...),
 *       plus a {@code comment} saying the data are synthetic.</li>
 * </ul>
 *
 * <p>netCDF's own markers: coordinate variables are HDF5 dimension scales ({@code CLASS}, {@code NAME},
 * {@code _Netcdf4Dimid}) and {@code bnds}, {@code string5} and {@code string8} are dimension-only scales, as netCDF-C
 * writes them. jHDF 0.13 cannot write object references, so the data variables have no {@code DIMENSION_LIST} (and the
 * scales no {@code REFERENCE_LIST}); netCDF-C then matches each axis to the dimension scale of the same length, which
 * is why all dimension lengths of a file must differ (checked here). {@code _NCProperties} is not written (it would
 * claim netCDF-C wrote the file), and variables are listed by name rather than creation order.
 */
public final class MetOfficeFileWriter {

    /** The grid mapping variable's name on the UK grid, as in the real files. */
    public static final String GRID_MAPPING = "lambert_azimuthal_equal_area";
    /** The grid mapping variable's name on the global grids. */
    public static final String LATITUDE_LONGITUDE = "latitude_longitude";
    /** The units of the time coordinates. */
    public static final String TIME_UNITS = "seconds since 1970-01-01 00:00:00";

    /** netCDF-C's NAME for a dimension that has no coordinate variable (the length is right-aligned in 10). */
    private static final String DIM_WITHOUT_VARIABLE = "This is a netCDF dimension but not a netCDF variable.";
    /** netCDF's default fill for int, the value the real grid-mapping variables hold. */
    private static final int NC_FILL_INT = -2147483647;
    /** The lengths of a spot file's id strings: IMPROVER's {@code string5} (WMO id) and {@code string8} (site id). */
    private static final int WMO_ID_LENGTH = 5;
    private static final int SITE_ID_LENGTH = 8;

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
     * @return the written file, with its object key (today's layout) and size
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
     * The data variable's values as written, leading dimension ({@code realization}, {@code percentile} or
     * {@code threshold}) first, then the level, then {@code [y][x]} (or {@code [site]}): e.g. {@code float[y][x]},
     * {@code float[n][y][x]}, {@code float[realization][level][y][x]}, {@code float[percentile][site]}.
     */
    public Object data(ForecastFileSpec spec) {
        boolean sites = spec.grid().kind() == GridKind.SPOT;
        double[] levels = spec.variable().levelValues();
        int leads = spec.leadSize();
        Object[][] all = new Object[leads][levels.length];
        for (int m = 0; m < leads; m++) {
            for (int l = 0; l < levels.length; l++) {
                float[][] plane = field.planeAt(spec, m, levels[l]);
                all[m][l] = sites ? plane[0] : plane;
            }
        }
        boolean leadAxis = spec.lead() != null;
        boolean levelAxis = spec.variable().hasLevelDimension();
        Class<?> planeType = sites ? float[].class : float[][].class;
        if (leadAxis && levelAxis) {
            Object out = Array.newInstance(planeType, leads, levels.length);
            for (int m = 0; m < leads; m++) {
                for (int l = 0; l < levels.length; l++) {
                    Array.set(Array.get(out, m), l, all[m][l]);
                }
            }
            return out;
        }
        if (leadAxis || levelAxis) {
            int n = leadAxis ? leads : levels.length;
            Object out = Array.newInstance(planeType, n);
            for (int i = 0; i < n; i++) {
                Array.set(out, i, leadAxis ? all[i][0] : all[0][i]);
            }
            return out;
        }
        return all[0][0];
    }

    private void writeHdf(ForecastFileSpec spec, Object data, Path target) {
        Variable variable = spec.variable();
        GridSpec grid = spec.grid();
        Levels levels = variable.levels();
        MetOfficeModel model = spec.model();
        boolean sites = grid.kind() == GridKind.SPOT;
        boolean levelAxis = variable.hasLevelDimension();
        String lead = spec.lead();

        try (WritableHdfFile file = HdfFile.write(target)) {
            int dimId = 0;

            List<Integer> chunks = new ArrayList<>();
            if (lead != null) {
                chunks.add(1);
            }
            if (levelAxis) {
                chunks.add(1);
            }
            if (!sites) {
                chunks.add(grid.chunkRows());
            }
            chunks.add(grid.chunkColumns());
            String name = spec.dataVariable();
            WritableDataset dataVar = file.putDataset(name, data, DatasetCreationOptions.builder()
                    .chunkDimensions(chunks.stream().mapToInt(Integer::intValue).toArray())
                    .deflate(1)
                    .build());
            if (spec.thresholds().isEmpty()) {
                dataVar.putAttribute("standard_name", variable.standardName());
                if (variable.longName() != null) {
                    dataVar.putAttribute("long_name", variable.longName());
                }
                dataVar.putAttribute("units", variable.units());
            } else {
                // A probability has no standard name: IMPROVER names it in long_name, unitless.
                dataVar.putAttribute("long_name", name);
                dataVar.putAttribute("units", "1");
            }
            if (variable.cellMethods() != null) {
                dataVar.putAttribute("cell_methods", spec.thresholds().isEmpty() ? variable.cellMethods()
                        : variable.cellMethods() + " (comment: of " + variable.standardName() + ")");
            }
            if (!sites) {
                dataVar.putAttribute("grid_mapping", grid.kind() == GridKind.PROJECTED ? GRID_MAPPING : LATITUDE_LONGITUDE);
            }
            dataVar.putAttribute("coordinates", coordinates(spec));

            if (grid.kind() == GridKind.PROJECTED) {
                WritableDataset mapping = file.putDataset(GRID_MAPPING, NC_FILL_INT);
                mapping.putAttribute("grid_mapping_name", GRID_MAPPING);
                mapping.putAttribute("longitude_of_prime_meridian", 0.0);
                mapping.putAttribute("semi_major_axis", 6378137.0);
                mapping.putAttribute("semi_minor_axis", 6356752.31414036);
                mapping.putAttribute("longitude_of_projection_origin", -2.5);
                mapping.putAttribute("latitude_of_projection_origin", 54.9);
                mapping.putAttribute("false_easting", 0.0);
                mapping.putAttribute("false_northing", 0.0);
            } else if (grid.kind() == GridKind.LATITUDE_LONGITUDE) {
                WritableDataset mapping = file.putDataset(LATITUDE_LONGITUDE, NC_FILL_INT);
                mapping.putAttribute("grid_mapping_name", LATITUDE_LONGITUDE);
                mapping.putAttribute("longitude_of_prime_meridian", 0.0);
                mapping.putAttribute("earth_radius", 6371229.0);
            }

            if (!spec.realizations().isEmpty()) {
                WritableDataset realization = file.putDataset("realization",
                        spec.realizations().stream().mapToInt(Integer::intValue).toArray());
                realization.putAttribute("units", "1");
                realization.putAttribute("standard_name", "realization");
                dimensionScale(realization, "realization", dimId++);
            } else if (!spec.percentiles().isEmpty()) {
                WritableDataset percentile = file.putDataset("percentile", floats(spec.percentiles()));
                percentile.putAttribute("units", "%");
                percentile.putAttribute("long_name", "percentile");
                dimensionScale(percentile, "percentile", dimId++);
            } else if (!spec.thresholds().isEmpty()) {
                WritableDataset threshold = file.putDataset("threshold", floats(spec.thresholds()));
                threshold.putAttribute("units", variable.units());
                threshold.putAttribute("standard_name", variable.standardName());
                threshold.putAttribute("spp__relative_to_threshold", "greater_than_or_equal_to");
                dimensionScale(threshold, "threshold", dimId++);
            }

            if (levels != null) {
                WritableDataset level;
                if (levels.scalar()) {
                    level = file.putDataset(levels.coordinate(), (float) levels.values().get(0).doubleValue());
                } else {
                    level = file.putDataset(levels.coordinate(), floats(levels.values()));
                }
                level.putAttribute("units", levels.units());
                level.putAttribute("standard_name", levels.standardName());
                level.putAttribute("positive", levels.positive());
                if (!levels.scalar()) {
                    dimensionScale(level, levels.coordinate(), dimId++);
                }
            }

            switch (grid.kind()) {
                case PROJECTED -> {
                    dimId = axis(file, "projection_y_coordinate", "Y", "m", grid.yValues(), grid.yBounds(), dimId);
                    dimId = axis(file, "projection_x_coordinate", "X", "m", grid.xValues(), grid.xBounds(), dimId);
                }
                case LATITUDE_LONGITUDE -> {
                    dimId = axis(file, "latitude", "Y", "degrees_north", grid.yValues(), grid.yBounds(), dimId);
                    dimId = axis(file, "longitude", "X", "degrees_east", grid.xValues(), grid.xBounds(), dimId);
                }
                case SPOT -> dimId = sites(file, grid, dimId);
            }

            times(file, spec);

            WritableDataset bnds = file.putDataset("bnds", new float[2]);
            dimensionOnly(bnds, 2, dimId++);
            if (sites) {
                dimensionOnly(file.putDataset("string8", new float[SITE_ID_LENGTH]), SITE_ID_LENGTH, dimId++);
                dimensionOnly(file.putDataset("string5", new float[WMO_ID_LENGTH]), WMO_ID_LENGTH, dimId++);
            }

            // jHDF signs every file; the real files carry only the Met Office's attributes.
            file.removeAttribute("_jHDF");
            globalAttributes(file, spec);
        }
    }

    /** The data variable's {@code coordinates}: its scalar coordinates (and a spot file's site coordinates), sorted. */
    private static String coordinates(ForecastFileSpec spec) {
        Set<String> names = new java.util.TreeSet<>(List.of("forecast_period", "forecast_reference_time", "time"));
        if (spec.model().blend()) {
            names.add("blend_time");
        }
        Levels levels = spec.variable().levels();
        if (levels != null && levels.scalar()) {
            names.add(levels.coordinate());
        }
        if (spec.grid().kind() == GridKind.SPOT) {
            names.addAll(List.of("altitude", "latitude", "longitude", "met_office_site_id", "wmo_id"));
        }
        return String.join(" ", names);
    }

    private void times(WritableHdfFile file, ForecastFileSpec spec) {
        Variable variable = spec.variable();
        long run = spec.forecastReferenceTime().getEpochSecond();
        long valid = spec.time().getEpochSecond();
        int period = Math.toIntExact(spec.forecastPeriod().getSeconds());
        long window = spec.hasBounds() ? variable.cellPeriod().getSeconds() : 0;
        boolean blend = spec.model().blend();

        if (blend) {
            WritableDataset blendTime = file.putDataset("blend_time", run);
            blendTime.putAttribute("units", TIME_UNITS);
            blendTime.putAttribute("long_name", "blend_time");
            blendTime.putAttribute("calendar", "gregorian");
        }
        WritableDataset forecastPeriod = file.putDataset("forecast_period", period);
        if (spec.hasBounds()) {
            forecastPeriod.putAttribute("bounds", "forecast_period_bnds");
        }
        forecastPeriod.putAttribute("units", "seconds");
        forecastPeriod.putAttribute("standard_name", "forecast_period");
        if (blend) {
            forecastPeriod.putAttribute("deprecation_message", "forecast_period will be removed in future and should not be used");
        }
        if (spec.hasBounds()) {
            file.putDataset("forecast_period_bnds", new int[] {Math.toIntExact(period - window), period});
        }

        WritableDataset reference = file.putDataset("forecast_reference_time", run);
        timeAttributes(reference, "forecast_reference_time");
        if (blend) {
            reference.putAttribute("deprecation_message",
                    "forecast_reference_time will be removed in future and should not be used");
        }

        WritableDataset time = file.putDataset("time", valid);
        if (spec.hasBounds()) {
            time.putAttribute("bounds", "time_bnds");
        }
        timeAttributes(time, "time");
        if (spec.hasBounds()) {
            file.putDataset("time_bnds", new long[] {valid - window, valid});
        }
    }

    private void globalAttributes(WritableHdfFile file, ForecastFileSpec spec) {
        MetOfficeModel model = spec.model();
        String created = MetOfficeNotifications.formatTime(spec.createdTime());
        if (model.blend()) {
            // IMPROVER's blends: the models blended and their cycles, no grid version or run duration.
            file.putAttribute("institution", "Met Office");
            file.putAttribute("least_significant_digit", (long) (spec.thresholds().isEmpty() ? spec.variable().leastSignificantDigit() : 3));
            file.putAttribute("mosg__model_configuration", model.modelConfiguration());
            file.putAttribute("mosg__model_run", modelRuns(spec));
            file.putAttribute("source", "IMPROVER");
            file.putAttribute("title", model.title());
            file.putAttribute("Conventions", "CF-1.7");
        } else {
            file.putAttribute("history", created + ": Isobar Met Office simulator");
            file.putAttribute("institution", "Met Office");
            file.putAttribute("least_significant_digit", (double) spec.variable().leastSignificantDigit());
            file.putAttribute("mosg__forecast_run_duration", model.runDuration());
            file.putAttribute("mosg__grid_domain", model.gridDomain());
            file.putAttribute("mosg__grid_type", "standard");
            file.putAttribute("mosg__grid_version", model.gridVersion());
            file.putAttribute("mosg__model_configuration", model.modelConfiguration());
            file.putAttribute("source", "Met Office Unified Model");
            file.putAttribute("title", model.title());
            file.putAttribute("um_version", "13.8");
            file.putAttribute("Conventions", "CF-1.7, UKMO-1.0");
        }
        file.putAttribute("comment", "Synthetic data written by the Isobar simulator (seed " + field.seed()
                + ", created " + created + "); not a forecast.");
    }

    /** {@code mosg__model_run}: each blended model's cycle before the blend time, with a weight, one per line. */
    private static String modelRuns(ForecastFileSpec spec) {
        java.time.format.DateTimeFormatter stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
                .withZone(java.time.ZoneOffset.UTC);
        String[] models = spec.model().modelConfiguration().split(" ");
        return java.util.stream.IntStream.range(0, models.length)
                .mapToObj(i -> models[i] + ":" + stamp.format(spec.forecastReferenceTime().minusSeconds(3600L * (i + 1)))
                        + ":" + String.format(java.util.Locale.ROOT, "%.3f", 1.0 / models.length))
                .collect(Collectors.joining("\n"));
    }

    private static int axis(WritableHdfFile file, String name, String axis, String units, float[] values, float[][] bounds,
            int dimId) {
        WritableDataset coordinate = file.putDataset(name, values);
        coordinate.putAttribute("axis", axis);
        coordinate.putAttribute("bounds", name + "_bnds");
        coordinate.putAttribute("units", units);
        coordinate.putAttribute("standard_name", name);
        dimensionScale(coordinate, name, dimId);
        file.putDataset(name + "_bnds", bounds);
        return dimId + 1;
    }

    /** A spot file's sites: {@code spot_index} and each site's coordinates and ids along it. */
    private static int sites(WritableHdfFile file, GridSpec grid, int dimId) {
        int n = grid.columns();
        int[] index = new int[n];
        float[] latitude = new float[n];
        float[] longitude = new float[n];
        float[] altitude = new float[n];
        byte[][] wmo = new byte[n][];
        byte[][] ids = new byte[n][];
        for (int i = 0; i < n; i++) {
            GridSpec.Site site = grid.site(i);
            index[i] = i;
            latitude[i] = (float) site.latitude();
            longitude[i] = (float) site.longitude();
            altitude[i] = (float) site.altitude();
            wmo[i] = chars(site.wmoId(), WMO_ID_LENGTH);
            ids[i] = chars(site.siteId(), SITE_ID_LENGTH);
        }
        WritableDataset spotIndex = file.putDataset("spot_index", index);
        spotIndex.putAttribute("units", "1");
        spotIndex.putAttribute("long_name", "spot_index");
        dimensionScale(spotIndex, "spot_index", dimId);
        WritableDataset alt = file.putDataset("altitude", altitude);
        alt.putAttribute("units", "m");
        alt.putAttribute("standard_name", "altitude");
        WritableDataset lat = file.putDataset("latitude", latitude);
        lat.putAttribute("units", "degrees_north");
        lat.putAttribute("standard_name", "latitude");
        WritableDataset lon = file.putDataset("longitude", longitude);
        lon.putAttribute("units", "degrees_east");
        lon.putAttribute("standard_name", "longitude");
        WritableDataset siteId = NetcdfChars.put(file, "met_office_site_id", ids);
        siteId.putAttribute("long_name", "met_office_site_id");
        siteId.putAttribute("unique_site_identifier", "true");
        NetcdfChars.put(file, "wmo_id", wmo).putAttribute("long_name", "wmo_id");
        return dimId + 1;
    }

    /** {@code text} as {@code length} ASCII bytes, NUL-padded, as a netCDF {@code char} row. */
    private static byte[] chars(String text, int length) {
        byte[] out = new byte[length];
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, out, 0, Math.min(length, bytes.length));
        return out;
    }

    private static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
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

    /** A dimension without a coordinate variable ({@code bnds}, {@code string5}), as netCDF-C marks it. */
    private static void dimensionOnly(WritableNode node, int length, int dimId) {
        node.putAttribute("CLASS", "DIMENSION_SCALE");
        node.putAttribute("NAME", String.format("%s%10d", DIM_WITHOUT_VARIABLE, length));
        node.putAttribute("_Netcdf4Dimid", dimId);
    }

    /**
     * Without DIMENSION_LIST, netCDF-C gives each axis of a variable the first dimension of the same length,
     * so two dimensions of equal length (or one of length 2, like {@code bnds}, or 5 and 8, a spot file's id strings)
     * would be confused.
     */
    static void checkDimensionLengths(ForecastFileSpec spec) {
        List<String> dims = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        if (spec.lead() != null) {
            dims.add(spec.lead());
            lengths.add(spec.leadSize());
        }
        if (spec.variable().hasLevelDimension()) {
            dims.add(spec.variable().levels().coordinate());
            lengths.add(spec.variable().levels().size());
        }
        switch (spec.grid().kind()) {
            case PROJECTED -> {
                dims.addAll(List.of("projection_y_coordinate", "projection_x_coordinate"));
                lengths.addAll(List.of(spec.grid().rows(), spec.grid().columns()));
            }
            case LATITUDE_LONGITUDE -> {
                dims.addAll(List.of("latitude", "longitude"));
                lengths.addAll(List.of(spec.grid().rows(), spec.grid().columns()));
            }
            case SPOT -> {
                dims.addAll(List.of("spot_index", "string5", "string8"));
                lengths.addAll(List.of(spec.grid().columns(), WMO_ID_LENGTH, SITE_ID_LENGTH));
            }
        }
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
