package io.isobar.query.point;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.isobar.query.point.PointViews.CellView;
import io.isobar.query.point.PointViews.PointAnswer;
import io.isobar.query.point.PointViews.PointView;
import io.isobar.query.point.PointViews.SeriesAnswer;
import io.isobar.query.point.PointViews.SeriesEntry;
import io.isobar.query.point.PointViews.StatisticView;
import io.isobar.query.point.PointViews.ValueView;

/**
 * The point answers as CSV (RFC 4180, CRLF line ends): a header line, then one line per value, with the point, the
 * run, the (nearest) cell and the file on every line so that each line stands alone. Empty fields are absent values.
 * Ensemble statistics follow the members, one line each, named in the {@code statistic} column.
 */
public final class PointCsv {

    static final List<String> COLUMNS = List.of("time", "model", "variable", "units", "cell_methods", "forecast_reference_time",
            "forecast_period", "realization", "height", "pressure", "value", "reason", "latitude", "longitude", "place",
            "method", "row", "column", "x", "y", "distance_m", "uri", "statistic", "indexed_at", "announced_at");

    private PointCsv() {}

    public static String of(PointAnswer a) {
        StringBuilder out = header();
        for (ValueView v : a.values()) {
            row(out, a.time(), a.model(), a.variable(), a.units(), a.cellMethods(), a.forecastReferenceTime(),
                    a.forecastPeriod(), v, a.point(), a.method(), a.cell(), null);
        }
        for (StatisticView st : a.statistics() == null ? List.<StatisticView>of() : a.statistics()) {
            row(out, a.time(), a.model(), a.variable(), a.units(), a.cellMethods(), a.forecastReferenceTime(),
                    a.forecastPeriod(), statistic(st, a.values()), a.point(), a.method(), a.cell(), st.statistic());
        }
        return out.toString();
    }

    public static String of(SeriesAnswer a) {
        StringBuilder out = header();
        for (SeriesEntry e : a.series()) {
            for (ValueView v : e.values()) {
                row(out, e.time(), a.model(), a.variable(), a.units(), a.cellMethods(), e.forecastReferenceTime(),
                        e.forecastPeriod(), v, a.point(), a.method(), e.cell(), null);
            }
            for (StatisticView st : e.statistics() == null ? List.<StatisticView>of() : e.statistics()) {
                row(out, e.time(), a.model(), a.variable(), a.units(), a.cellMethods(), e.forecastReferenceTime(),
                        e.forecastPeriod(), statistic(st, e.values()), a.point(), a.method(), e.cell(), st.statistic());
            }
        }
        return out.toString();
    }

    /** A statistic's line: as fresh as the newest of the members' files it is computed from. */
    private static ValueView statistic(StatisticView s, List<ValueView> members) {
        Instant indexed = members.stream().map(ValueView::indexedAt).filter(java.util.Objects::nonNull)
                .max(java.util.Comparator.naturalOrder()).orElse(null);
        Instant announced = members.stream().map(ValueView::announcedAt).filter(java.util.Objects::nonNull)
                .max(java.util.Comparator.naturalOrder()).orElse(null);
        return new ValueView(null, s.height(), s.pressure(), s.value(), null, null, indexed, announced);
    }

    private static StringBuilder header() {
        return new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
    }

    private static void row(StringBuilder out, Instant time, String model, String variable, String units, String cellMethods,
            Instant run, long period, ValueView v, PointView p, String method, CellView cell, String statistic) {
        List<Object> fields = new ArrayList<>(COLUMNS.size());
        fields.add(time);
        fields.add(model);
        fields.add(variable);
        fields.add(units);
        fields.add(cellMethods);
        fields.add(run);
        fields.add(period);
        fields.add(v.realization());
        fields.add(v.height());
        fields.add(v.pressure());
        fields.add(v.value());
        fields.add(v.reason());
        fields.add(p.latitude());
        fields.add(p.longitude());
        fields.add(p.place());
        fields.add(method);
        fields.add(cell.row());
        fields.add(cell.column());
        fields.add(cell.x());
        fields.add(cell.y());
        fields.add(cell.distanceM());
        fields.add(v.uri());
        fields.add(statistic);
        fields.add(v.indexedAt());
        fields.add(v.announcedAt());
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
    }

    /** Quotes a field that holds a comma, a quote or a line break, doubling its quotes. */
    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
