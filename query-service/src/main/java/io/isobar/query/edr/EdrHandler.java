package io.isobar.query.edr;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.locationtech.jts.geom.Coordinate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.isobar.query.admission.Admission;
import io.isobar.query.forecast.ForecastReader;
import io.isobar.query.edr.EdrReader.Query;
import io.isobar.query.edr.EdrResult.Site;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Csv;
import io.isobar.query.http.Params;
import io.isobar.query.http.Responses;
import io.isobar.query.point.Gazetteer;
import io.isobar.query.point.Place;
import io.isobar.query.point.PointProblems;
import io.javalin.http.Context;

/**
 * The OGC API – EDR data queries under {@code /edr/collections/{collectionId}[/instances/{instanceId}]}: position,
 * radius, area, cube and a named location, answered from one run (an instance) or the best estimate (the collection:
 * the newest run for each validity time), in CoverageJSON (default), GeoJSON or CSV. The catalogue documents
 * (landing page, collections, instances) are {@link EdrCatalogHandler}'s.
 */
public final class EdrHandler {

    private final EdrCatalog catalog;
    private final EdrReader reader;
    private final Gazetteer gazetteer;

    /**
     * @param engine the reading engine shared with {@code /v1/point}
     * @param catalog what each collection holds (shared with the catalogue documents)
     */
    public EdrHandler(ForecastReader engine, EdrCatalog catalog, Gazetteer gazetteer) {
        this.catalog = catalog;
        this.reader = new EdrReader(engine, catalog);
        this.gazetteer = gazetteer;
    }

    /** {@code .../position?coords=POINT(lon lat)|MULTIPOINT(...)}. */
    public void position(Context ctx) {
        Params params = Params.of(ctx, EdrParams.allowed("coords"));
        Query q = query(ctx, params);
        List<Site> sites = EdrParams.points(params).stream().map(c -> new Site(c.x, c.y, null, -1, -1)).toList();
        answer(ctx, params, reader.points(q, sites));
    }

    /** {@code .../radius?coords=POINT(lon lat)&within=&within-units=}: every cell whose centre is that close. */
    public void radius(Context ctx) {
        Params params = Params.of(ctx, EdrParams.allowed("coords", "within", "within-units"));
        Query q = query(ctx, params);
        Coordinate centre = EdrParams.centre(params);
        double metres = EdrParams.radiusMetres(params);
        answer(ctx, params, reader.area(q, EdrParams.circle(centre, metres)));
    }

    /** {@code .../area?coords=POLYGON(...)}: every cell whose centre lies inside. */
    public void area(Context ctx) {
        Params params = Params.of(ctx, EdrParams.allowed("coords"));
        Query q = query(ctx, params);
        answer(ctx, params, reader.area(q, EdrParams.polygon(params)));
    }

    /** {@code .../cube?bbox=minlon,minlat,maxlon,maxlat}: every cell whose centre lies inside the box. */
    public void cube(Context ctx) {
        Params params = Params.of(ctx, EdrParams.allowed("bbox"));
        Query q = query(ctx, params);
        answer(ctx, params, reader.area(q, EdrParams.bbox(params)));
    }


    /** {@code .../locations/{locId}}: a position query at a named place. */
    public void location(Context ctx) {
        Params params = Params.of(ctx, EdrParams.COMMON);
        Query q = query(ctx, params);
        String name = ctx.pathParam("locId");
        if (name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.invalidParameter("Path segment {locId} must be a place name of at most 100 characters without"
                    + " control characters");
        }
        Place p = gazetteer.find(name).orElseThrow(() -> PointProblems.unknownPlace(gazetteer, "location", name));
        answer(ctx, params, reader.points(q, List.of(new Site(p.longitude(), p.latitude(), p.name(), -1, -1))));
    }

    private Query query(Context ctx, Params params) {
        String model = model(ctx);
        Optional<Instant> run = ctx.pathParamMap().containsKey("instanceId") ? Optional.of(instance(ctx, model)) : Optional.empty();
        if (run.isEmpty()) {
            catalog.collection(model);
        }
        EdrParams.crs(params);
        EdrParams.format(params, ctx.header("Accept"));
        return new Query(model, run, EdrParams.datetime(params), EdrParams.parameterNames(params), EdrParams.selection(params),
                EdrParams.statistics(params));
    }

    private void answer(Context ctx, Params params, EdrResult read) {
        // What the answer cost, against the key's budget of values per second.
        Admission.charge(ctx, (long) read.times().size() * read.sites().size() * read.parameters().size());
        EdrResult result = read.inUnits(EdrParams.units(params));
        // The same URL answers in several formats when the Accept header chooses: caches must key on it.
        ctx.header("Vary", "Accept");
        switch (EdrParams.format(params, ctx.header("Accept"))) {
            case GEO_JSON -> send(ctx, EdrGeoJson.of(result), EdrGeoJson.MEDIA_TYPE);
            case CSV -> Responses.send(ctx, EdrCsv.of(result).getBytes(StandardCharsets.UTF_8), Csv.MEDIA_TYPE,
                    Responses.CachePolicy.REVALIDATE);
            default -> send(ctx, CoverageJson.of(result), CoverageJson.MEDIA_TYPE);
        }
    }

    private Instant instance(Context ctx, String model) {
        return catalog.instance(model, ctx.pathParam("instanceId"));
    }

    static String model(Context ctx) {
        return Params.modelValue("path segment {collectionId}", ctx.pathParam("collectionId"));
    }

    private static void send(Context ctx, ObjectNode body, String mediaType) {
        EdrCatalogHandler.send(ctx, body, mediaType);
    }
}
