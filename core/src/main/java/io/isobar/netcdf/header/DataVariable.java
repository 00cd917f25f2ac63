package io.isobar.netcdf.header;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.isobar.netcdf.HeaderException;
import io.jhdf.api.Dataset;
import io.jhdf.object.datatype.StringData;

/**
 * Finds a file's data variable: the dataset with a {@code grid_mapping} attribute (the one with most dimensions if
 * several); failing that (spot files have no grid mapping), the largest dataset that is not a coordinate, bounds,
 * dimension scale or grid mapping variable. Neither is ever an ancillary variable (the {@code flag} of today's
 * pressure-level files lies on the same grid as the data) nor text (a spot file's site ids).
 */
final class DataVariable {

    private DataVariable() {}

    static Dataset find(Datasets datasets) throws HeaderException {
        Set<String> ancillary = ancillaryNames(datasets);
        Dataset best = null;
        for (Dataset d : datasets.all()) {
            if (HdfAttributes.attribute(d, "grid_mapping") != null && !ancillary.contains(d.getName())
                    && (best == null || isBigger(d, best))) {
                best = d;
            }
        }
        if (best != null) {
            return best;
        }
        Set<String> coordinates = coordinateLikeNames(datasets);
        coordinates.addAll(ancillary);
        for (Dataset d : datasets.all()) {
            if (!d.isScalar() && !coordinates.contains(d.getName()) && !(d.getDataType() instanceof StringData)
                    && (best == null || isBigger(d, best))) {
                best = d;
            }
        }
        if (best == null) {
            throw new HeaderException(HeaderException.Reason.MISSING_VARIABLE, datasets.uri(),
                    "no data variable: no dataset has a grid_mapping attribute and every dataset is a coordinate,"
                            + " bounds or grid mapping variable");
        }
        return best;
    }

    /** Variables others name as {@code ancillary_variables}, and status flags: never the data. */
    private static Set<String> ancillaryNames(Datasets datasets) {
        Set<String> names = new HashSet<>();
        for (Dataset d : datasets.all()) {
            String ancillary = HdfAttributes.string(d, "ancillary_variables");
            if (ancillary != null && !ancillary.isBlank()) {
                names.addAll(Arrays.asList(ancillary.trim().split("\\s+")));
            }
            if ("status_flag".equals(HdfAttributes.string(d, "standard_name"))) {
                names.add(d.getName());
            }
        }
        return names;
    }

    private static boolean isBigger(Dataset a, Dataset b) {
        int rankA = a.getDimensions().length;
        int rankB = b.getDimensions().length;
        return rankA != rankB ? rankA > rankB : a.getSize() > b.getSize();
    }

    private static Set<String> coordinateLikeNames(Datasets datasets) {
        Set<String> names = new HashSet<>(List.of("time", "forecast_reference_time", "forecast_period", "realization",
                "height", "pressure", "projection_x_coordinate", "projection_y_coordinate", "latitude", "longitude",
                "grid_latitude", "grid_longitude", "blend_time", "percentile", "threshold", "spot_index", "altitude",
                "wmo_id", "met_office_site_id"));
        for (Dataset d : datasets.all()) {
            String name = d.getName();
            if (name.endsWith("_bnds") || name.endsWith("_bounds") || "DIMENSION_SCALE".equals(HdfAttributes.string(d, "CLASS"))
                    || HdfAttributes.attribute(d, "grid_mapping_name") != null) {
                names.add(name);
            }
            String bounds = HdfAttributes.string(d, "bounds");
            if (bounds != null) {
                names.add(bounds.trim());
            }
            String coordinates = HdfAttributes.string(d, "coordinates");
            if (coordinates != null) {
                names.addAll(Arrays.asList(coordinates.trim().split("\\s+")));
            }
        }
        return names;
    }
}
