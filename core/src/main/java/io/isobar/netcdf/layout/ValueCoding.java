package io.isobar.netcdf.layout;

import java.lang.reflect.Array;
import java.util.Arrays;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;

/**
 * How a data variable's stored numbers become values, as netCDF and CF say: the fill value ({@code _FillValue}, else
 * netCDF's default for the type), any {@code missing_value}s, and the packing ({@code scale_factor},
 * {@code add_offset}). Read from the variable's attributes once, by ingest when it records a {@link ChunkLayout} and
 * by a reader that opens the file itself.
 */
public record ValueCoding(float fill, float[] missingValues, double scale, double addOffset) {

    /** netCDF's default fill values (netcdf.h), used when a variable has no {@code _FillValue}. */
    private static final double NC_FILL_FLOAT = 9.9692099683868690e+36f;
    private static final double NC_FILL_DOUBLE = 9.9692099683868690e+36;

    /** The coding of {@code data}, whose values are of {@code type}. */
    public static ValueCoding of(Dataset data, ChunkLayout.ElementType type) {
        Double fillAttribute = number(data, "_FillValue");
        float fill = (float) (fillAttribute != null ? fillAttribute : defaultFill(type));
        double[] missing = numbers(data, "missing_value");
        float[] missingValues = new float[missing.length];
        for (int i = 0; i < missing.length; i++) {
            missingValues[i] = (float) missing[i];
        }
        Double scaleFactor = number(data, "scale_factor");
        Double addOffset = number(data, "add_offset");
        return new ValueCoding(fill, missingValues, scaleFactor == null ? 1.0 : scaleFactor, addOffset == null ? 0.0 : addOffset);
    }

    /** Whether {@code raw} is one of the {@code missing_value}s. */
    public boolean isMissingValue(float raw) {
        for (float m : missingValues) {
            if (raw == m) {
                return true;
            }
        }
        return false;
    }

    /** The value a stored (not missing) number stands for: unpacked with {@code scale_factor} and {@code add_offset}. */
    public float unpack(float raw) {
        return scale == 1.0 && addOffset == 0.0 ? raw : (float) (raw * scale + addOffset);
    }

    /** {@code raw} as a value (unpacked), or NaN when it marks a missing cell: for whole-field reads. */
    public float valueOrNaN(float raw) {
        return Float.isNaN(raw) || raw == fill || isMissingValue(raw) ? Float.NaN : unpack(raw);
    }

    static double defaultFill(ChunkLayout.ElementType type) {
        if (type.floating()) {
            return type.size() == 4 ? NC_FILL_FLOAT : NC_FILL_DOUBLE;
        }
        boolean signed = type.signed();
        return switch (type.size()) {
            case 1 -> signed ? -127 : 255;
            case 2 -> signed ? -32767 : 65535;
            case 4 -> signed ? -2147483647 : 4294967295.0;
            default -> signed ? -9223372036854775806.0 : 18446744073709551614.0;
        };
    }

    private static Double number(Dataset d, String name) {
        double[] values = numbers(d, name);
        return values.length == 0 ? null : values[0];
    }

    private static double[] numbers(Dataset d, String name) {
        Attribute attribute = d.getAttribute(name);
        if (attribute == null) {
            return new double[0];
        }
        Object value = attribute.getData();
        if (value instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (value != null && value.getClass().isArray()) {
            int length = Array.getLength(value);
            double[] out = new double[length];
            int k = 0;
            for (int i = 0; i < length; i++) {
                if (Array.get(value, i) instanceof Number n) {
                    out[k++] = n.doubleValue();
                }
            }
            return Arrays.copyOf(out, k);
        }
        return new double[0];
    }
}
