package io.isobar.query.units;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import ucar.units.ConversionException;
import ucar.units.Converter;
import ucar.units.Unit;
import ucar.units.UnitFormat;
import ucar.units.UnitFormatManager;
import ucar.units.UnknownUnit;

/**
 * The one place values change units: unit strings as CF writes them ({@code K}, {@code m s-1}, {@code kg m-2 s-1}),
 * read by UDUNITS ({@code edu.ucar:udunits}, the grammar CF unit strings are written in), so any unit UDUNITS knows
 * converts to any compatible one ({@code degC}, {@code degF}, {@code km/h}, {@code kt}, {@code mm/h}, {@code hPa},
 * {@code %}).
 *
 * <p>Two facts are added on top, at the level of aliases and no more: {@code mph} means miles per hour (UDUNITS reads
 * it as milliphot), and liquid water has a density of 1000 kg m-3, so a precipitation flux in {@code kg m-2 s-1} and a
 * rate in {@code m s-1} (and an amount in {@code kg m-2} and a depth in {@code m}) convert into each other, as the Met
 * Office's files use both for rain.
 */
public final class Units {

    /** Liquid water's density, kg m-3: 1 kg m-2 of rain is 1 mm of it. */
    public static final double WATER_DENSITY = 1000;

    /** What people type that UDUNITS reads otherwise (or not at all). */
    private static final Map<String, String> ALIASES = Map.of(
            "mph", "mile/hour",
            "°C", "degC",
            "°F", "degF",
            "kph", "km/h",
            "m/s", "m s-1");

    /** How answers name a unit for people: the symbols weather maps use. */
    private static final Map<String, String> LABELS = Map.of(
            "degC", "°C", "degF", "°F", "m s-1", "m/s", "celsius", "°C", "fahrenheit", "°F");

    /** Some units of each kind, for the message that refuses a conversion. */
    private static final List<List<String>> KINDS = List.of(
            List.of("a temperature", "K", "degC", "degF"),
            List.of("a speed", "m s-1", "km/h", "mph", "kt"),
            List.of("a pressure", "Pa", "hPa"),
            List.of("a precipitation rate", "kg m-2 s-1", "mm/h", "m s-1"),
            List.of("a precipitation amount", "kg m-2", "mm"),
            List.of("a length", "m", "km", "mile"),
            List.of("a fraction", "1", "%"));

    private static final Object PARSER = new Object();
    private static final Cache<String, Optional<Unit>> PARSED = Caffeine.newBuilder().maximumSize(1_000).build();
    private static final Cache<List<String>, Optional<Conversion>> CONVERSIONS = Caffeine.newBuilder().maximumSize(1_000).build();

    private Units() {}

    /**
     * How to convert values from {@code from} to {@code to}.
     *
     * @throws UnitsException if either is not a unit UDUNITS reads, or they measure different things
     */
    public static Conversion conversion(String from, String to) {
        Unit source = parse(from).orElseThrow(() -> new UnitsException("'" + from + "' is not a unit this service reads"));
        Unit target = parse(to).orElseThrow(() -> new UnitsException("'" + to + "' is not a unit UDUNITS reads (e.g. degC, km/h, mph,"
                + " kt, mm/h, hPa, %)"));
        return CONVERSIONS.get(List.of(from, to), k -> Optional.ofNullable(affine(source, target)))
                .map(c -> new Conversion(from, to, c.scale(), c.offset()))
                .orElseThrow(() -> new UnitsException("values in " + from + " (" + kind(source).orElse("this kind of quantity")
                        + ") cannot be given in " + to + (kind(target).map(k -> " (" + k + ")").orElse(""))
                        + examples(source).map(e -> "; " + from + " converts to units such as " + e).orElse("")));
    }

    /** The conversion, or empty when either unit is unknown or they measure different things. */
    public static Optional<Conversion> find(String from, String to) {
        try {
            return from == null || to == null ? Optional.empty() : Optional.of(conversion(from, to));
        } catch (UnitsException e) {
            return Optional.empty();
        }
    }

    /** Whether UDUNITS reads {@code units}. */
    public static boolean known(String units) {
        return units != null && parse(units).isPresent();
    }

    /** {@code units} as people read it on a map or chart: {@code °C} for {@code degC}, {@code m/s} for {@code m s-1}. */
    public static String label(String units) {
        return units == null ? "" : LABELS.getOrDefault(units, units);
    }

    private static Optional<Unit> parse(String units) {
        if (units == null || units.isBlank() || units.length() > 64) {
            return Optional.empty();
        }
        String spec = ALIASES.getOrDefault(units.trim(), units.trim());
        return PARSED.get(spec, s -> {
            // UDUNITS' parser is one shared instance that keeps its state in fields: one parse at a time.
            synchronized (PARSER) {
                try {
                    UnitFormat format = UnitFormatManager.instance();
                    Unit unit = format.parse(s);
                    // UDUNITS makes a new "unknown unit" of any name it does not know ("wibble"): not a unit to us.
                    boolean unknown = Arrays.stream(unit.getDerivedUnit().getDimension().getFactors())
                            .anyMatch(f -> f.getBase() instanceof UnknownUnit);
                    return unknown ? Optional.empty() : Optional.of(unit);
                } catch (Exception | Error e) {
                    // The generated parser throws TokenMgrError (an Error) on some bad characters: still just "unknown".
                    return Optional.empty();
                }
            }
        });
    }

    /** The affine map from {@code source} to {@code target}, through water's density if needed; null if there is none. */
    private static Conversion affine(Unit source, Unit target) {
        try {
            Converter direct = converter(source, target);
            if (direct == null) {
                Unit density = parse(WATER_DENSITY + " kg m-3").orElseThrow();
                // Mass per area (per time) of water <-> depth (per time): divide by the density, or multiply back.
                direct = converter(source.divideBy(density), target);
                if (direct == null) {
                    direct = converter(source.multiplyBy(density), target);
                }
            }
            if (direct == null) {
                return null;
            }
            // Double arguments: Converter.convert(float) would be chosen for an int, and lose digits.
            double offset = direct.convert(0.0);
            double scale = direct.convert(1.0) - offset;
            // Logarithmic units (dB and the like) are not affine: not offered.
            double check = direct.convert(1000.0);
            if (Math.abs(check - (offset + 1000 * scale)) > 1e-9 * Math.max(1, Math.abs(check))) {
                return null;
            }
            return new Conversion("", "", scale, offset);
        } catch (Exception e) {
            return null;
        }
    }

    private static Converter converter(Unit source, Unit target) {
        try {
            return source.isCompatible(target) ? source.getConverterTo(target) : null;
        } catch (ConversionException e) {
            return null;
        }
    }

    private static Optional<String> kind(Unit unit) {
        return KINDS.stream().filter(k -> parse(k.get(1)).map(unit::isCompatible).orElse(false)).map(k -> k.get(0)).findFirst();
    }

    private static Optional<String> examples(Unit unit) {
        return KINDS.stream().filter(k -> parse(k.get(1)).map(unit::isCompatible).orElse(false))
                .map(k -> String.join(", ", k.subList(1, k.size()))).findFirst();
    }
}
