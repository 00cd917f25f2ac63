package io.isobar.model;

import java.util.List;

import io.isobar.netcdf.GridKind;
import io.isobar.netcdf.NetcdfHeader;

/**
 * What an indexed file's values are beyond one field per member and level, as the index records it for queries:
 * where they lie (a projected or latitude/longitude grid, or sites) and whether they are percentiles or probabilities.
 *
 * @param grid the grid kind, or null when unknown (entries indexed before it was recorded are on projected grids)
 * @param sites the number of sites of a spot file; 0 for a grid
 * @param percentiles the file's percentiles (%), or empty
 * @param threshold the file's thresholds, their units and comparison, or null
 */
public record FieldKind(GridKind grid, int sites, List<Double> percentiles, NetcdfHeader.Threshold threshold) {

    /** Nothing recorded: an entry indexed before field kinds were. */
    public static final FieldKind UNKNOWN = new FieldKind(null, 0, List.of(), null);

    public FieldKind {
        percentiles = percentiles == null ? List.of() : List.copyOf(percentiles);
    }

    /** What {@code header} says. */
    public static FieldKind of(NetcdfHeader header) {
        return new FieldKind(header.gridKind(), header.sites(), header.percentiles(), header.threshold());
    }

    /** True for a spot file (sites, not a grid). */
    public boolean spot() {
        return grid == GridKind.SPOT;
    }
}
