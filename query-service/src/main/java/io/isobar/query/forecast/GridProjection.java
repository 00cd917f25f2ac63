package io.isobar.query.forecast;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.Proj4jException;
import org.locationtech.proj4j.ProjCoordinate;

import io.isobar.netcdf.NetcdfHeader;

/**
 * Latitude/longitude to a file's grid coordinates and back, with proj4j, from the file's own CF
 * {@code grid_mapping} parameters: the Met Office UK grids are Lambert azimuthal equal-area on an ellipsoid
 * ({@code +proj=laea +lat_0=54.9 +lon_0=-2.5 +x_0=0 +y_0=0 +a=6378137 +b=6356752.31414036 +units=m}).
 *
 * <p>Supported {@code grid_mapping_name}s: {@code lambert_azimuthal_equal_area}, {@code transverse_mercator},
 * {@code lambert_conformal_conic} and {@code latitude_longitude} (the global grids, on a sphere of 6,371,229 m: there
 * grid x/y are longitude/latitude themselves). Latitudes and longitudes are taken on the grid's own ellipsoid (no datum
 * shift: the UK grids' ellipsoid is GRS80, within a millimetre of WGS84's). Longitudes may be given -180..180 or 0..360
 * (or any turn more); {@link #toGeographic} answers -180..180. Immutable and thread-safe.
 */
public final class GridProjection {

    private final String definition;
    private final CoordinateReferenceSystem grid;
    private final CoordinateReferenceSystem geographic;
    private final boolean lonLat;
    /** Transforms keep scratch state: one per thread, made once (making one costs more than using it). */
    private final ThreadLocal<CoordinateTransform> toGridTransform;
    private final ThreadLocal<CoordinateTransform> toGeographicTransform;

    private GridProjection(String definition, CoordinateReferenceSystem grid, CoordinateReferenceSystem geographic, boolean lonLat) {
        this.definition = definition;
        this.grid = grid;
        this.geographic = geographic;
        this.lonLat = lonLat;
        this.toGridTransform = ThreadLocal.withInitial(() -> transform(geographic, grid));
        this.toGeographicTransform = ThreadLocal.withInitial(() -> transform(grid, geographic));
    }

    /**
     * The projection of {@code mapping}.
     *
     * @throws UnsupportedGridException when the mapping is missing, of a kind not supported, or its parameters are unusable
     */
    public static GridProjection of(NetcdfHeader.GridMapping mapping) {
        if (mapping == null) {
            throw new UnsupportedGridException("the file has no grid_mapping, so its grid cannot be located on the Earth");
        }
        Map<String, Object> p = mapping.parameters();
        String name = String.valueOf(p.get("grid_mapping_name")).toLowerCase(Locale.ROOT);
        String ellipsoid = ellipsoid(p);
        String definition = switch (name) {
            case "lambert_azimuthal_equal_area" -> "+proj=laea"
                    + " +lat_0=" + number(p, "latitude_of_projection_origin", name)
                    + " +lon_0=" + number(p, "longitude_of_projection_origin", name)
                    + offsets(p) + ellipsoid;
            case "transverse_mercator" -> "+proj=tmerc"
                    + " +lat_0=" + number(p, "latitude_of_projection_origin", name)
                    + " +lon_0=" + number(p, "longitude_of_central_meridian", name)
                    + " +k_0=" + number(p, "scale_factor_at_central_meridian", name)
                    + offsets(p) + ellipsoid;
            case "lambert_conformal_conic" -> {
                double[] parallels = numbers(p.get("standard_parallel"), name);
                yield "+proj=lcc +lat_1=" + parallels[0] + " +lat_2=" + parallels[parallels.length - 1]
                        + " +lat_0=" + number(p, "latitude_of_projection_origin", name)
                        + " +lon_0=" + number(p, "longitude_of_central_meridian", name)
                        + offsets(p) + ellipsoid;
            }
            case "latitude_longitude" -> "+proj=longlat" + ellipsoid.replace(" +units=m", "");
            default -> throw new UnsupportedGridException("grid_mapping_name '" + mapping.parameters().get("grid_mapping_name")
                    + "' of " + mapping.name() + " is not supported; supported: lambert_azimuthal_equal_area,"
                    + " transverse_mercator, lambert_conformal_conic, latitude_longitude");
        };
        try {
            CRSFactory factory = new CRSFactory();
            CoordinateReferenceSystem grid = factory.createFromParameters(mapping.name(), definition);
            CoordinateReferenceSystem geographic = factory.createFromParameters("geographic",
                    "+proj=longlat" + ellipsoid.replace(" +units=m", ""));
            return new GridProjection(definition, grid, geographic, name.equals("latitude_longitude"));
        } catch (Proj4jException | IllegalArgumentException e) {
            throw new UnsupportedGridException("grid mapping " + mapping.name() + " (" + definition + ") is unusable: " + e.getMessage());
        }
    }

