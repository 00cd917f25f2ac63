package io.isobar.query.forecast;

/**
 * Distances and destinations on the Earth taken as a sphere of the mean radius: the distance from a point to the
 * cell that answers it, the circle of an EDR {@code radius} query, a path's length and where a place lies from a path
 * (trajectories and corridors). Good to well under 0.5 % at the scales of a grid cell or a radius, which is all these
 * uses need.
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

    /** Initial bearing (radians clockwise from north) of the great circle from the first point to the second. */
    public static double bearing(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dl = Math.toRadians(lon2 - lon1);
        return Math.atan2(Math.sin(dl) * Math.cos(p2), Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl));
    }

    /**
     * Where point P lies relative to the great circle from A to B: {@code [along, across]} in metres, the distance from A
     * along the circle to P's foot on it (negative behind A) and P's distance from the circle (positive to the right of
     * the direction from A to B, negative to its left).
     */
    public static double[] alongAndAcross(double latA, double lonA, double latB, double lonB, double latP, double lonP) {
        double d13 = distance(latA, lonA, latP, lonP) / EARTH_RADIUS_M;
        double t13 = bearing(latA, lonA, latP, lonP);
        double t12 = bearing(latA, lonA, latB, lonB);
        double across = Math.asin(Math.max(-1, Math.min(1, Math.sin(d13) * Math.sin(t13 - t12))));
        double along = Math.acos(Math.max(-1, Math.min(1, Math.cos(d13) / Math.cos(across))));
        return new double[] {Math.copySign(along, Math.cos(t13 - t12)) * EARTH_RADIUS_M, across * EARTH_RADIUS_M};
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
