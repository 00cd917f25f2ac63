package io.isobar.query.edr;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Supplier;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.TopologyException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.isobar.json.Json;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.SpotSite;
import io.isobar.query.admission.Admission;
import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.forecast.FileRead;
import io.isobar.query.forecast.ForecastEngine;
import io.isobar.query.forecast.ForecastPlan;
import io.isobar.query.forecast.ForecastQuery;
import io.isobar.query.forecast.ForecastQuery.Site;
import io.isobar.query.forecast.Grid;
import io.isobar.query.forecast.LaggedEnsemble;
import io.isobar.query.forecast.OffGrid;
import io.isobar.query.forecast.PointSample;
import io.isobar.query.forecast.Readout;
import io.isobar.query.forecast.Selection;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Csv;
import io.isobar.query.http.Limits;
import io.isobar.query.http.Params;
import io.isobar.query.http.Responses;
import io.isobar.query.http.TimeParam;
import io.isobar.query.point.Gazetteer;
import io.isobar.query.point.Place;
import io.isobar.query.point.PointProblems;
import io.javalin.http.Context;

/**
 * The EDR data queries of a collection or one of its instances: position, radius, area, cube, trajectory, corridor and a
 * named location.
 * Each turns its parameters ({@link EdrParams}, {@link EdrGeometry}) into a {@link ForecastQuery} of the collection's
 * model (its best estimate, or the instance's run), lets the {@link ForecastEngine} plan, place and read it within the
 * size limits below, and writes the result ({@link EdrResults}) in CoverageJSON, GeoJSON, CSV or netCDF.
 */
public final class EdrQueries {

    /** The most values one answer may hold (sites x times x parameters x members/levels). */
    static final long MAX_VALUES = Limits.VALUES;
    /** The most grid cells one area, cube or radius query may cover. */
    static final int MAX_CELLS = Limits.CELLS;
    /** The most validity times one query may span. */
    static final int MAX_TIMES = Limits.TIMES;

    private final ForecastEngine engine;
    private final EdrCatalog catalog;
    private final EdrHandler collections;
    private final Gazetteer gazetteer;

    /** @param collections tells which collection and instance the path names */
    EdrQueries(ForecastEngine engine, EdrCatalog catalog, EdrHandler collections, Gazetteer gazetteer) {
        this.engine = engine;
        this.catalog = catalog;
        this.collections = collections;
        this.gazetteer = gazetteer;
    }

    /** {@code .../position?coords=POINT(lon lat)|MULTIPOINT(...)}. */
    public void position(Context ctx) {
        Params params = Params.of(ctx, EdrParams.allowed("coords"));
        answer(ctx, params, () -> points(EdrGeometry.points(params).stream().map(c -> new Site(c.y, c.x, null)).toList()));
    }

    /** {@code .../radius?coords=POINT(lon lat)&within=&within-units=}: every cell whose centre is that close. */
    public void radius(Context ctx) {
        Params params = Params.of(ctx, EdrParams.allowed("coords", "within", "within-units"));
        answer(ctx, params, () -> {
            Coordinate centre = EdrGeometry.centre(params);
            return area(EdrGeometry.circle(centre, EdrGeometry.radiusMetres(params)));
        });
    }

    /** {@code .../area?coords=POLYGON(...)}: every cell whose centre lies inside. */
    public void area(Context ctx) {
        Params params = Params.of(ctx, EdrParams.allowed("coords"));
        answer(ctx, params, () -> area(EdrGeometry.polygon(params)));
    }

    /** {@code .../cube?bbox=minlon,minlat,maxlon,maxlat}: every cell whose centre lies inside the box. */
    public void cube(Context ctx) {
        Params params = Params.of(ctx, EdrParams.allowed("bbox"));
        answer(ctx, params, () -> area(EdrGeometry.bbox(params)));
    }

    /**
     * {@code .../trajectory?coords=LINESTRING[Z][M](...)}: values along a path, each vertex (and with {@code every-km}
     * each point between) at its own time, interpolated in time between the validity times around it.
     */
    public void trajectory(Context ctx) {
        Params params = Params.of(ctx, EdrParams.allowed(EdrPaths.TRAJECTORY));
        answer(ctx, params, () -> EdrPaths.trajectory(params));
    }

