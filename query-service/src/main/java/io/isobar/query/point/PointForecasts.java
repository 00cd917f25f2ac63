package io.isobar.query.point;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.isobar.model.ForecastFile;
import io.isobar.model.ModelNames;
import io.isobar.netcdf.grid.GridFile.CellValue;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.files.FilesReader;
import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.forecast.ForecastReader;
import io.isobar.query.forecast.Grid;
import io.isobar.query.forecast.GridCells;
import io.isobar.query.forecast.GridProjection;
import io.isobar.query.forecast.PointSample;
import io.isobar.query.forecast.PointSample.Method;
import io.isobar.query.forecast.PointSample.SliceValue;
import io.isobar.query.forecast.Selection;
import io.isobar.query.forecast.Slices;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.index.ModelCatalog;
import io.isobar.query.point.PointViews.CellView;
import io.isobar.query.point.PointViews.PointAnswer;
import io.isobar.query.point.PointViews.PointView;
import io.isobar.query.point.PointViews.SeriesAnswer;
import io.isobar.query.point.PointViews.SeriesEntry;
import io.isobar.query.point.PointViews.StatisticView;
import io.isobar.query.point.PointViews.ValueView;

/**
 * Answers "what is the forecast at this place" for {@code /v1/point} and {@code /v1/point/series}, on the reading
 * engine ({@link ForecastReader}): the files valid at a time (the newest run that has the variable, or the run
 * asked for), the point placed on each file's grid with the file's own projection, and the values of the cell(s)
 * there.
 *
 * <ul>
 *   <li><b>Which files</b>: see {@link io.isobar.query.forecast.ForecastIndex}. Without {@code model}, models are
 *       tried in the order of {@link ModelNames#ALL} (then by name) and the first whose grid holds the point answers.</li>
 *   <li><b>Which values</b>: every realization and level of those files, unless one is asked for; ensemble
 *       statistics over the members when asked for ({@link EnsembleStatistics}).</li>
 *   <li><b>Where</b>: the nearest cell, or bilinear interpolation of the (up to) four around the point; a point
 *       off the grid is a 422.</li>
 * </ul>
 */
public final class PointForecasts {

    /** The most validity times one series may span. */
    public static final int MAX_SERIES_TIMES = 240;
    private static final double EARTH_RADIUS_M = 6_371_008.8;

    /** Where: a latitude and longitude (WGS84 degrees), and the place's name when asked for by name. */
    public record Location(double latitude, double longitude, String place) {}

    /** What else to read than the whole run's newest values: a past run, ensemble statistics. */
    public record Options(Optional<Instant> run, EnsembleStatistics statistics) {

        public static Options none() {
            return new Options(Optional.empty(), EnsembleStatistics.none());
        }
    }

    /** One validity time's answer, read from the files of one run. */
    private record Reading(ForecastFile file, PointView point, CellView cell, List<CellView> cells, List<ValueView> values,
            List<StatisticView> statistics, String available) {}

