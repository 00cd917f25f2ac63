package io.isobar.query.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.NetcdfHeader.Axis;

/**
 * A file's grid placed on the Earth: its projection and its x/y axes of cell centres. Finds the cells for a point
 * ({@link #locate}) and the cells whose centres lie inside an area given in longitude/latitude ({@link #inside}).
 *
 * <p>On a latitude/longitude grid longitudes are circular: a point is placed on the grid's own range of longitudes
 * whichever turn it is given in (202.14 or -157.86, on a grid stored -180..180 or 0..360), a grid whose columns go
 * once round the Earth is {@link #periodic()} (its last column neighbours its first, so points near the antimeridian
 * are interpolated across it), and areas may cross the antimeridian (longitudes beyond 180, e.g. 170..190).
 */
public record Grid(GridProjection projection, Axis x, Axis y) {

    /**
     * Which grid a file is on, as far as its index entry tells: the sizes of its data variable's last two dimensions
     * ({@code projection_y_coordinate=970}, {@code projection_x_coordinate=1042}); empty when the entry does not say.
     * (Here, not in {@link ForecastPlan}, so that the reader can key the grids it placed without depending on plans.)
     */
    public static List<String> sizeInIndex(ForecastFile f) {
        List<String> dims = f.dimensions();
        return dims.size() < 2 ? List.of() : List.copyOf(dims.subList(dims.size() - 2, dims.size()));
    }

    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    /** A point on the grid: its grid coordinates and the cells around it. */
    public record Located(double x, double y, GridCells cells) {}

    /** One grid cell with its centre in grid coordinates and in latitude/longitude. */
    public record Cell(int row, int column, double x, double y, double latitude, double longitude) {}

    /** Where a latitude/longitude falls on the grid; empty when off it. */
    public Optional<Located> locate(double latitude, double longitude) {
        double[] xy = toGrid(latitude, longitude).orElse(null);
        if (xy == null) {
            return Optional.empty();
        }
        return GridCells.locate(x, y, xy[0], xy[1], periodic()).map(c -> new Located(xy[0], xy[1], c));
    }

    /**
     * The point's grid coordinates, for messages about points off the grid; empty where the projection is undefined.
     * On a latitude/longitude grid x is the longitude in the turn of the grid's own longitudes.
     */
    public Optional<double[]> toGrid(double latitude, double longitude) {
        return projection.toGrid(latitude, longitude).map(xy -> projection.isLatitudeLongitude()
                ? new double[] {onAxis(xy[0]), xy[1]} : xy);
    }

    /**
     * True when the grid's columns go once round the Earth: a latitude/longitude grid of {@code n} columns {@code 360/n}
     * degrees apart.
     */
    public boolean periodic() {
        return projection.isLatitudeLongitude() && x.size() > 1 && Math.abs(Math.abs(x.step()) * x.size() - 360) < 1e-6 * 360;
    }

    /** {@code longitude} shifted by whole turns into the grid's range: from its western cell edge, 360 degrees on. */
    private double onAxis(double longitude) {
        double west = Math.min(x.first(), x.last()) - Math.abs(x.step()) / 2;
        return longitude - 360 * Math.floor((longitude - west) / 360);
    }

    /** {@code x -156000..-78000 m, y -102000..-32000 m in +proj=...}, for messages. */
    public String describe() {
        if (projection.isLatitudeLongitude()) {
            return GridCells.extentInDegrees(x, y) + " in " + projection.definition();
        }
        return GridCells.extent(x, y) + " in " + projection.definition();
    }

