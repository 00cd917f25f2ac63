package io.isobar.query.point;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.forecast.FileRead;
import io.isobar.query.forecast.ForecastQuery;
import io.isobar.query.forecast.ForecastQuery.Site;
import io.isobar.query.forecast.Grid;
import io.isobar.query.forecast.LaggedEnsemble;
import io.isobar.query.forecast.PointSample;
import io.isobar.query.forecast.PointSample.SliceValue;
import io.isobar.query.forecast.Readout;
import io.isobar.query.forecast.Selection;
import io.isobar.query.point.PointViews.CellView;
import io.isobar.query.point.PointViews.PointView;
import io.isobar.query.point.PointViews.StatisticView;
import io.isobar.query.point.PointViews.ThresholdView;
import io.isobar.query.point.PointViews.ValueView;

/**
 * Shapes what the engine read at one place ({@link Readout}) into the point answers' readings: one per validity time,
 * from the files of one run (or of a time-lagged ensemble's runs, newest first), ordered by member, height and pressure
 * (highest first), with the cells used and the ensemble statistics asked for.
 */
final class PointReadings {

    /** One validity time's answer, read from the files of one run; {@code available} describes what they hold. */
    record Reading(ForecastFile file, PointView point, CellView cell, List<CellView> cells, List<ValueView> values,
            List<StatisticView> statistics, String available) {}

    private static final Comparator<ValueView> ORDER = Comparator
            .comparing(ValueView::ageHours, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ValueView::realization, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ValueView::height, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ValueView::pressure, Comparator.nullsFirst(Comparator.reverseOrder()))
            .thenComparing(ValueView::percentile, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(v -> v.threshold() == null ? null : v.threshold().value(), Comparator.nullsFirst(Comparator.naturalOrder()));

    private PointReadings() {}

    /**
     * One reading per validity time of {@code variable} in the readout, in order; with statistics, every member was
     * read and the realization asked for (if any) is kept among the values shown.
     */
    static List<Reading> of(Readout readout, String variable) {
        ForecastQuery q = readout.plan().query();
        Site where = readout.sites().get(0);
        PointSample.Method method = ((ForecastQuery.Points) q.where()).method();
        List<Reading> readings = new ArrayList<>();
        for (List<ForecastFile> run : readout.plan().byTime(variable)) {
            readings.add(reading(where, run.stream().map(readout::of).toList(), method, q.selection(), q.statistics(),
                    q.runs() instanceof ForecastQuery.Lagged));
        }
        return readings;
    }

    private static Reading reading(Site where, List<FileRead> parts, PointSample.Method method, Selection selection,
            EnsembleStatistics statistics, boolean lagged) {
        List<ValueView> values = new ArrayList<>();
        // A lagged set's files come newest run first; each member is labelled with its run and age.
        Instant newest = parts.get(0).file().forecastReferenceTime();
        for (FileRead part : parts) {
            ForecastFile source = part.file();
            Instant run = lagged ? source.forecastReferenceTime() : null;
            Integer age = lagged ? LaggedEnsemble.ageHours(newest, run) : null;
            NetcdfHeader.Threshold thresholds = part.header().threshold();
            for (SliceValue v : part.at(0)) {
                Double t = v.slice().threshold();
                ThresholdView threshold = t == null || thresholds == null ? null
                        : new ThresholdView(thresholds.name(), thresholds.comparison(), t, thresholds.units());
                values.add(new ValueView(v.slice().realization(), v.slice().height(), v.slice().pressure(),
                        v.slice().percentile(), threshold, v.value(), v.reason(), source.uri(), source.indexedAt(),
                        source.announcedAt(), run, age));
            }
        }
        values.sort(ORDER);
        List<StatisticView> stats = statistics.any() ? LevelStatistics.of(values, statistics) : null;
        if (statistics.any() && selection.realization().isPresent()) {
            values = values.stream().filter(v -> selection.realization().get().equals(v.realization())).toList();
        }
        PointSample first = parts.get(0).samples().get(0);
        String available = parts.stream().map(p -> p.slices().describe()).distinct().collect(Collectors.joining("; "));
        if (first.spot() != null) {
            // A site is not a grid cell: the answer names the site and its distance instead.
            return new Reading(first.file(), Placement.point(where, first.spot()), null, null, values, stats, available);
        }
        Grid grid = first.grid();
        Grid.Located at = first.located();
        CellView nearest = Placement.cell(at.cells().nearest(), grid.projection(), where, false);
        List<CellView> used = method == PointSample.Method.NEAREST ? null
                : first.cells().stream().map(c -> Placement.cell(c, grid.projection(), where, true)).toList();
        return new Reading(first.file(), Placement.point(where, at), nearest, used, values, stats, available);
    }
}
