package io.isobar.query.edr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;


import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.forecast.LaggedEnsemble;
import io.isobar.query.forecast.Selection;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Csv;
import io.isobar.query.http.Limits;
import io.isobar.query.http.Params;
import io.isobar.query.http.TimeParam;

/**
 * The EDR query parameters, parsed and checked ({@code coords} and {@code bbox} are {@link EdrGeometry}'s): {@code datetime}
 * (an instant, {@code start/end}, {@code ../end} or {@code start/..}), {@code parameter-name}, {@code z},
 * {@code crs}, {@code f} (CoverageJSON, GeoJSON, CSV or NetCDF), {@code within}/{@code within-units}, {@code bbox}; and Isobar's additions
 * {@code realization}, {@code stats}, {@code percentiles}, {@code threshold}, and on a blend's collection {@code percentile}
 * (its {@code threshold} is resolved by the engine against the files). Each failure is a 400 naming the
 * parameter and what it accepts.
 */
final class EdrParams {

    /** Output formats, as {@code f} names them. */
    enum Format {
        COVERAGE_JSON("CoverageJSON", "application/vnd.cov+json"),
        GEO_JSON("GeoJSON", "application/geo+json"),
        CSV("CSV", Csv.MEDIA_TYPE),
        NETCDF("NetCDF", "application/netcdf");

        final String apiName;
        final String mediaType;

        Format(String apiName, String mediaType) {
            this.apiName = apiName;
            this.mediaType = mediaType;
        }

        static List<String> names() {
            return List.of(COVERAGE_JSON.apiName, GEO_JSON.apiName, CSV.apiName, NETCDF.apiName);
        }
    }

    /**
     * The validity times asked for: one instant ({@code from == to}, {@code instant}), or a range whose open ends
     * are empty.
     */
    record Datetime(Optional<Instant> from, Optional<Instant> to, boolean instant) {

        static Datetime any() {
            return new Datetime(Optional.empty(), Optional.empty(), false);
        }

        boolean given() {
            return from.isPresent() || to.isPresent();
        }
    }

    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    static final Set<String> COMMON = Set.of("datetime", "parameter-name", "z", "crs", "f", "realization", "units", "stats", "percentiles",
            "percentile", "threshold", LaggedEnsemble.PARAMETER);
    static final Pattern NUMBER = Pattern.compile("[+-]?(\\d{1,12}(\\.\\d{0,20})?|\\.\\d{1,20})");

    private EdrParams() {}

    static Set<String> allowed(String... extra) {
        Set<String> all = new LinkedHashSet<>(COMMON);
        all.addAll(List.of(extra));
        return all;
    }

