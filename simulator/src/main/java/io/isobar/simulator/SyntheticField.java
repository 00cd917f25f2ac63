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
 * cells, up to about 8 mm/h inside them; mean sea-level pressure around 1013 hPa. Values are quantised to
 * the variable's {@link Variable#leastSignificantDigit()} (as netCDF's {@code least_significant_digit}),
 * which keeps files as compressible as the real ones and makes the stored float exactly the value returned.
 *
 * <p>Every term is a function of time, of x alone or of y alone, so {@link #plane} computes a whole grid
 * from per-column and per-row terms, with the same arithmetic as {@link #value} and so the same floats.
 *
 * <p>On latitude/longitude grids and at sites the same shapes are laid on the globe ({@link #valueAt}): warm tropics,
 * cold poles, waves and the day going round in longitude, periodic so that the field is continuous across the
 * antimeridian. A blend's percentile {@code p} is the field plus {@code z(p)} times a spread (growing with lead time);
 * its probability above threshold {@code t} is {@code 1 - Phi((t - field) / spread)}.
 */
public final class SyntheticField {

    private static final double TWO_PI = 2 * Math.PI;

    private enum Kind { TEMPERATURE, WIND, HUMIDITY, RAIN, PRESSURE, OTHER }

    private final long seed;
    private final double[] phase = new double[7];

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
     * The value stored for {@code spec}'s variable at one cell (for a blend: the field its percentiles and probabilities
     * are made from; {@link #valueAt} gives what its file holds).
     *
     * @param realization the ensemble member (0 for deterministic models)
     * @param level the height (m) or pressure (Pa) level, or NaN when the variable has none
     */
    public float value(ForecastFileSpec spec, int realization, double level, int row, int column) {
        if (spec.grid().kind() != io.isobar.netcdf.GridKind.PROJECTED) {
            return globe(spec, realization, level, row, row + 1, column, column + 1)[0][0];
        }
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
        Time t = time(runEpochSeconds, validEpochSeconds, realization);
        Kind kind = kind(variable);
        return quantise(combine(kind, maximum(variable), t,
                        diurnal(validEpochSeconds, x), waveX(t, x), wave2X(t, x), runX(runEpochSeconds, x),
                        y / 1000.0, waveY(t, y), wave2Y(t, y), levelFactor(variable, kind, level), level),
                scale(variable.leastSignificantDigit()));
    }

    /**
     * The value {@code spec}'s file holds at index {@code lead} of its leading dimension (a member's index in
     * {@code spec.realizations()}, a percentile's, a threshold's; 0 when it has none), at one level, row and column (for
     * sites: row 0, column = the site).
     */
    public float valueAt(ForecastFileSpec spec, int lead, double level, int row, int column) {
        return planeAt(spec, lead, level, row, row + 1, column, column + 1)[0][0];
    }

    /** One horizontal plane of {@code spec}'s file at index {@code lead} of its leading dimension, as {@link #valueAt}. */
    public float[][] planeAt(ForecastFileSpec spec, int lead, double level) {
        return planeAt(spec, lead, level, 0, spec.grid().rows(), 0, spec.grid().columns());
    }

    private float[][] planeAt(ForecastFileSpec spec, int lead, double level, int row0, int row1, int column0, int column1) {
        int member = spec.realizations().isEmpty() ? 0 : spec.realizations().get(lead);
        float[][] plane = spec.grid().kind() == io.isobar.netcdf.GridKind.PROJECTED
                ? plane(spec, member, level, row0, row1, column0, column1)
                : globe(spec, member, level, row0, row1, column0, column1);
        if (!spec.percentiles().isEmpty() || !spec.thresholds().isEmpty()) {
            blend(spec, lead, plane);
        }
        return plane;
    }

    /** One horizontal plane of {@code spec}'s file: {@code [row][column]}, each cell as {@link #value}. */
    public float[][] plane(ForecastFileSpec spec, int realization, double level) {
        return plane(spec, realization, level, 0, spec.grid().rows(), 0, spec.grid().columns());
    }

    private float[][] plane(ForecastFileSpec spec, int realization, double level, int row0, int row1, int column0, int column1) {
        Variable variable = spec.variable();
        GridSpec grid = spec.grid();
        long run = spec.forecastReferenceTime().getEpochSecond();
        long valid = spec.time().getEpochSecond();
        Time t = time(run, valid, realization);
        Kind kind = kind(variable);
        boolean maximum = maximum(variable);
        double factor = levelFactor(variable, kind, level);
        double scale = scale(variable.leastSignificantDigit());

        int columns = column1 - column0;
        double[] diurnal = new double[columns];
        double[] waveX = new double[columns];
        double[] wave2X = new double[columns];
        double[] runX = new double[columns];
        for (int c = 0; c < columns; c++) {
            double x = grid.x(column0 + c);
            diurnal[c] = diurnal(valid, x);
            waveX[c] = waveX(t, x);
            wave2X[c] = wave2X(t, x);
            runX[c] = runX(run, x);
        }
        float[][] plane = new float[row1 - row0][columns];
        for (int r = 0; r < row1 - row0; r++) {
            double y = grid.y(row0 + r);
            double yk = y / 1000.0;
            double waveY = waveY(t, y);
            double wave2Y = wave2Y(t, y);
            float[] out = plane[r];
            for (int c = 0; c < columns; c++) {
                out[c] = quantise(combine(kind, maximum, t, diurnal[c], waveX[c], wave2X[c], runX[c], yk, waveY, wave2Y,
                        factor, level), scale);
            }
        }
        return plane;
    }

    /** The field on a latitude/longitude grid or at sites: terms per longitude and per latitude, as {@link #plane}. */
    private float[][] globe(ForecastFileSpec spec, int realization, double level, int row0, int row1, int column0, int column1) {
        Variable variable = spec.variable();
        GridSpec grid = spec.grid();
        boolean sites = grid.kind() == io.isobar.netcdf.GridKind.SPOT;
        long run = spec.forecastReferenceTime().getEpochSecond();
        long valid = spec.time().getEpochSecond();
        Time t = time(run, valid, realization);
        Kind kind = kind(variable);
        boolean maximum = maximum(variable);
        double factor = levelFactor(variable, kind, level);
        double scale = scale(variable.leastSignificantDigit());
        float[][] plane = new float[row1 - row0][column1 - column0];
        for (int r = 0; r < row1 - row0; r++) {
            for (int c = 0; c < column1 - column0; c++) {
                double lat;
                double lon;
                if (sites) {
                    GridSpec.Site site = grid.site(column0 + c);
                    lat = site.latitude();
                    lon = site.longitude();
                } else {
                    lat = grid.y(row0 + r);
                    lon = grid.x(column0 + c);
                }
                plane[r][c] = quantise(globeValue(kind, maximum, t, valid, run, lat, lon, factor, level), scale);
            }
        }
        return plane;
    }

    /** The global shapes; every longitude term is periodic, so the field is continuous across the antimeridian. */
    private double globeValue(Kind kind, boolean maximum, Time t, long valid, long run, double lat, double lon, double levelFactor,
                              double level) {
        double phi = Math.toRadians(lat);
        double lambda = Math.toRadians(lon);
        double solarHour = Math.floorMod(valid, 86_400L) / 3600.0 + lon / 15.0;
        double diurnal = Math.cos(TWO_PI * (solarHour - 15.0) / 24.0) * Math.cos(phi);
        double wave = Math.sin(3 * lambda - TWO_PI * t.hours() / 36.0 + phase[0]) * Math.cos(4 * phi + TWO_PI * t.hours() / 60.0 + phase[1]);
        double wave2 = Math.sin(5 * lambda - TWO_PI * t.hours() / 20.0 + phase[2]) * Math.cos(6 * phi + TWO_PI * t.hours() / 45.0 + phase[5]);
        double runSpread = 0.02 * t.lead() * Math.sin(2 * lambda + run / 3600.0 * 0.37 + phase[3]);
        double member = t.member();
        double sin = Math.sin(phi);
        switch (kind) {
            case TEMPERATURE: {
                double temperature = 300.0 - 45.0 * sin * sin + 6.0 * t.seasonal() * sin + 4.0 * diurnal + 3.0 * wave
                        + runSpread + member + (maximum ? 0.6 : 0.0);
                return Double.isNaN(levelFactor) ? temperature - 0.0065 * (level - 1.5) : temperature * levelFactor;
            }
            case WIND:
                return Math.max(0.0, (6.0 + 4.0 * Math.abs(Math.sin(2 * phi)) + 3.0 * wave2 + diurnal + 2.0 * runSpread + member)
                        * levelFactor);
            case HUMIDITY:
                return Math.max(5.0, Math.min(100.0, 75.0 - 12.0 * diurnal + 10.0 * wave + 4.0 * member + 2.0 * runSpread));
            case RAIN:
                return Math.max(0.0, 0.6 * wave2 + 0.4 * wave + 0.1 * member + 0.05 * runSpread - 0.45) * 4e-6;
            case PRESSURE:
                return 101_300.0 + 1500.0 * wave - 800.0 * wave2 + 50.0 * member + 20.0 * runSpread;
            default:
                return wave + 0.5 * wave2 + 0.1 * diurnal + member;
        }
    }

    /**
     * Turns a plane of the field into a blend's: its percentile (field plus {@code z(p)} spreads, within the quantity's
     * bounds) or its probability of reaching the threshold (three decimals, as IMPROVER keeps them).
     */
    private void blend(ForecastFileSpec spec, int lead, float[][] plane) {
        Variable variable = spec.variable();
        Kind kind = kind(variable);
        double leadHours = spec.forecastPeriod().getSeconds() / 3600.0;
        double spread = switch (kind) {
            case TEMPERATURE -> 1.0 + 0.015 * leadHours;
            case WIND -> 0.8 + 0.01 * leadHours;
            case HUMIDITY -> 5.0 + 0.05 * leadHours;
            case RAIN -> 5e-7 * (1 + 0.01 * leadHours);
            case PRESSURE -> 150.0 + 3.0 * leadHours;
            default -> 0.3;
        };
        double scale = scale(variable.leastSignificantDigit());
        boolean percentile = !spec.percentiles().isEmpty();
        double z = percentile ? probit(spec.percentiles().get(lead) / 100.0) : 0;
        double threshold = percentile ? 0 : spec.thresholds().get(lead);
        for (float[] row : plane) {
            for (int c = 0; c < row.length; c++) {
                if (percentile) {
                    double v = row[c] + z * spread;
                    if (kind == Kind.WIND || kind == Kind.RAIN) {
                        v = Math.max(0, v);
                    } else if (kind == Kind.HUMIDITY) {
                        v = Math.max(0, Math.min(100, v));
                    }
                    row[c] = quantise(v, scale);
                } else {
                    row[c] = quantise(1 - normal((threshold - row[c]) / spread), PROBABILITY_SCALE);
                }
            }
        }
    }

    /** Probabilities keep three decimals ({@code least_significant_digit = 3}). */
    private static final double PROBABILITY_SCALE = scale(3);

    /** The standard normal distribution function, by Abramowitz and Stegun 7.1.26 (error under 1.5e-7). */
    static double normal(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.sqrt(2));
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-x * x / 2);
        return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }

    /** The standard normal quantile of {@code p} (0 < p < 1), by bisection on {@link #normal}: exact to 1e-9. */
    static double probit(double p) {
        double lo = -9;
        double hi = 9;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (normal(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** What depends on time and member only. */
    private record Time(double hours, double lead, double seasonal, double member) {}

    private Time time(long run, long valid, int realization) {
        double hours = valid / 3600.0;
        double lead = (valid - run) / 3600.0;
        double dayOfYear = (valid / 86_400.0) % 365.25;
        double seasonal = -Math.cos(TWO_PI * (dayOfYear - 20.0) / 365.25);
        double member = realization <= 0 ? 0.0 : Math.sin(1.7 * realization + phase[4]) * (0.3 + 0.01 * lead);
        return new Time(hours, lead, seasonal, member);
    }

    /** +1 at 15:00 local solar time, -1 at 03:00; about 64 km per degree of longitude at 55N. */
    private static double diurnal(long valid, double x) {
        double longitude = -2.5 + x / 1000.0 / 64.0;
        double solarHour = Math.floorMod(valid, 86_400L) / 3600.0 + longitude / 15.0;
        return Math.cos(TWO_PI * (solarHour - 15.0) / 24.0);
    }

    private double waveX(Time t, double x) {
        return Math.sin(TWO_PI * (x / 1000.0 / 900.0 - t.hours() / 36.0) + phase[0]);
    }

    private double waveY(Time t, double y) {
        return Math.cos(TWO_PI * (y / 1000.0 / 700.0 + t.hours() / 60.0) + phase[1]);
    }

    private double wave2X(Time t, double x) {
        return Math.sin(TWO_PI * (x / 1000.0 / 400.0 - t.hours() / 20.0) + phase[2]);
    }

    private double wave2Y(Time t, double y) {
        return Math.cos(TWO_PI * (y / 1000.0 / 550.0 + t.hours() / 45.0) + phase[5]);
    }

    /** Forecasts from different runs disagree more the further ahead they look (scaled by lead in combine). */
    private double runX(long run, double x) {
        return Math.sin(TWO_PI * x / 1000.0 / 300.0 + run / 3600.0 * 0.37 + phase[3]);
    }

    private static double combine(Kind kind, boolean maximum, Time t, double diurnal, double waveX, double wave2X,
                                  double runX, double yk, double waveY, double wave2Y, double levelFactor, double level) {
        double wave = waveX * waveY;
        double wave2 = wave2X * wave2Y;
        double runSpread = 0.02 * t.lead() * runX;
        double member = t.member();
        switch (kind) {
            case TEMPERATURE: {
                double temperature = 283.0 + 6.0 * t.seasonal() - 4.5 * yk / 1000.0 + 4.0 * diurnal + 3.0 * wave
                        + runSpread + member + (maximum ? 0.6 : 0.0);
                return Double.isNaN(levelFactor) ? temperature - 0.0065 * (level - 1.5) : temperature * levelFactor;
            }
            case WIND:
                return Math.max(0.0, (6.0 + 1.5 * yk / 1000.0 + 3.0 * wave2 + diurnal + 2.0 * runSpread + member) * levelFactor);
            case HUMIDITY:
                return Math.max(5.0, Math.min(100.0, 78.0 - 12.0 * diurnal + 10.0 * wave + 4.0 * member + 2.0 * runSpread));
            case RAIN:
                return Math.max(0.0, 0.6 * wave2 + 0.4 * wave + 0.1 * member + 0.05 * runSpread - 0.45) * 4e-6;
            case PRESSURE:
                return 101_300.0 + 1500.0 * wave - 800.0 * wave2 + 50.0 * member + 20.0 * runSpread;
            default:
                return wave + 0.5 * wave2 + 0.1 * diurnal + member;
        }
    }

    /**
     * The level's multiplier: pressure levels scale temperature (colder aloft), heights scale wind (a log
     * profile above 10 m). NaN for temperature at a height, which is adjusted by a lapse rate instead.
     */
    private static double levelFactor(Variable variable, Kind kind, double level) {
        boolean pressure = variable.levels() != null && variable.levels().isPressure();
        if (kind == Kind.TEMPERATURE) {
            return pressure ? Math.pow(level / 101_325.0, 0.19) : Double.NaN;
        }
        if (kind == Kind.WIND && !pressure && !Double.isNaN(level) && level > 0) {
            return 1.0 + 0.2 * Math.log(level / 10.0);
        }
        return 1.0;
    }

    private static Kind kind(Variable variable) {
        return switch (variable.standardName()) {
            case "air_temperature" -> Kind.TEMPERATURE;
            case "wind_speed" -> Kind.WIND;
            case "relative_humidity" -> Kind.HUMIDITY;
            case "rainfall_rate" -> Kind.RAIN;
            case "air_pressure_at_sea_level" -> Kind.PRESSURE;
            default -> Kind.OTHER;
        };
    }

    private static boolean maximum(Variable variable) {
        return variable.cellMethods() != null && variable.cellMethods().contains("maximum");
    }

    /** The power of two no coarser than 10^-digits, as netCDF's {@code least_significant_digit} uses. */
    private static double scale(int digits) {
        return Math.pow(2, Math.ceil(Math.log(Math.pow(10, digits)) / Math.log(2)));
    }

    private static float quantise(double value, double scale) {
        return (float) (Math.round(value * scale) / scale);
    }

    /** Keeps {@code digits} decimal digits the way netCDF's {@code least_significant_digit} does. */
    static float quantise(double value, int digits) {
        return quantise(value, scale(digits));
    }
}
