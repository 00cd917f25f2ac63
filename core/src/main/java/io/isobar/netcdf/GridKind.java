package io.isobar.netcdf;

/** The horizontal shape of a forecast file's values: a projected grid, a latitude/longitude grid, or sites. */
public enum GridKind {
    /** Projected x/y in metres, e.g. the UK's Lambert azimuthal equal-area grid. */
    PROJECTED,
    /** Regular latitude/longitude in degrees ({@code latitude_longitude} grid mapping, or latitude/longitude axes). */
    LATITUDE_LONGITUDE,
    /** Sites, not a grid: a {@code spot_index} dimension with each site's latitude, longitude and altitude. */
    SPOT;

    /** The name the index and the API use: {@code projected}, {@code latitude_longitude}, {@code spot}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind with this {@link #id()}, or null for null or an unknown id. */
    public static GridKind fromId(String id) {
        for (GridKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        return null;
    }
}
