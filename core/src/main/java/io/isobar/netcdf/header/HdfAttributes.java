package io.isobar.netcdf.header;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Node;

/** Reading netCDF attributes as the header wants them: text, numbers, grid mapping parameters. */
final class HdfAttributes {

    static final Set<String> HDF5_BOOKKEEPING = Set.of("CLASS", "NAME", "REFERENCE_LIST", "DIMENSION_LIST");

    private HdfAttributes() {}

    /** The file's global attributes as text, without netCDF's hidden ones. */
    static Map<String, String> globalAttributes(HdfFile file) {
        Map<String, String> globals = new TreeMap<>();
        for (Map.Entry<String, Attribute> e : file.getAttributes().entrySet()) {
            if (isUserAttribute(e.getKey())) {
                String text = text(e.getValue());
                if (text != null) {
                    globals.put(e.getKey(), text);
                }
            }
        }
        return Collections.unmodifiableMap(globals);
    }

    /** netCDF's hidden attributes ({@code _NCProperties}, ...) and HDF5 dimension-scale bookkeeping are not metadata. */
    static boolean isUserAttribute(String name) {
        return !name.startsWith("_") && !HDF5_BOOKKEEPING.contains(name);
    }

    static Attribute attribute(Node node, String name) {
        try {
            return node.getAttribute(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String string(Node node, String name) {
        Attribute a = attribute(node, name);
        return a == null ? null : text(a);
    }

    /** An attribute as text: strings as they are, numbers in Java notation, several values joined by ", ". */
    static String text(Attribute attribute) {
        Object value = attribute.getData();
        if (value == null) {
            return null;
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<String> parts = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                parts.add(scalarText(Array.get(value, i)));
            }
            return String.join(", ", parts);
        }
        return scalarText(value);
    }

    static String scalarText(Object value) {
        if (value instanceof Float f) {
            return Float.toString(f);
        }
        return String.valueOf(value);
    }

    /** A grid mapping parameter: a number as Double, text as String, several numbers as a List of Double. */
    static Object parameterValue(Attribute attribute) {
        Object value = attribute.getData();
        if (value == null) {
            return null;
        }
        if (value instanceof String || value instanceof Number) {
            return value instanceof Number n ? toDouble(n) : value;
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<Object> items = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                Object item = Array.get(value, i);
                items.add(item instanceof Number n ? toDouble(n) : String.valueOf(item));
            }
            if (length == 1) {
                return items.get(0);
            }
            return items.stream().allMatch(String.class::isInstance) ? String.join(", ", items.stream().map(String::valueOf).toList())
                    : List.copyOf(items);
        }
        return String.valueOf(value);
    }

    static double[] numbers(Attribute attribute) {
        if (attribute == null) {
            return new double[0];
        }
        try {
            return flatten(attribute.getData());
        } catch (RuntimeException e) {
            return new double[0];
        }
    }

    static double[] flatten(Object value) {
        List<Double> out = new ArrayList<>();
        flattenInto(value, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static void flattenInto(Object value, List<Double> out) {
        if (value instanceof Number n) {
            out.add(toDouble(n));
        } else if (value != null && value.getClass().isArray()) {
            int length = Array.getLength(value);
            for (int i = 0; i < length; i++) {
                flattenInto(Array.get(value, i), out);
            }
        }
    }

    /** Floats go through their decimal form so that 0.1f becomes 0.1, not 0.10000000149. */
    static double toDouble(Number n) {
        return n instanceof Float f ? Double.parseDouble(Float.toString(f)) : n.doubleValue();
    }

    static String lower(String s) {
        return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
    }
}
