package io.isobar.query.forecast;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.isobar.model.ForecastFile;

/**
 * A {@link ForecastPlan} placed on the files' grids and then read: for every file that answers, the slices kept and the
 * cells of every site ({@link ForecastEngine#place}: headers read, no value yet, the exact count known), then their
 * values ({@link ForecastEngine#read}). The faces turn it into their views (the point answers, CoverageJSON, GeoJSON,
 * CSV).
 *
 * @param sites the points asked for, in order; empty for an area
 * @param cells the grid cells whose centres lie inside the area asked for, row by row; empty for points
 * @param grid the grid of an area's cells; null for points (each file has its own, in its {@link FileRead})
 * @param reads what was read from each file, in the plan's order
 * @param waypoints for a track or a corridor, the places read, each at its own time (their sites are {@code sites});
 *     empty otherwise
 */
public record Readout(ForecastPlan plan, List<ForecastQuery.Site> sites, List<Grid.Cell> cells, Grid grid,
        Map<ForecastFile, FileRead> reads, List<ForecastQuery.Waypoint> waypoints) {

    public Readout {
        reads = Collections.unmodifiableMap(new LinkedHashMap<>(reads));
        waypoints = List.copyOf(waypoints);
    }

    /** A readout of points or an area. */
    public Readout(ForecastPlan plan, List<ForecastQuery.Site> sites, List<Grid.Cell> cells, Grid grid,
            Map<ForecastFile, FileRead> reads) {
        this(plan, sites, cells, grid, reads, List.of());
    }

    /** How many sites each file was read at: the points, or the area's cells. */
    public int siteCount() {
        return cells.isEmpty() ? sites.size() : cells.size();
    }

    /** What was read from {@code file}. */
    public FileRead of(ForecastFile file) {
        return reads.get(file);
    }

    /** Whether the values are read (else only placed). */
    public boolean isRead() {
        return reads.values().stream().allMatch(r -> r.cells() != null);
    }

    /** How many values the read holds: for every file, its slices kept at every site. */
    public long values() {
        return reads.values().stream().mapToLong(r -> (long) r.selected().size() * r.sites()).sum();
    }

    /** Whether this is a track or a corridor: each site at its own time ({@link #waypoints()}). */
    public boolean isTrack() {
        return !waypoints.isEmpty();
    }
}
