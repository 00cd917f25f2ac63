package io.isobar.query.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.isobar.netcdf.NetcdfHeader.Axis;

/**
 * Where a point in grid coordinates falls on a regular grid whose coordinates are cell centres: the nearest cell,
 * or the (up to) four cells around it with bilinear weights. A point belongs to the grid when it lies inside the
 * outer edges of its outer cells (half a step beyond the first and last centres); bilinear interpolation in that
 * outer half-cell uses the edge cells only (constant outwards): so near a pole, beyond the last row of centres, a
 * latitude/longitude grid answers from its polar row.
 *
 * <p>A grid whose columns go once round the Earth (a global latitude/longitude grid) is {@code periodic}: its last
 * column neighbours its first, every longitude is on it, and a point between the last and the first centre is
 * interpolated between those two columns (across the antimeridian, or across 0 for a grid stored 0..360).
 *
 * @param columnPosition the point's fractional column index ({@code 0} = first centre); for a periodic grid in
 *     {@code [-0.5, size - 0.5)}
 * @param rowPosition the point's fractional row index
 * @param periodic true when column {@code size - 1} neighbours column 0
 */
public record GridCells(Axis x, Axis y, double columnPosition, double rowPosition, boolean periodic) {

    /** One grid cell: its indices, its centre's grid coordinates and its weight in the answer. */
    public record Cell(int row, int column, double x, double y, double weight) {}

    /** Where {@code (px, py)} falls on the grid of axes {@code x}, {@code y}; empty when outside it. */
    public static Optional<GridCells> locate(Axis x, Axis y, double px, double py) {
        return locate(x, y, px, py, false);
    }

    /**
     * Where {@code (px, py)} falls on the grid; empty when outside it. For a {@code periodic} grid {@code px} is taken
     * modulo the axis' span (so any longitude is on it).
     */
    public static Optional<GridCells> locate(Axis x, Axis y, double px, double py, boolean periodic) {
        double c = position(x, px);
        double r = position(y, py);
        if (periodic && Double.isFinite(c)) {
            c = c - x.size() * Math.floor((c + 0.5) / x.size());
        }
        if (!inside(c, x.size()) || !inside(r, y.size())) {
            return Optional.empty();
        }
        return Optional.of(new GridCells(x, y, c, r, periodic));
    }

    /** The cell whose centre is nearest. */
    public Cell nearest() {
        int column = periodic ? Math.floorMod((int) Math.round(columnPosition), x.size())
                : clamp((int) Math.round(columnPosition), x.size() - 1);
        int row = clamp((int) Math.round(rowPosition), y.size() - 1);
        return cell(row, column, 1.0);
    }

    /** The cells around the point with their bilinear weights (summing to 1); cells of weight 0 are left out. */
    public List<Cell> bilinear() {
        int c0 = periodic ? (int) Math.floor(columnPosition) : lower(columnPosition, x.size());
        int r0 = lower(rowPosition, y.size());
        double wc = x.size() < 2 ? 0 : Math.max(0, Math.min(1, columnPosition - c0));
        double wr = y.size() < 2 ? 0 : Math.max(0, Math.min(1, rowPosition - r0));
        // Across the seam of a periodic grid the column before the first is the last.
        int left = periodic ? Math.floorMod(c0, x.size()) : c0;
        int right = periodic ? Math.floorMod(c0 + 1, x.size()) : c0 + 1;
        List<Cell> cells = new ArrayList<>(4);
        add(cells, r0, left, (1 - wr) * (1 - wc));
        add(cells, r0, right, (1 - wr) * wc);
        add(cells, r0 + 1, left, wr * (1 - wc));
        add(cells, r0 + 1, right, wr * wc);
        return cells;
    }

    /** Human-readable extent of the grid, for messages: {@code x -156000..-78000 m, y -102000..-32000 m}. */
    public static String extent(Axis x, Axis y) {
        return "x " + edge(x, -1) + ".." + edge(x, 1) + " m, y " + edge(y, -1) + ".." + edge(y, 1) + " m";
    }

    /** Human-readable extent of a latitude/longitude grid: {@code longitude -180..180, latitude -90..90 degrees}. */
    public static String extentInDegrees(Axis longitude, Axis latitude) {
        return "longitude " + degrees(longitude, -1) + ".." + degrees(longitude, 1) + ", latitude " + degrees(latitude, -1)
                + ".." + degrees(latitude, 1) + " degrees";
    }

    private static String degrees(Axis axis, int side) {
        double half = Math.abs(axis.step()) / 2;
        double v = side < 0 ? Math.min(axis.first(), axis.last()) - half : Math.max(axis.first(), axis.last()) + half;
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    private void add(List<Cell> cells, int row, int column, double weight) {
        if (weight > 0) {
            cells.add(cell(row, column, weight));
        }
    }

    private Cell cell(int row, int column, double weight) {
        return new Cell(row, column, centre(x, column), centre(y, row), weight);
    }

    /** A centre's coordinate, to the millimetre (the axes are float32 in the files). */
    public static double centre(Axis axis, int index) {
        double v = axis.size() < 2 ? axis.first() : axis.first() + index * axis.step();
        return Math.round(v * 1000) / 1000.0;
    }

    private static double position(Axis axis, double v) {
        if (axis.size() < 2 || axis.step() == 0) {
            return 0;
        }
        return (v - axis.first()) / axis.step();
    }

    private static boolean inside(double position, int size) {
        return Double.isFinite(position) && position >= -0.5 && position <= size - 0.5;
    }

    private static int lower(double position, int size) {
        if (size < 2) {
            return 0;
        }
        return Math.min((int) Math.floor(Math.max(0, position)), size - 2);
    }

    private static int clamp(int i, int max) {
        return Math.max(0, Math.min(max, i));
    }

    private static String edge(Axis axis, int side) {
        double half = Math.abs(axis.step()) / 2;
        double lo = Math.min(axis.first(), axis.last()) - half;
        double hi = Math.max(axis.first(), axis.last()) + half;
        return String.format(java.util.Locale.ROOT, "%.0f", side < 0 ? lo : hi);
    }
}
