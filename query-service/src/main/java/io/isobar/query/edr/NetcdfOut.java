package io.isobar.query.edr;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import ucar.ma2.Array;
import ucar.ma2.ArrayChar;
import ucar.ma2.DataType;
import ucar.nc2.Attribute;
import ucar.nc2.Dimension;
import ucar.nc2.NetcdfFileSubclass;
import ucar.nc2.Variable;
import ucar.nc2.iosp.netcdf3.N3outputStreamWriter;

/**
 * A netCDF-3 classic file described, then streamed, with netCDF-Java's writer ({@code N3outputStreamWriter}): the
 * dimensions, variables and attributes are declared first (the header says where every variable's data starts), and
 * each variable's values are made only when the stream reaches them, so no copy of the whole file is held.
 */
final class NetcdfOut {

    /** netCDF's default fill for float, the {@code _FillValue} of every data variable. */
    static final float FILL_FLOAT = 9.96921e36f;
    /** netCDF's default fill for double. */
    static final double FILL_DOUBLE = 9.969209968386869e36;
    /** netCDF's default fill for int. */
    static final int FILL_INT = -2147483647;

    /** One declared variable, for its attributes. */
    record Var(Variable variable) {

        Var attr(String name, String value) {
            if (value != null) {
                variable.addAttribute(new Attribute(name, value));
            }
            return this;
        }

        Var attr(String name, Number value) {
            variable.addAttribute(new Attribute(name, value));
            return this;
        }

        String name() {
            return variable.getShortName();
        }
    }

    private final NetcdfFileSubclass file = new NetcdfFileSubclass();
    private final List<Variable> order = new ArrayList<>();
    private final List<Supplier<Array>> data = new ArrayList<>();

    /** Declares a dimension. */
    void dimension(String name, int length) {
        file.addDimension(null, new Dimension(name, length));
    }

    /**
     * Declares a variable over {@code dimensions} (space-separated names, empty for a scalar) whose values
     * {@code values} makes when they are written.
     */
    Var variable(String name, DataType type, String dimensions, Supplier<Array> values) {
        Variable v = file.addVariable(null, name, type, dimensions);
        order.add(v);
        data.add(values);
        return new Var(v);
    }

    /** A float variable whose values {@code values} gives in row-major order over its dimensions. */
    Var floats(String name, String dimensions, int[] shape, Supplier<float[]> values) {
        return variable(name, DataType.FLOAT, dimensions, () -> Array.factory(DataType.FLOAT, shape, values.get()));
    }

    /** A double variable, as {@link #floats}. */
    Var doubles(String name, String dimensions, int[] shape, Supplier<double[]> values) {
        return variable(name, DataType.DOUBLE, dimensions, () -> Array.factory(DataType.DOUBLE, shape, values.get()));
    }

    /** An int variable, as {@link #floats}. */
    Var ints(String name, String dimensions, int[] shape, Supplier<int[]> values) {
        return variable(name, DataType.INT, dimensions, () -> Array.factory(DataType.INT, shape, values.get()));
    }

    /** Whether a variable of this name is declared. */
    boolean has(String name) {
        return order.stream().anyMatch(v -> v.getShortName().equals(name));
    }

    /**
     * A character variable of {@code strings} along {@code dimension} (empty for one string), each padded to the
     * length of {@code lengthDimension}.
     */
    Var strings(String name, String dimension, String lengthDimension, List<String> strings, int length) {
        if (dimension.isEmpty()) {
            return variable(name, DataType.CHAR, lengthDimension, () -> {
                ArrayChar.D1 chars = new ArrayChar.D1(length);
                chars.setString(strings.get(0));
                return chars;
            });
        }
        return variable(name, DataType.CHAR, dimension + " " + lengthDimension, () -> {
            ArrayChar.D2 chars = new ArrayChar.D2(strings.size(), length);
            for (int i = 0; i < strings.size(); i++) {
                chars.setString(i, strings.get(i));
            }
            return chars;
        });
    }

    /** A global attribute; null values are left out. */
    void global(String name, Object value) {
        if (value instanceof Number n) {
            file.addAttribute(null, new Attribute(name, n));
        } else if (value != null) {
            file.addAttribute(null, new Attribute(name, value.toString()));
        }
    }

    /** Copies CF parameters (a grid mapping's) as attributes: numbers, lists of numbers and text. */
    static void copy(Var target, Map<String, Object> parameters) {
        parameters.forEach((name, value) -> {
            if (value instanceof Number n) {
                target.attr(name, n instanceof Integer || n instanceof Long || n instanceof Short ? n : n.doubleValue());
            } else if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Number.class::isInstance)) {
                target.variable().addAttribute(new Attribute(name, Array.factory(list.stream()
                        .mapToDouble(o -> ((Number) o).doubleValue()).toArray())));
            } else if (value != null) {
                target.attr(name, value.toString());
            }
        });
    }

    /** Writes the header, then every variable's values in the order declared, and flushes. */
    void write(OutputStream target) throws IOException {
        file.finish();
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(target, 1 << 16));
        N3outputStreamWriter writer = new N3outputStreamWriter(file);
        writer.writeHeader(out, 0);
        for (int i = 0; i < order.size(); i++) {
            writer.writeNonRecordData(order.get(i), out, data.get(i).get());
        }
        out.flush();
    }
}