    /**
     * {@code .../corridor?coords=LINESTRING[Z][M](...)&corridor-width=&width-units=}: every cell within half the width of
     * the path, each at the path's time where it is nearest, as trajectories across the width.
     */
    public void corridor(Context ctx) {
        Params params = Params.of(ctx, EdrParams.allowed(EdrPaths.CORRIDOR));
        answer(ctx, params, () -> EdrPaths.corridor(params));
    }

    /** {@code .../locations/{locId}}: a position query at a named place. */
    public void location(Context ctx) {
        Params params = Params.of(ctx, EdrParams.COMMON);
        answer(ctx, params, () -> {
            String name = ctx.pathParam("locId");
            if (name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
                throw ApiProblem.invalidParameter("Path segment {locId} must be a place name of at most 100 characters without"
                        + " control characters");
            }
            String model = EdrHandler.model(ctx);
            List<SpotSite> sites = engine.sites(model);
            if (!sites.isEmpty()) {
                // A spot collection's locations are its sites: the site's own place, whose nearest site it is.
                SpotSite s = sites.stream().filter(x -> x.id().equals(name)).findFirst()
                        .orElseThrow(() -> PointProblems.unknownSite(model, name, sites));
                return points(List.of(new Site(s.latitude(), s.longitude(), s.id())));
            }
            Place p = gazetteer.find(name).orElseThrow(() -> PointProblems.unknownPlace(gazetteer, "location", name));
            return points(List.of(new Site(p.latitude(), p.longitude(), p.name())));
        });
    }

    private static ForecastQuery.Points points(List<Site> sites) {
        return new ForecastQuery.Points(sites, PointSample.Method.NEAREST);
    }

    private static ForecastQuery.Area area(Geometry area) {
        return new ForecastQuery.Area(area, MAX_CELLS);
    }

    /**
     * Answers the query whose place {@code where} gives: the collection or instance, the common parameters, then the
     * place (in that order, so that the first problem found is the same whatever the query), then the files.
     */
    private void answer(Context ctx, Params params, Supplier<ForecastQuery.Where> place) {
        String model = EdrHandler.model(ctx);
        Optional<Instant> run = ctx.pathParamMap().containsKey("instanceId") ? Optional.of(collections.instance(ctx, model))
                : Optional.empty();
        if (run.isEmpty()) {
            catalog.collection(model);
        }
        EdrParams.crs(params);
        EdrParams.Format format = EdrParams.format(params, ctx.header("Accept"));
        EdrParams.Datetime datetime = EdrParams.datetime(params);
        List<String> names = EdrParams.parameterNames(params);
        Selection selection = EdrParams.selection(params);
        EnsembleStatistics statistics = EdrParams.statistics(params);
        ForecastQuery.Where where = place.get();
        // A blend's parameter named as its answers name it (air_temperature_p90) is its variable and that slice.
        BlendParameters.Resolved blend = BlendParameters.resolve(names, known(model, run), selection);
        List<String> variables = variables(model, run, blend.names());
        // A path's times are its own: the validity times around them answer (the engine finds them).
        ForecastQuery.When when = where instanceof ForecastQuery.Track t ? t.span()
                : where instanceof ForecastQuery.Corridor c ? c.span() : when(model, run, datetime);
        ForecastQuery query = new ForecastQuery(Optional.of(model), variables, where, when,
                ForecastQuery.runs(params.raw(LaggedEnsemble.PARAMETER), run, Optional.of(model)), blend.selection(), statistics);
        if (query.runs() instanceof ForecastQuery.Lagged
                && (where instanceof ForecastQuery.Track || where instanceof ForecastQuery.Corridor)) {
            throw ApiProblem.invalidParameter("Query parameter '" + LaggedEnsemble.PARAMETER + "=" + LaggedEnsemble.LAGGED
                    + "' is not taken by trajectory and corridor queries (yet): ask position, radius, area, cube or locations");
        }
        Readout readout = read(ctx, query, datetime);
        EdrResult result = EdrResults.of(readout, datetime.instant(),
                where instanceof ForecastQuery.Corridor ? EdrPaths.lanes(params, readout) : 0).inUnits(EdrParams.units(params));
        // The same URL answers in several formats when the Accept header chooses: caches must key on it.
        ctx.header("Vary", "Accept");
        switch (format) {
            case GEO_JSON -> send(ctx, EdrGeoJson.of(result), EdrGeoJson.MEDIA_TYPE);
            case CSV -> Responses.send(ctx, EdrCsv.of(result).getBytes(StandardCharsets.UTF_8), Csv.MEDIA_TYPE,
                    Responses.CachePolicy.REVALIDATE);
            case NETCDF -> netcdf(ctx, result);
            default -> send(ctx, CoverageJson.of(result), CoverageJson.MEDIA_TYPE);
        }
    }