    /**
     * The cells whose centres lie inside {@code area} (longitude/latitude, CRS84), row by row.
     *
     * @param limit the most cells wanted; more candidates than {@code limit} ask for a {@link TooManyCells}
     */
    public List<Cell> inside(Geometry area, int limit) {
        if (projection.isLatitudeLongitude()) {
            return insideInDegrees(area, limit);
        }
        int[] window = window(area);
        if (window == null) {
            return List.of();
        }
        long candidates = (long) (window[1] - window[0] + 1) * (window[3] - window[2] + 1);
        if (candidates > 4L * limit) {
            throw new TooManyCells(candidates);
        }
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(area);
        int n = (int) candidates;
        double[] xs = new double[n];
        double[] ys = new double[n];
        int k = 0;
        for (int row = window[0]; row <= window[1]; row++) {
            for (int column = window[2]; column <= window[3]; column++) {
                xs[k] = GridCells.centre(x, column);
                ys[k] = GridCells.centre(y, row);
                k++;
            }
        }
        double[][] latLon = projection.toGeographic(xs, ys);
        List<Cell> cells = new ArrayList<>();
        k = 0;
        for (int row = window[0]; row <= window[1]; row++) {
            for (int column = window[2]; column <= window[3]; column++, k++) {
                double lat = latLon[k][0];
                double lon = latLon[k][1];
                if (Double.isFinite(lat) && prepared.contains(GEOMETRY.createPoint(new Coordinate(lon, lat)))) {
                    if (cells.size() >= limit) {
                        throw new TooManyCells(cells.size() + 1);
                    }
                    cells.add(new Cell(row, column, xs[k], ys[k], lat, lon));
                }
            }
        }
        return cells;
    }

