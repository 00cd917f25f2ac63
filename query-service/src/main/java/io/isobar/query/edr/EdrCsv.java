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
 * variable, level, member or statistic) and value. Empty fields are absent values.
 */
final class EdrCsv {

    static final List<String> COLUMNS = List.of("time", "forecast_reference_time", "model", "longitude", "latitude", "place",
            "row", "column", "parameter", "variable", "height", "pressure", "realization", "statistic", "value", "units", "indexed_at",
            "announced_at");

    private EdrCsv() {}

    static String of(EdrResult r) {
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
                    fields.add(p.key());
                    fields.add(p.variable());
                    fields.add(p.level() != null && !p.levelIsPressure() ? Slices.number(p.level()) : null);
                    fields.add(p.level() != null && p.levelIsPressure() ? Slices.number(p.level()) : null);
                    fields.add(p.statistic() == null ? p.member() : null);
                    fields.add(p.statistic());
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
}
