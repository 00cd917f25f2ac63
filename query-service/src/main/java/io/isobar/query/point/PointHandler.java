package io.isobar.query.point;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.isobar.query.admission.Admission;
import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.forecast.ForecastQuery;
import io.isobar.query.forecast.ForecastQuery.Site;
import io.isobar.query.forecast.LaggedEnsemble;
import io.isobar.query.forecast.PointSample.Method;
import io.isobar.query.forecast.Selection;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Csv;
import io.isobar.query.http.Params;
import io.isobar.query.http.Responses;
import io.isobar.query.point.PointForecasts.Options;
import io.isobar.query.units.UnitsParam;
import io.javalin.http.Context;

/**
 * {@code GET /v1/point}: the forecast values at a latitude/longitude or a named place at one time; and
 * {@code GET /v1/point/series}: one value set per validity time over a range, each from the newest run for it.
 * JSON by default, CSV with {@code format=csv}.
 */
public final class PointHandler {

    public static final Set<String> POINT_PARAMS = Set.of("lat", "lon", "place", "site", "time", "variable", "model", "realization",
            "height", "pressure", "method", "format", "run", "stats", "percentiles", "percentile", "threshold",
            LaggedEnsemble.PARAMETER, UnitsParam.NAME);
    public static final Set<String> SERIES_PARAMS = Set.of("lat", "lon", "place", "site", "variable", "from", "to", "model",
            "realization", "height", "pressure", "method", "format", "run", "stats", "percentiles", "percentile", "threshold",
            LaggedEnsemble.PARAMETER, UnitsParam.NAME);
    private static final int MAX_PLACE_LENGTH = 100;

    private final PointForecasts forecasts;
    private final Gazetteer gazetteer;

    public PointHandler(PointForecasts forecasts, Gazetteer gazetteer) {
        this.forecasts = forecasts;
        this.gazetteer = gazetteer;
    }

    /** {@code GET /v1/point?lat=&lon=|place=&time=&variable=[&model=][&realization=][&height=][&pressure=][&method=][&format=][&run=][&stats=][&percentiles=][&percentile=][&threshold=][&ensemble=]}. */
    public void point(Context ctx) {
        Params params = Params.of(ctx, POINT_PARAMS);
        Site where = where(params);
        Instant time = params.time("time").orElseThrow(() -> ApiProblem.invalidParameter(
                "Query parameter 'time' is required: the validity time, e.g. 2025-06-14T01:00:00Z or 20250614T0100Z"));
        String variable = variable(params);
        Optional<String> model = params.model("model");
        Selection selection = selection(params);
        Method method = method(params);
        boolean csv = csv(params);
        Options options = options(params, model);
        UnitsParam.asked(params.raw(UnitsParam.NAME));
        PointViews.PointAnswer read = forecasts.at(where, time, variable, model, selection, method, options,
                values -> Admission.reserve(ctx, values));
        PointViews.PointAnswer answer = PointViews.inUnits(read,
                UnitsParam.conversion(params.raw(UnitsParam.NAME), variable, read.units()));
        send(ctx, answer, csv ? () -> PointCsv.of(answer) : null);
    }

    /** {@code GET /v1/point/series?lat=&lon=|place=&variable=&from=&to=[&model=][&realization=][&height=][&pressure=][&method=][&format=][&run=][&stats=][&percentiles=][&percentile=][&threshold=][&ensemble=]}. */
    public void series(Context ctx) {
        Params params = Params.of(ctx, SERIES_PARAMS);
        Site where = where(params);
        String variable = variable(params);
        Instant from = params.time("from").orElseThrow(() -> ApiProblem.invalidParameter(
                "Query parameter 'from' is required: the first validity time of the series, e.g. 2025-06-14T00:00:00Z"));
        Instant to = params.time("to").orElseThrow(() -> ApiProblem.invalidParameter(
                "Query parameter 'to' is required: the last validity time of the series, e.g. 2025-06-15T00:00:00Z"));
        if (from.isAfter(to)) {
            throw ApiProblem.invalidParameter("Query parameter 'from' (" + from + ") is after 'to' (" + to + ")");
        }
        Optional<String> model = params.model("model");
        Selection selection = selection(params);
        Method method = method(params);
        boolean csv = csv(params);
        Options options = options(params, model);
        UnitsParam.asked(params.raw(UnitsParam.NAME));
        PointViews.SeriesAnswer read = forecasts.series(where, from, to, variable, model, selection, method, options,
                values -> Admission.reserve(ctx, values));
        PointViews.SeriesAnswer answer = PointViews.inUnits(read,
                UnitsParam.conversion(params.raw(UnitsParam.NAME), variable, read.units()));
        send(ctx, answer, csv ? () -> PointCsv.of(answer) : null);
    }

