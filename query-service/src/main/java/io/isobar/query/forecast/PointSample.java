package io.isobar.query.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.grid.CellValue;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.forecast.ForecastReader.CellRead;
import io.isobar.query.forecast.Slices.Slice;

/**
 * One place sampled on one file: the grid cell(s) that answer (the nearest, or the four around for bilinear
 * interpolation), the slices (members, levels) kept, and how the cells' values combine into one value per slice.
 *
 * @param located the place on the file's grid
 * @param cells the cells read, with their weights
 * @param slices the slices the selection keeps
 */
public record PointSample(ForecastFile file, NetcdfHeader header, Grid grid, Grid.Located located,
        List<GridCells.Cell> cells, Slices all, List<Slice> slices) {

    /** How values are taken from the grid. */
    public enum Method {
        NEAREST, BILINEAR;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One slice's value at the place, or why there is none. */
    public record SliceValue(Slice slice, Float value, String reason) {}

    /** Where a place falls on {@code file}'s grid and what to read there; empty when off the grid. */
    public static Optional<PointSample> of(ForecastFile file, NetcdfHeader header, Grid grid, double latitude,
            double longitude, Method method, Selection selection) {
        return grid.locate(latitude, longitude).map(at -> of(file, header, grid, at, method, Slices.of(header), selection));
    }

    /** As {@link #of(ForecastFile, NetcdfHeader, Grid, double, double, Method, Selection)}, placed already. */
    public static PointSample of(ForecastFile file, NetcdfHeader header, Grid grid, Grid.Located at, Method method, Slices slices,
            Selection selection) {
        return of(file, header, grid, at, method, slices, slices.select(selection));
    }

    /** As above, with the slices kept chosen already ({@code slices.select(selection)}), for many places on one file. */
    public static PointSample of(ForecastFile file, NetcdfHeader header, Grid grid, Grid.Located at, Method method, Slices slices,
            List<Slice> selected) {
        GridCells cells = at.cells();
        return new PointSample(file, header, grid, at, method == Method.NEAREST ? List.of(cells.nearest()) : cells.bilinear(),
                slices, selected);
    }

    /** How many cells {@link #indices()} holds. */
    public int size() {
        return slices.size() * cells.size();
    }

    /** The cells to read: for each slice, each cell. */
    public List<int[]> indices() {
        List<int[]> indices = new ArrayList<>(slices.size() * cells.size());
        for (Slice s : slices) {
            for (GridCells.Cell c : cells) {
                indices.add(s.at(c.row(), c.column()));
            }
        }
        return indices;
    }

    public CellRead read() {
        return new CellRead(file, indices());
    }

    /** One value per slice from the values of {@link #indices()} (in that order). */
    public List<SliceValue> combine(List<CellValue> read) {
        List<SliceValue> out = new ArrayList<>(slices.size());
        for (int i = 0; i < slices.size(); i++) {
            out.add(combine(slices.get(i), read.subList(i * cells.size(), (i + 1) * cells.size())));
        }
        return out;
    }

    /** The nearest cell's value, or the bilinear mix of all of them (none if one lacks a value). */
    private SliceValue combine(Slice slice, List<CellValue> values) {
        double sum = 0;
        for (int i = 0; i < cells.size(); i++) {
            CellValue v = values.get(i);
            if (v.value() == null) {
                String reason = v.missing().reason();
                if (cells.size() > 1) {
                    reason = "bilinear interpolation needs every cell around the point; the cell at row " + cells.get(i).row()
                            + ", column " + cells.get(i).column() + " has no value (" + reason + ")";
                }
                return new SliceValue(slice, null, reason);
            }
            sum += cells.get(i).weight() * v.value();
        }
        return new SliceValue(slice, cells.size() == 1 ? values.get(0).value() : (Float) (float) sum, null);
    }
}
