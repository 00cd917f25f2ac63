package io.isobar.query.edr;

import java.time.Instant;
import java.util.List;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.forecast.Grid;
import io.isobar.query.forecast.TrackValues;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.units.Conversion;
import io.isobar.query.units.Units;

/**
 * The answer to an EDR query before it is written in a format: validity times, sites (points asked for, or the
 * grid cells of an area) and one series of values per output parameter. CoverageJSON, GeoJSON and CSV are written
 * from this.
 *
 * @param times the validity times (the t axis), in order
 * @param instant whether one instant was asked for (Point / MultiPoint domains) rather than a range
 * @param sites where the values are: requested points, or the cells of an area
 * @param grid the grid window of an area query, else null
 * @param parameters one per output parameter (variable, level, member or statistic)
 * @param track whether this is a trajectory or a corridor: each site at its own time, time {@code i} being site
 *     {@code i}'s (so every {@code values[i]} of a series has one entry, {@code values[i][0]})
 * @param lanes a corridor's trajectories across its width (each site's {@link Site#lane()}); 0 for anything else
 * @param files every file the values were read from (for answers that name them all: netCDF's provenance)
 */
record EdrResult(String model, List<Instant> times, boolean instant, List<Site> sites, GridWindow grid,
        List<Series> parameters, boolean track, int lanes, List<ForecastFile> files) {

    /** An answer at points or over an area. */
    EdrResult(String model, List<Instant> times, boolean instant, List<Site> sites, GridWindow grid, List<Series> parameters) {
        this(model, times, instant, sites, grid, parameters, false, 0, List.of());
    }

    /** The same answer, read from {@code read}. */
    EdrResult from(List<ForecastFile> read) {
        return new EdrResult(model, times, instant, sites, grid, parameters, track, lanes, read);
    }

    /**
     * Where values are: longitude/latitude (CRS84) and, for places, the name.
     *
     * @param row the grid row of an area's or a corridor's cell (-1 for points)
     * @param z a track's level at this site (m or Pa), or null
     * @param along a track's distance from its start (metres)
     * @param offset a corridor cell's signed distance from the path (metres, positive to the right)
     * @param lane a corridor cell's trajectory across the width (0 for the leftmost), else -1
     */
    record Site(double longitude, double latitude, String name, int row, int column, Double z, double along, double offset,
            int lane) {

        Site(double longitude, double latitude, String name, int row, int column) {
            this(longitude, latitude, name, row, column, null, 0, 0, -1);
        }
    }

    /**
     * The rectangle of grid rows and columns an area answer covers, as a CoverageJSON Grid: cells of the window not
     * in the area are null.
     *
     * @param mapping the grid mapping of the file the grid is from (CF parameters), for answers that copy it (netCDF)
     */
    record GridWindow(Grid grid, NetcdfHeader.GridMapping mapping, int row0, int row1, int column0, int column1) {

        int rows() {
            return row1 - row0 + 1;
        }

        int columns() {
            return column1 - column0 + 1;
        }
    }

    /**
     * One output parameter.
     *
     * @param key its name in the answer: the variable, with {@code _<level>m}/{@code _<level>Pa} when it has several
     *     levels, {@code _member<N>} for ensemble members ({@code _lag<A>h_member<N>} in a time-lagged ensemble) and
     *     {@code _<statistic>} for ensemble statistics
     * @param level the height (m) or pressure (Pa), or null
     * @param levelIsPressure whether {@code level} is a pressure
     * @param member the realization, or null
     * @param statistic the ensemble statistic's key, or null; a blend's percentile or threshold is named as one
     *     ({@code p90}, {@code probability_above_10}: {@link io.isobar.query.forecast.BlendNames})
     * @param values {@code [time][site]}, null where there is no value
     * @param runs {@code [time]}: the forecast_reference_time of the file each time's values come from (null: no file)
     * @param indexedAt {@code [time]}: when the newest of those files was indexed (null: no file)
     * @param announcedAt {@code [time]}: when the Met Office announced the newest announced of those files (null: no
     *     file, or none whose announcement is known)
     * @param sources for a track, {@code [time]}: the files each value was interpolated from, with their weights; else null
     * @param reasons for a track, {@code [time]}: why a value is missing (null where it is not); else null
     * @param blend what a blend's slice is, in words ({@code 90th percentile of the blend}), or null
     * @param ageHours in a time-lagged ensemble, how many hours older this member's run is than the newest run of the
     *     set (its {@code runs} are the member's own); else null
     */
    record Series(String key, String variable, String standardName, String longName, String units, String cellMethods,
            Double level, boolean levelIsPressure, Integer member, String statistic, Float[][] values, Instant[] runs,
            Instant[] indexedAt, Instant[] announcedAt, List<List<TrackValues.Source>> sources, String[] reasons, String blend,
            Integer ageHours) {

        /** A parameter that is not a time-lagged ensemble's member. */
        Series(String key, String variable, String standardName, String longName, String units, String cellMethods,
                Double level, boolean levelIsPressure, Integer member, String statistic, Float[][] values, Instant[] runs,
                Instant[] indexedAt, Instant[] announcedAt, List<List<TrackValues.Source>> sources, String[] reasons,
                String blend) {
            this(key, variable, standardName, longName, units, cellMethods, level, levelIsPressure, member, statistic, values,
                    runs, indexedAt, announcedAt, sources, reasons, blend, null);
        }

        Series(String key, String variable, String standardName, String longName, String units, String cellMethods,
                Double level, boolean levelIsPressure, Integer member, String statistic, Float[][] values, Instant[] runs,
                Instant[] indexedAt, Instant[] announcedAt) {
            this(key, variable, standardName, longName, units, cellMethods, level, levelIsPressure, member, statistic, values,
                    runs, indexedAt, announcedAt, null, null, null, null);
        }

        Series(String key, String variable, String standardName, String longName, String units, String cellMethods,
                Double level, boolean levelIsPressure, Integer member, String statistic, Float[][] values, Instant[] runs,
                Instant[] indexedAt, Instant[] announcedAt, List<List<TrackValues.Source>> sources, String[] reasons) {
            this(key, variable, standardName, longName, units, cellMethods, level, levelIsPressure, member, statistic, values,
                    runs, indexedAt, announcedAt, sources, reasons, null, null);
        }

        /** The same series with {@code newValues} in {@code newUnits}. */
        Series in(String newUnits, Float[][] newValues) {
            return new Series(key, variable, standardName, longName, newUnits, cellMethods, level, levelIsPressure, member,
                    statistic, newValues, runs, indexedAt, announcedAt, sources, reasons, blend, ageHours);
        }

        /** The unit of the values: the variable's, or 1 for a probability. */
        String valueUnits() {
            return statistic != null && io.isobar.query.forecast.EnsembleStatistics.isProbability(statistic) ? "1" : units;
        }
    }

    /** How many values the answer holds (what it costs the key): times x sites x parameters, or waypoints x parameters. */
    long valueCount() {
        return (long) times.size() * (track ? 1 : sites.size()) * parameters.size();
    }

    /**
     * The same answer with each parameter in the first of {@code asked} its units convert to (the {@code units} query
     * parameter: {@code units=degC,mph} gives temperatures in degC and wind speeds in mph); parameters none of them
     * fits stay in their own units.
     *
     * @throws ApiProblem 400 when no parameter of the answer converts to any of them
     */
    EdrResult inUnits(List<String> asked) {
        if (asked.isEmpty()) {
            return this;
        }
        java.util.Set<String> used = new java.util.HashSet<>();
        List<Series> converted = parameters.stream().map(s -> {
            String from = s.valueUnits();
            for (String u : asked) {
                java.util.Optional<Conversion> c = from.equals("1") && s.statistic() != null ? java.util.Optional.empty()
                        : Units.find(s.units(), u);
                if (c.isPresent()) {
                    used.add(u);
                    Float[][] values = new Float[s.values().length][];
                    for (int t = 0; t < values.length; t++) {
                        values[t] = new Float[s.values()[t].length];
                        for (int i = 0; i < values[t].length; i++) {
                            values[t][i] = s.statistic() == null ? c.get().apply(s.values()[t][i])
                                    : c.get().applyToStatistic(s.statistic(), s.values()[t][i]);
                        }
                    }
                    return s.in(u, values);
                }
            }
            return s;
        }).toList();
        // A list may name units for parameters this answer happens not to have (units=degC,mph without wind); one that
        // fits nothing at all is a mistake (units=degC on wind alone).
        if (used.isEmpty()) {
            throw ApiProblem.invalidParameter("Query parameter 'units' has " + String.join(", ", asked) + ", which no parameter"
                    + " of the answer converts to; their units are " + parameters.stream().map(s -> s.variable() + " " + s.units())
                            .distinct().collect(java.util.stream.Collectors.joining(", ")));
        }
        return new EdrResult(model, times, instant, sites, grid, converted, track, lanes, files);
    }
}