    /** Sends {@code answer} as JSON, or as the CSV {@code csv} writes when CSV was asked for. */
    private static void send(Context ctx, Object answer, Supplier<String> csv) {
        if (csv != null) {
            Responses.send(ctx, csv.get().getBytes(StandardCharsets.UTF_8), Csv.MEDIA_TYPE, Responses.CachePolicy.REVALIDATE);
        } else {
            Responses.ok(ctx, answer, Responses.CachePolicy.REVALIDATE);
        }
    }

    /**
     * {@code run} (a past run's forecast_reference_time), the ensemble statistics asked for and {@code ensemble}
     * ({@code newest} or {@code lagged}: a 400 when {@code model} has no lagged ensemble).
     */
    static Options options(Params params, Optional<String> model) {
        Optional<Instant> run = params.time("run");
        boolean lagged = ForecastQuery.runs(params.raw(LaggedEnsemble.PARAMETER), run, model) instanceof ForecastQuery.Lagged;
        return new Options(run, EnsembleStatistics.parse(params.raw("stats"), params.raw("percentiles"),
                params.raw("threshold")), lagged);
    }

    /**
     * {@code lat} and {@code lon}, {@code place}, or (on a spot collection named by {@code model}) {@code site}: exactly
     * one of them.
     */
    private Site where(Params params) {
        Optional<String> site = params.raw("site");
        if (site.isEmpty()) {
            return location(params);
        }
        if (params.raw("lat").isPresent() || params.raw("lon").isPresent() || params.raw("place").isPresent()) {
            throw ApiProblem.invalidParameter("Give one of 'site', 'lat' and 'lon', or 'place'");
        }
        String id = site.get();
        if (id.isEmpty() || id.length() > MAX_PLACE_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.invalidParameter("Query parameter 'site' must be a site id of at most " + MAX_PLACE_LENGTH
                    + " characters without control characters");
        }
        String model = params.model("model").orElseThrow(() -> ApiProblem.invalidParameter(
                "Query parameter 'site' needs 'model': the spot collection the site is of, e.g. model=bpf-uk-spot-percentiles"));
        return forecasts.site(model, id);
    }

    /** {@code lat} and {@code lon}, or {@code place}: exactly one of the two. */
    public Site location(Params params) {
        Optional<Double> lat = params.decimal("lat", -90, 90);
        // 0..360 as well as -180..180, as EDR's coords: the grids place either (Grid turns longitudes into their own range).
        Optional<Double> lon = params.decimal("lon", -180, 360);
        Optional<String> place = params.raw("place");
        if (place.isPresent()) {
            if (lat.isPresent() || lon.isPresent()) {
                throw ApiProblem.invalidParameter("Give either 'lat' and 'lon' or 'place', not both");
            }
            String name = place.get();
            if (name.length() > MAX_PLACE_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
                throw ApiProblem.invalidParameter("Query parameter 'place' must be a place name of at most " + MAX_PLACE_LENGTH
                        + " characters without control characters");
            }
            Place p = gazetteer.find(name).orElseThrow(() -> PointProblems.unknownPlace(gazetteer, "place", name));
            return new Site(p.latitude(), p.longitude(), p.name());
        }
        if (lat.isEmpty() || lon.isEmpty()) {
            throw ApiProblem.invalidParameter(lat.isEmpty() && lon.isEmpty()
                    ? "Say where: give 'lat' and 'lon' (WGS84 decimal degrees, e.g. lat=51.5074&lon=-0.1278) or 'place' (e.g. place=London)"
                    : "Give both 'lat' and 'lon'; '" + (lat.isEmpty() ? "lat" : "lon") + "' is missing");
        }
        return new Site(lat.get(), lon.get(), null);
    }

    private static String variable(Params params) {
        return params.variable("variable").orElseThrow(() -> ApiProblem.invalidParameter(
                "Query parameter 'variable' is required: a CF variable name as in the files, e.g. air_temperature"));
    }

    /**
     * The member, level and (on a blend's collection) percentile asked for; a blend's {@code threshold} is read as an
     * ensemble statistic's and resolved by the engine against the files.
     */
    private static Selection selection(Params params) {
        return new Selection(params.integer("realization", 0, 1_000_000), params.decimal("height", -20_000, 1_000_000),
                params.decimal("pressure", 0, 10_000_000)).withBlend(params.decimal("percentile", 0, 100), Optional.empty());
    }

    private static Method method(Params params) {
        return params.choice("method", List.of("nearest", "bilinear")).map(m -> Method.valueOf(m.toUpperCase(java.util.Locale.ROOT)))
                .orElse(Method.NEAREST);
    }

    private static boolean csv(Params params) {
        return params.choice("format", List.of("json", "csv")).map("csv"::equals).orElse(false);
    }
}
