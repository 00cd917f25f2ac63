package io.isobar.query.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.point.Gazetteer;
import io.isobar.query.forecast.GridProjection;
import io.isobar.query.point.Place;

/**
 * Where a grid lies on the Earth, in the grid's own coordinates, for a viewer that draws in them (no reprojection of
 * the picture, no projection library in the browser): the grid's outer edges, its corners' latitude and longitude,
 * a graticule and the gazetteer's places projected onto it, and a coarse table of the latitude and longitude of grid
 * points from which the viewer interpolates where a click is.
 *
 * @param proj4 the grid's projection, proj4 syntax (from the file's {@code grid_mapping})
 * @param xMin west edge of the first column, metres (cell edges, not centres)
 * @param xMax east edge of the last column
 * @param yMin south edge
 * @param yMax north edge
 * @param corners latitude and longitude of the corners: south-west, south-east, north-east, north-west
 * @param graticule lines of constant latitude and longitude every {@code graticuleStep} degrees, as {@code [x, y]} points
 * @param graticuleLabels the label of each line of {@code graticule}, in the same order ({@code 55°N}, {@code 3°W})
 * @param places the gazetteer's places on the grid: name, latitude, longitude, x, y
 * @param lookup latitudes and longitudes at grid points every {@code lookupStep} metres, from {@code xMin, yMin}
 */
public record MapFrame(String proj4, double xMin, double xMax, double yMin, double yMax, List<double[]> corners,
        double graticuleStep, List<List<double[]>> graticule, List<String> graticuleLabels, List<PlaceOnGrid> places,
        Lookup lookup) {

    /** A gazetteer place and where it is on the grid. */
    public record PlaceOnGrid(String name, double latitude, double longitude, double x, double y) {}

    /**
     * Latitude and longitude at {@code columns x rows} points spaced {@code step} metres from {@code (x0, y0)},
     * row-major from the south-west: bilinear interpolation in it locates any point to well under a cell.
     */
    public record Lookup(double x0, double y0, double step, int columns, int rows, double[] latitudes, double[] longitudes) {}

    private static final int LOOKUP_POINTS = 40;

    /** The frame of the grid of {@code header}. */
    public static MapFrame of(NetcdfHeader header, GridProjection projection, Gazetteer gazetteer) {
        NetcdfHeader.Axis x = header.xCoordinates();
        NetcdfHeader.Axis y = header.yCoordinates();
        double dx = Math.abs(x.step());
        double dy = Math.abs(y.step());
        double xMin = Math.min(x.first(), x.last()) - dx / 2;
        double xMax = Math.max(x.first(), x.last()) + dx / 2;
        double yMin = Math.min(y.first(), y.last()) - dy / 2;
        double yMax = Math.max(y.first(), y.last()) + dy / 2;
        List<double[]> corners = List.of(geographic(projection, xMin, yMin), geographic(projection, xMax, yMin),
                geographic(projection, xMax, yMax), geographic(projection, xMin, yMax));

        double latMin = 90;
        double latMax = -90;
        double lonMin = 180;
        double lonMax = -180;
        double step = Math.max(xMax - xMin, yMax - yMin) / (LOOKUP_POINTS - 1);
        int columns = (int) Math.ceil((xMax - xMin) / step) + 1;
        int rows = (int) Math.ceil((yMax - yMin) / step) + 1;
        double[] lats = new double[columns * rows];
        double[] lons = new double[columns * rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                double[] ll = geographic(projection, xMin + c * step, yMin + r * step);
                lats[r * columns + c] = round(ll[0]);
                lons[r * columns + c] = round(ll[1]);
                latMin = Math.min(latMin, ll[0]);
                latMax = Math.max(latMax, ll[0]);
                lonMin = Math.min(lonMin, ll[1]);
                lonMax = Math.max(lonMax, ll[1]);
            }
        }
        double span = Math.max(latMax - latMin, lonMax - lonMin);
        double gStep = span > 60 ? 10 : span > 20 ? 5 : span > 4 ? 1 : 0.25;
        List<List<double[]>> graticule = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        double fine = gStep / 10;
        for (double lat = Math.floor(latMin / gStep) * gStep; lat <= latMax; lat += gStep) {
            add(graticule, labels, line(projection, lat, lonMin, lonMax, fine, true), degrees(lat, "N", "S"));
        }
        for (double lon = Math.floor(lonMin / gStep) * gStep; lon <= lonMax; lon += gStep) {
            add(graticule, labels, line(projection, lon, latMin, latMax, fine, false), degrees(lon, "E", "W"));
        }

        List<PlaceOnGrid> places = new ArrayList<>();
        for (Place p : gazetteer.places()) {
            Optional<double[]> xy = projection.toGrid(p.latitude(), p.longitude());
            if (projection.isLatitudeLongitude() && xy.isPresent() && xy.get()[0] < xMin) {
                xy = Optional.of(new double[] {xy.get()[0] + 360, xy.get()[1]}); // a 0..360 grid: west longitudes are 180..360
            }
            if (xy.isPresent() && xy.get()[0] >= xMin && xy.get()[0] <= xMax && xy.get()[1] >= yMin && xy.get()[1] <= yMax) {
                double[] at = projection.isLatitudeLongitude() ? xy.get() : new double[] {Math.round(xy.get()[0]), Math.round(xy.get()[1])};
                places.add(new PlaceOnGrid(p.name(), p.latitude(), p.longitude(), at[0], at[1]));
            }
        }
        return new MapFrame(projection.definition(), xMin, xMax, yMin, yMax, corners, gStep, graticule, labels, places,
                new Lookup(xMin, yMin, step, columns, rows, lats, lons));
    }

    /**
     * {@code [latitude, longitude]} of grid {@code x, y}; on a latitude/longitude grid the grid's own longitude, not
     * folded into -180..180: a whole globe's east edge is +180 (folded, it would be its west edge, and the picture's
     * bounds no wider than a line), and a 0..360 grid stays 0..360.
     */
    private static double[] geographic(GridProjection projection, double x, double y) {
        return projection.isLatitudeLongitude() ? new double[] {y, x} : projection.toGeographic(x, y);
    }

    private static void add(List<List<double[]>> lines, List<String> labels, List<double[]> line, String label) {
        if (!line.isEmpty()) {
            lines.add(line);
            labels.add(label);
        }
    }

    /** {@code 55°N}, {@code 3°W}, {@code 0°}, {@code 54.25°N}. */
    static String degrees(double value, String positive, String negative) {
        double v = Math.round(value * 100) / 100.0;
        String number = v == Math.rint(v) ? Long.toString(Math.abs((long) v)) : Double.toString(Math.abs(v));
        return number + "°" + (v > 0 ? positive : v < 0 ? negative : "");
    }

    /** A line of constant latitude (or longitude) as grid points, sampled every {@code fine} degrees. */
    private static List<double[]> line(GridProjection projection, double fixed, double from, double to, double fine,
            boolean constantLatitude) {
        List<double[]> points = new ArrayList<>();
        for (double v = Math.floor(from / fine) * fine; v <= to + fine; v += fine) {
            Optional<double[]> xy = constantLatitude ? projection.toGrid(fixed, v) : projection.toGrid(v, fixed);
            // Whole metres on a projected grid; on a lat/lon grid (degrees) as computed.
            xy.ifPresent(p -> points.add(projection.isLatitudeLongitude() ? p : new double[] {Math.round(p[0]), Math.round(p[1])}));
        }
        return points;
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }
}
