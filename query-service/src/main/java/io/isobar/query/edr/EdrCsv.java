package io.isobar.query.edr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.isobar.query.edr.EdrResult.Series;
import io.isobar.query.edr.EdrResult.Site;
import io.isobar.query.forecast.Slices;
import io.isobar.query.http.Csv;

/**
 * EDR answers as CSV ({@link Csv}), one line per value: validity time, run, site, parameter (with its
 * variable, level, member or statistic) and value; for a trajectory or corridor, one line per place and parameter
 * ({@link #TRACK_COLUMNS}). Empty fields are absent values.
 */
final class EdrCsv {

    static final List<String> COLUMNS = List.of("time", "forecast_reference_time", "model", "longitude", "latitude", "place",
            "row", "column", "parameter", "variable", "height", "pressure", "realization", "statistic", "value", "units", "indexed_at",
            "announced_at");

    /**
     * The columns of a trajectory's or corridor's CSV: each place at its own time, with its level, its distance along the
     * path (and a corridor cell's lane, offset from the path and grid row and column), the value's reason when missing,
     * and the files it was interpolated from ({@code uri@weight}, space-separated).
     */
    static final List<String> TRACK_COLUMNS = List.of("time", "model", "longitude", "latitude", "z", "distance_m", "lane",
            "offset_m", "row", "column", "parameter", "variable", "height", "pressure", "realization", "statistic", "value",
            "reason", "units", "forecast_reference_time", "sources", "indexed_at", "announced_at");

    private EdrCsv() {}

    static String of(EdrResult r) {
        if (r.track()) {
            return track(r);
        }
        Csv out = new Csv(COLUMNS);
        for (int t = 0; t < r.times().size(); t++) {
            Instant time = r.times().get(t);
            for (int j = 0; j < r.sites().size(); j++) {
                Site s = r.sites().get(j);
                for (Series p : r.parameters()) {
                    Float v = p.values()[t][j];
                    List<Object> fields = new ArrayList<>(COLUMNS.size());
                    fields.add(time);
                    fields.add(p.runs()[t]);
                    fields.add(r.model());
                    fields.add(s.longitude());
                    fields.add(s.latitude());
                    fields.add(s.name());
                    fields.add(s.row() >= 0 ? s.row() : null);
                    fields.add(s.row() >= 0 ? s.column() : null);
                    addParameter(fields, p);
                    fields.add(v == null || v.isNaN() ? null : v);
                    fields.add(p.valueUnits());
                    fields.add(p.indexedAt()[t]);
                    fields.add(p.announcedAt()[t]);
                    out.line(fields);
                }
            }
        }
        return out.toString();
    }

    /** The columns that say which parameter a line is: key, variable, height or pressure, member or statistic. */
    private static void addParameter(List<Object> fields, Series p) {
        fields.add(p.key());
        fields.add(p.variable());
        fields.add(p.level() != null && !p.levelIsPressure() ? Slices.number(p.level()) : null);
        fields.add(p.level() != null && p.levelIsPressure() ? Slices.number(p.level()) : null);
        fields.add(p.statistic() == null ? p.member() : null);
        fields.add(p.statistic());
    }

    private static String track(EdrResult r) {
        Csv out = new Csv(TRACK_COLUMNS);
        for (int i = 0; i < r.sites().size(); i++) {
            Site s = r.sites().get(i);
            for (Series p : r.parameters()) {
                Float v = p.values()[i][0];
                List<Object> fields = new ArrayList<>(TRACK_COLUMNS.size());
                fields.add(r.times().get(i));
                fields.add(r.model());
                fields.add(s.longitude());
                fields.add(s.latitude());
                fields.add(s.z() == null ? null : Slices.number(s.z()));
                fields.add(Math.round(s.along()));
                fields.add(s.lane() >= 0 ? s.lane() : null);
                fields.add(s.lane() >= 0 ? Math.round(s.offset()) : null);
                fields.add(s.row() >= 0 ? s.row() : null);
                fields.add(s.row() >= 0 ? s.column() : null);
                addParameter(fields, p);
                fields.add(v == null || v.isNaN() ? null : v);
                fields.add(v == null || v.isNaN() ? p.reasons()[i] : null);
                fields.add(p.valueUnits());
                fields.add(p.runs()[i]);
                fields.add(String.join(" ", p.sources().get(i).stream()
                        .map(f -> f.file().uri() + "@" + Math.round(f.weight() * 1e6) / 1e6).toList()));
                fields.add(p.indexedAt()[i]);
                fields.add(p.announcedAt()[i]);
                out.line(fields);
            }
        }
        return out.toString();
    }
}
