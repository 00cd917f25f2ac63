package io.isobar.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The vertical coordinate of a variable: a height (metres above ground) or pressure (Pa) coordinate, either
 * scalar (one level, e.g. screen level 1.5 m) or a dimension of the data variable (several levels).
 *
 * @param coordinate the netCDF variable name: {@code height} or {@code pressure}
 * @param standardName its CF standard name
 * @param units its units
 * @param positive {@code up} or {@code down}
 * @param values the levels, in file order
 * @param scalar true for a scalar coordinate (then {@code values} has one element)
 */
public record Levels(String coordinate, String standardName, String units, String positive, List<Double> values,
                     boolean scalar) {

    public Levels {
        Objects.requireNonNull(coordinate, "coordinate");
        values = List.copyOf(values);
        if (values.isEmpty() || (scalar && values.size() != 1)) {
            throw new IllegalArgumentException("a " + (scalar ? "scalar" : "level") + " coordinate needs "
                    + (scalar ? "exactly one value" : "at least one value") + ", got " + values);
        }
    }

    /** A scalar height, e.g. 1.5 m (screen level) or 10 m. */
    public static Levels heightAt(double metres) {
        return new Levels("height", "height", "m", "up", List.of(metres), true);
    }

    /** Several heights, a dimension of the data variable. */
    public static Levels heights(double... metres) {
        return new Levels("height", "height", "m", "up", Arrays.stream(metres).boxed().toList(), false);
    }

    /** Several pressure levels (Pa), a dimension of the data variable. */
    public static Levels pressures(double... pascals) {
        return new Levels("pressure", "air_pressure", "Pa", "down", Arrays.stream(pascals).boxed().toList(), false);
    }

    /** True for pressure levels. */
    public boolean isPressure() {
        return "pressure".equals(coordinate);
    }

    /** Number of levels. */
    public int size() {
        return values.size();
    }
}
