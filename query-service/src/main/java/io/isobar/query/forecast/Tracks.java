package io.isobar.query.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.forecast.ForecastQuery.Corridor;
import io.isobar.query.forecast.ForecastQuery.Site;
import io.isobar.query.forecast.ForecastQuery.Track;
import io.isobar.query.forecast.ForecastQuery.Waypoint;
import io.isobar.query.forecast.Slices.Slice;

/**
 * The engine's side of paths: which files a {@link Track} or a {@link Corridor} needs (the validity times around each
 * waypoint's time, from the index), which cells of a grid lie in a corridor's band, and where each waypoint falls on
 * the files that answer it. The values are then read like points' and interpolated in time by {@link TrackValues}.
 */
final class Tracks {

    /** How far before the path's first time and after its last a validity time is looked for, to interpolate from. */
    static final Duration LOOK_AROUND = Duration.ofDays(1);
    private static final GeometryFactory GEOMETRY = new GeometryFactory();
    private static final double METRES_PER_DEGREE = Math.toRadians(GreatCircle.EARTH_RADIUS_M);

    private Tracks() {}

    /**
     * The files of a track's or a corridor's query: for each variable, the validity times from the last one at or before
     * the path's first time to the first one at or after its last (of the run asked for, else the best estimate); for a
     * track, only the times some waypoint lies at or between.
     */
    static Map<String, NavigableMap<Instant, List<ForecastFile>>> files(ForecastIndex index, String model, ForecastQuery q) {
        ForecastQuery.Between span = (ForecastQuery.Between) q.when();
        Instant from = span.from().minus(LOOK_AROUND);
        Instant to = span.to().plus(LOOK_AROUND);
        NavigableSet<Instant> times = new TreeSet<>(q.run()
                .map(r -> index.runFiles(model, r, from, to).stream().map(ForecastFile::time).toList())
                .orElseGet(() -> index.validTimes(model, from, to)));
        Instant lo = times.floor(span.from()) != null ? times.floor(span.from()) : span.from();
        Instant hi = times.ceiling(span.to()) != null ? times.ceiling(span.to()) : span.to();
        Map<String, NavigableMap<Instant, List<ForecastFile>>> found = new LinkedHashMap<>();
        index.range(model, q.variables(), lo, hi, q.run()).forEach((variable, byTime) -> {
            NavigableMap<Instant, List<ForecastFile>> kept = new TreeMap<>(byTime);
            if (q.where() instanceof Track t) {
                NavigableSet<Instant> all = new TreeSet<>(byTime.keySet());
                kept.keySet().removeIf(time -> t.servedBy(all, time).isEmpty());
            }
            if (!kept.isEmpty()) {
                found.put(variable, kept);
            }
        });
        return found;
    }

    /**
     * Places every waypoint on the files that answer it (those at the validity times around its time), keeping the
     * slices the selection keeps at the waypoint's level(s). Nothing is read yet.
     *
     * @throws OffGrid when a waypoint is off a file's grid
     */
    static Readout place(ForecastPlan plan, Track track, Map<ForecastFile, NetcdfHeader> headers,
            BiFunction<ForecastFile, NetcdfHeader, Grid> gridOf, Selection wanted) {
        List<Waypoint> waypoints = track.waypoints();
        Map<Grid, Grid.Located[]> placed = new HashMap<>();
        Map<ForecastFile, FileRead> reads = new LinkedHashMap<>();
        for (NavigableMap<Instant, List<ForecastFile>> byTime : plan.files().values()) {
            NavigableSet<Instant> times = byTime.navigableKeySet();
            for (Map.Entry<Instant, List<ForecastFile>> at : byTime.entrySet()) {
                List<Integer> served = track.servedBy(times, at.getKey());
                for (ForecastFile f : at.getValue()) {
                    NetcdfHeader h = headers.get(f);
                    Grid g = gridOf.apply(f, h);
                    Slices slices = Slices.of(h);
                    List<Slice> selected = slices.select(wanted);
                    Grid.Located[] located = placed.computeIfAbsent(g, k -> new Grid.Located[waypoints.size()]);
                    List<PointSample> samples = new ArrayList<>(served.size());
                    List<int[]> indices = new ArrayList<>();
                    LinkedHashSet<Slice> union = new LinkedHashSet<>();
                    int[] ids = new int[served.size()];
                    for (int k = 0; k < served.size(); k++) {
                        int i = served.get(k);
                        Site s = waypoints.get(i).site();
                        if (located[i] == null) {
                            located[i] = g.locate(s.latitude(), s.longitude()).orElseThrow(() -> new OffGrid(s, f, g));
                        }
                        List<Slice> keep = levels(selected, waypoints.get(i).z(), track.halfHeight());
                        PointSample sample = PointSample.of(f, h, g, located[i], track.method(), slices, keep);
                        samples.add(sample);
                        indices.addAll(sample.indices());
                        union.addAll(keep);
                        ids[k] = i;
                    }
                    reads.put(f, new FileRead(f, h, g, slices, List.copyOf(union), samples, indices, null, served.size(), ids));
                }
            }
        }
        Grid grid = reads.isEmpty() ? null : reads.values().iterator().next().grid();
        return new Readout(plan, waypoints.stream().map(Waypoint::site).toList(), List.of(), grid, reads, waypoints);
    }

