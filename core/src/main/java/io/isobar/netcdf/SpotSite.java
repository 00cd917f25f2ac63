package io.isobar.netcdf;

/**
 * One site of a spot file: where along its {@code spot_index} it is, its ids and where it is on the Earth.
 *
 * @param index the site's position along {@code spot_index}
 * @param id the file's unique site id (IMPROVER's {@code met_office_site_id}, or the coordinate marked
 *     {@code unique_site_identifier}), else the WMO id, else the index as text
 * @param wmoId the 5-digit WMO id, or null when the file has none for the site ({@code "None"} or blank)
 * @param latitude degrees north
 * @param longitude degrees east
 * @param altitude metres above sea level, NaN when the file does not say
 */
public record SpotSite(int index, String id, String wmoId, double latitude, double longitude, double altitude) {}
