package io.isobar.query.map;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.isobar.query.units.Units;

/**
 * How a variable is coloured on a map: colour stops (interpolated linearly in RGB), a default value range and a
 * linear or logarithmic scale. The table of palettes is {@link Palettes}; {@code docs/api.md} lists it.
 *
 * @param name the palette's name (shown in map.json and the legend)
 * @param stops colours as {@code 0xRRGGBB}, evenly spaced from {@code min} to {@code max}
 * @param min the default lower end of the range, in the variable's units
 * @param max the default upper end
 * @param log whether values are placed on a log10 scale (precipitation: most values are tiny, a few are huge)
 * @param clearBelow whether values below {@code min} are left transparent (no rain is no colour, so the map shows through)
 * @param units the units {@code min} and {@code max} are in
 */
public record Palette(String name, List<Integer> stops, double min, double max, boolean log, boolean clearBelow, String units) {

    /** How many colours a rendered picture uses (index 0 of the image's colour table is "no value", transparent). */
    public static final int LEVELS = 254;

    public Palette {
        stops = List.copyOf(stops);
        if (stops.size() < 2) {
            throw new IllegalArgumentException("a palette needs at least two colours");
        }
        if (!(min < max) || log && !(min > 0)) {
            throw new IllegalArgumentException("a palette's range must have min < max (and min > 0 on a log scale): " + min + ", " + max);
        }
    }

    /** The same palette over another range. */
    public Palette withRange(double newMin, double newMax) {
        return new Palette(name, stops, newMin, newMax, log, clearBelow, units);
    }

    /**
     * The same palette with its range in {@code other} units (the same colours for the same physical values), or empty
     * when its units do not convert to those.
     */
    public Optional<Palette> in(String other) {
        if (Objects.equals(units, other)) {
            return Optional.of(this);
        }
        return Units.find(units, other).filter(c -> c.scale() > 0)
                .map(c -> new Palette(name, stops, c.apply(min), c.apply(max), log, clearBelow, other));
    }

    /** Whether {@code value} is drawn transparent: no value, or below the range of a palette that clears it. */
    public boolean clear(double value) {
        return Double.isNaN(value) || clearBelow && value < min;
    }

    /** {@link #LEVELS} colours from {@code min} to {@code max}, as {@code 0xRRGGBB}. */
    public int[] table() {
        int[] table = new int[LEVELS];
        for (int i = 0; i < LEVELS; i++) {
            table[i] = colourAt(i / (double) (LEVELS - 1));
        }
        return table;
    }

    /** Where {@code value} falls in the range, 0..1 (clamped), on the palette's scale; NaN for NaN. */
    public double position(double value) {
        if (Double.isNaN(value)) {
            return Double.NaN;
        }
        double p;
        if (log) {
            // Zero and below take the lowest colour (the range's min is above zero).
            p = value <= 0 ? 0 : (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        } else {
            p = (value - min) / (max - min);
        }
        return Math.max(0, Math.min(1, p));
    }

    /** The value at position {@code p} (0..1) of the range: the inverse of {@link #position}. */
    public double valueAt(double p) {
        if (log) {
            double lo = Math.log10(min);
            return Math.pow(10, lo + p * (Math.log10(max) - lo));
        }
        return min + p * (max - min);
    }

    /** The colour at position {@code p} (0..1) along the stops. */
    public int colourAt(double p) {
        double at = Math.max(0, Math.min(1, p)) * (stops.size() - 1);
        int i = Math.min((int) Math.floor(at), stops.size() - 2);
        double f = at - i;
        int a = stops.get(i);
        int b = stops.get(i + 1);
        return mix(a >> 16 & 0xff, b >> 16 & 0xff, f) << 16 | mix(a >> 8 & 0xff, b >> 8 & 0xff, f) << 8 | mix(a & 0xff, b & 0xff, f);
    }

    /** {@code #rrggbb} of a colour. */
    public static String css(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xffffff);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
