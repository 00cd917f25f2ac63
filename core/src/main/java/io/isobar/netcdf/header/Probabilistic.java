package io.isobar.netcdf.header;

import java.util.Arrays;
import java.util.List;

import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.jhdf.api.Dataset;

/**
 * What IMPROVER's blended forecasts add to a forecast file, as its metadata documentation lays it out: a
 * {@code percentile} dimension (values in %), or a {@code threshold} dimension (the thresholded quantity's
 * {@code standard_name} or {@code long_name}, its units and {@code spp__relative_to_threshold}), and for spot files a
 * {@code spot_index} dimension of sites.
 */
final class Probabilistic {

    /** The dimension of a spot file's sites. */
    static final String SPOT_INDEX = "spot_index";
    static final String PERCENTILE = "percentile";
    static final String THRESHOLD = "threshold";

    private final Datasets datasets;

    Probabilistic(Datasets datasets) {
        this.datasets = datasets;
    }

    /** The percentiles of a file with a {@code percentile} dimension, else empty. */
    List<Double> percentiles(List<NetcdfHeader.Dimension> dimensions) throws HeaderException {
        if (!has(dimensions, PERCENTILE)) {
            return List.of();
        }
        Dataset coordinate = datasets.get(PERCENTILE);
        return coordinate == null ? List.of() : Arrays.stream(datasets.values(coordinate)).boxed().toList();
    }

    /** The thresholds of a file with a {@code threshold} dimension, else null. */
    NetcdfHeader.Threshold threshold(List<NetcdfHeader.Dimension> dimensions) throws HeaderException {
        if (!has(dimensions, THRESHOLD)) {
            return null;
        }
        Dataset coordinate = datasets.get(THRESHOLD);
        if (coordinate == null) {
            return null;
        }
        String name = HdfAttributes.string(coordinate, "standard_name");
        if (name == null) {
            name = HdfAttributes.string(coordinate, "long_name");
        }
        // IMPROVER writes spp__; its own reference page spells it ssp__ once: accept both.
        String comparison = HdfAttributes.string(coordinate, "spp__relative_to_threshold");
        if (comparison == null) {
            comparison = HdfAttributes.string(coordinate, "ssp__relative_to_threshold");
        }
        return new NetcdfHeader.Threshold(name, HdfAttributes.string(coordinate, "units"),
                comparison == null ? null : comparison.trim(), Arrays.stream(datasets.values(coordinate)).boxed().toList());
    }

    private static boolean has(List<NetcdfHeader.Dimension> dimensions, String name) {
        return dimensions.stream().anyMatch(d -> d.name().equals(name));
    }
}
