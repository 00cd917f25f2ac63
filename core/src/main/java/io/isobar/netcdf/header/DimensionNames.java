package io.isobar.netcdf.header;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.netcdf.NetcdfHeader;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;

/**
 * Names the data variable's dimensions, in this order of trust: (1) its {@code DIMENSION_LIST} attribute, whose
 * object references jhdf returns as the addresses of the dimension-scale datasets; (2) netCDF's own
 * {@code _Netcdf4Coordinates} dimension ids matched with each scale's {@code _Netcdf4Dimid}; (3) for files without
 * dimension scales (e.g. written by plain HDF5 tools), the 1-D datasets whose length matches, dimension scales before
 * auxiliary coordinates (a spot file's {@code latitude(spot_index)}), preferring by role in CF order: realization,
 * time, vertical ({@code height}/{@code pressure}), {@code percentile}/{@code threshold}, then {@code Y} for the
 * second-last and {@code X} (or the sites' {@code spot_index}) for the last dimension; (4) else {@code dim0}, ...
 */
final class DimensionNames {

    private static final Logger LOG = LoggerFactory.getLogger(DimensionNames.class);

    private final Datasets datasets;

    DimensionNames(Datasets datasets) {
        this.datasets = datasets;
    }

    /** The dimensions of {@code data}, named, with their sizes. */
    List<NetcdfHeader.Dimension> of(Dataset data) {
        int[] shape = data.getDimensions();
        String[] names = new String[shape.length];
        fromDimensionList(data, names);
        fromNetcdfDimensionIds(data, names);
        fromMatchingCoordinates(data, shape, names);
        List<NetcdfHeader.Dimension> dimensions = new ArrayList<>(shape.length);
        for (int i = 0; i < shape.length; i++) {
            dimensions.add(new NetcdfHeader.Dimension(names[i] != null ? names[i] : "dim" + i, shape[i]));
        }
        return List.copyOf(dimensions);
    }

    private void fromDimensionList(Dataset data, String[] names) {
        Attribute list = HdfAttributes.attribute(data, "DIMENSION_LIST");
        if (list == null) {
            return;
        }
        try {
            Object value = list.getData();
            if (value == null || !value.getClass().isArray() || Array.getLength(value) != names.length) {
                return;
            }
            for (int i = 0; i < names.length; i++) {
                Long address = firstAddress(Array.get(value, i));
                if (address != null && names[i] == null) {
                    names[i] = datasets.dimensionNameAt(address);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("{}: cannot decode {}:DIMENSION_LIST, falling back", datasets.uri(), data.getName(), e);
        }
    }

    private static Long firstAddress(Object reference) {
        if (reference instanceof Number n) {
            return n.longValue();
        }
        if (reference != null && reference.getClass().isArray() && Array.getLength(reference) > 0) {
            return firstAddress(Array.get(reference, 0));
        }
        return null;
    }

    private void fromNetcdfDimensionIds(Dataset data, String[] names) {
        double[] ids = HdfAttributes.numbers(HdfAttributes.attribute(data, "_Netcdf4Coordinates"));
        if (ids.length != names.length) {
            return;
        }
        Map<Integer, String> byId = new HashMap<>();
        for (Dataset d : datasets.all()) {
            double[] id = HdfAttributes.numbers(HdfAttributes.attribute(d, "_Netcdf4Dimid"));
            if (id.length == 1) {
                byId.put((int) id[0], Datasets.dimensionName(d.getName()));
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null) {
                names[i] = byId.get((int) ids[i]);
            }
        }
    }

    private void fromMatchingCoordinates(Dataset data, int[] shape, String[] names) {
        Set<String> used = new HashSet<>(Arrays.asList(names));
        for (int i = 0; i < shape.length; i++) {
            if (names[i] != null) {
                continue;
            }
            boolean last = i == shape.length - 1;
            Role wanted = last ? Role.X : i == shape.length - 2 ? Role.Y : null;
            Dataset best = null;
            int bestScore = Integer.MAX_VALUE;
            for (Dataset d : datasets.all()) {
                int[] dims = d.getDimensions();
                if (d == data || dims.length != 1 || dims[0] != shape[i] || used.contains(d.getName())
                        || d.getName().endsWith("_bnds") || d.getName().endsWith("_bounds")) {
                    continue;
                }
                Role role = role(d);
                boolean fits = wanted == null ? role != Role.X && role != Role.Y && role != Role.SITE
                        : role == wanted || role == Role.OTHER || (last && role == Role.SITE);
                boolean scale = "DIMENSION_SCALE".equals(HdfAttributes.string(d, "CLASS"));
                int score = (fits ? 0 : 100) + (scale ? 0 : 50) + role.ordinal();
                if (score < bestScore) {
                    best = d;
                    bestScore = score;
                }
            }
            if (best != null) {
                names[i] = Datasets.dimensionName(best.getName());
                used.add(best.getName());
            }
        }
    }

    /** Where a coordinate usually comes in a CF variable's dimensions, for telling same-length coordinates apart. */
    private enum Role { ENSEMBLE, TIME, VERTICAL, PROBABILISTIC, SITE, Y, X, OTHER }

    private static Role role(Dataset d) {
        String name = d.getName().toLowerCase(Locale.ROOT);
        String standardName = String.valueOf(HdfAttributes.lower(HdfAttributes.string(d, "standard_name")));
        String axis = String.valueOf(HdfAttributes.lower(HdfAttributes.string(d, "axis")));
        if (name.equals("realization") || "realization".equals(standardName)) {
            return Role.ENSEMBLE;
        }
        String longName = String.valueOf(HdfAttributes.lower(HdfAttributes.string(d, "long_name")));
        if (name.equals("percentile") || name.equals("threshold") || "percentile".equals(longName)) {
            return Role.PROBABILISTIC;
        }
        if (name.equals("spot_index") || "spot_index".equals(longName)) {
            return Role.SITE;
        }
        if ("t".equals(axis) || name.equals("time") || "time".equals(standardName) || "forecast_period".equals(standardName)
                || "forecast_reference_time".equals(standardName)) {
            return Role.TIME;
        }
        if ("z".equals(axis) || name.equals("height") || name.equals("pressure") || "height".equals(standardName)
                || "air_pressure".equals(standardName) || "model_level_number".equals(standardName)
                || HdfAttributes.attribute(d, "positive") != null) {
            return Role.VERTICAL;
        }
        if ("y".equals(axis) || Set.of("projection_y_coordinate", "latitude", "grid_latitude").contains(standardName)) {
            return Role.Y;
        }
        if ("x".equals(axis) || Set.of("projection_x_coordinate", "longitude", "grid_longitude").contains(standardName)) {
            return Role.X;
        }
        return Role.OTHER;
    }
}