    /**
     * Plans the query, refuses it when its cost, known before any file is opened, is over the limits or the key's budget
     * ({@link Admission#reserve}), then places and reads it.
     */
    private Readout read(Context ctx, ForecastQuery query, EdrParams.Datetime datetime) {
        String model = query.model().orElseThrow();
        Readout placed;
        ForecastPlan plan;
        try {
            plan = engine.plan(query);
            ForecastQuery q = plan.query();
            if (plan.times().isEmpty()) {
                throw ApiProblem.notFound("No " + String.join(", ", q.variables()) + " file of " + plan.model()
                        + q.run().map(r -> " run " + EdrParams.instanceId(r)).orElse("") + " is valid "
                        + (q.when() instanceof ForecastQuery.Between b && (q.where() instanceof ForecastQuery.Track
                                || q.where() instanceof ForecastQuery.Corridor) ? "around the path's times, " + b.from() + " to "
                                + b.to() : describe(datetime))
                        + "; the collection's extent.temporal lists the validity times that have files");
            }
            // The cost from the index (and for an area the grid; a path's places at the at most two times around each
            // of its own): refused or budgeted before a header or chunk is read.
            long estimated = plan.estimatedValues();
            if (estimated > MAX_VALUES) {
                throw tooMany(estimated);
            }
            Admission.reserve(ctx, estimated);
            placed = engine.place(plan);
        } catch (OffGrid e) {
            throw offGrid(e);
        } catch (TopologyException e) {
            throw new ApiProblem(400, "invalid-geometry", "Invalid geometry", "The area cannot be used: its outline is not a"
                    + " simple polygon").withLog("geometry library: " + e.getMessage());
        } catch (Grid.TooManyCells e) {
            throw EdrParams.tooLarge("The area covers " + e.cells() + " or more grid cells of " + model + "; the limit is "
                    + MAX_CELLS + " cells per request: ask for a smaller area");
        }
        ForecastQuery q = plan.query();
        if (placed.values() > MAX_VALUES) {
            throw tooMany(placed.values());
        }
        for (Map.Entry<String, NavigableMap<Instant, List<ForecastFile>>> e : plan.files().entrySet()) {
            boolean any = e.getValue().values().stream().flatMap(List::stream).anyMatch(f -> !placed.of(f).selected().isEmpty());
            if (!any) {
                FileRead first = placed.of(e.getValue().firstEntry().getValue().get(0));
                throw ApiProblem.notFound("No " + plan.model() + " " + e.getKey() + " file " + describe(datetime) + " has "
                        + q.selection().describe() + "; the files have " + first.slices().describe());
            }
        }
        return engine.read(placed);
    }

    /** The validity times asked for: one, a range, or with no datetime the newest run's forecast onwards. */
    private ForecastQuery.When when(String model, Optional<Instant> run, EdrParams.Datetime dt) {
        if (dt.instant()) {
            return new ForecastQuery.At(dt.from().orElseThrow());
        }
        Instant to = dt.to().orElse(TimeParam.MAX);
        Instant from;
        if (dt.from().isPresent()) {
            from = dt.from().get();
        } else if (run.isPresent()) {
            from = run.get();
        } else if (!dt.given()) {
            from = catalog.newestRun(model).orElse(TimeParam.MIN);
        } else {
            from = TimeParam.MIN;
        }
        if (run.isEmpty()) {
            // Counted from the valid-time markers before any run is read.
            int count = engine.validTimeCount(model, from, to);
            if (count > MAX_TIMES) {
                throw EdrParams.tooLarge("The datetime " + describe(dt) + " spans " + count + " validity times of " + model
                        + "; the limit is " + MAX_TIMES + " per request: ask for a shorter interval");
            }
        }
        // An open start after the end (an instance's run after datetime=../end) asks for no time at all.
        return new ForecastQuery.Between(from.isAfter(to) ? to : from, to);
    }

