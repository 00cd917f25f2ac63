package io.isobar.simulator;

import java.util.SplittableRandom;

/**
 * The values the simulator writes: smooth, plausible weather fields that vary in space, with the time of
 * day, with the season, from run to run and from member to member. Deterministic for a given seed, and
 * public, so a test can compute the value it expects at any cell of any simulated file.
 *
 * <p>Shapes, roughly: air temperature near 283 K, colder to the north and aloft, warmest mid-afternoon
 * local time, with moving synoptic waves; wind speed positive, stronger to the north and with height;
 * relative humidity in %, 5..100, highest at night; rainfall rate in m s-1, zero outside moving rain
 * bands, up to about 8 mm/h inside them; mean sea-level pressure around 1013 hPa. Values are quantised to
 * the variable's {@link Variable#leastSignificantDigit()} (as netCDF's {@code least_significant_digit}),
 * which keeps files as compressible as the real ones and makes the stored float exactly the value returned.
 */
public final class SyntheticField {

    private static final double TWO_PI = 2 * Math.PI;

    private final long seed;
    private final double[] phase = new double[6];

    public SyntheticField(long seed) {
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < phase.length; i++) {
            phase[i] = random.nextDouble(TWO_PI);
        }
    }

    public long seed() {
        return seed;
    }

    /**
     * The value stored for {@code spec}'s variable at one cell.
     *
     * @param realization the ensemble member (0 for deterministic models)
     * @param level the height (m) or pressure (Pa) level, or NaN when the variable has none
     */
    public float value(ForecastFileSpec spec, int realization, double level, int row, int column) {
        return value(spec.variable(), spec.forecastReferenceTime().getEpochSecond(), spec.time().getEpochSecond(),
                realization, level, spec.grid().x(column), spec.grid().y(row));
    }

    /**
     * The value of {@code variable} at a point.
     *
     * @param runEpochSeconds the forecast reference time
     * @param validEpochSeconds the validity time
     * @param realization the ensemble member; 0 (the control member, and deterministic models) has no perturbation
     * @param level the height (m) or pressure (Pa) level, or NaN when the variable has none
     * @param x projection x, metres
     * @param y projection y, metres
     */
    public float value(Variable variable, long runEpochSeconds, long validEpochSeconds, int realization, double level,
                       double x, double y) {
        return quantise(raw(variable, runEpochSeconds, validEpochSeconds, realization, level, x, y),
                variable.leastSignificantDigit());
    }

    private double raw(Variable variable, long run, long valid, int realization, double level, double x, double y) {
        double hours = valid / 3600.0;
        double lead = (valid - run) / 3600.0;
        double xk = x / 1000.0;
        double yk = y / 1000.0;
        // About 64 km per degree of longitude at 55N; local solar time drives the diurnal cycle.
        double longitude = -2.5 + xk / 64.0;
        double solarHour = Math.floorMod(valid, 86_400L) / 3600.0 + longitude / 15.0;
        double diurnal = Math.cos(TWO_PI * (solarHour - 15.0) / 24.0);
        double dayOfYear = (valid / 86_400.0) % 365.25;
        double seasonal = -Math.cos(TWO_PI * (dayOfYear - 20.0) / 365.25);
        double wave = Math.sin(TWO_PI * (xk / 900.0 - hours / 36.0) + phase[0])
                * Math.cos(TWO_PI * (yk / 700.0 + hours / 60.0) + phase[1]);
        double wave2 = Math.sin(TWO_PI * (xk / 400.0 + yk / 550.0 - hours / 20.0) + phase[2]);
        // Forecasts from different runs disagree more the further ahead they look.
        double runSpread = 0.02 * lead * Math.sin(TWO_PI * xk / 300.0 + run / 3600.0 * 0.37 + phase[3]);
        double member = realization <= 0 ? 0.0 : Math.sin(1.7 * realization + phase[4]) * (0.3 + 0.01 * lead);

        switch (variable.standardName()) {
            case "air_temperature": {
                double t = 283.0 + 6.0 * seasonal - 4.5 * yk / 1000.0 + 4.0 * diurnal + 3.0 * wave + runSpread + member;
                if (variable.cellMethods() != null && variable.cellMethods().contains("maximum")) {
                    t += 0.6;
                }
                if (variable.levels() != null && variable.levels().isPressure()) {
                    return t * Math.pow(level / 101_325.0, 0.19);
                }
                return Double.isNaN(level) ? t : t - 0.0065 * (level - 1.5);
            }
            case "wind_speed": {
                double w = 6.0 + 1.5 * yk / 1000.0 + 3.0 * wave2 + diurnal + 2.0 * runSpread + member;
                if (!Double.isNaN(level) && level > 0) {
                    w *= 1.0 + 0.2 * Math.log(level / 10.0);
                }
                return Math.max(0.0, w);
            }
            case "relative_humidity":
                return Math.max(5.0, Math.min(100.0, 78.0 - 12.0 * diurnal + 10.0 * wave + 4.0 * member + 2.0 * runSpread));
            case "rainfall_rate":
                return Math.max(0.0, 0.6 * wave2 + 0.4 * wave + 0.1 * member + 0.05 * runSpread - 0.45) * 4e-6;
            case "air_pressure_at_sea_level":
                return 101_300.0 + 1500.0 * wave - 800.0 * wave2 + 50.0 * member + 20.0 * runSpread;
            default:
                return wave + 0.5 * wave2 + 0.1 * diurnal + member;
        }
    }

    /**
     * Keeps {@code digits} decimal digits the way netCDF's {@code least_significant_digit} does: rounds to a
     * multiple of a power of two no coarser than 10^-digits, so the result is exact in a float.
     */
    static float quantise(double value, int digits) {
        double scale = Math.pow(2, Math.ceil(Math.log(Math.pow(10, digits)) / Math.log(2)));
        return (float) (Math.round(value * scale) / scale);
    }
}