    /** The point is off the grid of the files that would answer. */
    private static final class OutsideGrid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutsideGrid(String message) {
            super(message, null, false, false);
        }
    }

    private final ForecastReader engine;
    private final FilesReader files;
    private final ModelCatalog catalog;

    public PointForecasts(ForecastReader engine, FilesReader files, ModelCatalog catalog) {
        this.engine = engine;
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
        List<String> models = model.map(List::of).orElseGet(() -> preferred(files.validAt(time, Optional.empty(), Optional.empty())
                .stream().filter(f -> variable.equals(f.variable())).map(ForecastFile::model).toList()));
        OutsideGrid outside = null;
        boolean any = false;
        for (String m : models) {
            List<ForecastFile> run = engine.index().at(m, variable, time, options.run());
            if (run.isEmpty()) {
                continue;
            }
            any = true;
            try {
                Reading r = read(where, List.of(run), selection, method, options.statistics()).get(0);
                if (r.values().isEmpty()) {
                    throw noSuchSelection(selection, m, variable, "valid at " + time, r.available());
                }
                ForecastFile f = r.file();
                return new PointAnswer(r.point(), time, f.model(), f.variable(), f.standardName(), f.units(), f.cellMethods(),
                        f.forecastReferenceTime(), f.forecastPeriod(), method.apiName(), r.cell(), r.cells(), r.values(),
                        r.statistics());
            } catch (OutsideGrid e) {
                outside = e;
            }
        }
        if (!any) {
            throw ApiProblem.notFound("No " + model.map(m -> m + " ").orElse("") + variable + " file "
                    + options.run().map(r -> "of the run " + r + " ").orElse("") + "is valid at " + time
                    + "; GET /v1/times/" + time + " lists the files valid then");
        }
        throw outsideGrid(outside);
    }

    /** One value set per validity time from {@code from} to {@code to}, each from the newest run for that time. */
    public SeriesAnswer series(Location where, Instant from, Instant to, String variable, Optional<String> model,
            Selection selection, Method method) {
        return series(where, from, to, variable, model, selection, method, Options.none());
    }

    /** As {@link #series(Location, Instant, Instant, String, Optional, Selection, Method)}, of a past run if asked. */
    public SeriesAnswer series(Location where, Instant from, Instant to, String variable, Optional<String> model,
            Selection selection, Method method, Options options) {
        List<String> models = model.map(List::of).orElseGet(() -> preferred(catalog.models()));
        OutsideGrid outside = null;
        String available = null;
        for (String m : models) {
            NavigableMap<Instant, List<ForecastFile>> byTime = engine.index().range(m, List.of(variable), from, to, options.run())
                    .get(variable);
            if (byTime == null || byTime.isEmpty()) {
                continue;
            }
            if (byTime.size() > MAX_SERIES_TIMES) {
                throw ApiProblem.invalidParameter("From " + from + " to " + to + " " + m + " has more than " + MAX_SERIES_TIMES
                        + " validity times; ask for a shorter range (at most " + MAX_SERIES_TIMES + " times per series)");
            }
            List<Reading> readings;
            try {
                readings = read(where, List.copyOf(byTime.values()), selection, method, options.statistics());
            } catch (OutsideGrid e) {
                outside = e;
                continue;
            }
            List<SeriesEntry> entries = new ArrayList<>();
            Reading first = null;
            for (Reading r : readings) {
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
                    throw noSuchSelection(selection, m, variable, "from " + from + " to " + to, available);
                }
                continue;
            }
            ForecastFile f = first.file();
            return new SeriesAnswer(first.point(), f.model(), f.variable(), f.standardName(), f.units(), f.cellMethods(),
                    method.apiName(), options.run().orElse(null), from, to, entries.size(), entries);
        }
        if (outside != null) {
            throw outsideGrid(outside);
        }
        if (available != null) {
            throw noSuchSelection(selection, model.orElse("any model"), variable, "from " + from + " to " + to, available);
        }
        throw ApiProblem.notFound("No " + model.map(m -> m + " ").orElse("") + variable + " file "
                + options.run().map(r -> "of the run " + r + " ").orElse("") + "is valid from " + from
                + " to " + to + "; GET /v1/times lists the validity times that have files");
    }

    /**
     * Reads the point from every file of each run given (one run per validity time): every header at once, then
     * every cell at once.
     */
    private List<Reading> read(Location where, List<List<ForecastFile>> runs, Selection selection, Method method,
            EnsembleStatistics statistics) {
        List<ForecastFile> all = runs.stream().flatMap(List::stream).toList();
        Map<ForecastFile, NetcdfHeader> headers = engine.headers(all);
        Selection wanted = statistics.any() ? selection.allMembers() : selection;
        List<PointSample> samples = new ArrayList<>(all.size());
        for (ForecastFile f : all) {
            NetcdfHeader h = headers.get(f);
            Grid grid = engine.grid(f, h);
            samples.add(PointSample.of(f, h, grid, where.latitude(), where.longitude(), method, wanted)
                    .orElseThrow(() -> outside(where, f, grid)));
        }
        List<List<CellValue>> values = engine.read(samples.stream().map(PointSample::read).toList());
        List<Reading> readings = new ArrayList<>(runs.size());
        int k = 0;
        for (List<ForecastFile> run : runs) {
            List<PointSample> parts = samples.subList(k, k + run.size());
            List<List<CellValue>> read = values.subList(k, k + run.size());
            k += run.size();
            readings.add(reading(where, parts, read, method, selection, statistics));
        }
        return readings;
    }

    private Reading reading(Location where, List<PointSample> parts, List<List<CellValue>> read, Method method,
            Selection selection, EnsembleStatistics statistics) {
        PointSample first = parts.get(0);
        List<SliceValue> sliceValues = new ArrayList<>();
        List<ForecastFile> sources = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            List<SliceValue> v = parts.get(i).combine(read.get(i));
            sliceValues.addAll(v);
            for (int j = 0; j < v.size(); j++) {
                sources.add(parts.get(i).file());
            }
        }
        List<ValueView> values = new ArrayList<>(sliceValues.size());
        for (int i = 0; i < sliceValues.size(); i++) {
            SliceValue v = sliceValues.get(i);
            ForecastFile source = sources.get(i);
            values.add(new ValueView(v.slice().realization(), v.slice().height(), v.slice().pressure(), v.value(), v.reason(),
                    source.uri(), source.indexedAt(), source.announcedAt()));
        }
        values.sort(Comparator.comparing(ValueView::realization, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(ValueView::height, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(ValueView::pressure, Comparator.nullsFirst(Comparator.reverseOrder())));
        List<StatisticView> stats = statistics.any() ? statistics(values, statistics) : null;
        if (statistics.any() && selection.realization().isPresent()) {
            values = values.stream().filter(v -> selection.realization().get().equals(v.realization())).toList();
        }
        Grid grid = first.grid();
        Grid.Located at = first.located();
        PointView point = new PointView(where.latitude(), where.longitude(), where.place(), round(at.x(), 3), round(at.y(), 3));
        CellView nearest = view(at.cells().nearest(), grid.projection(), where, false);
        List<CellView> used = method == Method.NEAREST ? null
                : first.cells().stream().map(c -> view(c, grid.projection(), where, true)).toList();
        String available = parts.stream().map(p -> p.all().describe()).distinct().collect(Collectors.joining("; "));
        return new Reading(first.file(), point, nearest, used, values, stats, available);
    }

    /** The statistics over the members of each level. */
    private static List<StatisticView> statistics(List<ValueView> values, EnsembleStatistics statistics) {
        Map<List<Double>, List<ValueView>> byLevel = values.stream().collect(Collectors.groupingBy(
                v -> java.util.Arrays.asList(v.height(), v.pressure()), java.util.LinkedHashMap::new, Collectors.toList()));
        List<StatisticView> out = new ArrayList<>();
        byLevel.forEach((level, members) -> {
            Float[] computed = statistics.compute(members.stream().map(ValueView::value).toList());
            List<String> keys = statistics.keys();
            int count = (int) members.stream().filter(v -> v.value() != null).count();
            for (int i = 0; i < keys.size(); i++) {
                out.add(new StatisticView(keys.get(i), level.get(0), level.get(1), computed[i], count));
            }
        });
        return out;
    }

    private static OutsideGrid outside(Location where, ForecastFile file, Grid grid) {
        double[] xy = grid.toGrid(where.latitude(), where.longitude()).orElse(null);
        return new OutsideGrid("The point " + coordinates(where) + " is outside the " + file.model() + " grid"
                + (xy == null ? "" : String.format(Locale.ROOT, " (it is at x %.0f m, y %.0f m", xy[0], xy[1])
                        + "; the grid covers " + grid.describe() + ")"));
    }

    private CellView view(GridCells.Cell c, GridProjection projection, Location where, boolean withWeight) {
        double[] latLon = projection.toGeographic(c.x(), c.y());
        double distance = haversine(where.latitude(), where.longitude(), latLon[0], latLon[1]);
        return new CellView(c.row(), c.column(), c.x(), c.y(), round(latLon[0], 6), round(latLon[1], 6), round(distance, 1),
                withWeight ? round(c.weight(), 6) : null);
    }

    /** Known models first, in {@link ModelNames#ALL} order, then the others by name. */
    public static List<String> preferred(Collection<String> models) {
        return models.stream().distinct().sorted(Comparator.comparing((String m) -> {
            int i = ModelNames.ALL.indexOf(m);
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(Function.identity())).toList();
    }

    private static ApiProblem outsideGrid(OutsideGrid e) {
        return new ApiProblem(422, "outside-grid", "Point outside the grid", e.getMessage());
    }

    private static ApiProblem noSuchSelection(Selection selection, String model, String variable, String when, String available) {
        return ApiProblem.notFound("No " + model + " " + variable + " file " + when + " has " + selection.describe()
                + (available == null || available.isBlank() ? "" : "; the files have " + available));
    }

    private static String coordinates(Location where) {
        return String.format(Locale.ROOT, "%.4f, %.4f", where.latitude(), where.longitude())
                + (where.place() == null ? "" : " (" + where.place() + ")");
    }

    /** Great-circle distance in metres between two latitude/longitude points (degrees). */
    public static double haversine(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }

    static String number(double v) {
        return Slices.number(v);
    }
}
