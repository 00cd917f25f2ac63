package io.isobar.simulator;

/**
 * The horizontal grid of a simulated file: a regular Lambert azimuthal equal-area grid in metres, like the
 * Met Office UK 2 km standard grid, described by its size, its first cell centre and its spacing.
 *
 * <p>Row {@code r} lies at {@code y = firstY + r * spacing} and column {@code c} at
 * {@code x = firstX + c * spacing}; both axes increase (south to north, west to east).
 *
 * @param rows number of cells along {@code projection_y_coordinate}
 * @param columns number of cells along {@code projection_x_coordinate}
 * @param firstX x of the first column's centre, metres
 * @param firstY y of the first row's centre, metres
 * @param spacing cell size, metres
 */
public record GridSpec(int rows, int columns, double firstX, double firstY, double spacing) {

    /** Rows of the real UK standard grid. */
    public static final int UK_ROWS = 970;
    /** Columns of the real UK standard grid. */
    public static final int UK_COLUMNS = 1042;
    /** Cell size of the UK standard grid, metres. */
    public static final double UK_SPACING = 2000.0;
    /** The HDF5 chunk edge the Met Office uses. */
    public static final int CHUNK_EDGE = 128;

    public GridSpec {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("grid must have at least one row and column, got " + rows + " x " + columns);
        }
        if (!(spacing > 0)) {
            throw new IllegalArgumentException("grid spacing must be positive, got " + spacing);
        }
    }

    /** The real UK grid size (970 x 1042, 2 km), centred on the projection origin (54.9N, 2.5W). */
    public static GridSpec uk() {
        return centred(UK_ROWS, UK_COLUMNS);
    }

    /** A grid of the given size with 2 km cells, centred on the projection origin (for tests and quick runs). */
    public static GridSpec centred(int rows, int columns) {
        return new GridSpec(rows, columns, -(columns - 1) / 2.0 * UK_SPACING, -(rows - 1) / 2.0 * UK_SPACING, UK_SPACING);
    }

    /** x of the centre of {@code column}, metres. */
    public double x(int column) {
        return firstX + column * spacing;
    }

    /** y of the centre of {@code row}, metres. */
    public double y(int row) {
        return firstY + row * spacing;
    }

    /** Chunk rows: 128 as the Met Office, or the whole axis when it is shorter (HDF5 needs chunk <= size). */
    public int chunkRows() {
        return Math.min(CHUNK_EDGE, rows);
    }

    /** Chunk columns, as {@link #chunkRows()}. */
    public int chunkColumns() {
        return Math.min(CHUNK_EDGE, columns);
    }

    float[] xValues() {
        float[] v = new float[columns];
        for (int c = 0; c < columns; c++) {
            v[c] = (float) x(c);
        }
        return v;
    }

    float[] yValues() {
        float[] v = new float[rows];
        for (int r = 0; r < rows; r++) {
            v[r] = (float) y(r);
        }
        return v;
    }

    float[][] xBounds() {
        return bounds(xValues());
    }

    float[][] yBounds() {
        return bounds(yValues());
    }

    private float[][] bounds(float[] centres) {
        float[][] b = new float[centres.length][2];
        float half = (float) (spacing / 2);
        for (int i = 0; i < centres.length; i++) {
            b[i][0] = centres[i] - half;
            b[i][1] = centres[i] + half;
        }
        return b;
    }
}