    /**
     * The response format: the {@code f} parameter when given, else the best type of the request's {@code Accept}
     * header (by its q-values, CoverageJSON for {@code application/json} and wildcards), else CoverageJSON. An
     * {@code Accept} that admits none of the formats is a 406 naming them.
     */
    static Format format(Params params, String accept) {
        Optional<String> f = params.raw("f");
        if (f.isPresent()) {
            String v = f.get();
            for (Format format : Format.values()) {
                if (format.apiName.equalsIgnoreCase(v) || (format == Format.COVERAGE_JSON && v.equalsIgnoreCase("covjson"))) {
                    return format;
                }
            }
            throw ApiProblem.invalidParameter("Query parameter 'f' must be one of " + String.join(", ", Format.names())
                    + ", not '" + shorten(v) + "'");
        }
        if (accept == null || accept.isBlank()) {
            return Format.COVERAGE_JSON;
        }
        record Range(String type, double q, int order) {}
        List<Range> ranges = new ArrayList<>();
        String[] parts = accept.split(",");
        for (int i = 0; i < parts.length; i++) {
            String[] fields = parts[i].split(";");
            String type = fields[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int k = 1; k < fields.length; k++) {
                String param = fields[k].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0; // a malformed weight admits nothing, as RFC 9110 lets a server decide
                    }
                }
            }
            if (!type.isEmpty() && q > 0) {
                ranges.add(new Range(type, q, i));
            }
        }
        ranges.sort(Comparator.comparingDouble(Range::q).reversed().thenComparingInt(Range::order));
        for (Range r : ranges) {
            Format match = switch (r.type()) {
                case "application/vnd.cov+json", "application/prs.coverage+json", "application/json", "application/*", "*/*" ->
                        Format.COVERAGE_JSON;
                case "application/geo+json" -> Format.GEO_JSON;
                case "text/csv", "text/*" -> Format.CSV;
                case "application/netcdf", "application/x-netcdf" -> Format.NETCDF;
                default -> null;
            };
            if (match != null) {
                return match;
            }
        }
        throw new ApiProblem(406, "not-acceptable", "Not acceptable", "The Accept header '" + shorten(accept)
                + "' admits none of the formats of this query: " + Format.COVERAGE_JSON.mediaType + " (CoverageJSON), "
                + Format.GEO_JSON.mediaType + " (GeoJSON), " + Format.CSV.mediaType + " (CSV), " + Format.NETCDF.mediaType
                + " (NetCDF); or choose one with f="
                + String.join("|", Format.names()));
    }

    static void crs(Params params) {
        params.raw("crs").ifPresent(v -> {
            String c = v.trim();
            if (!(c.equalsIgnoreCase("CRS84") || c.equalsIgnoreCase("OGC:CRS84") || c.equals(CRS84))) {
                throw ApiProblem.invalidParameter("Query parameter 'crs' must be CRS84 (" + CRS84 + "), the only CRS offered,"
                        + " not '" + shorten(v) + "'");
            }
        });
    }

    /** {@code units}: comma-separated units, each checked to be one UDUNITS reads; empty when absent. */
    static List<String> units(Params params) {
        return params.raw("units").map(v -> java.util.Arrays.stream(v.split(",", -1)).map(String::strip)
                .map(u -> io.isobar.query.units.UnitsParam.asked(Optional.of(u)).orElseThrow()).toList()).orElse(List.of());
    }

    /** The forms of {@code datetime}, each with an example. */
    static final String DATETIME_FORMS = "Give an instant (2026-12-06T12:00:00Z), an interval start/end"
            + " (2026-12-06T00:00:00Z/2026-12-07T00:00:00Z), or one open at an end (../2026-12-07T00:00:00Z,"
            + " 2026-12-06T00:00:00Z/..); times are ISO-8601 with Z or an offset, or YYYYMMDDTHHMMZ";

    static Datetime datetime(Params params) {
        Optional<String> raw = params.raw("datetime");
        if (raw.isEmpty()) {
            return Datetime.any();
        }
        String v = raw.get();
        int slash = v.indexOf('/');
        if (slash < 0) {
            Instant t = TimeParam.parse("query parameter 'datetime'", v);
            return new Datetime(Optional.of(t), Optional.of(t), true);
        }
        String a = v.substring(0, slash);
        String b = v.substring(slash + 1);
        if (b.contains("/")) {
            // Most likely a calendar date (06/12/2026), not an interval.
            throw ApiProblem.invalidParameter("Query parameter 'datetime' is not a time or an interval: '" + shorten(v)
                    + "'. " + DATETIME_FORMS);
        }
        Optional<Instant> from = a.equals("..") || a.isEmpty() ? Optional.empty()
                : Optional.of(TimeParam.parse("the start of query parameter 'datetime'", a));
        Optional<Instant> to = b.equals("..") || b.isEmpty() ? Optional.empty()
                : Optional.of(TimeParam.parse("the end of query parameter 'datetime'", b));
        if (from.isEmpty() && to.isEmpty()) {
            throw ApiProblem.invalidParameter("Query parameter 'datetime' is open at both ends ('" + shorten(v)
                    + "'). " + DATETIME_FORMS);
        }
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw ApiProblem.invalidParameter("Query parameter 'datetime' starts (" + from.get() + ") after it ends (" + to.get() + ")");
        }
        return new Datetime(from, to, false);
    }

    /** The parameter names asked for, in order, without repeats; empty when none are named. */
    static List<String> parameterNames(Params params) {
        Optional<String> raw = params.raw("parameter-name");
        if (raw.isEmpty()) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String s : raw.get().split(",", -1)) {
            String name = s.trim();
            if (name.isEmpty()) {
                throw ApiProblem.invalidParameter("Query parameter 'parameter-name' has an empty name; give names separated by commas");
            }
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}")) {
                throw ApiProblem.invalidParameter("Query parameter 'parameter-name' has '" + shorten(name)
                        + "', which is not a parameter name (CF variable names such as air_temperature)");
            }
            names.add(name);
        }
        if (names.size() > Limits.PARAMETER_NAMES) {
            throw ApiProblem.invalidParameter("Query parameter 'parameter-name' names " + names.size() + " parameters; at most "
                    + Limits.PARAMETER_NAMES);
        }
        return List.copyOf(names);
    }

    static Selection selection(Params params) {
        Optional<Double> z = params.raw("z").map(v -> {
            if (!NUMBER.matcher(v).matches()) {
                throw ApiProblem.invalidParameter("Query parameter 'z' must be one level, a decimal number (a height in m or a"
                        + " pressure in Pa, as the collection's vertical extent lists), not '" + shorten(v) + "'");
            }
            return Double.parseDouble(v);
        });
        return new Selection(params.integer("realization", 0, 1_000_000), Optional.empty(), Optional.empty(), z)
                .withBlend(params.decimal("percentile", 0, 100), Optional.empty());
    }

    static EnsembleStatistics statistics(Params params) {
        return EnsembleStatistics.parse(params.raw("stats"), params.raw("percentiles"), params.raw("threshold"));
    }

    /** An EDR instance id: a run's forecast_reference_time as {@code YYYYMMDDTHHMMSSZ}. */
    static Instant instanceId(String id) {
        if (id == null || !id.matches("\\d{8}T\\d{6}Z")) {
            throw ApiProblem.notFound("No instance '" + shorten(String.valueOf(id)) + "': instance ids are the runs'"
                    + " forecast_reference_time as YYYYMMDDTHHMMSSZ, e.g. 20251118T030000Z; GET .../instances lists them");
        }
        try {
            return java.time.LocalDateTime.parse(id, java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'"))
                    .toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiProblem.notFound("No instance '" + id + "': " + id + " is not a valid time");
        }
    }

    static String instanceId(Instant run) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(run);
    }

    static ApiProblem tooLarge(String detail) {
        return new ApiProblem(413, "too-large", "Request too large", detail);
    }

    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
