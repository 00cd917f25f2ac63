package io.isobar.simulator;

import java.util.List;
import java.util.Locale;

import io.isobar.model.MetOfficeProduct;
import io.isobar.netcdf.GridKind;

/**
 * The horizontal shape of a simulated file: a regular Lambert azimuthal equal-area grid in metres (the Met Office UK
 * 2 km standard grid), a regular latitude/longitude grid in degrees (the global grids), or a list of sites (the spot
 * blends), described by its size, its first cell centre and its spacing.
 *
 * <p>Row {@code r} lies at {@code y = firstY + r * stepY} and column {@code c} at {@code x = firstX + c * stepX}; both
 * axes increase (south to north, west to east). A spot grid has one row and a column per site; its sites are
 * {@link #site}.
 *
 * @param kind projected, latitude/longitude, or sites
 * @param rows number of cells along {@code projection_y_coordinate} or {@code latitude}; 1 for sites
 * @param columns number of cells along {@code projection_x_coordinate} or {@code longitude}; the sites for sites
 * @param firstX x (metres) or longitude (degrees) of the first column's centre
 * @param firstY y (metres) or latitude (degrees) of the first row's centre
 * @param stepX column spacing
 * @param stepY row spacing
 * @param ukSites for sites: true for the UK domain's sites, false for the global domain's
 */
