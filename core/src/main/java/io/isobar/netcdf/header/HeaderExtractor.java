package io.isobar.netcdf.header;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.isobar.model.MetOfficeProduct;
import io.isobar.model.MetOfficeProducts;
import io.isobar.model.ModelNames;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;

/**
 * Finds a forecast file's metadata in an open HDF5 file, the way netCDF-4 and CF lay it out, by asking each part in
 * turn: {@link DataVariable} finds the data variable, {@link TimeCoordinates} the run, step and validity time,
 * {@link DimensionNames} names the variable's dimensions, {@link GridGeometry} reads the grid, {@link Probabilistic} the
 * percentiles, thresholds and sites of a blend, and {@link Storage} the chunking; {@link Datasets} finds and reads
 * coordinates (never the data) and {@link HdfAttributes} reads attributes.
 */
final class HeaderExtractor {

    private final HdfFile file;
    private final Datasets datasets;

    HeaderExtractor(HdfFile file, String uri) {
        this.file = file;
        this.datasets = new Datasets(file, uri);
    }

    NetcdfHeader extract() throws HeaderException {
        Dataset data = DataVariable.find(datasets);
        Map<String, String> globals = HdfAttributes.globalAttributes(file);
        TimeCoordinates.Times times = new TimeCoordinates(datasets).read();
        List<NetcdfHeader.Dimension> dimensions = new DimensionNames(datasets).of(data);
        GridGeometry grid = new GridGeometry(datasets);
        Dataset realization = datasets.coordinate("realization", "realization");
        Dataset height = datasets.coordinate("height", "height");
        Dataset pressure = datasets.coordinate("pressure", "air_pressure");
        Probabilistic probabilistic = new Probabilistic(datasets);
        List<Double> percentiles = probabilistic.percentiles(dimensions);
        NetcdfHeader.Threshold threshold = probabilistic.threshold(dimensions);
        int sites = dimensions.stream().filter(d -> d.name().equals(Probabilistic.SPOT_INDEX)).mapToInt(NetcdfHeader.Dimension::size)
                .findFirst().orElse(0);
        // A spot file's last axis is its sites: it has no x or y.
        NetcdfHeader.Axis x = sites > 0 ? null
                : grid.axis(data, dimensions, 1, "X", "projection_x_coordinate", "longitude", "grid_longitude");
        NetcdfHeader.Axis y = sites > 0 ? null
                : grid.axis(data, dimensions, 2, "Y", "projection_y_coordinate", "latitude", "grid_latitude");
        NetcdfHeader.GridMapping mapping = sites > 0 ? null : grid.gridMapping(data, dimensions);

        return new NetcdfHeader(
                data.getName(),
                HdfAttributes.string(data, "standard_name"),
                HdfAttributes.string(data, "long_name"),
                HdfAttributes.string(data, "units"),
                HdfAttributes.string(data, "cell_methods"),
                model(globals, mapping, percentiles, threshold, sites),
                times.forecastReferenceTime(),
                times.forecastPeriod(),
                times.time(),
                times.timeBounds(),
                times.forecastPeriodBounds(),
                dimensions,
                Storage.chunkShape(data),
                Storage.compression(data, datasets.uri()),
                realization == null ? List.of()
                        : Arrays.stream(datasets.values(realization)).mapToObj(v -> (int) Math.round(v)).toList(),
                height == null ? List.of() : boxed(datasets.values(height)),
                pressure == null ? List.of() : boxed(pascals(pressure)),
                mapping,
                x,
                y,
                globals,
                percentiles,
                threshold,
                sites);
    }

    /**
     * The canonical model the file says it is: its {@code mosg__model_configuration} for a model's file; for an
     * IMPROVER blend (whose configuration lists every model blended, e.g. {@code "gl_ens uk_ens"}), the blended
     * product its domain and dimensions make it, or null when they do not tell (then whoever names the file decides).
     */
    private static String model(Map<String, String> globals, NetcdfHeader.GridMapping mapping, List<Double> percentiles,
            NetcdfHeader.Threshold threshold, int sites) {
        String title = globals.getOrDefault("title", "");
        boolean blend = "IMPROVER".equalsIgnoreCase(globals.getOrDefault("source", "").trim())
                || title.contains("IMPROVER") || title.contains("Blend") || globals.containsKey("mosg__model_run");
        if (!blend) {
            return ModelNames.fromModelConfiguration(globals.get("mosg__model_configuration"));
        }
        MetOfficeProduct.Kind kind = !percentiles.isEmpty() ? MetOfficeProduct.Kind.PERCENTILES
                : threshold != null ? MetOfficeProduct.Kind.PROBABILITIES : null;
        Boolean uk = title.contains("UK") ? Boolean.TRUE : title.contains("Global") ? Boolean.FALSE
                : mapping == null ? null : !NetcdfHeader.LATITUDE_LONGITUDE.equals(mapping.parameters().get("grid_mapping_name"));
        if (kind == null || uk == null) {
            return null;
        }
        return MetOfficeProducts.blend(uk, sites > 0, kind).map(MetOfficeProduct::name).orElse(null);
    }

    private double[] pascals(Dataset pressure) throws HeaderException {
        double[] values = datasets.values(pressure);
        String units = HdfAttributes.lower(HdfAttributes.string(pressure, "units"));
        double scale = switch (units == null ? "pa" : units) {
            case "hpa", "mbar", "millibar", "millibars", "mb" -> 100;
            case "kpa" -> 1000;
            default -> 1;
        };
        return Arrays.stream(values).map(v -> v * scale).toArray();
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
