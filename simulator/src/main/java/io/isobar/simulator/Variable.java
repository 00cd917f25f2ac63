package io.isobar.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * One kind of file the simulator writes: the Met Office file-name parameter and the CF variable inside.
 *
 * @param parameter the name in object keys, e.g. {@code temperature_at_screen_level}
 * @param name the netCDF data variable name, e.g. {@code air_temperature}
 * @param standardName its CF {@code standard_name}
 * @param longName its {@code long_name}, or null
 * @param units its units
 * @param levels its vertical coordinate, or null when it has none
 * @param cellMethods its {@code cell_methods} (e.g. {@code "time: maximum"}), or null for instantaneous fields
 * @param cellPeriod the period {@code cellMethods} covers, ending at the validity time; null when instantaneous
 * @param leastSignificantDigit decimal digits kept (values are quantised as netCDF's {@code least_significant_digit})
 */
public record Variable(String parameter, String name, String standardName, String longName, String units,
                       Levels levels, String cellMethods, Duration cellPeriod, int leastSignificantDigit) {

    public Variable {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(standardName, "standardName");
        Objects.requireNonNull(units, "units");
        if ((cellMethods == null) != (cellPeriod == null)) {
            throw new IllegalArgumentException("variable " + parameter + ": cellMethods and cellPeriod go together");
        }
    }

    /** True when the data variable has a level dimension (not merely a scalar level). */
    public boolean hasLevelDimension() {
        return levels != null && !levels.scalar();
    }

    /**
     * The thresholds a probability blend of this quantity holds, in its units (a few of IMPROVER's: the real files hold
     * dozens), or empty for a quantity the simulator has none for. None of the counts is 2, 5 or 8, the lengths of
     * {@code bnds} and of a spot file's {@code string5}/{@code string8}: files without {@code DIMENSION_LIST} are
     * matched to their dimensions by length.
     */
    public java.util.List<Double> thresholds() {
        return switch (standardName) {
            case "air_temperature" -> java.util.List.of(263.15, 268.15, 273.15, 278.15, 283.15, 288.15, 293.15, 298.15, 303.15);
            case "wind_speed" -> java.util.List.of(2.5, 5.0, 7.5, 10.0, 15.0, 20.0, 25.0);
            case "relative_humidity" -> java.util.List.of(40.0, 50.0, 60.0, 70.0, 80.0, 90.0);
            // 0.1, 1, 4 and 10 mm per hour, in m s-1
            case "rainfall_rate" -> java.util.List.of(2.778e-8, 2.778e-7, 1.111e-6, 2.778e-6);
            case "air_pressure_at_sea_level" -> java.util.List.of(97000.0, 98000.0, 99000.0, 100000.0, 101000.0, 102000.0,
                    103000.0);
            default -> java.util.List.of();
        };
    }

    /** The data variable of a probability blend of this quantity: {@code probability_of_air_temperature_above_threshold}. */
    public String probabilityName() {
        return "probability_of_" + standardName + "_above_threshold";
    }

    /** The levels written to the file; one NaN when the variable has no vertical coordinate. */
    public double[] levelValues() {
        return levels == null ? new double[] {Double.NaN} : levels.values().stream().mapToDouble(Double::doubleValue).toArray();
    }
}
