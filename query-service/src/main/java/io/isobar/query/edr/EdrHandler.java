package io.isobar.query.edr;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.isobar.json.Json;
import io.isobar.query.forecast.LaggedEnsemble;
import io.isobar.query.forecast.Slices;
import io.isobar.netcdf.SpotSite;
import io.isobar.query.forecast.ForecastEngine;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Params;
import io.isobar.query.http.Responses;
import io.isobar.query.point.Gazetteer;
import io.javalin.http.Context;

/**
 * The OGC API – EDR catalogue documents under {@code /edr}: landing page, conformance, collections (one per model),
 * instances (one per run, id {@code YYYYMMDDTHHMMSSZ}, newest first) and the locations listing, built from
 * {@link EdrCatalog} (the job's summaries, never a run's files). The data queries (position, radius, area, cube,
 * trajectory, corridor, a location) are {@link EdrQueries}'; {@link Edr} builds both.
 */
public final class EdrHandler {

    static final List<String> QUERIES = List.of("position", "radius", "area", "cube", "trajectory", "corridor", "locations");
    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-edr-1/1.1/conf/core",
            "http://www.opengis.net/spec/ogcapi-edr-1/1.1/conf/collections",
            "http://www.opengis.net/spec/ogcapi-edr-1/1.1/conf/json",
            "http://www.opengis.net/spec/ogcapi-edr-1/1.1/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-edr-1/1.1/conf/covjson",
            "http://www.opengis.net/spec/ogcapi-edr-1/1.1/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-edr-1/1.1/conf/queries",
            "http://www.opengis.net/spec/ogcapi-edr-1/1.1/conf/instances",
            "http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-common-2/1.0/conf/collections");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int DEFAULT_INSTANCES = 10;
    /** A MOGREPS-UK run describes itself in about 42 KB (126 times, 114 parameters): 40 keep a page under 2 MB. */
    private static final int MAX_INSTANCES = 40;

    private final ForecastEngine engine;
    private final EdrCatalog catalog;
    private final Gazetteer gazetteer;

    /** The catalogue documents of the collections {@code catalog} describes. */
    EdrHandler(EdrCatalog catalog, Gazetteer gazetteer, ForecastEngine engine) {
        this.engine = engine;
        this.catalog = catalog;
        this.gazetteer = gazetteer;
    }

    /** {@code GET /edr}: the landing page. */
    public void landing(Context ctx) {
        Params.of(ctx, Set.of("f"));
        jsonOnly(ctx);
        String base = base(ctx);
        ObjectNode body = JSON.objectNode();
        body.put("title", "Isobar: UK Met Office forecasts (OGC API - EDR)");
        body.put("description", "Met Office model output (UKV, MOGREPS-UK, global, MOGREPS-G) indexed seconds after it lands,"
                + " answered from the archived files. Collections are models; instances are runs.");
        ArrayNode links = body.putArray("links");
        link(links, base + "/edr", "self", "application/json", "This document");
        link(links, base + "/edr/api", "service-desc", "application/vnd.oai.openapi+json;version=3.0", "The API definition (OpenAPI 3.0)");
        link(links, base + "/docs", "service-doc", "text/html", "The API documentation");
        link(links, base + "/edr/conformance", "conformance", "application/json", "Conformance classes implemented");
        link(links, base + "/edr/collections", "data", "application/json", "The collections: one per model");
        send(ctx, body, "application/json");
    }

    /** {@code GET /edr/conformance}. */
    public void conformance(Context ctx) {
        Params.of(ctx, Set.of("f"));
        jsonOnly(ctx);
        ObjectNode body = JSON.objectNode();
        ArrayNode c = body.putArray("conformsTo");
        CONFORMANCE.forEach(c::add);
        send(ctx, body, "application/json");
    }

    /** {@code GET /edr/collections}. */
    public void collections(Context ctx) {
        Params.of(ctx, Set.of("f"));
        jsonOnly(ctx);
        String base = base(ctx);
        ObjectNode body = JSON.objectNode();
        ArrayNode links = body.putArray("links");
        link(links, base + "/edr/collections", "self", "application/json", "The collections");
        ArrayNode collections = body.putArray("collections");
        for (String model : catalog.models()) {
            // A model whose run markers are not there yet has no collection to show.
            catalog.find(model).ifPresent(c -> collections.add(collection(base, c, Optional.empty())));
        }
        send(ctx, body, "application/json");
    }

    /** {@code GET /edr/collections/{collectionId}}. */
    public void collection(Context ctx) {
        Params.of(ctx, Set.of("f"));
        jsonOnly(ctx);
        send(ctx, collection(base(ctx), catalog.collection(model(ctx)), Optional.empty()), "application/json");
    }

    /** {@code GET /edr/collections/{collectionId}/instances[?limit=&before=]}: runs, newest first. */
    public void instances(Context ctx) {
        Params params = Params.of(ctx, Set.of("f", "limit", "before"));
        jsonOnly(ctx);
        String model = model(ctx);
        EdrCatalog.Collection c = catalog.collection(model);
        int limit = params.limit("limit", DEFAULT_INSTANCES, MAX_INSTANCES);
        Optional<Instant> before = params.raw("before").map(b -> {
            if (!b.matches("\\d{8}T\\d{6}Z")) {
                throw ApiProblem.invalidParameter("Query parameter 'before' must be an instance id YYYYMMDDTHHMMSSZ, not '"
                        + EdrParams.shorten(b) + "'");
            }
            return EdrParams.instanceId(b);
        });
        EdrCatalog.Instances page = catalog.instances(model, before, limit);
        List<EdrCatalog.Instance> runs = page.instances();
        String base = base(ctx);
        ObjectNode body = JSON.objectNode();
        ArrayNode links = body.putArray("links");
        link(links, base + "/edr/collections/" + model + "/instances" + (before.map(b -> "?before=" + EdrParams.instanceId(b)).orElse("")),
                "self", "application/json", "Runs of " + model + ", newest first");
        link(links, base + "/edr/collections/" + model, "collection", "application/json", "The collection");
        ArrayNode instances = body.putArray("instances");
        for (EdrCatalog.Instance run : runs) {
            instances.add(collection(base, c, Optional.of(run)));
        }
        if (page.more()) {
            link(links, base + "/edr/collections/" + model + "/instances?limit=" + limit + "&before="
                    + EdrParams.instanceId(runs.get(runs.size() - 1).run()), "next", "application/json", "Older runs");
        }
        send(ctx, body, "application/json");
    }

    /** {@code GET /edr/collections/{collectionId}/instances/{instanceId}}. */
    public void instance(Context ctx) {
        Params.of(ctx, Set.of("f"));
        jsonOnly(ctx);
        String model = model(ctx);
        Instant run = instance(ctx, model);
        send(ctx, collection(base(ctx), catalog.collection(model), Optional.of(catalog.instance(model, run))), "application/json");
    }

    /** {@code .../locations}: a spot collection's sites, else the gazetteer's places, as GeoJSON. */
    public void locations(Context ctx) {
        Params.of(ctx, Set.of("f"));
        String model = model(ctx);
        catalog.collection(model);
        String path = ctx.path();
        List<SpotSite> sites = engine.sites(model);
        send(ctx, sites.isEmpty() ? EdrGeoJson.locations(gazetteer, base(ctx) + path)
                : EdrGeoJson.sites(sites, base(ctx) + path), EdrGeoJson.MEDIA_TYPE);
    }

    /** The run the path's {@code {instanceId}} names; a 404 when it has no files. */
    Instant instance(Context ctx, String model) {
        return catalog.instance(model, ctx.pathParam("instanceId"));
    }

    /** The model the path's {@code {collectionId}} names. */
    static String model(Context ctx) {
        return Params.modelValue("path segment {collectionId}", ctx.pathParam("collectionId"));
    }

    /** Collection (or instance) metadata as EDR describes it. */
    private ObjectNode collection(String base, EdrCatalog.Collection c, Optional<EdrCatalog.Instance> instance) {
        Optional<Instant> run = instance.map(EdrCatalog.Instance::run);
        String self = base + "/edr/collections/" + c.model() + run.map(r -> "/instances/" + EdrParams.instanceId(r)).orElse("");
        ObjectNode o = JSON.objectNode();
        o.put("id", run.map(EdrParams::instanceId).orElse(c.model()));
        o.put("title", run.map(r -> c.model() + " run " + r).orElse(title(c.model())));
        o.put("description", run.map(r -> "The " + c.model() + " run started at " + r + " (forecast_reference_time): every"
                + " query answers from this run only.").orElse("Best estimate of " + c.model() + ": every query answers each"
                + " validity time from the newest run that has it. Runs are the instances."));
        // Says that ensemble=lagged answers here, and how many runs it takes.
        LaggedEnsemble.of(c.model()).ifPresent(l -> o.putObject("isobar:lagged_ensemble").put("runs", l.runs())
                .put("interval", l.interval().toString()).put("description", "ensemble=lagged answers from the members of the"
                        + " latest " + l.runs() + " runs taken together, each member labelled with its run and age"));
        ArrayNode links = o.putArray("links");
        link(links, self, "self", "application/json", "This " + (run.isPresent() ? "instance" : "collection"));
        if (run.isEmpty()) {
            link(links, self + "/instances", "instances", "application/json", "Runs of " + c.model() + ", newest first");
        }
        ObjectNode extent = o.putObject("extent");
        if (c.bbox() != null) {
            ObjectNode spatial = extent.putObject("spatial");
            ArrayNode bbox = spatial.putArray("bbox").addArray();
            for (double v : c.bbox()) {
                bbox.add(v);
            }
            spatial.put("crs", EdrParams.CRS84);
        }
        ObjectNode temporal = extent.putObject("temporal");
        ArrayNode interval = temporal.putArray("interval").addArray();
        if (run.isPresent()) {
            List<Instant> times = instance.get().times();
            interval.add(times.get(0).toString()).add(times.get(times.size() - 1).toString());
            ArrayNode values = temporal.putArray("values");
            times.forEach(t -> values.add(t.toString()));
        } else {
            add(interval, c.firstTime());
            add(interval, c.lastTime());
        }
        temporal.put("trs", "TIMECRS[\"DateTime\",TDATUM[\"Gregorian Calendar\"],CS[TemporalDateTime,1],AXIS[\"Time (T)\",future]]");
        java.util.TreeSet<Double> heights = new java.util.TreeSet<>();
        java.util.TreeSet<Double> pressures = new java.util.TreeSet<>();
        c.parameters().values().forEach(p -> {
            heights.addAll(p.heights());
            pressures.addAll(p.pressures());
        });
        if (!heights.isEmpty() || !pressures.isEmpty()) {
            boolean h = !heights.isEmpty();
            java.util.TreeSet<Double> levels = h ? heights : pressures;
            ObjectNode vertical = extent.putObject("vertical");
            vertical.putArray("interval").addArray().add(Slices.number(levels.first())).add(Slices.number(levels.last()));
            ArrayNode values = vertical.putArray("values");
            levels.forEach(l -> values.add(Slices.number(l)));
            vertical.put("vrs", h ? "height above ground level (m); pressure levels (Pa) are listed per parameter"
                    : "pressure (Pa)");
        }
        ObjectNode queries = o.putObject("data_queries");
        for (String query : QUERIES) {
            ObjectNode link = queries.putObject(query).putObject("link");
            link.put("href", self + "/" + query);
            link.put("rel", "data");
            link.put("title", query + " query");
            ObjectNode variables = link.putObject("variables");
            variables.put("query_type", query);
            ArrayNode formats = variables.putArray("output_formats");
            EdrParams.Format.names().forEach(formats::add);
            variables.put("default_output_format", "CoverageJSON");
            variables.putArray("crs_details").addObject().put("crs", "CRS84").put("wkt",
                    "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],PRIMEM[\"Greenwich\",0],"
                            + "UNIT[\"degree\",0.0174532925199433]]");
            if (query.equals("radius")) {
                ArrayNode units = variables.putArray("within_units");
                units.add("km").add("m").add("mi");
            }
            if (query.equals("corridor")) {
                ArrayNode width = variables.putArray("width_units");
                EdrPaths.WIDTH_UNITS.forEach(width::add);
                ArrayNode height = variables.putArray("height_units");
                EdrPaths.HEIGHT_UNITS.forEach(height::add);
            }
        }
        if (run.isEmpty()) {
            ObjectNode link = queries.putObject("instances").putObject("link");
            link.put("href", self + "/instances");
            link.put("rel", "data");
            link.put("title", "Runs");
        }
        ArrayNode crs = o.putArray("crs");
        crs.add(EdrParams.CRS84);
        ArrayNode formats = o.putArray("output_formats");
        EdrParams.Format.names().forEach(formats::add);
        ObjectNode parameters = o.putObject("parameter_names");
        List<String> ofRun = instance.map(EdrCatalog.Instance::variables).orElse(null);
        for (EdrCatalog.Parameter p : c.parameters().values()) {
            if (ofRun != null && !ofRun.contains(p.variable())) {
                continue;
            }
            parameters.set(p.variable(), parameter(p));
        }
        if (c.grid() != null) {
            o.put("isobar:native_grid", c.grid());
        }
        return o;
    }

    private static ObjectNode parameter(EdrCatalog.Parameter p) {
        ObjectNode o = JSON.objectNode();
        o.put("type", "Parameter");
        o.put("id", p.variable());
        o.put("label", p.longName() != null ? p.longName() : p.variable());
        o.put("description", (p.longName() != null ? p.longName() : p.variable())
                + (p.cellMethods() != null ? " (" + p.cellMethods() + ")" : ""));
        o.put("dataType", "float");
        if (p.units() != null) {
            // CF (UDUNITS) units, as the files give them: not UCUM, so the symbol is given as a plain string.
            ObjectNode unit = o.putObject("unit");
            unit.putObject("label").put("en", p.units());
            unit.put("symbol", p.units());
        }
        ObjectNode observed = o.putObject("observedProperty");
        String name = p.standardName() != null ? p.standardName() : p.variable();
        if (p.standardName() != null) {
            observed.put("id", "http://vocab.nerc.ac.uk/standard_name/" + p.standardName() + "/");
        }
        observed.put("label", name);
        if (p.cellMethods() != null) {
            o.putObject("measurementType").put("method", p.cellMethods());
        }
        if (!p.heights().isEmpty() || !p.pressures().isEmpty() || !p.realizations().isEmpty()) {
            ObjectNode extent = o.putObject("isobar:levels");
            if (!p.heights().isEmpty()) {
                ArrayNode a = extent.putArray("height_m");
                p.heights().forEach(a::add);
            }
            if (!p.pressures().isEmpty()) {
                ArrayNode a = extent.putArray("pressure_pa");
                p.pressures().forEach(a::add);
            }
            if (!p.realizations().isEmpty()) {
                ArrayNode a = extent.putArray("realizations");
                p.realizations().forEach(a::add);
            }
        }
        return o;
    }

    private static String title(String model) {
        return switch (model) {
            case "ukv" -> "UKV: UK 2 km deterministic";
            case "mogreps-uk" -> "MOGREPS-UK: UK 2 km ensemble";
            case "global" -> "Global deterministic";
            case "mogreps-g" -> "MOGREPS-G: global ensemble";
            default -> model;
        };
    }

    private static void add(ArrayNode a, Instant t) {
        if (t == null) {
            a.addNull();
        } else {
            a.add(t.toString());
        }
    }

    private static void link(ArrayNode links, String href, String rel, String type, String title) {
        links.addObject().put("href", href).put("rel", rel).put("type", type).put("title", title);
    }

    /** Metadata documents come as JSON only. */
    private static void jsonOnly(Context ctx) {
        String f = ctx.queryParam("f");
        if (f != null && !f.equalsIgnoreCase("json")) {
            throw ApiProblem.invalidParameter("Query parameter 'f' of this resource must be json, not '" + EdrParams.shorten(f) + "'");
        }
    }

    private static String base(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    private static void send(Context ctx, ObjectNode body, String mediaType) {
        try {
            Responses.send(ctx, Json.mapper().writeValueAsBytes(body), mediaType, Responses.CachePolicy.REVALIDATE);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an EDR document", e);
        }
    }
}
