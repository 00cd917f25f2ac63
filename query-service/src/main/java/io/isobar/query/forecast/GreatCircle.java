package io.isobar.query.forecast;

/**
 * Distances and destinations on the Earth taken as a sphere of the mean radius: the distance from a point to the
 * cell that answers it, and the circle of an EDR {@code radius} query. Good to well under 0.5 % at the scales of a
 * grid cell or a radius, which is all these uses need.
 */
public final class GreatCircle {

    /** The Earth's mean radius (IUGG), metres. */
    public static final double EARTH_RADIUS_M = 6_371_008.8;

    private GreatCircle() {}

    /** Great-circle distance in metres between two latitude/longitude points (degrees), by the haversine formula. */
    public static double distance(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /**
     * {@code [latitude, longitude]} (degrees) reached from {@code (lat, lon)} after {@code metres} along the great circle
     * of initial {@code bearing} (radians clockwise from north); the longitude is not wrapped.
     */
    public static double[] destination(double lat, double lon, double bearing, double metres) {
        double lat1 = Math.toRadians(lat);
        double lon1 = Math.toRadians(lon);
        double d = metres / EARTH_RADIUS_M;
        double lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(bearing));
        double lon2 = lon1 + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
        return new double[] {Math.toDegrees(lat2), Math.toDegrees(lon2)};
    }
}