public record GridSpec(GridKind kind, int rows, int columns, double firstX, double firstY, double stepX, double stepY,
                       boolean ukSites) {

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
        if (!(stepX > 0) || !(stepY > 0)) {
            throw new IllegalArgumentException("grid spacing must be positive, got " + stepX + " x " + stepY);
        }
        if (kind == GridKind.SPOT && rows != 1) {
            throw new IllegalArgumentException("sites are one row, got " + rows);
        }
    }

    /** A projected grid of square cells. */
    public GridSpec(int rows, int columns, double firstX, double firstY, double spacing) {
        this(GridKind.PROJECTED, rows, columns, firstX, firstY, spacing, spacing, false);
    }

    /** The real UK grid size (970 x 1042, 2 km), centred on the projection origin (54.9N, 2.5W). */
    public static GridSpec uk() {
        return centred(UK_ROWS, UK_COLUMNS);
    }

    /** A grid of the given size with 2 km cells, centred on the projection origin (for tests and quick runs). */
    public static GridSpec centred(int rows, int columns) {
        return new GridSpec(rows, columns, -(columns - 1) / 2.0 * UK_SPACING, -(rows - 1) / 2.0 * UK_SPACING, UK_SPACING);
    }

    /**
     * A whole-globe latitude/longitude grid of {@code rows x columns} cell centres, poles not on it, longitudes from
     * -180 (as the Met Office stores them): {@code globe(1920, 2560)} is the global deterministic grid.
     */
    public static GridSpec globe(int rows, int columns) {
        double dx = 360.0 / columns;
        double dy = 180.0 / rows;
        return new GridSpec(GridKind.LATITUDE_LONGITUDE, rows, columns, -180 + dx / 2, -90 + dy / 2, dx, dy, false);
    }

    /** {@code count} sites of the UK domain ({@code uk}) or of the rest of the world. */
    public static GridSpec sites(int count, boolean uk) {
        return new GridSpec(GridKind.SPOT, 1, count, 0, 0, 1, 1, uk);
    }

    /** The real grid (or sites) of {@code product}. */
    public static GridSpec of(MetOfficeProduct product) {
        MetOfficeProduct.Grid g = product.grid();
        return switch (g.kind()) {
            case PROJECTED -> new GridSpec(g.rows(), g.columns(), g.firstX(), g.firstY(), g.stepX());
            case LATITUDE_LONGITUDE -> globe(g.rows(), g.columns());
            case SPOT -> sites(g.sites(), product.grid().name().startsWith("uk"));
        };
    }

    /** Cell size of a projected grid, metres. */
    public double spacing() {
        return stepX;
    }

    /** Number of values in one field: cells, or sites. */
    public long points() {
        return (long) rows * columns;
    }

    /** x (or longitude) of the centre of {@code column}. */
    public double x(int column) {
        return firstX + column * stepX;
    }

    /** y (or latitude) of the centre of {@code row}. */
    public double y(int row) {
        return firstY + row * stepY;
    }

    /** Chunk rows: 128 as the Met Office, or the whole axis when it is shorter (HDF5 needs chunk <= size). */
    public int chunkRows() {
        return Math.min(CHUNK_EDGE, rows);
    }

    /** Chunk columns, as {@link #chunkRows()}; a spot file's sites are one chunk, as IMPROVER writes them. */
    public int chunkColumns() {
        return kind == GridKind.SPOT ? columns : Math.min(CHUNK_EDGE, columns);
    }

    /** {@code 970 x 1042}, {@code 1920 x 2560 latitude/longitude}, {@code 7213 UK sites}. */
    public String describe() {
        return switch (kind) {
            case PROJECTED -> rows + " x " + columns;
            case LATITUDE_LONGITUDE -> rows + " x " + columns + " latitude/longitude";
            case SPOT -> columns + (ukSites ? " UK" : " global") + " sites";
        };
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
        return bounds(xValues(), stepX);
    }

    float[][] yBounds() {
        return bounds(yValues(), stepY);
    }

    private static float[][] bounds(float[] centres, double step) {
        float[][] b = new float[centres.length][2];
        float half = (float) (step / 2);
        for (int i = 0; i < centres.length; i++) {
            b[i][0] = centres[i] - half;
            b[i][1] = centres[i] + half;
        }
        return b;
    }

    /**
     * One site of a spot grid: where it is and its ids.
     *
     * @param wmoId the 5-digit WMO id, or {@code None} as IMPROVER writes it for a site without one
     * @param siteId the 8-digit unique site id
     */
    public record Site(double latitude, double longitude, double altitude, String wmoId, String siteId) {}

    /** Real stations first (so a query by WMO id finds a known place), then sites spread over the domain. */
    private static final List<Site> UK_STATIONS = List.of(
            new Site(51.4778, -0.4614, 25, "03772", "00003772"),   // London Heathrow
            new Site(55.9500, -3.3725, 57, "03160", "00003160"),   // Edinburgh Gogarbank
            new Site(53.3537, -2.2750, 69, "03334", "00003334"),   // Manchester Airport
            new Site(51.4811, -3.1801, 9, "None", "00350001"),     // Cardiff (no WMO id)
            new Site(54.6636, -6.2161, 63, "03917", "00003917"),   // Belfast Aldergrove
            new Site(60.1394, -1.1831, 82, "03005", "00003005"));  // Lerwick
    private static final List<Site> GLOBAL_STATIONS = List.of(
            new Site(-41.3272, 174.8053, 12, "93439", "00093439"),  // Wellington
            new Site(21.3187, -157.9225, 2, "91182", "00091182"),   // Honolulu (202.08 E)
            new Site(-33.9465, 151.1731, 6, "94767", "00094767"),   // Sydney
            new Site(40.7789, -73.9692, 39, "72503", "00072503"),   // New York
            new Site(64.8136, -147.8597, 132, "70261", "00070261"), // Fairbanks
            new Site(-13.8297, -171.9994, 2, "91762", "00091762")); // Apia, just east of the antimeridian

    /** Site {@code index} of a spot grid: real stations first, then a deterministic spread over the domain. */
    public Site site(int index) {
        if (kind != GridKind.SPOT) {
            throw new IllegalStateException("a " + kind + " grid has no sites");
        }
        List<Site> stations = ukSites ? UK_STATIONS : GLOBAL_STATIONS;
        if (index < stations.size()) {
            return stations.get(index);
        }
        // A Halton sequence spreads the rest evenly and the same way every time.
        double u = halton(index, 2);
        double v = halton(index, 3);
        double lat = ukSites ? 49.9 + u * 11.0 : -55 + u * 125;
        double lon = ukSites ? -8.2 + v * 10.0 : -180 + v * 360;
        if (!ukSites && lat > 44 && lat < 62 && lon > -25 && lon < 16) {
            lat -= 30; // the UK domain's sites are the UK product's
        }
        double altitude = Math.round(halton(index, 5) * 400);
        String wmo = index % 4 == 3 ? "None" : String.format(Locale.ROOT, "%05d", 10_000 + index % 89_999);
        return new Site(round(lat), round(lon), altitude, wmo, String.format(Locale.ROOT, "%08d", 1_000_000 + index));
    }

    private static double halton(int index, int base) {
        double f = 1;
        double r = 0;
        for (int i = index + 1; i > 0; i /= base) {
            f /= base;
            r += f * (i % base);
        }
        return r;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