    /** The slices at the level(s) asked for: those within {@code halfHeight} of {@code z}, or all when no z is given. */
    static List<Slice> levels(List<Slice> slices, Double z, double halfHeight) {
        if (z == null) {
            return slices;
        }
        return slices.stream().filter(s -> s.level() != null
                && (Slices.same(s.level(), z) || Math.abs(s.level() - z) <= halfHeight)).toList();
    }

    /**
     * The cells of {@code grid} whose centres lie within the corridor's half width of its path (great circle), as the
     * waypoints of a track of their nearest cells: each at the time (and level) of the path where the cell is nearest
     * to it, ordered by their distance along the path.
     *
     * @throws OffGrid when no cell centre of the band lies on the grid
     * @throws Grid.TooManyCells when the band covers more than the corridor's {@code maxCells}
     */
    static Track corridor(Corridor c, Grid grid, ForecastFile file) {
        List<Waypoint> path = c.path();
        List<Grid.Cell> candidates = grid.inside(outline(path, c.halfWidthMetres() * 1.05 + 1_000), 4 * c.maxCells());
        List<Waypoint> cells = new ArrayList<>();
        for (Grid.Cell cell : candidates) {
            Waypoint w = nearest(path, cell.latitude(), cell.longitude());
            if (Math.abs(w.offset()) <= c.halfWidthMetres()) {
                if (cells.size() >= c.maxCells()) {
                    throw new Grid.TooManyCells(cells.size() + 1L);
                }
                cells.add(new Waypoint(new Site(cell.latitude(), cell.longitude(), null), w.time(), w.z(), w.along(), w.offset()));
            }
        }
        if (cells.isEmpty()) {
            throw new OffGrid(null, file, grid);
        }
        cells.sort(Comparator.comparingDouble(Waypoint::along).thenComparingDouble(Waypoint::offset));
        return new Track(cells, PointSample.Method.NEAREST, c.halfHeight());
    }

    /**
     * The point of the path nearest to {@code (lat, lon)}: its distance along the path, the signed distance to it
     * (positive to the right of the direction of travel) and the time and level there (linear between the vertices).
     */
    static Waypoint nearest(List<Waypoint> path, double lat, double lon) {
        Site here = new Site(lat, lon, null);
        if (path.size() == 1) {
            Waypoint only = path.get(0);
            return new Waypoint(here, only.time(), only.z(), 0,
                    GreatCircle.distance(lat, lon, only.site().latitude(), only.site().longitude()));
        }
        double best = Double.POSITIVE_INFINITY;
        Waypoint answer = null;
        double start = 0;
        for (int i = 1; i < path.size(); i++) {
            Site a = path.get(i - 1).site();
            Site b = path.get(i).site();
            double length = GreatCircle.distance(a.latitude(), a.longitude(), b.latitude(), b.longitude());
            double[] track = GreatCircle.alongAndAcross(a.latitude(), a.longitude(), b.latitude(), b.longitude(), lat, lon);
            double along = Math.max(0, Math.min(length, track[0]));
            double distance = along == track[0] ? Math.abs(track[1])
                    : along == 0 ? GreatCircle.distance(lat, lon, a.latitude(), a.longitude())
                    : GreatCircle.distance(lat, lon, b.latitude(), b.longitude());
            if (distance < best) {
                best = distance;
                double f = length == 0 ? 0 : along / length;
                Waypoint from = path.get(i - 1);
                Waypoint to = path.get(i);
                long seconds = Duration.between(from.time(), to.time()).getSeconds();
                Instant time = from.time().plusSeconds(Math.round(seconds * f));
                Double z = from.z() == null || to.z() == null ? from.z() : Double.valueOf(from.z() + f * (to.z() - from.z()));
                answer = new Waypoint(here, time, z, start + along, Math.copySign(distance, track[1] == 0 ? 1 : track[1]));
            }
            start += length;
        }
        return answer;
    }

    /** A polygon holding every point within {@code metres} of the path, in longitude/latitude. */
    private static Geometry outline(List<Waypoint> path, double metres) {
        // Longitudes are shrunk by the cosine of the path's highest latitude (plus the width): a metre east is then at
        // most one unit anywhere in the band, so the buffer holds the whole band (the cells are checked exactly after).
        double highest = path.stream().mapToDouble(w -> Math.abs(w.site().latitude())).max().orElse(0);
        double scale = Math.max(0.05, Math.cos(Math.toRadians(Math.min(89, highest + metres / METRES_PER_DEGREE))));
        Coordinate[] line = path.stream().map(w -> new Coordinate(w.site().longitude() * scale, w.site().latitude()))
                .toArray(Coordinate[]::new);
        Geometry shape = line.length == 1 ? GEOMETRY.createPoint(line[0]) : GEOMETRY.createLineString(line);
        Geometry band = shape.buffer(metres / METRES_PER_DEGREE, 16);
        for (Coordinate c : band.getCoordinates()) {
            c.x /= scale;
        }
        band.geometryChanged();
        return band;
    }
}
