package io.isobar.simulator;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;

import io.jhdf.WritableDatasetImpl;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.storage.HdfBackingStorage;
import io.jhdf.storage.HdfFileChannel;

/**
 * Writes a netCDF {@code char} array: an HDF5 fixed-length string of one ASCII byte per element, which is how netCDF-C
 * stores {@code char wmo_id(spot_index, string5)}. jHDF 0.13 writes Java strings as NUL-terminated strings of their
 * longest length plus one (netCDF-C reads those as {@code string}, and crashes dumping them), so the bytes are written
 * as an 8-bit dataset whose datatype is then swapped for this one before the file is written out.
 */
final class NetcdfChars {

    /** HDF5's string class, one byte, NUL-terminated padding, ASCII: netCDF's {@code NC_CHAR}. */
    private static final class CharType extends DataType {

        private static final int STRING_CLASS = 3;

        CharType() {
            super(STRING_CLASS, 1);
        }

        @Override
        public Class<?> getJavaType() {
            return String.class;
        }

        @Override
        public Object fillData(ByteBuffer buffer, int[] dimensions, HdfBackingStorage storage) {
            throw new UnsupportedOperationException("written only");
        }

        @Override
        public ByteBuffer toBuffer() {
            return toBufferBuilder().build();
        }

        @Override
        public ByteBuffer encodeData(Object data) {
            byte[][] rows = (byte[][]) data;
            ByteBuffer buffer = ByteBuffer.allocate(rows.length * (rows.length == 0 ? 0 : rows[0].length));
            for (byte[] row : rows) {
                buffer.put(row);
            }
            return buffer.flip();
        }

        @Override
        public void writeData(Object data, int[] dimensions, HdfFileChannel channel) {
            ByteBuffer buffer = encodeData(data);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    private static final Field DATA_TYPE = dataTypeField();

    private NetcdfChars() {}

    /** Puts {@code rows} (one row of equal-length ASCII bytes per element) as a {@code char} dataset called {@code name}. */
    static WritableDataset put(WritableHdfFile file, String name, byte[][] rows) {
        WritableDataset dataset = file.putDataset(name, rows);
        try {
            DATA_TYPE.set(dataset, new CharType());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write netCDF char data with this jhdf version", e);
        }
        return dataset;
    }

    private static Field dataTypeField() {
        try {
            Field f = WritableDatasetImpl.class.getDeclaredField("dataType");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this jhdf version keeps a dataset's datatype differently", e);
        }
    }
}
