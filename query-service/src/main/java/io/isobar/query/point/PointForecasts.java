package io.isobar.query.point;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.stream.Collectors;

import io.isobar.model.ForecastFile;
import io.isobar.query.files.FilesReader;
import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.forecast.ForecastReader;
import io.isobar.query.forecast.ModelPreference;
import io.isobar.query.forecast.PointSample.Method;
import io.isobar.query.forecast.Selection;
import io.isobar.query.http.Limits;
import io.isobar.query.index.ModelCatalog;
import io.isobar.query.point.PointReadings.Reading;
import io.isobar.query.point.PointViews.PointAnswer;
import io.isobar.query.point.PointViews.SeriesAnswer;
import io.isobar.query.point.PointViews.SeriesEntry;

/**
 * Answers "what is the forecast at this place" for {@code /v1/point} and {@code /v1/point/series}, on the reading
 * engine ({@link ForecastReader}): the files valid at a time (the newest run that has the variable, or the run
 * asked for), the point placed on each file's grid with the file's own projection, and the values of the cell(s)
 * there.
 *
 * <ul>
 *   <li><b>Which files</b>: see {@link io.isobar.query.forecast.ForecastIndex}. Without {@code model}, models are
 *       tried in {@link ModelPreference} order and the first whose grid holds the point answers.</li>
 *   <li><b>Which values</b>: every realization and level of those files, unless one is asked for; ensemble
 *       statistics over the members when asked for ({@link EnsembleStatistics}).</li>
 *   <li><b>Where</b>: the nearest cell, or bilinear interpolation of the (up to) four around the point; a point
 *       off the grid is a 422.</li>
 * </ul>
 * The reading itself is {@link PointReadings}'s; the wording of the problems is {@link PointProblems}'s.
 */
public final class PointForecasts {

    /** The most validity times one series may span. */
    public static final int MAX_SERIES_TIMES = Limits.SERIES_TIMES;

    /** Where: a latitude and longitude (WGS84 degrees), and the place's name when asked for by name. */
    public record Location(double latitude, double longitude, String place) {}

    /** What else to read than the whole run's newest values: a past run, ensemble statistics. */
    public record Options(Optional<Instant> run, EnsembleStatistics statistics) {

        public static Options none() {
            return new Options(Optional.empty(), EnsembleStatistics.none());
        }
    }

    private final ForecastReader engine;
    private final PointReadings readings;
    private final FilesReader files;
    private final ModelCatalog catalog;

    public PointForecasts(ForecastReader engine, FilesReader files, ModelCatalog catalog) {
        this.engine = engine;
        this.readings = new PointReadings(engine);
        this.files = files;
        this.catalog = catalog;
    }

    /** The values at {@code where} valid at {@code time}. */
    public PointAnswer at(Location where, Instant time, String variable, Optional<String> model, Selection selection,
            Method method) {
        return at(where, time, variable, model, selection, method, Options.none());
    }

    /** The values at {@code where} valid at {@code time}, of the run in {@code options} if given. */
    public PointAnswer at(Location where, Instant time, String variable, Optional<String> model, Selection selection,
            Method method, Options options) {
        // Without a model, each model in turn (the index narrows a time to a model and variable): never a whole time.
        List<String> models = model.map(List::of).orElseGet(() -> ModelPreference.preferred(catalog.models()));
        PointProblems.OutsideGrid outside = null;
        boolean any = false;
        for (String m : models) {
            List<ForecastFile> run = engine.index().at(m, variable, time, options.run());
            if (run.isEmpty()) {
                continue;
            }
            any = true;
            try {
                Reading r = readings.read(where, List.of(run), selection, method, options.statistics()).get(0);
                if (r.values().isEmpty()) {
                    throw PointProblems.noSuchSelection(selection, m, variable, "valid at " + time, r.available());
                }
                ForecastFile f = r.file();
                return new PointAnswer(r.point(), time, f.model(), f.variable(), f.standardName(), f.units(), f.cellMethods(),
                        f.forecastReferenceTime(), f.forecastPeriod(), method.apiName(), r.cell(), r.cells(), r.values(),
                        r.statistics());
            } catch (PointProblems.OutsideGrid e) {
                outside = e;
            }
        }
        if (!any) {
            throw PointProblems.noFileAt(model, variable, options.run(), time, files.validAt(time, Optional.empty(),
                    Optional.empty()).stream().map(ForecastFile::variable).collect(Collectors.toSet()));
        }
        throw PointProblems.outsideGrid(outside);
    }

    /** One value set per validity time from {@code from} to {@code to}, each from the newest run for that time. */
    public SeriesAnswer series(Location where, Instant from, Instant to, String variable, Optional<String> model,
            Selection selection, Method method) {
        return series(where, from, to, variable, model, selection, method, Options.none());
    }

    /** As {@link #series(Location, Instant, Instant, String, Optional, Selection, Method)}, of a past run if asked. */
    public SeriesAnswer series(Location where, Instant from, Instant to, String variable, Optional<String> model,
            Selection selection, Method method, Options options) {
        List<String> models = model.map(List::of).orElseGet(() -> ModelPreference.preferred(catalog.models()));
        PointProblems.OutsideGrid outside = null;
        String available = null;
        for (String m : models) {
            NavigableMap<Instant, List<ForecastFile>> byTime = engine.index().range(m, List.of(variable), from, to, options.run())
                    .get(variable);
            if (byTime == null || byTime.isEmpty()) {
                continue;
            }
            if (byTime.size() > MAX_SERIES_TIMES) {
                throw PointProblems.tooManyTimes(m, from, to, MAX_SERIES_TIMES);
            }
            List<Reading> read;
            try {
                read = readings.read(where, List.copyOf(byTime.values()), selection, method, options.statistics());
            } catch (PointProblems.OutsideGrid e) {
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
                    throw PointProblems.noSuchSelection(selection, m, variable, "from " + from + " to " + to, available);
                }
                continue;
            }
            ForecastFile f = first.file();
            return new SeriesAnswer(first.point(), f.model(), f.variable(), f.standardName(), f.units(), f.cellMethods(),
                    method.apiName(), options.run().orElse(null), from, to, entries.size(), entries);
        }
        if (outside != null) {
            throw PointProblems.outsideGrid(outside);
        }
        if (available != null) {
            throw PointProblems.noSuchSelection(selection, model.orElse("any model"), variable, "from " + from + " to " + to, available);
        }
        throw PointProblems.noFileBetween(model, variable, options.run(), from, to);
    }
}
