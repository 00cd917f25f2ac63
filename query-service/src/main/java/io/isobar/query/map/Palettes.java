package io.isobar.query.map;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one table of map palettes: which colours and default range each variable gets (documented in
 * {@code docs/api.md}, "Map pictures"). No colour-map library resolves in our Maven registry, so the colour stops are
 * our own short lists, sampled from well-known perceptual maps (viridis-like for most fields, a blue-white-red
 * diverging map for temperature, a white-to-blue map for humidity and cloud).
 *
 * <p>Each palette is in canonical physical units and converted to a file's own units when drawn ({@link #forField}),
 * so {@code rainfall_rate} in m s-1 and in kg m-2 s-1 draw alike. A variable not in the table, or in units that do not
 * convert, gets the default palette over the field's own range.
 */
public final class Palettes {

    /** Perceptually ordered, colour-blind safe: the default. */
    static final List<Integer> VIRIDIS = List.of(0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779,
            0x6ece58, 0xb5de2b, 0xfde725);
    /** Cold blue through white to hot red. */
    static final List<Integer> TEMPERATURE = List.of(0x313695, 0x4575b4, 0x74add1, 0xabd9e9, 0xe0f3f8, 0xfee090, 0xfdae61,
            0xf46d43, 0xd73027, 0xa50026);
    /** Dry (pale) to wet (deep blue). */
    static final List<Integer> HUMIDITY = List.of(0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5,
            0x08519c, 0x08306b);
    /** Light rain (pale green) to extreme (purple). */
    static final List<Integer> PRECIPITATION = List.of(0xe0f3db, 0xa8ddb5, 0x4eb3d3, 0x2b8cbe, 0x0868ac, 0x084081, 0xfdbb84,
            0xef6548, 0xb30000, 0x7a0177);
    /** Clear (dark) to overcast (white). */
    static final List<Integer> CLOUD = List.of(0x1d3557, 0x457b9d, 0x8fa9bf, 0xc9d6df, 0xf1f1f1, 0xffffff);
    /** Calm (pale) to gale (dark red). */
    static final List<Integer> WIND = List.of(0xffffcc, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x253494,
            0x762a83, 0x9e0142);

    private static final Palette TEMPERATURE_C = new Palette("temperature", TEMPERATURE, -20, 40, false, false, "degC");
    private static final Palette RAIN_RATE = new Palette("precipitation", PRECIPITATION, 0.1, 100, true, true, "mm/h");

    /** In canonical units (what forecasters read: degC, m s-1, mm/h, hPa); converted to each file's own units. */
    private static final Map<String, Palette> BY_VARIABLE = Map.ofEntries(
            Map.entry("air_temperature", TEMPERATURE_C),
            Map.entry("dew_point_temperature", TEMPERATURE_C.withRange(-20, 30)),
            Map.entry("surface_temperature", TEMPERATURE_C.withRange(-20, 45)),
            Map.entry("feels_like_temperature", TEMPERATURE_C),
            Map.entry("wind_speed", new Palette("wind", WIND, 0, 40, false, false, "m s-1")),
            Map.entry("wind_speed_of_gust", new Palette("wind", WIND, 0, 50, false, false, "m s-1")),
            Map.entry("relative_humidity", new Palette("humidity", HUMIDITY, 0, 100, false, false, "%")),
            Map.entry("specific_humidity", new Palette("humidity", HUMIDITY, 0, 0.02, false, false, "1")),
            Map.entry("precipitation_rate", RAIN_RATE),
            Map.entry("rainfall_rate", RAIN_RATE),
            Map.entry("snowfall_rate", RAIN_RATE),
            Map.entry("precipitation_amount", new Palette("precipitation", PRECIPITATION, 0.1, 100, true, true, "mm")),
            Map.entry("cloud_area_fraction", new Palette("cloud", CLOUD, 0, 1, false, false, "1")),
            Map.entry("low_type_cloud_area_fraction", new Palette("cloud", CLOUD, 0, 1, false, false, "1")),
            Map.entry("medium_type_cloud_area_fraction", new Palette("cloud", CLOUD, 0, 1, false, false, "1")),
            Map.entry("high_type_cloud_area_fraction", new Palette("cloud", CLOUD, 0, 1, false, false, "1")),
            Map.entry("air_pressure_at_sea_level", new Palette("pressure", VIRIDIS, 950, 1050, false, false, "hPa")),
            Map.entry("visibility_in_air", new Palette("visibility", VIRIDIS, 10, 50000, true, false, "m")));

    private Palettes() {}

    /** The palette of {@code variable}, if the table has one. */
    public static Optional<Palette> of(String variable) {
        return Optional.ofNullable(BY_VARIABLE.get(variable));
    }

    /** The default palette over the range {@code min..max} (for variables not in the table). */
    public static Palette fallback(String units, double min, double max) {
        double lo = Double.isFinite(min) ? min : 0;
        double hi = Double.isFinite(max) && max > lo ? max : lo + 1;
        return new Palette("viridis", VIRIDIS, lo, hi, false, false, units);
    }

    /**
     * How to colour a field of {@code variable} whose values are in {@code fileUnits}: the table's palette converted
     * to those units; else (a variable not in the table, or units that do not convert, or none) the default palette
     * over the field's own range, so a picture never comes out in one colour because its units were unexpected.
     *
     * @param fieldRange the field's min and max, computed only when needed
     */
    public static Palette forField(String variable, String fileUnits, Supplier<double[]> fieldRange) {
        return of(variable).flatMap(p -> p.in(fileUnits)).orElseGet(() -> {
            double[] r = fieldRange.get();
            return fallback(fileUnits == null ? "" : fileUnits, r[0], r[1]);
        });
    }

    /** Every variable in the table with its palette, for the documentation and map.json. */
    public static Map<String, Palette> table() {
        return BY_VARIABLE;
    }
}
