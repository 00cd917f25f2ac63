package io.isobar.query.units;

/**
 * An affine change of units, {@code to = from * scale + offset} (every conversion between the units of weather
 * quantities is one: K to degC adds an offset, m s-1 to mph scales).
 *
 * @param from the units values are in
 * @param to the units they are given in
 */
public record Conversion(String from, String to, double scale, double offset) {

    /** No change: values stay in {@code units}. */
    public static Conversion identity(String units) {
        return new Conversion(units, units, 1, 0);
    }

    public boolean isIdentity() {
        return scale == 1 && offset == 0;
    }

    public double apply(double value) {
        return isIdentity() ? value : value * scale + offset;
    }

    /**
     * A stored float in the new units, rounded to the precision the float had (its ulp, scaled, up to the next power
     * of ten): more digits would be noise of the conversion (273.15f K is 0 degC, not -6.1e-6).
     */
    public Float apply(Float value) {
        if (value == null || isIdentity() || !Float.isFinite(value)) {
            return value;
        }
        double converted = apply(value.doubleValue());
        double quantum = Math.pow(10, Math.ceil(Math.log10(Math.ulp(value) * Math.abs(scale))));
        double steps = converted / quantum;
        return Math.abs(steps) < 1e15 ? (float) (Math.rint(steps) * quantum) : (float) converted;
    }

    /** From the new units back to the old ones (a threshold given in degC, compared with values in K). */
    public double invert(double value) {
        return isIdentity() ? value : (value - offset) / scale;
    }

    /**
     * An ensemble statistic in the new units: a spread ({@code std}) scales without the offset, a probability
     * ({@code probability_above_...}) has no units, the others ({@code mean}, {@code min}, {@code p90}) convert as values.
     */
    public Float applyToStatistic(String statistic, Float value) {
        if (value == null || isIdentity() || statistic.startsWith("probability_")) {
            return value;
        }
        if (statistic.equals("std")) {
            return new Conversion(from, to, Math.abs(scale), 0).apply(value);
        }
        return apply(value);
    }
}
