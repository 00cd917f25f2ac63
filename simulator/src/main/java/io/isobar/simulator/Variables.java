package io.isobar.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of variables the simulator can write, named as in the Met Office's object keys, with the
 * CF names, units and levels found in the real files.
 */
public final class Variables {

    /** Air temperature at 1.5 m, K. */
    public static final Variable TEMPERATURE_AT_SCREEN_LEVEL = new Variable("temperature_at_screen_level",
            "air_temperature", "air_temperature", null, "K", Levels.heightAt(1.5), null, null, 2);

    /** Maximum air temperature at 1.5 m over the hour ending at the validity time, K (with time bounds). */
    public static final Variable TEMPERATURE_AT_SCREEN_LEVEL_MAX = new Variable("temperature_at_screen_level_max-PT01H",
            "air_temperature", "air_temperature", null, "K", Levels.heightAt(1.5), "time: maximum",
            Duration.ofHours(1), 2);

    /** Wind speed at 10 m, m s-1. */
    public static final Variable WIND_SPEED_AT_10M = new Variable("wind_speed_at_10m",
            "wind_speed", "wind_speed", "wind_speed_adjusted_by_model_surface_scheme", "m s-1", Levels.heightAt(10.0),
            null, null, 2);

    /** Relative humidity at 1.5 m, %. */
    public static final Variable RELATIVE_HUMIDITY_AT_SCREEN_LEVEL = new Variable("relative_humidity_at_screen_level",
            "relative_humidity", "relative_humidity", null, "%", Levels.heightAt(1.5), null, null, 1);

    /** Rainfall rate at the surface, m s-1 (no vertical coordinate). */
    public static final Variable RAINFALL_RATE = new Variable("rainfall_rate",
            "rainfall_rate", "rainfall_rate", null, "m s-1", null, null, null, 10);

    /** Mean sea-level pressure, Pa (no vertical coordinate). */
    public static final Variable PRESSURE_AT_MEAN_SEA_LEVEL = new Variable("pressure_at_mean_sea_level",
            "air_pressure_at_sea_level", "air_pressure_at_sea_level", null, "Pa", null, null, null, 0);

    /** Wind speed on five height levels (the real files have 33), m s-1. */
    public static final Variable WIND_SPEED_ON_HEIGHT_LEVELS = new Variable("wind_speed_on_height_levels",
            "wind_speed", "wind_speed", null, "m s-1", Levels.heights(10, 50, 100, 250, 500), null, null, 2);

    /** Air temperature on five pressure levels (the real files have up to 33), K. */
    public static final Variable TEMPERATURE_ON_PRESSURE_LEVELS = new Variable("temperature_on_pressure_levels",
            "air_temperature", "air_temperature", null, "K",
            Levels.pressures(100000, 92500, 85000, 70000, 50000), null, null, 2);

    private static final List<Variable> ALL = List.of(TEMPERATURE_AT_SCREEN_LEVEL, TEMPERATURE_AT_SCREEN_LEVEL_MAX,
            WIND_SPEED_AT_10M, RELATIVE_HUMIDITY_AT_SCREEN_LEVEL, RAINFALL_RATE, PRESSURE_AT_MEAN_SEA_LEVEL,
            WIND_SPEED_ON_HEIGHT_LEVELS, TEMPERATURE_ON_PRESSURE_LEVELS);

    private static final List<Variable> DEFAULTS = List.of(TEMPERATURE_AT_SCREEN_LEVEL, WIND_SPEED_AT_10M,
            RELATIVE_HUMIDITY_AT_SCREEN_LEVEL, RAINFALL_RATE);

    private Variables() {}

    /** Every variable in the catalogue. */
    public static List<Variable> all() {
        return ALL;
    }

    /** The single-level variables a default simulation writes: temperature, wind, humidity, rain. */
    public static List<Variable> defaults() {
        return DEFAULTS;
    }

    /** The variable with this file-name parameter (e.g. {@code wind_speed_at_10m}). */
    public static Optional<Variable> byParameter(String parameter) {
        return ALL.stream().filter(v -> v.parameter().equals(parameter)).findFirst();
    }

    /** As {@link #byParameter}, failing with the list of known parameters. */
    public static Variable require(String parameter) {
        return byParameter(parameter).orElseThrow(() -> new IllegalArgumentException("Unknown variable '" + parameter
                + "'; known: " + ALL.stream().map(Variable::parameter).toList()));
    }
}
