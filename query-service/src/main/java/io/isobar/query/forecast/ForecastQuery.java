package io.isobar.query.forecast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;

import org.locationtech.jts.geom.Geometry;

import io.isobar.query.http.ApiProblem;

/**
 * One question to the forecast, whichever face asked it ({@code /v1/point*}, {@code /edr}, {@code /v1/map*}): what
 * (a model, or the preferred one that answers, and its variables), where (points, an area, or a whole field), when (one
 * validity time or a range), from which run, and which members, levels and statistics. The {@link ForecastEngine}
 * resolves it to files from the index alone ({@link ForecastPlan}, with its cost) and then to reads.
 *
 * <p>Later faces are meant to be adapters onto this value: a trajectory or corridor is a {@link Where} of its own, a
 * lagged ensemble a {@link Runs} of its own, a BPF percentile or threshold a {@link Selection} field, CF-netCDF output or
 * unit conversion a writer of the {@link Readout}.
 *
 * @param model the model (collection) asked for; empty: the models that have files, preferred first ({@link ModelPreference})
 * @param variables the CF variable names, in the order answers list them; at least one
 */
public record ForecastQuery(Optional<String> model, List<String> variables, Where where, When when, Runs runs,
        Selection selection, EnsembleStatistics statistics) {

    public ForecastQuery {
        Objects.requireNonNull(model, "model");
        variables = List.copyOf(variables);
        if (variables.isEmpty()) {
            throw new IllegalArgumentException("a forecast query needs at least one variable");
        }
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(statistics, "statistics");
    }

    /** One variable, every member and level, no statistics: the map's and the simplest point question. */
    public static ForecastQuery of(Optional<String> model, String variable, Where where, When when, Runs runs) {
        return new ForecastQuery(model, List.of(variable), where, when, runs, Selection.all(), EnsembleStatistics.none());
    }

    /** The same question with {@code newSelection} and {@code newStatistics}. */
    public ForecastQuery with(Selection newSelection, EnsembleStatistics newStatistics) {
        return new ForecastQuery(model, variables, where, when, runs, newSelection, newStatistics);
    }

    /** The same question of one model. */
    public ForecastQuery ofModel(String m) {
        return new ForecastQuery(Optional.of(m), variables, where, when, runs, selection, statistics);
    }

    /** What is read: the members and levels asked for, or every member when ensemble statistics are computed. */
    public Selection reads() {
        return statistics.any() ? selection.allMembers() : selection;
    }

    /** A place: latitude and longitude (WGS84 degrees), and its name when asked for by name (null otherwise). */
    public record Site(double latitude, double longitude, String name) {}

    /** Where the values are wanted. */
    public sealed interface Where {

        /** How many values one slice (member and level) of one file costs here, or -1 when only the grid can tell. */
        long cellsPerSlice();
    }

    /** Values at points ({@code /v1/point}, EDR position and locations): each from the nearest cell or four around it. */
    public record Points(List<Site> sites, PointSample.Method method) implements Where {

        public Points {
            sites = List.copyOf(sites);
            Objects.requireNonNull(method, "method");
        }

        @Override
        public long cellsPerSlice() {
            return (long) sites.size() * (method == PointSample.Method.NEAREST ? 1 : 4);
        }
    }

    /**
     * Every cell whose centre lies inside an area given in longitude/latitude (EDR area, cube and radius).
     *
     * @param maxCells the most cells the area may cover ({@link Grid.TooManyCells} beyond)
     */
    public record Area(Geometry area, int maxCells) implements Where {

        @Override
        public long cellsPerSlice() {
            return -1;
        }
    }

    /**
     * A place at its own time along a path: a trajectory's vertex, a point sampled along it, or a corridor's cell.
     *
     * @param z the level asked for at this place (a height in m or a pressure in Pa, as EDR's z), or null for every level
     * @param along the distance from the path's start (metres, along the path), for answers that show it
     * @param offset the signed distance from the path (metres, positive to its right), 0 on it
     */
    public record Waypoint(Site site, Instant time, Double z, double along, double offset) {

        public Waypoint {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(time, "time");
        }
    }

    /**
     * Values along a path (EDR trajectory): each waypoint at its own time, from the cell(s) around it ({@code method}, as
     * for points) and, between two validity times, linearly in time between the values at those two
     * ({@link TrackValues}). A waypoint's z picks the levels within {@code halfHeight} of it (the one equal to it when 0),
     * as EDR's {@code z} does.
     */
    public record Track(List<Waypoint> waypoints, PointSample.Method method, double halfHeight) implements Where {

        public Track {
            waypoints = List.copyOf(waypoints);
            Objects.requireNonNull(method, "method");
        }

        /** A track whose waypoints' z picks one level each. */
        public Track(List<Waypoint> waypoints, PointSample.Method method) {
            this(waypoints, method, 0);
        }

        /** Each waypoint is read at (at most) two validity times: the plan counts per file (ForecastPlan). */
        @Override
        public long cellsPerSlice() {
            return (long) waypoints.size() * cellsPerSite();
        }

        /** Cells read per waypoint and validity time: 1 for the nearest cell, 4 for bilinear interpolation. */
        public int cellsPerSite() {
            return method == PointSample.Method.NEAREST ? 1 : 4;
        }

        /**
         * The waypoints (indices, in order) that the validity time {@code time} answers among {@code times}: those at it,
         * and those between it and the next or the previous time.
         */
        public List<Integer> servedBy(NavigableSet<Instant> times, Instant time) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < waypoints.size(); i++) {
                Instant[] around = around(times, waypoints.get(i).time());
                if (around != null && (around[0].equals(time) || around[1].equals(time))) {
                    out.add(i);
                }
            }
            return out;
        }

        /** The validity times a place at {@code t} is read at: {@code [t, t]} at one of them, the two around it, or null. */
        public static Instant[] around(NavigableSet<Instant> times, Instant t) {
            if (times.contains(t)) {
                return new Instant[] {t, t};
            }
            Instant before = times.lower(t);
            Instant after = times.higher(t);
            return before == null || after == null ? null : new Instant[] {before, after};
        }

        /** The validity times from the first waypoint's to the last's. */
        public Between span() {
            Instant from = waypoints.stream().map(Waypoint::time).min(Instant::compareTo).orElseThrow();
            Instant to = waypoints.stream().map(Waypoint::time).max(Instant::compareTo).orElseThrow();
            return new Between(from, to);
        }
    }

    /**
     * Every cell whose centre lies within {@code halfWidthMetres} (great circle) of a path (EDR corridor), each read as
     * a waypoint of a {@link Track} at the time (and level) of the path where the cell is nearest to it.
     *
     * @param path the path's vertices, in order, with their times (and levels)
     * @param halfHeight with levels on the path: the levels within this much of the path's z are read (0: the level
     *     equal to it)
     * @param maxCells the most cells the band may cover ({@link Grid.TooManyCells} beyond)
     */
    public record Corridor(List<Waypoint> path, double halfWidthMetres, double halfHeight, int maxCells) implements Where {

        /** The finest grid the estimate assumes (square metres per cell): the Met Office's finest is 2 km x 2 km. */
        static final double SMALLEST_CELL_M2 = 1_000.0 * 1_000.0;

        public Corridor {
            path = List.copyOf(path);
        }

        /**
         * An upper bound of the cells in the band that one file answers, from the band's area (length x width plus the
         * round ends) and cells of at least {@link #SMALLEST_CELL_M2}.
         */
        @Override
        public long cellsPerSlice() {
            double length = 0;
            for (int i = 1; i < path.size(); i++) {
                Site a = path.get(i - 1).site();
                Site b = path.get(i).site();
                length += GreatCircle.distance(a.latitude(), a.longitude(), b.latitude(), b.longitude());
            }
            double area = length * 2 * halfWidthMetres + Math.PI * halfWidthMetres * halfWidthMetres;
            return (long) Math.ceil(area / SMALLEST_CELL_M2 + 1);
        }

        /** The validity times from the path's first time to its last. */
        public Between span() {
            return new Track(path, PointSample.Method.NEAREST).span();
        }
    }

    /** One whole 2-D field of a file (the map pictures). */
    public record Field() implements Where {

        @Override
        public long cellsPerSlice() {
            return -1;
        }
    }

    /** Which validity times. */
    public sealed interface When {}

    /** One validity time. */
    public record At(Instant time) implements When {}

    /** Every validity time from {@code from} to {@code to}, both included. */
    public record Between(Instant from, Instant to) implements When {

        public Between {
            if (from.isAfter(to)) {
                throw new IllegalArgumentException("from " + from + " is after to " + to);
            }
        }
    }

    /** Which run answers each validity time. */
    public sealed interface Runs {}

    /**
     * For each variable and validity time, the newest run that has it: the latest forecast for one time, the best
     * estimate over a range.
     */
    public record Newest() implements Runs {}

    /** One run (an EDR instance, {@code run=}), by its forecast_reference_time. */
    public record Run(Instant forecastReferenceTime) implements Runs {}

    /**
     * The time-lagged ensemble ({@code ensemble=lagged}): for each variable and validity time, the members of the newest
     * run that has it (of {@code latest} or older, when given) together with those of the runs before it that the
     * model's {@link LaggedEnsemble} takes.
     */
    public record Lagged(Optional<Instant> latest) implements Runs {

        public Lagged {
            Objects.requireNonNull(latest, "latest");
        }
    }

    /**
     * The runs a query asks for from its {@code ensemble} and {@code run} parameters: the newest run (or the run asked
     * for) alone by default; with {@code ensemble=lagged} the {@link LaggedEnsemble} of the newest run (or of the run
     * asked for and those before it).
     *
     * @param model the model asked for, when one is: it must have a lagged ensemble
     * @throws ApiProblem 400 when {@code ensemble} is not one of {@link LaggedEnsemble#VALUES}, or is {@code lagged} for
     *     a model without a lagged ensemble
     */
    public static Runs runs(Optional<String> ensemble, Optional<Instant> run, Optional<String> model) {
        String name = LaggedEnsemble.PARAMETER;
        String asked = ensemble.map(String::trim).orElse(LaggedEnsemble.NEWEST);
        if (!LaggedEnsemble.VALUES.contains(asked)) {
            throw ApiProblem.invalidParameter("Query parameter '" + name + "' must be one of "
                    + String.join(", ", LaggedEnsemble.VALUES) + ", not '"
                    + (asked.length() > 40 ? asked.substring(0, 40) + "..." : asked) + "'");
        }
        if (asked.equals(LaggedEnsemble.NEWEST)) {
            return run.<Runs>map(Run::new).orElseGet(Newest::new);
        }
        if (model.isPresent() && LaggedEnsemble.of(model.get()).isEmpty()) {
            String models = String.join(", ", LaggedEnsemble.models());
            throw ApiProblem.invalidParameter("Query parameter '" + name + "=" + LaggedEnsemble.LAGGED + "' is for a"
                    + " time-lagged ensemble (" + models + "); " + model.get() + " has none: use " + name + "="
                    + LaggedEnsemble.NEWEST + " (the default) or model=" + models);
        }
        return new Lagged(run);
    }

    /** The run asked for, when one is. */
    public Optional<Instant> run() {
        return runs instanceof Run r ? Optional.of(r.forecastReferenceTime()) : Optional.empty();
    }
}
