package io.isobar.netcdf.header;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.isobar.model.ModelNames;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;

/**
 * Finds a forecast file's metadata in an open HDF5 file, the way netCDF-4 and CF lay it out, by asking each part in
 * turn: {@link DataVariable} finds the data variable, {@link TimeCoordinates} the run, step and validity time,
 * {@link DimensionNames} names the variable's dimensions, {@link GridGeometry} reads the grid and {@link Storage} the
 * chunking; {@link Datasets} finds and reads coordinates (never the data) and {@link HdfAttributes} reads attributes.
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

        return new NetcdfHeader(
                data.getName(),
                HdfAttributes.string(data, "standard_name"),
                HdfAttributes.string(data, "long_name"),
                HdfAttributes.string(data, "units"),
                HdfAttributes.string(data, "cell_methods"),
                ModelNames.fromModelConfiguration(globals.get("mosg__model_configuration")),
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
                grid.gridMapping(data),
                grid.axis(data, dimensions, 1, "X", "projection_x_coordinate", "longitude", "grid_longitude"),
                grid.axis(data, dimensions, 2, "Y", "projection_y_coordinate", "latitude", "grid_latitude"),
                globals);
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