    /** The variables asked for (all of the collection's when none are named); unknown names are a 400. */
    private Collection<String> known(String model, Optional<Instant> run) {
        return run.isPresent() ? catalog.variablesOfRun(model, run.get()) : catalog.collection(model).parameters().keySet();
    }

    private List<String> variables(String model, Optional<Instant> run, List<String> names) {
        Collection<String> known = known(model, run);
        if (names.isEmpty()) {
            if (known.isEmpty()) {
                throw ApiProblem.notFound("The " + model + " collection has no parameters yet");
            }
            return List.copyOf(known);
        }
        List<String> unknown = names.stream().filter(p -> !known.contains(p)).toList();
        if (!unknown.isEmpty()) {
            throw new ApiProblem(400, "unknown-parameter", "Unknown parameter", "Unknown parameter-name "
                    + String.join(", ", unknown.stream().map(u -> "'" + u + "'").toList()) + " in " + model
                    + run.map(r -> " instance " + EdrParams.instanceId(r)).orElse("") + "; its parameters are "
                    + String.join(", ", known));
        }
        return names;
    }

    private static ApiProblem offGrid(OffGrid e) {
        Grid g = e.grid();
        if (e.site() == null) {
            return new ApiProblem(422, "outside-grid", "Area outside the grid", "No " + e.file().model() + " grid cell centre"
                    + " lies inside the area asked for; the grid covers " + g.describe() + ", about "
                    + Arrays.toString(g.bboxCrs84()) + " (west, south, east, north) in CRS84");
        }
        Site s = e.site();
        return new ApiProblem(422, "outside-grid", "Point outside the grid", "The point (" + s.longitude() + " " + s.latitude()
                + ")" + (s.name() == null ? "" : " (" + s.name() + ")") + " is outside the " + e.file().model()
                + " grid, which covers " + g.describe() + ", about " + Arrays.toString(g.bboxCrs84())
                + " (west, south, east, north) in CRS84");
    }

    private static ApiProblem tooMany(long values) {
        return EdrParams.tooLarge("The query would read " + values + " values (points or grid cells x times x parameters x"
                + " members/levels); the limit is " + MAX_VALUES + " per request: ask for fewer points, a smaller area, a shorter"
                + " datetime, fewer parameters (without parameter-name every parameter counts) or one z/realization");
    }

    private static String describe(EdrParams.Datetime dt) {
        if (!dt.given()) {
            return "from the newest run on";
        }
        if (dt.instant()) {
            return "at " + dt.from().get();
        }
        return "from " + dt.from().map(Instant::toString).orElse("..") + " to " + dt.to().map(Instant::toString).orElse("..");
    }

    /**
     * Streams the answer as a netCDF file: written as it is made, so it has no ETag (which would need the whole body
     * first); it is named for the collection and query.
     */
    private static void netcdf(Context ctx, EdrResult result) {
        String query = ctx.path().substring(ctx.path().lastIndexOf('/') + 1);
        ctx.status(200).contentType(EdrNetcdf.MEDIA_TYPE);
        ctx.header("Cache-Control", Responses.CachePolicy.REVALIDATE.header());
        ctx.header("Content-Disposition", "attachment; filename=\"" + result.model() + "-" + query + ".nc\"");
        String request = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        try {
            EdrNetcdf.write(result, request, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    ctx.outputStream());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot stream the netCDF answer", e);
        }
    }

    private static void send(Context ctx, ObjectNode body, String mediaType) {
        try {
            Responses.send(ctx, Json.mapper().writeValueAsBytes(body), mediaType, Responses.CachePolicy.REVALIDATE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an EDR document", e);
        }
    }
}
