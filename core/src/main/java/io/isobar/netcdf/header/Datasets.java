package io.isobar.netcdf.header;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.netcdf.HeaderException;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;

/**
 * The top-level datasets of an open file, by name and by address, and how a coordinate among them is found (by name,
 * else by {@code standard_name}) and read. Only datasets up to {@link #MAX_COORDINATE_VALUES} values are ever read: a
 * header read never reads the data.
 */
final class Datasets {

    private static final Logger LOG = LoggerFactory.getLogger(Datasets.class);

    /** Coordinates are small; anything larger is data and is never read while reading a header. */
    static final long MAX_COORDINATE_VALUES = 1_000_000;

    /** netCDF prefixes a dimension scale's name when a variable of the same name is not its coordinate. */
    private static final String NON_COORD_PREFIX = "_nc4_non_coord_";

    private final String uri;
    private final Map<String, Dataset> datasets = new LinkedHashMap<>();
    private final Map<Long, String> namesByAddress = new HashMap<>();

    Datasets(HdfFile file, String uri) {
        this.uri = uri;
        for (Node node : file.getChildren().values()) {
            if (node instanceof Dataset dataset && !node.isLink()) {
                datasets.put(node.getName(), dataset);
                namesByAddress.put(node.getAddress(), dimensionName(node.getName()));
            }
        }
    }

    /** The file the datasets are in, for messages. */
    String uri() {
        return uri;
    }

    Collection<Dataset> all() {
        return datasets.values();
    }

    /** The dataset called {@code name}, or null. */
    Dataset get(String name) {
        return datasets.get(name);
    }

    /** The dimension name of the dataset at {@code address} (an HDF5 object reference), or null. */
    String dimensionNameAt(long address) {
        return namesByAddress.get(address);
    }

    /** A dimension scale's dataset name as the dimension's name. */
    static String dimensionName(String datasetName) {
        return datasetName.startsWith(NON_COORD_PREFIX) ? datasetName.substring(NON_COORD_PREFIX.length()) : datasetName;
    }

    /** The coordinate called {@code name}, else the first small enough dataset with that {@code standard_name}; null when none. */
    Dataset coordinate(String name, String standardName) {
        Dataset byName = datasets.get(name);
        if (byName != null) {
            return byName;
        }
        for (Dataset d : datasets.values()) {
            if (standardName.equals(HdfAttributes.string(d, "standard_name")) && d.getSize() <= MAX_COORDINATE_VALUES) {
                return d;
            }
        }
        return null;
    }

    /** {@code coordinate}, or the failure a forecast file without it is. */
    Dataset require(Dataset coordinate, String name) throws HeaderException {
        if (coordinate == null) {
            throw new HeaderException(HeaderException.Reason.MISSING_COORDINATE, uri, "no " + name + " coordinate");
        }
        return coordinate;
    }

    /** The one value of a scalar coordinate (the first, with a warning, if it has several). */
    double single(Dataset coordinate) throws HeaderException {
        double[] values = values(coordinate);
        if (values.length == 0) {
            throw new HeaderException(HeaderException.Reason.MISSING_COORDINATE, uri, coordinate.getName() + " has no value");
        }
        if (values.length > 1) {
            LOG.warn("{}: {} has {} values; a forecast file has one, using the first", uri, coordinate.getName(), values.length);
        }
        return values[0];
    }

    /** The values of the coordinate's {@code bounds} variable ({@code <name>_bnds} if the attribute is absent). */
    double[] boundsOf(Dataset coordinate) throws HeaderException {
        String name = HdfAttributes.string(coordinate, "bounds");
        Dataset bounds = datasets.get(name != null ? name.trim() : coordinate.getName() + "_bnds");
        return bounds == null ? new double[0] : values(bounds);
    }

    /** A coordinate's values; refuses anything the size of data, so a header read never reads the data. */
    double[] values(Dataset coordinate) throws HeaderException {
        if (coordinate.getSize() > MAX_COORDINATE_VALUES) {
            throw new HeaderException(HeaderException.Reason.UNREADABLE, uri, coordinate.getName() + " has "
                    + coordinate.getSize() + " values, too many for a coordinate");
        }
        return HdfAttributes.flatten(coordinate.getData());
    }
}
