package io.isobar.query.forecast;

import java.util.List;

import io.isobar.netcdf.SpotSite;

/**
 * Where a place falls on a spot file: the site that answers it (the nearest by great circle; a site asked for by id is
 * its own nearest, at 0 m) and how far from the place that site is.
 */
public record SpotPlacement(SpotSite site, double distanceMetres) {

    /** The site of {@code sites} nearest to a place (WGS84 degrees; the first of equally near ones). */
    public static SpotPlacement nearest(List<SpotSite> sites, double latitude, double longitude) {
        SpotSite best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (SpotSite s : sites) {
            double d = GreatCircle.distance(latitude, longitude, s.latitude(), s.longitude());
            if (d < bestDistance) {
                best = s;
                bestDistance = d;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("a spot file without sites answers no place");
        }
        return new SpotPlacement(best, bestDistance);
    }
}
