package io.isobar.netcdf.header;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.SpotSite;
import io.jhdf.api.Dataset;

/**
 * The sites of a spot file, from its coordinates along {@code spot_index}: {@code latitude}, {@code longitude},
 * {@code altitude} (found by {@code standard_name}, else by name), {@code wmo_id} and the unique site id (the coordinate
 * with {@code unique_site_identifier = "true"}, else {@code met_office_site_id}). Ids are netCDF {@code char} arrays
 * ({@code (spot_index, string8)}) or strings.
 */
final class SpotSites {

    private final Datasets datasets;

    SpotSites(Datasets datasets) {
        this.datasets = datasets;
    }

    List<SpotSite> read(NetcdfHeader header) throws HeaderException {
        int count = header.sites();
        if (count <= 0) {
            throw new HeaderException(HeaderException.Reason.UNREADABLE, datasets.uri(), header.variable()
                    + " has no " + Probabilistic.SPOT_INDEX + " dimension: the file holds a grid, not sites");
        }
        double[] latitudes = numbers(alongSites("latitude", count), "latitude", count, true);
        double[] longitudes = numbers(alongSites("longitude", count), "longitude", count, true);
        double[] altitudes = numbers(alongSites("altitude", count), "altitude", count, false);
        String[] wmo = text(datasets.get("wmo_id"), count);
        String[] unique = text(uniqueIds(), count);
        List<SpotSite> sites = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String wmoId = wmo == null ? null : wmo[i];
            String id = unique != null && unique[i] != null ? unique[i] : wmoId != null ? wmoId : Integer.toString(i);
            sites.add(new SpotSite(i, id, wmoId, latitudes[i], longitudes[i], altitudes[i]));
        }
        return List.copyOf(sites);
    }

    /** The 1-D coordinate of {@code count} values with this standard name, else with this name; null when none. */
    private Dataset alongSites(String standardName, int count) {
        Dataset byName = null;
        for (Dataset d : datasets.all()) {
            int[] dims = d.getDimensions();
            if (dims.length != 1 || dims[0] != count) {
                continue;
            }
            if (standardName.equals(HdfAttributes.string(d, "standard_name"))) {
                return d;
            }
            if (d.getName().equals(standardName)) {
                byName = d;
            }
        }
        return byName;
    }

    private double[] numbers(Dataset coordinate, String what, int count, boolean required) throws HeaderException {
        if (coordinate == null) {
            if (required) {
                throw new HeaderException(HeaderException.Reason.MISSING_COORDINATE, datasets.uri(), "no " + what
                        + " of the " + count + " sites (a 1-D " + what + " along " + Probabilistic.SPOT_INDEX + ")");
            }
            double[] none = new double[count];
            java.util.Arrays.fill(none, Double.NaN);
            return none;
        }
        return datasets.values(coordinate);
    }

    private Dataset uniqueIds() {
        for (Dataset d : datasets.all()) {
            if ("true".equalsIgnoreCase(String.valueOf(HdfAttributes.string(d, "unique_site_identifier")).trim())) {
                return d;
            }
        }
        return datasets.get("met_office_site_id");
    }

    /** One string per site from a char array {@code (sites, n)} or a string array {@code (sites)}; null when absent. */
    private static String[] text(Dataset ids, int count) {
        if (ids == null || ids.getDimensions().length == 0 || ids.getDimensions()[0] != count) {
            return null;
        }
        Object data = ids.getData();
        if (data == null || !data.getClass().isArray() || Array.getLength(data) != count) {
            return null;
        }
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            Object row = Array.get(data, i);
            StringBuilder text = new StringBuilder();
            if (row != null && row.getClass().isArray()) {
                for (int c = 0; c < Array.getLength(row); c++) {
                    text.append(Array.get(row, c));
                }
            } else if (row != null) {
                text.append(row);
            }
            String id = text.toString().replace("\0", "").trim();
            // IMPROVER writes "None" where a site has no WMO id.
            out[i] = id.isEmpty() || id.equals("None") ? null : id;
        }
        return out;
    }
}
