package io.isobar.netcdf.header;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;

/** The grid the data variable lies on: its horizontal axes and its CF grid mapping. */
final class GridGeometry {

    private final Datasets datasets;

    GridGeometry(Datasets datasets) {
        this.datasets = datasets;
    }

    /**
     * The horizontal axis {@code fromEnd} places from the end of the data variable's dimensions (1: X, 2: Y), else
     * the coordinate with one of {@code standardNames} or with {@code axis} {@code axisName}; null when none.
     */
    NetcdfHeader.Axis axis(Dataset data, List<NetcdfHeader.Dimension> dimensions, int fromEnd, String axisName,
            String... standardNames) throws HeaderException {
        Dataset coordinate = null;
        if (dimensions.size() >= fromEnd) {
            Dataset d = datasets.get(dimensions.get(dimensions.size() - fromEnd).name());
            if (d != null && d != data && d.getDimensions().length == 1) {
                coordinate = d;
            }
        }
        for (int i = 0; coordinate == null && i < standardNames.length; i++) {
            coordinate = datasets.coordinate(standardNames[i], standardNames[i]);
        }
        if (coordinate == null) {
            for (Dataset d : datasets.all()) {
                if (axisName.equalsIgnoreCase(HdfAttributes.string(d, "axis")) && d.getDimensions().length == 1) {
                    coordinate = d;
                    break;
                }
            }
        }
        if (coordinate == null || coordinate == data) {
            return null;
        }
        double[] v = datasets.values(coordinate);
        if (v.length == 0) {
            return null;
        }
        double step = v.length > 1 ? (v[v.length - 1] - v[0]) / (v.length - 1) : 0;
        return new NetcdfHeader.Axis(v[0], v[v.length - 1], step, v.length);
    }

    /**
     * The grid mapping {@code data} names; for a variable on {@code latitude}/{@code longitude} axes that names none (CF
     * allows it), a {@code latitude_longitude} mapping on WGS84; else null.
     */
    NetcdfHeader.GridMapping gridMapping(Dataset data, List<NetcdfHeader.Dimension> dimensions) throws HeaderException {
        String name = HdfAttributes.string(data, "grid_mapping");
        if (name == null || name.isBlank()) {
            return onLatitudeLongitude(dimensions) ? new NetcdfHeader.GridMapping(NetcdfHeader.LATITUDE_LONGITUDE,
                    Map.of("grid_mapping_name", NetcdfHeader.LATITUDE_LONGITUDE)) : null;
        }
        // CF also allows "name: coord1 coord2 ..." forms; the variable is then the first word.
        String variable = name.trim().split("[:\\s]+")[0];
        Dataset mapping = datasets.get(variable);
        if (mapping == null) {
            throw new HeaderException(HeaderException.Reason.MISSING_VARIABLE, datasets.uri(), "grid mapping variable '" + variable
                    + "' named by " + data.getName() + ":grid_mapping is missing");
        }
        Map<String, Object> parameters = new TreeMap<>();
        for (Map.Entry<String, Attribute> e : mapping.getAttributes().entrySet()) {
            if (HdfAttributes.isUserAttribute(e.getKey())) {
                Object value = HdfAttributes.parameterValue(e.getValue());
                if (value != null) {
                    parameters.put(e.getKey(), value);
                }
            }
        }
        return new NetcdfHeader.GridMapping(variable, Collections.unmodifiableMap(parameters));
    }

    /** True when the variable's last two axes are latitude and longitude (by their {@code standard_name} or name). */
    private boolean onLatitudeLongitude(List<NetcdfHeader.Dimension> dimensions) {
        if (dimensions.size() < 2) {
            return false;
        }
        return is(dimensions.get(dimensions.size() - 2).name(), "latitude")
                && is(dimensions.get(dimensions.size() - 1).name(), "longitude");
    }

    private boolean is(String dimension, String standardName) {
        Dataset d = datasets.get(dimension);
        return dimension.equals(standardName) || (d != null && standardName.equals(HdfAttributes.string(d, "standard_name")));
    }
}
