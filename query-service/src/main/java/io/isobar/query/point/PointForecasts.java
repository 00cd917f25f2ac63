package io.isobar.query.point;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.SpotSite;
import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.forecast.ForecastEngine;
import io.isobar.query.forecast.ForecastPlan;
import io.isobar.query.forecast.ForecastQuery;
import io.isobar.query.forecast.ForecastQuery.Site;
import io.isobar.query.forecast.ModelPreference;
import io.isobar.query.forecast.OffGrid;
import io.isobar.query.forecast.PointSample.Method;
import io.isobar.query.forecast.Selection;
import io.isobar.query.http.Limits;
import io.isobar.query.point.PointReadings.Reading;
import io.isobar.query.point.PointViews.PointAnswer;
import io.isobar.query.point.PointViews.SeriesAnswer;
import io.isobar.query.point.PointViews.SeriesEntry;

/**
 * Answers "what is the forecast at this place" for {@code /v1/point} and {@code /v1/point/series}: the question as a
 * {@link ForecastQuery} of one place, answered by the {@link ForecastEngine}, the answer shaped by
 * {@link PointReadings}.
 *
 * <ul>
 *   <li><b>Which files</b>: the engine's ({@link io.isobar.query.forecast.ForecastIndex}). Without {@code model},
 *       models are tried in {@link ModelPreference} order and the first whose grid holds the point answers.</li>
 *   <li><b>Which values</b>: every realization and level of those files, unless one is asked for; ensemble
 *       statistics over the members when asked for ({@link EnsembleStatistics}).</li>
 *   <li><b>Where</b>: the nearest cell, or bilinear interpolation of the (up to) four around the point; a point
 *       off the grid is a 422.</li>
 * </ul>
 * The wording of the problems is {@link PointProblems}'s.
 */
public final class PointForecasts {

    /** The most validity times one series may span. */
    public static final int MAX_SERIES_TIMES = Limits.SERIES_TIMES;

    /**
     * What else to read than the whole run's newest values: a past run, ensemble statistics, the time-lagged ensemble.
     *
     * @param lagged whether the members of the model's {@link io.isobar.query.forecast.LaggedEnsemble} answer together
     *     (of {@code run} and the runs before it, when a run is given)
     */
    public record Options(Optional<Instant> run, EnsembleStatistics statistics, boolean lagged) {

        public Options(Optional<Instant> run, EnsembleStatistics statistics) {
            this(run, statistics, false);
        }

        public static Options none() {
            return new Options(Optional.empty(), EnsembleStatistics.none());
        }

        ForecastQuery.Runs runs() {
            return lagged ? new ForecastQuery.Lagged(run)
                    : run.<ForecastQuery.Runs>map(ForecastQuery.Run::new).orElseGet(ForecastQuery.Newest::new);
        }
    }

    /**
     * What a request may read, asked with each plan's cost ({@link ForecastPlan#estimatedValues()}) before any file of the
     * plan is opened: the handler's key budget ({@code Admission.reserve}), which refuses by throwing.
     */
    @FunctionalInterface
    public interface Budget {
        /** No budget: for callers outside a request. */
        Budget NONE = values -> {};

        void reserve(long values);
    }

    private final ForecastEngine engine;

    public PointForecasts(ForecastEngine engine) {
        this.engine = engine;
    }

    /** The values at {@code where} valid at {@code time}. */
    public PointAnswer at(Site where, Instant time, String variable, Optional<String> model, Selection selection,
            Method method) {
        return at(where, time, variable, model, selection, method, Options.none(), Budget.NONE);
    }

    /**
     * The values at {@code where} valid at {@code time}, of the run in {@code options} if given; each model's cost is
     * checked against {@link Limits#VALUES} and taken from {@code budget} before its files are opened.
     */
    public PointAnswer at(Site where, Instant time, String variable, Optional<String> model, Selection selection,
            Method method, Options options, Budget budget) {
        List<ForecastPlan> plans = engine.plans(query(where, new ForecastQuery.At(time), variable, model, selection, method,
                options));
        if (plans.isEmpty()) {
            throw PointProblems.noFileAt(model, variable, options.run(), time, engine.variablesAt(time));
        }
        OffGrid outside = null;
        for (ForecastPlan plan : plans) {
            Reading r;
            try {
                r = PointReadings.of(engine.read(admitted(plan, budget)), variable).get(0);
            } catch (OffGrid e) {
                outside = e;
                continue;
            }
            if (r.values().isEmpty()) {
                throw PointProblems.noSuchSelection(selection, plan.model(), variable, "valid at " + time, r.available());
            }
            ForecastFile f = r.file();
            return new PointAnswer(r.point(), time, f.model(), f.variable(), f.standardName(), f.units(), f.cellMethods(),
                    f.forecastReferenceTime(), f.forecastPeriod(), method.apiName(), r.cell(), r.cells(), r.values(),
                    r.statistics());
        }
        throw PointProblems.outsideGrid(PointProblems.outside(where, outside.file(), outside.grid()));
    }

