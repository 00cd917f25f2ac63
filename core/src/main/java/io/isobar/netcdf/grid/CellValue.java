package io.isobar.netcdf.grid;

import io.isobar.netcdf.layout.ValueCoding;

/**
 * One cell's value, or why it has none ({@code value} null exactly when {@code missing} is not).
 *
 * <p>Missing values follow netCDF and CF: NaN, the {@code _FillValue} (netCDF's default fill for the type when the
 * attribute is absent) and any {@code missing_value}; a chunk that was never written holds only fill values.
 */
public record CellValue(Float value, Missing missing) {

    /** Why a cell has no value. */
    public enum Missing {
        NAN("NaN in the file: the model wrote no valid value for this cell"),
        FILL_VALUE("fill value: the file holds no data for this cell"),
        MISSING_VALUE("missing_value: the file marks this cell as missing");

        private final String reason;

        Missing(String reason) {
            this.reason = reason;
        }

        /** A sentence for users. */
        public String reason() {
            return reason;
        }
    }

    static CellValue missing(Missing why) {
        return new CellValue(null, why);
    }

    /** The value {@code raw} stands for under {@code coding} (unpacked), or why it is missing. */
    static CellValue of(float raw, ValueCoding coding) {
        if (Float.isNaN(raw)) {
            return missing(Missing.NAN);
        }
        if (raw == coding.fill()) {
            return missing(Missing.FILL_VALUE);
        }
        if (coding.isMissingValue(raw)) {
            return missing(Missing.MISSING_VALUE);
        }
        return new CellValue(coding.unpack(raw), null);
    }
}
