package io.isobar.query.point;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.grid.CellValue;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.forecast.ForecastReader;
import io.isobar.query.forecast.Grid;
import io.isobar.query.forecast.PointSample;
import io.isobar.query.forecast.PointSample.Method;
import io.isobar.query.forecast.PointSample.SliceValue;
import io.isobar.query.forecast.Selection;
import io.isobar.query.point.PointForecasts.Location;
import io.isobar.query.point.PointViews.CellView;
import io.isobar.query.point.PointViews.PointView;
import io.isobar.query.point.PointViews.StatisticView;
import io.isobar.query.point.PointViews.ValueView;

/**
 * Reads one place from the files of one run per validity time on the reading engine ({@link ForecastReader}): every
 * header at once, the place on each file's grid ({@link PointSample}), then every cell at once; and shapes each
 * run's values into the views of the answer, ordered by member, height and pressure (highest first).
 */
final class PointReadings {

    /** One validity time's answer, read from the files of one run; {@code available} describes what they hold. */
    record Reading(ForecastFile file, PointView point, CellView cell, List<CellView> cells, List<ValueView> values,
            List<StatisticView> statistics, String available) {}

    private static final Comparator<ValueView> ORDER = Comparator
            .comparing(ValueView::realization, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ValueView::height, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ValueView::pressure, Comparator.nullsFirst(Comparator.reverseOrder()));

    private final ForecastReader engine;

    PointReadings(ForecastReader engine) {
        this.engine = engine;
    }

    /**
     * One reading per run given, in order; with {@code statistics}, every member is read and the realization asked for
     * (if any) is kept among the values shown.
     *
     * @throws PointProblems.OutsideGrid when the place is off a file's grid
     */
    List<Reading> read(Location where, List<List<ForecastFile>> runs, Selection selection, Method method,
            EnsembleStatistics statistics) {
        List<ForecastFile> all = runs.stream().flatMap(List::stream).toList();
        Map<ForecastFile, NetcdfHeader> headers = engine.headers(all);
        Selection wanted = statistics.any() ? selection.allMembers() : selection;
        List<PointSample> samples = new ArrayList<>(all.size());
        for (ForecastFile f : all) {
            NetcdfHeader h = headers.get(f);
            Grid grid = engine.grid(f, h);
            samples.add(PointSample.of(f, h, grid, where.latitude(), where.longitude(), method, wanted)
                    .orElseThrow(() -> PointProblems.outside(where, f, grid)));
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

    private static Reading reading(Location where, List<PointSample> parts, List<List<CellValue>> read, Method method,
            Selection selection, EnsembleStatistics statistics) {
        List<ValueView> values = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            ForecastFile source = parts.get(i).file();
            for (SliceValue v : parts.get(i).combine(read.get(i))) {
                values.add(new ValueView(v.slice().realization(), v.slice().height(), v.slice().pressure(), v.value(),
                        v.reason(), source.uri(), source.indexedAt(), source.announcedAt()));
            }
        }
        values.sort(ORDER);
        List<StatisticView> stats = statistics.any() ? LevelStatistics.of(values, statistics) : null;
        if (statistics.any() && selection.realization().isPresent()) {
            values = values.stream().filter(v -> selection.realization().get().equals(v.realization())).toList();
        }
        PointSample first = parts.get(0);
        Grid grid = first.grid();
        Grid.Located at = first.located();
        CellView nearest = Placement.cell(at.cells().nearest(), grid.projection(), where, false);
        List<CellView> used = method == Method.NEAREST ? null
                : first.cells().stream().map(c -> Placement.cell(c, grid.projection(), where, true)).toList();
        String available = parts.stream().map(p -> p.all().describe()).distinct().collect(Collectors.joining("; "));
        return new Reading(first.file(), Placement.point(where, at), nearest, used, values, stats, available);
    }
}