    /** One value set per validity time from {@code from} to {@code to}, each from the newest run for that time. */
    public SeriesAnswer series(Site where, Instant from, Instant to, String variable, Optional<String> model,
            Selection selection, Method method) {
        return series(where, from, to, variable, model, selection, method, Options.none(), Budget.NONE);
    }

    /**
     * As {@link #series(Site, Instant, Instant, String, Optional, Selection, Method)}, of a past run if asked, each
     * model's cost checked and budgeted before its files are opened (as {@link #at}).
     */
    public SeriesAnswer series(Site where, Instant from, Instant to, String variable, Optional<String> model,
            Selection selection, Method method, Options options, Budget budget) {
        List<ForecastPlan> plans = engine.plans(query(where, new ForecastQuery.Between(from, to), variable, model, selection,
                method, options));
        OffGrid outside = null;
        String available = null;
        for (ForecastPlan plan : plans) {
            if (plan.times().size() > MAX_SERIES_TIMES) {
                throw PointProblems.tooManyTimes(plan.model(), from, to, MAX_SERIES_TIMES);
            }
            List<Reading> read;
            try {
                read = PointReadings.of(engine.read(admitted(plan, budget)), variable);
            } catch (OffGrid e) {
                outside = e;
                continue;
            }
            List<SeriesEntry> entries = new ArrayList<>();
            Reading first = null;
            for (Reading r : read) {
                if (r.values().isEmpty()) {
                    available = r.available();
                    continue;
                }
                first = first == null ? r : first;
                ForecastFile file = r.file();
                entries.add(new SeriesEntry(file.time(), file.forecastReferenceTime(), file.forecastPeriod(), r.cell(),
                        r.cells(), r.values(), r.statistics()));
            }
            if (entries.isEmpty()) {
                if (model.isPresent()) {
                    throw PointProblems.noSuchSelection(selection, plan.model(), variable, "from " + from + " to " + to, available);
                }
                continue;
            }
            ForecastFile f = first.file();
            return new SeriesAnswer(first.point(), f.model(), f.variable(), f.standardName(), f.units(), f.cellMethods(),
                    method.apiName(), options.run().orElse(null), from, to, entries.size(), entries);
        }
        if (outside != null) {
            throw PointProblems.outsideGrid(PointProblems.outside(where, outside.file(), outside.grid()));
        }
        if (available != null) {
            throw PointProblems.noSuchSelection(selection, model.orElse("any model"), variable, "from " + from + " to " + to, available);
        }
        throw PointProblems.noFileBetween(model, variable, options.run(), from, to);
    }

    /**
     * The place of site {@code id} of the spot collection {@code model}, to ask a point question of (its own nearest
     * site, at 0 km).
     *
     * @throws io.isobar.query.http.ApiProblem 400 when the collection is not a spot collection, 404 with the closest
     *     site ids when it has no such site
     */
    public Site site(String model, String id) {
        List<SpotSite> sites = engine.sites(model);
        if (sites.isEmpty()) {
            throw PointProblems.notSpot(model);
        }
        return sites.stream().filter(s -> s.id().equals(id)).findFirst()
                .map(s -> new Site(s.latitude(), s.longitude(), null))
                .orElseThrow(() -> PointProblems.unknownSite(model, id, sites));
    }

    /** The plan, once its cost (from the index) is within {@link Limits#VALUES} and taken from the budget. */
    private static ForecastPlan admitted(ForecastPlan plan, Budget budget) {
        long values = plan.estimatedValues();
        if (values > Limits.VALUES) {
            throw PointProblems.tooManyValues(plan.model(), values);
        }
        budget.reserve(values);
        return plan;
    }

    private static ForecastQuery query(Site where, ForecastQuery.When when, String variable, Optional<String> model,
            Selection selection, Method method, Options options) {
        return new ForecastQuery(model, List.of(variable), new ForecastQuery.Points(List.of(where), method), when,
                options.runs(), selection, options.statistics());
    }
}
