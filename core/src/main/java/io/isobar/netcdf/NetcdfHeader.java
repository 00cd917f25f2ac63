package io.isobar.netcdf;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The metadata of one Met Office forecast file, read from its netCDF-4 header: what the data variable
 * is, which model run and forecast step it belongs to, and the grid it lies on.
 *
 * <p>Field names follow CF and the Met Office notifications; they are the JSON names (snake_case) that
 * {@code isobar inspect} prints and the index stores. Times are UTC instants; {@code forecast_period} is
 * whole seconds. Lists are empty, never null, when the file has no such coordinate.
 *
 * @param variable the CF variable name of the data variable (e.g. {@code air_temperature})
 * @param standardName its {@code standard_name}, or null
 * @param longName its {@code long_name}, or null
 * @param units its {@code units}, or null
 * @param cellMethods its {@code cell_methods} (e.g. {@code "time: maximum"}), or null
 * @param model the canonical model name ({@link io.isobar.model.ModelNames}), or null if the file does not say
 * @param forecastReferenceTime the model run (scalar {@code forecast_reference_time})
 * @param forecastPeriod seconds from the run to the validity time (scalar {@code forecast_period})
 * @param time the validity time (scalar {@code time})
 * @param timeBounds {@code [start, end]} from {@code time_bnds}, or empty
 * @param forecastPeriodBounds {@code [start, end]} seconds from {@code forecast_period_bnds}, or empty
 * @param dimensions the data variable's dimensions, in order, with their sizes
 * @param chunkShape the data variable's chunk shape, or empty when contiguous
 * @param compression e.g. {@code "deflate"}, or null
 * @param realizations ensemble members ({@code realization}), or empty
 * @param heights height levels in metres ({@code height}), or empty
 * @param pressures pressure levels in Pa ({@code pressure}), or empty
 * @param gridMapping the grid mapping variable's name and CF parameters
 * @param xCoordinates first, last and step of {@code projection_x_coordinate} (metres)
 * @param yCoordinates first, last and step of {@code projection_y_coordinate} (metres)
 * @param attributes the file's global attributes as strings (title, institution, mosg__*, ...)
 * @param percentiles the {@code percentile} coordinate's values (in %) of a percentile file, or empty
 * @param threshold the {@code threshold} coordinate of a probability file, or null
 * @param sites the number of sites ({@code spot_index}) of a spot file; 0 for a grid
 */
public record NetcdfHeader(
        String variable,
        String standardName,
        String longName,
        String units,
        String cellMethods,
        String model,
        Instant forecastReferenceTime,
        long forecastPeriod,
        Instant time,
        List<Instant> timeBounds,
        List<Long> forecastPeriodBounds,
        List<Dimension> dimensions,
        List<Integer> chunkShape,
        String compression,
        List<Integer> realizations,
        List<Double> heights,
        List<Double> pressures,
        GridMapping gridMapping,
        Axis xCoordinates,
        Axis yCoordinates,
        Map<String, String> attributes,
        List<Double> percentiles,
        Threshold threshold,
        int sites) {

    public NetcdfHeader {
        // Layouts recorded before these were read decode them as null.
        percentiles = percentiles == null ? List.of() : List.copyOf(percentiles);
    }

    /** A header of a gridded file without percentiles or thresholds (the models' files). */
    public NetcdfHeader(String variable, String standardName, String longName, String units, String cellMethods, String model,
            Instant forecastReferenceTime, long forecastPeriod, Instant time, List<Instant> timeBounds,
            List<Long> forecastPeriodBounds, List<Dimension> dimensions, List<Integer> chunkShape, String compression,
            List<Integer> realizations, List<Double> heights, List<Double> pressures, GridMapping gridMapping,
            Axis xCoordinates, Axis yCoordinates, Map<String, String> attributes) {
        this(variable, standardName, longName, units, cellMethods, model, forecastReferenceTime, forecastPeriod, time,
                timeBounds, forecastPeriodBounds, dimensions, chunkShape, compression, realizations, heights, pressures,
                gridMapping, xCoordinates, yCoordinates, attributes, List.of(), null, 0);
    }

    /**
     * How the file's values are placed: sites (a spot file), a latitude/longitude grid or a projected grid; null when
     * the file says neither (no grid mapping, no latitude/longitude axes).
     */
    public GridKind gridKind() {
        if (sites > 0) {
            return GridKind.SPOT;
        }
        if (gridMapping == null) {
            return null;
        }
        return LATITUDE_LONGITUDE.equals(gridMapping.parameters().get("grid_mapping_name")) ? GridKind.LATITUDE_LONGITUDE
                : GridKind.PROJECTED;
    }

    /** CF's {@code grid_mapping_name} of a regular latitude/longitude grid. */
    public static final String LATITUDE_LONGITUDE = "latitude_longitude";

    /**
     * The model the file belongs to: its own ({@code mosg__model_configuration}) when it says, else {@code named}, the
     * canonical name whoever hands the file over gives (the notification, the backfill's mapping, the command line).
     * The one place this rule lives. Null when neither knows.
     */
    public String modelOr(String named) {
        return model != null ? model : named;
    }

    /** One dimension of the data variable. */
    public record Dimension(String name, int size) {}

    /** A CF grid mapping: its variable name and its attributes ({@code grid_mapping_name}, axes, origin, ...). */
    public record GridMapping(String name, Map<String, Object> parameters) {}

    /** A regular 1-D coordinate: first value, last value, spacing and length. */
    public record Axis(double first, double last, double step, int size) {}

    /**
     * The thresholds of a probability file: the data variable holds, per threshold, the probability that
     * {@code name} compares to it as {@code comparison} says (IMPROVER's {@code threshold} coordinate).
     *
     * @param name the quantity thresholded: the coordinate's {@code standard_name}, else its {@code long_name}
     *     (e.g. {@code air_temperature})
     * @param units the thresholds' units (e.g. {@code K}, {@code m s-1})
     * @param comparison IMPROVER's {@code spp__relative_to_threshold}: {@code greater_than},
     *     {@code greater_than_or_equal_to}, {@code less_than}, {@code less_than_or_equal_to} or
     *     {@code between_thresholds}; null when the file does not say
     * @param values the thresholds, in file order
     */
    public record Threshold(String name, String units, String comparison, List<Double> values) {

        public Threshold {
            values = values == null ? List.of() : List.copyOf(values);
        }

        /** {@code above}, {@code below} or {@code between} ({@code comparison} in a word), or null when unknown. */
        public String direction() {
            if (comparison == null) {
                return null;
            }
            if (comparison.startsWith("greater")) {
                return "above";
            }
            if (comparison.startsWith("less")) {
                return "below";
            }
            return comparison.startsWith("between") ? "between" : null;
        }
    }
}