    /** The proj4 definition built from the file's parameters. */
    public String definition() {
        return definition;
    }

    /** True for a {@code latitude_longitude} grid: grid x is the longitude and y the latitude, in degrees. */
    public boolean isLatitudeLongitude() {
        return lonLat;
    }

    /**
     * Grid {@code [x, y]} of a latitude and longitude (degrees); empty where the projection is undefined or the latitude
     * is not one (beyond the poles). For a latitude/longitude grid x is the longitude as given: placing it on the
     * grid's own range of longitudes is {@link Grid}'s job, which knows the range.
     */
    public Optional<double[]> toGrid(double latitude, double longitude) {
        if (!(Math.abs(latitude) <= 90) || !Double.isFinite(longitude)) {
            return Optional.empty();
        }
        if (lonLat) {
            return Optional.of(new double[] {longitude, latitude});
        }
        try {
            ProjCoordinate out = new ProjCoordinate();
            toGridTransform.get().transform(new ProjCoordinate(normalised(longitude), latitude), out);
            return Double.isFinite(out.x) && Double.isFinite(out.y) ? Optional.of(new double[] {out.x, out.y}) : Optional.empty();
        } catch (Proj4jException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** {@code [latitude, longitude]} (degrees, longitude -180..180) of grid coordinates {@code x}, {@code y}. */
    public double[] toGeographic(double x, double y) {
        if (lonLat) {
            return new double[] {y, normalised(x)};
        }
        ProjCoordinate out = new ProjCoordinate();
        toGeographicTransform.get().transform(new ProjCoordinate(x, y), out);
        return new double[] {out.y, out.x};
    }

    /** {@code [latitude, longitude]} of many grid points at once, with one transform (areas of many cells). */
    public double[][] toGeographic(double[] xs, double[] ys) {
        double[][] out = new double[xs.length][];
        if (lonLat) {
            for (int i = 0; i < xs.length; i++) {
                out[i] = toGeographic(xs[i], ys[i]);
            }
            return out;
        }
        CoordinateTransform t = toGeographicTransform.get();
        ProjCoordinate in = new ProjCoordinate();
        ProjCoordinate result = new ProjCoordinate();
        for (int i = 0; i < xs.length; i++) {
            in.x = xs[i];
            in.y = ys[i];
            t.transform(in, result);
            out[i] = new double[] {result.y, result.x};
        }
        return out;
    }

    /** {@code longitude} in [-180, 180): 202.14 is -157.86, 359.9 is -0.1, -180 stays. */
    public static double normalised(double longitude) {
        if (longitude >= -180 && longitude < 180) {
            return longitude;
        }
        double wrapped = longitude - 360 * Math.floor((longitude + 180) / 360);
        return wrapped >= 180 ? wrapped - 360 : wrapped;
    }

    private static CoordinateTransform transform(CoordinateReferenceSystem from, CoordinateReferenceSystem to) {
        return new CoordinateTransformFactory().createTransform(from, to);
    }

    private static String offsets(Map<String, Object> p) {
        return " +x_0=" + optional(p, "false_easting") + " +y_0=" + optional(p, "false_northing");
    }

    /** The ellipsoid as CF states it: semi-axes, semi-major axis and inverse flattening, or a sphere's radius. */
    private static String ellipsoid(Map<String, Object> p) {
        Double a = value(p.get("semi_major_axis"));
        Double b = value(p.get("semi_minor_axis"));
        Double rf = value(p.get("inverse_flattening"));
        Double r = value(p.get("earth_radius"));
        String shape;
        if (a != null && b != null) {
            shape = " +a=" + a + " +b=" + b;
        } else if (a != null && rf != null) {
            shape = rf == 0 ? " +a=" + a + " +b=" + a : " +a=" + a + " +rf=" + rf;
        } else if (r != null) {
            shape = " +a=" + r + " +b=" + r;
        } else {
            shape = " +ellps=WGS84";
        }
        return shape + " +units=m +no_defs";
    }

    private static double number(Map<String, Object> p, String key, String mapping) {
        Double v = value(p.get(key));
        if (v == null) {
            throw new UnsupportedGridException(mapping + " grid mapping without " + key);
        }
        return v;
    }

    private static double optional(Map<String, Object> p, String key) {
        Double v = value(p.get(key));
        return v == null ? 0.0 : v;
    }

    private static double[] numbers(Object value, String mapping) {
        if (value instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (value instanceof java.util.List<?> list && !list.isEmpty() && list.stream().allMatch(Number.class::isInstance)) {
            return list.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
        }
        throw new UnsupportedGridException(mapping + " grid mapping without standard_parallel");
    }

    private static Double value(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof java.util.List<?> list && list.size() == 1 && list.get(0) instanceof Number n) {
            return n.doubleValue();
        }
        return null;
    }

    /** A grid mapping that cannot be used to place points on the grid. */
    public static final class UnsupportedGridException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public UnsupportedGridException(String message) {
            super(message);
        }
    }
}
