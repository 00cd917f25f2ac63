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

    /** The levels written to the file; one NaN when the variable has no vertical coordinate. */
    public double[] levelValues() {
        return levels == null ? new double[] {Double.NaN} : levels.values().stream().mapToDouble(Double::doubleValue).toArray();
    }
}
