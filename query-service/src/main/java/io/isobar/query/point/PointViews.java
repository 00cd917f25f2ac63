package io.isobar.query.point;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.isobar.query.units.Conversion;

/** The point endpoints' answers as the API shows them (snake_case JSON; the CSV form has the same fields). */
public final class PointViews {

    private PointViews() {}

    /**
     * The point asked about.
     *
     * @param place the gazetteer's name when asked by {@code place}
     * @param x the point in the answering grid's coordinates (metres for projected grids); null on a spot collection
     * @param site on a spot collection, the site that answers; null on a grid
     */
    public record PointView(double latitude, double longitude, String place, Double x, Double y, SiteView site) {}

    /**
     * The site of a spot collection that answers a point: the file's site id, its WMO id when it has one, where it is,
     * and how far from the point asked about (0 when asked for by {@code site}).
     *
     * @param altitude metres above sea level, null when the file does not say
     * @param distanceKm great-circle distance from the point asked about to the site, km
     */
    public record SiteView(String id, String wmoId, double latitude, double longitude, Double altitude, double distanceKm) {}

    /**
     * A grid cell used for the answer.
     *
     * @param x the cell centre's grid x (metres)
     * @param latitude the cell centre's latitude
     * @param distanceM great-circle distance from the point to the cell centre, metres
     * @param weight the cell's bilinear weight (bilinear answers only)
     */
    public record CellView(int row, int column, double x, double y, double latitude, double longitude, double distanceM,
            Double weight) {}

    /**
     * A blend's threshold, with what is compared to it: the value is the probability that {@code quantity} is
     * {@code comparison} (IMPROVER's {@code spp__relative_to_threshold}, e.g. {@code greater_than_or_equal_to}) {@code value}
     * {@code units}.
     */
    public record ThresholdView(String quantity, String comparison, double value, String units) {}

    /**
     * One value: of one realization and level (or a blend's percentile or threshold), from one file.
     *
     * @param percentile the blend's percentile (%) this value is, or null
     * @param threshold the blend's threshold whose probability this value is, or null
     * @param value null when the file has none here; {@code reason} then says why
     * @param uri the file it came from
     * @param indexedAt when that file was indexed
     * @param announcedAt when the Met Office announced that file, or null when not known (backfilled files)
     * @param forecastReferenceTime in a time-lagged ensemble ({@code ensemble=lagged}), the member's run; else null
     * @param ageHours in a time-lagged ensemble, how many hours older the member's run is than the newest run of the
     *     set (0 for the newest); else null
     */
    public record ValueView(Integer realization, Double height, Double pressure, Double percentile, ThresholdView threshold,
            @JsonInclude(JsonInclude.Include.ALWAYS) Float value, String reason, String uri, Instant indexedAt,
            Instant announcedAt, Instant forecastReferenceTime, Integer ageHours) {

        /** A value of the newest run or of the run asked for (no lagged-member labels). */
        public ValueView(Integer realization, Double height, Double pressure, Double percentile, ThresholdView threshold,
                Float value, String reason, String uri, Instant indexedAt, Instant announcedAt) {
            this(realization, height, pressure, percentile, threshold, value, reason, uri, indexedAt, announcedAt, null, null);
        }
    }

    /**
     * One ensemble statistic at one level, computed from the members' values when read.
     *
     * @param statistic {@code mean}, {@code std}, {@code min}, {@code max}, {@code p<N>} or {@code probability_above_<T>}
     * @param members how many members had a value
     */
    public record StatisticView(String statistic, Double height, Double pressure,
            @JsonInclude(JsonInclude.Include.ALWAYS) Float value, int members) {}

    /** {@code GET /v1/point}: the values at one place and time, from the newest run that has them (or the run asked for). */
    public record PointAnswer(PointView point, Instant time, String model, String variable, String standardName,
            String units, String cellMethods, Instant forecastReferenceTime, long forecastPeriod, String method,
            CellView cell, List<CellView> cells, List<ValueView> values, List<StatisticView> statistics) {}

    /** One validity time of a series, from the newest run for that time. */
    public record SeriesEntry(Instant time, Instant forecastReferenceTime, long forecastPeriod, CellView cell,
            List<CellView> cells, List<ValueView> values, List<StatisticView> statistics) {}

    /**
     * {@code GET /v1/point/series}: one entry per validity time, each from the newest run for it.
     *
     * @param run the run asked for with {@code run=}, else null (each entry says its run)
     */
    public record SeriesAnswer(PointView point, String model, String variable, String standardName, String units,
            String cellMethods, String method, Instant run, Instant from, Instant to, int count, List<SeriesEntry> series) {}

    /** {@code answer} with its values and statistics in {@code conversion}'s units (and saying so). */
    public static PointAnswer inUnits(PointAnswer a, Conversion conversion) {
        if (conversion.isIdentity()) {
            return a;
        }
        return new PointAnswer(a.point(), a.time(), a.model(), a.variable(), a.standardName(), conversion.to(), a.cellMethods(),
                a.forecastReferenceTime(), a.forecastPeriod(), a.method(), a.cell(), a.cells(), values(a.values(), conversion),
                statistics(a.statistics(), conversion));
    }

    /** {@code answer} with every entry's values and statistics in {@code conversion}'s units. */
    public static SeriesAnswer inUnits(SeriesAnswer a, Conversion conversion) {
        if (conversion.isIdentity()) {
            return a;
        }
        List<SeriesEntry> series = a.series().stream().map(e -> new SeriesEntry(e.time(), e.forecastReferenceTime(),
                e.forecastPeriod(), e.cell(), e.cells(), values(e.values(), conversion), statistics(e.statistics(), conversion)))
                .toList();
        return new SeriesAnswer(a.point(), a.model(), a.variable(), a.standardName(), conversion.to(), a.cellMethods(), a.method(),
                a.run(), a.from(), a.to(), a.count(), series);
    }

    private static List<ValueView> values(List<ValueView> values, Conversion c) {
        return values == null ? null : values.stream().map(v -> new ValueView(v.realization(), v.height(), v.pressure(),
                v.percentile(), v.threshold(), c.apply(v.value()), v.reason(), v.uri(), v.indexedAt(), v.announcedAt(),
                v.forecastReferenceTime(), v.ageHours())).toList();
    }

    private static List<StatisticView> statistics(List<StatisticView> statistics, Conversion c) {
        return statistics == null ? null : statistics.stream().map(s -> new StatisticView(s.statistic(), s.height(), s.pressure(),
                c.applyToStatistic(s.statistic(), s.value()), s.members())).toList();
    }
}
