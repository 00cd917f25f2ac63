package io.isobar.netcdf.grid;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.layout.ChunkLayout;

/** Turns a chunk's bytes into floats for the variable's HDF5 type. */
record ChunkDecoder(boolean floating, int size, boolean signed, ByteOrder order) {

    static ChunkDecoder of(ChunkLayout.ElementType type) {
        return new ChunkDecoder(type.floating(), type.size(), type.signed(), type.order());
    }

    float[] decode(byte[] bytes, int count, String uri, int[] origin) throws HeaderException {
        if (bytes.length < (long) count * size) {
            throw new HeaderException(HeaderException.Reason.UNREADABLE, uri, "the chunk at " + Arrays.toString(origin)
                    + " decodes to " + bytes.length + " bytes; " + count + " values of " + size + " bytes need "
                    + (long) count * size);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(order);
        float[] out = new float[count];
        if (floating && size == 4) {
            buffer.asFloatBuffer().get(out);
            return out;
        }
        for (int i = 0; i < count; i++) {
            out[i] = switch (size) {
                case 1 -> signed ? buffer.get() : buffer.get() & 0xff;
                case 2 -> signed ? buffer.getShort() : buffer.getShort() & 0xffff;
                case 4 -> floating ? buffer.getFloat() : signed ? buffer.getInt() : buffer.getInt() & 0xffffffffL;
                default -> floating ? (float) buffer.getDouble() : buffer.getLong();
            };
        }
        return out;
    }

    /** A slice the HDF5 library returned as a (possibly nested) Java array, flattened. */
    float[] flatten(Object slice) {
        Object row = slice;
        while (row != null && row.getClass().isArray() && Array.getLength(row) > 0 && Array.get(row, 0) != null
                && Array.get(row, 0).getClass().isArray()) {
            row = Array.get(row, 0);
        }
        if (row == null || !row.getClass().isArray()) {
            return GridFile.UNWRITTEN;
        }
        int length = Array.getLength(row);
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            Object v = Array.get(row, i);
            out[i] = v instanceof Number n ? n.floatValue() : Float.NaN;
        }
        return out;
    }
}