    /**
     * The cells of a latitude/longitude grid whose centres lie inside {@code area}, row by row, west to east from the
     * area's western edge: each column is tried at every turn of its longitude the area's longitudes reach, so an area
     * given across the antimeridian (170..190, or -190..-170) finds the cells on both sides of it. The cells' longitudes
     * are -180..180.
     */
    private List<Cell> insideInDegrees(Geometry area, int limit) {
        Envelope env = area.getEnvelopeInternal();
        int[] rows = env.isNull() ? null : range(y, env.getMinY(), env.getMaxY());
        if (rows == null) {
            return List.of();
        }
        // Each turn t of the grid's longitudes (x + 360 t) the envelope reaches, with the columns it may hold there.
        double west = Math.min(x.first(), x.last());
        double east = Math.max(x.first(), x.last());
        List<int[]> turns = new ArrayList<>();
        long candidates = 0;
        for (long t = (long) Math.floor((env.getMinX() - east) / 360); t <= (long) Math.ceil((env.getMaxX() - west) / 360); t++) {
            int[] columns = range(x, env.getMinX() - 360 * t, env.getMaxX() - 360 * t);
            if (columns != null) {
                turns.add(new int[] {(int) t, columns[0], columns[1]});
                candidates += (long) (columns[1] - columns[0] + 1) * (rows[1] - rows[0] + 1);
            }
        }
        if (candidates > 4L * limit) {
            throw new TooManyCells(candidates);
        }
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(area);
        List<Cell> cells = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int row = rows[0]; row <= rows[1]; row++) {
            double lat = GridCells.centre(y, row);
            for (int[] turn : turns) {
                for (int column = turn[1]; column <= turn[2]; column++) {
                    double lon = GridCells.centre(x, column) + 360.0 * turn[0];
                    if (prepared.contains(GEOMETRY.createPoint(new Coordinate(lon, lat)))
                            && seen.add((long) row * x.size() + column)) {
                        if (cells.size() >= limit) {
                            throw new TooManyCells(cells.size() + 1);
                        }
                        cells.add(new Cell(row, column, GridCells.centre(x, column), lat, lat, GridProjection.normalised(lon)));
                    }
                }
            }
        }
        return cells;
    }

    /**
     * The grid's outline in longitude/latitude: {@code [west, south, east, north]} of its outer cell edges, from
     * points along its border (a projected grid's edges are curves in longitude/latitude). A latitude/longitude grid
     * round the Earth is {@code [-180, south, 180, north]}; one crossing the antimeridian has west greater than east,
     * as CRS84 bounding boxes do.
     */
    public double[] bboxCrs84() {
        if (projection.isLatitudeLongitude()) {
            double half = Math.abs(x.step()) / 2;
            double south = Math.max(-90, Math.min(y.first(), y.last()) - Math.abs(y.step()) / 2);
            double north = Math.min(90, Math.max(y.first(), y.last()) + Math.abs(y.step()) / 2);
            if (periodic() || Math.abs(x.last() - x.first()) + 2 * half >= 360) {
                return new double[] {-180, round(south), 180, round(north)};
            }
            double west = GridProjection.normalised(Math.min(x.first(), x.last()) - half);
            double east = GridProjection.normalised(Math.max(x.first(), x.last()) + half);
            return new double[] {round(west), round(south), round(east == -180 ? 180 : east), round(north)};
        }
        double x0 = Math.min(x.first(), x.last()) - Math.abs(x.step()) / 2;
        double x1 = Math.max(x.first(), x.last()) + Math.abs(x.step()) / 2;
        double y0 = Math.min(y.first(), y.last()) - Math.abs(y.step()) / 2;
        double y1 = Math.max(y.first(), y.last()) + Math.abs(y.step()) / 2;
        int steps = 64;
        double[] xs = new double[4 * steps];
        double[] ys = new double[4 * steps];
        for (int i = 0; i < steps; i++) {
            double f = (double) i / steps;
            xs[i] = x0 + f * (x1 - x0);
            ys[i] = y0;
            xs[steps + i] = x1;
            ys[steps + i] = y0 + f * (y1 - y0);
            xs[2 * steps + i] = x1 - f * (x1 - x0);
            ys[2 * steps + i] = y1;
            xs[3 * steps + i] = x0;
            ys[3 * steps + i] = y1 - f * (y1 - y0);
        }
        double w = Double.POSITIVE_INFINITY;
        double s = Double.POSITIVE_INFINITY;
        double e = Double.NEGATIVE_INFINITY;
        double n = Double.NEGATIVE_INFINITY;
        for (double[] ll : projection.toGeographic(xs, ys)) {
            if (Double.isFinite(ll[0]) && Double.isFinite(ll[1])) {
                s = Math.min(s, ll[0]);
                n = Math.max(n, ll[0]);
                w = Math.min(w, ll[1]);
                e = Math.max(e, ll[1]);
            }
        }
        return new double[] {round(w), round(s), round(e), round(n)};
    }

    /** Rows and columns {@code [row0, row1, column0, column1]} that may hold centres inside the area; null if none. */
    private int[] window(Geometry area) {
        // The area's border, densified so that its projected bounding box holds every projected point inside it.
        Envelope env = area.getEnvelopeInternal();
        Coordinate[] border = org.locationtech.jts.densify.Densifier
                .densify(area.getBoundary(), Math.max(1e-3, Math.max(env.getWidth(), env.getHeight()) / 64)).getCoordinates();
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Coordinate c : border) {
            Optional<double[]> xy = projection.toGrid(c.y, c.x);
            if (xy.isEmpty()) {
                continue;
            }
            minX = Math.min(minX, xy.get()[0]);
            maxX = Math.max(maxX, xy.get()[0]);
            minY = Math.min(minY, xy.get()[1]);
            maxY = Math.max(maxY, xy.get()[1]);
        }
        if (!Double.isFinite(minX)) {
            return null;
        }
        int[] columns = range(x, minX, maxX);
        int[] rows = range(y, minY, maxY);
        if (columns == null || rows == null) {
            return null;
        }
        return new int[] {rows[0], rows[1], columns[0], columns[1]};
    }

    /** Indices of the axis whose centres may lie within {@code [lo, hi]} (one extra on each side), clamped. */
    private static int[] range(Axis axis, double lo, double hi) {
        if (axis.size() < 2 || axis.step() == 0) {
            return new int[] {0, 0};
        }
        double a = (lo - axis.first()) / axis.step();
        double b = (hi - axis.first()) / axis.step();
        int i0 = (int) Math.floor(Math.min(a, b)) - 1;
        int i1 = (int) Math.ceil(Math.max(a, b)) + 1;
        if (i1 < 0 || i0 > axis.size() - 1) {
            return null;
        }
        return new int[] {Math.max(0, i0), Math.min(axis.size() - 1, i1)};
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** More cells than allowed lie in the area. */
    public static final class TooManyCells extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long cells;

        TooManyCells(long cells) {
            super(String.format(Locale.ROOT, "more than %d cells", cells - 1), null, false, false);
            this.cells = cells;
        }

        /** At least this many cells (a lower bound when counting stopped early). */
        public long cells() {
            return cells;
        }
    }
}
