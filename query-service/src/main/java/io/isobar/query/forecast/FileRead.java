package io.isobar.query.forecast;

import java.util.ArrayList;
import java.util.List;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.grid.CellValue;
import io.isobar.query.forecast.PointSample.SliceValue;
import io.isobar.query.forecast.Slices.Slice;

/**
 * What was read from one file for a {@link Readout}: its header and grid, the slices (members, levels) kept, and the
 * values of every site at each of them.
 *
 * @param samples for points: each site's cells on this file, in site order; null for an area
 * @param indices the cells to read (one index per dimension each): site by site (each site's slices, then cells) for
 *     points, slice by slice (each slice's sites) for an area
 * @param cells the values of {@code indices}, in the same order; null until read
 * @param sites how many sites (points, or cells of the area)
 * @param siteIds for a track, the waypoint each sample is of (a file answers only the waypoints whose time it is
 *     around); null when sample {@code i} is site {@code i}
 */
public record FileRead(ForecastFile file, NetcdfHeader header, Grid grid, Slices slices, List<Slice> selected,
        List<PointSample> samples, List<int[]> indices, List<CellValue> cells, int sites, int[] siteIds) {

    /** A read of points or an area: sample (or cell) {@code i} is site {@code i}. */
    public FileRead(ForecastFile file, NetcdfHeader header, Grid grid, Slices slices, List<Slice> selected,
            List<PointSample> samples, List<int[]> indices, List<CellValue> cells, int sites) {
        this(file, header, grid, slices, selected, samples, indices, cells, sites, null);
    }

    /** This file's read with its values. */
    FileRead withValues(List<CellValue> values) {
        return new FileRead(file, header, grid, slices, selected, samples, indices, values, sites, siteIds);
    }

    /** The sample of waypoint {@code site} of a track, or -1 when this file does not answer it. */
    public int sampleOf(int site) {
        if (siteIds == null) {
            return site;
        }
        int i = java.util.Arrays.binarySearch(siteIds, site);
        return i < 0 ? -1 : i;
    }

    /** The values at site {@code site}, one per selected slice (a bilinear point's cells combined). */
    public List<SliceValue> at(int site) {
        if (samples != null) {
            int offset = 0;
            for (int i = 0; i < site; i++) {
                offset += samples.get(i).size();
            }
            PointSample sample = samples.get(site);
            return sample.combine(cells.subList(offset, offset + sample.size()));
        }
        List<SliceValue> out = new ArrayList<>(selected.size());
        for (int s = 0; s < selected.size(); s++) {
            CellValue v = cells.get(s * sites + site);
            out.add(new SliceValue(selected.get(s), v.value(), v.missing() == null ? null : v.missing().reason()));
        }
        return out;
    }

    /** The value of slice {@code slice} at site {@code site} of an area, or of a point read at its nearest cell. */
    public Float nearest(int site, int slice) {
        return samples == null ? cells.get(slice * sites + site).value() : cells.get(site * selected.size() + slice).value();
    }
}
