package io.isobar.query.point;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.forecast.BlendNames;
import io.isobar.query.http.Csv;
import io.isobar.query.point.PointViews.CellView;
import io.isobar.query.point.PointViews.PointAnswer;
import io.isobar.query.point.PointViews.PointView;
import io.isobar.query.point.PointViews.SeriesAnswer;
import io.isobar.query.point.PointViews.SeriesEntry;
import io.isobar.query.point.PointViews.SiteView;
import io.isobar.query.point.PointViews.StatisticView;
import io.isobar.query.point.PointViews.ThresholdView;
import io.isobar.query.point.PointViews.ValueView;

/**
 * The point answers as CSV ({@link Csv}): a header line, then one line per value, with the point, the run, the
 * (nearest) cell and the file on every line so that each line stands alone. Empty fields are absent values.
 * Ensemble statistics follow the members, one line each, named in the {@code statistic} column; a blend's percentiles
 * and probabilities are named there the same way ({@code p90}, {@code probability_above_10}). In a time-lagged
 * ensemble each member's line has its own run in {@code forecast_reference_time}. On a spot collection the
 * {@code site} column names the answering site and {@code distance_m} is the distance to it (no row, column, x or y).
 */
public final class PointCsv {

    static final List<String> COLUMNS = List.of("time", "model", "variable", "units", "cell_methods", "forecast_reference_time",
            "forecast_period", "realization", "height", "pressure", "value", "reason", "latitude", "longitude", "place", "site",
            "method", "row", "column", "x", "y", "distance_m", "uri", "statistic", "indexed_at", "announced_at");

    /** What every line of one answer shares. */
    private record Answer(String model, String variable, String units, String cellMethods, PointView point, String method) {}

    private PointCsv() {}

    public static String of(PointAnswer a) {
        Csv out = new Csv(COLUMNS);
        // One time is a series of one entry.
        lines(out, new Answer(a.model(), a.variable(), a.units(), a.cellMethods(), a.point(), a.method()),
                new SeriesEntry(a.time(), a.forecastReferenceTime(), a.forecastPeriod(), a.cell(), a.cells(), a.values(),
                        a.statistics()));
        return out.toString();
    }

    public static String of(SeriesAnswer a) {
        Csv out = new Csv(COLUMNS);
        Answer answer = new Answer(a.model(), a.variable(), a.units(), a.cellMethods(), a.point(), a.method());
        for (SeriesEntry e : a.series()) {
            lines(out, answer, e);
        }
        return out.toString();
    }

    /** The lines of one validity time: its values, then its statistics. */
    private static void lines(Csv out, Answer a, SeriesEntry e) {
        for (ValueView v : e.values()) {
            line(out, a, e, v, blendStatistic(v));
        }
        for (StatisticView st : e.statistics() == null ? List.<StatisticView>of() : e.statistics()) {
            line(out, a, e, statistic(st, e.values()), st.statistic());
        }
    }

    /** A statistic's line: as fresh as the newest of the members' files it is computed from. */
    private static ValueView statistic(StatisticView s, List<ValueView> members) {
        Instant indexed = members.stream().map(ValueView::indexedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        Instant announced = members.stream().map(ValueView::announcedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return new ValueView(null, s.height(), s.pressure(), null, null, s.value(), null, null, indexed, announced);
    }

    /** A blend's value named as the ensemble statistic it stands for, or null for a member's or a model's value. */
    private static String blendStatistic(ValueView v) {
        ThresholdView t = v.threshold();
        return t == null ? BlendNames.statisticKey(v.percentile(), null, null) : BlendNames.statisticKey(null, t.value(),
                new NetcdfHeader.Threshold(t.quantity(), t.units(), t.comparison(), List.of(t.value())));
    }

    private static void line(Csv out, Answer a, SeriesEntry e, ValueView v, String statistic) {
        PointView p = a.point();
        CellView c = e.cell();
        SiteView site = p.site();
        // A lagged ensemble's member says its own run; every other line the answer's.
        Instant run = v.forecastReferenceTime() != null ? v.forecastReferenceTime() : e.forecastReferenceTime();
        out.line(Arrays.asList(e.time(), a.model(), a.variable(), a.units(), a.cellMethods(), run,
                e.forecastPeriod(), v.realization(), v.height(), v.pressure(), v.value(), v.reason(), p.latitude(),
                p.longitude(), p.place(), site == null ? null : site.id(), a.method(), c == null ? null : c.row(), c == null ? null : c.column(),
                c == null ? null : c.x(), c == null ? null : c.y(),
                c != null ? c.distanceM() : site == null ? null : Placement.round(site.distanceKm() * 1000, 1), v.uri(),
                statistic, v.indexedAt(), v.announcedAt()));
    }
}
