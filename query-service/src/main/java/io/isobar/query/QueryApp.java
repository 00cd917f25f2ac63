package io.isobar.query;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import io.isobar.query.admission.Admission;
import io.isobar.query.auth.Access;
import io.isobar.query.auth.ApiKeyAuthenticator;
import io.isobar.query.docs.ApiDocs;
import io.isobar.query.edr.EdrHandler;
import io.isobar.query.edr.EdrQueries;
import io.isobar.query.errors.ErrorsHandler;
import io.isobar.query.health.HealthHandler;
import io.isobar.query.events.EventsHandler;
import io.isobar.query.http.AccessLog;
import io.isobar.query.http.JacksonJsonMapper;
import io.isobar.query.http.JettyProblemHandler;
import io.isobar.query.http.Limits;
import io.isobar.query.http.MetricsHandler;
import io.isobar.query.http.Params;
import io.isobar.query.http.Problems;
import io.isobar.query.http.RequestIds;
import io.isobar.query.point.PointHandler;
import io.isobar.query.map.MapHandler;
import io.isobar.query.runs.RunsHandler;
import io.isobar.query.status.StatusHandler;
import io.isobar.query.times.TimesHandler;
import io.isobar.query.viewer.ViewerHandler;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import java.time.Duration;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The HTTP application: every route, its access rule and the request pipeline (request id, URL limits, API key and
 * rate limit, admission, handler, problem responses, access log) in one place. Handlers come in through the
 * constructor.
 */
public final class QueryApp {

    /** Every feature's handlers and the cross-cutting parts of the pipeline. */
    public record Handlers(
            TimesHandler times,
            RunsHandler runs,
            ErrorsHandler errors,
            PointHandler point,
            HealthHandler health,
            MetricsHandler metrics,
            ApiDocs docs,
            ApiKeyAuthenticator authenticator,
            RequestIds requestIds,
            Problems problems,
            AccessLog accessLog,
            // OGC API - EDR (issue 13): the catalogue documents and the data queries
            EdrHandler edr,
            EdrQueries edrQueries,
            // Per-key and per-instance work limits (issue 20)
            Admission admission) {}

    /** The live and visual features (issue 14): the viewer, map pictures, the event stream and status. */
    public record Live(ViewerHandler viewer, MapHandler map, EventsHandler events, StatusHandler status) {}

    /**
     * How long a stopping service waits for requests in flight: within ECS's stop timeout (30 s from SIGTERM to
     * SIGKILL, terraform/query_service.tf), leaving time to close the rest.
     */
    public static final Duration DRAIN = Duration.ofSeconds(20);

    private final Handlers h;
    private final Live live;

    public QueryApp(Handlers handlers) {
        this(handlers, null);
    }

    public QueryApp(Handlers handlers, Live live) {
        this.h = handlers;
        this.live = live;
    }

    /** A configured, not yet started, Javalin app. */
    public Javalin create() {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JacksonJsonMapper());
            // A read-only API (POST only carries an EDR query's parameters): POST /v1/times is "method not allowed".
            config.http.prefer405over404 = true;
            // A POST body's limit; BodyParams checks it first, with the API's own problem.
            config.http.maxRequestSize = Limits.BODY_BYTES;
            config.requestLogger.http(h.accessLog());
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyProblemHandler());
                // A graceful stop: no new connections, the requests in flight answered (for up to DRAIN), then the
                // stop. Javalin puts its servlet handler inside the innermost wrapper, so inside this one.
                GracefulHandler graceful = new GracefulHandler();
                graceful.setHandler(server.getHandler());
                server.setHandler(graceful);
                server.setStopTimeout(DRAIN.toMillis());
            });
            // Room for a URL at both of its limits; Limits.checkUrl, not Jetty, then decides what is too long.
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(Limits.HEADER_BYTES));
            config.routes.before(h.requestIds()::assign);
            config.routes.before(Limits::checkUrl);
            config.routes.before(Params::checkPathEncoding);
            config.routes.beforeMatched(h.authenticator());
            config.routes.beforeMatched(h.admission()::enter);
            config.routes.afterMatched(h.admission()::leave);
            h.problems().register(config.routes);
            config.routes.apiBuilder(() -> {
                get("/health", h.health()::get, Access.PUBLIC);
                get("/metrics", h.metrics()::get, Access.PUBLIC);
                get("/docs", h.docs()::page, Access.PUBLIC);
                path("/v1", () -> {
                    get("/openapi.json", h.docs()::openApi, Access.PUBLIC);
                    get("/times", h.times()::list, Access.API_KEY);
                    get("/times/{time}", h.times()::filesAt, Access.API_KEY);
                    get("/runs", h.runs()::list, Access.API_KEY);
                    get("/runs/{forecast_reference_time}", h.runs()::files, Access.API_KEY);
                    get("/ingest/errors", h.errors()::list, Access.API_KEY);
                    get("/point", h.point()::point, Access.API_KEY);
                    get("/point/series", h.point()::series, Access.API_KEY);
                });
                // --- Live and visual (viewer, map pictures, events, status): kept together in this block. ---
                if (live != null) {
                    get("/", live.viewer()::page, Access.PUBLIC);
                    get("/viewer/{asset}", live.viewer()::asset, Access.PUBLIC);
                    get("/v1/map.png", live.map()::png, Access.API_KEY);
                    get("/v1/map.json", live.map()::json, Access.API_KEY);
                    get("/v1/map/coastlines.json", live.map()::coastlines, Access.API_KEY);
                    get("/v1/map/legend.png", live.map()::legendPng, Access.API_KEY);
                    get("/v1/map/legend.svg", live.map()::legendSvg, Access.API_KEY);
                    get("/v1/events", live.events()::stream, Access.STREAM);
                    get("/v1/status", live.status()::get, Access.API_KEY);
                }
                // --- end of live and visual ---
                // ---- OGC API - EDR (issue 13): the standard face, same API key rule as /v1; what lets a generic EDR
                // client discover the service (landing page, API definition, conformance) is public ----
                path("/edr", () -> {
                    get("", h.edr()::landing, Access.PUBLIC);
                    get("/api", h.docs()::openApi, Access.PUBLIC);
                    get("/conformance", h.edr()::conformance, Access.PUBLIC);
                    get("/collections", h.edr()::collections, Access.API_KEY);
                    path("/collections/{collectionId}", () -> {
                        get("", h.edr()::collection, Access.API_KEY);
                        edrQueries(h.edr(), h.edrQueries());
                        get("/instances", h.edr()::instances, Access.API_KEY);
                        get("/instances/{instanceId}", h.edr()::instance, Access.API_KEY);
                        path("/instances/{instanceId}", () -> edrQueries(h.edr(), h.edrQueries()));
                    });
                });
                // ---- end of EDR ----
            });
        });
    }

    /** The EDR queries of a collection or of one of its instances. */
    private static void edrQueries(EdrHandler edr, EdrQueries queries) {
        dataQuery("/position", queries::position);
        dataQuery("/radius", queries::radius);
        dataQuery("/area", queries::area);
        dataQuery("/cube", queries::cube);
        dataQuery("/trajectory", queries::trajectory);
        dataQuery("/corridor", queries::corridor);
        get("/locations", edr::locations, Access.API_KEY);
        dataQuery("/locations/{locId}", queries::location);
    }

    /**
     * An EDR data query, GET and POST (the EDR POST requirement class): the handler reads its parameters through
     * {@code Params}, from the URL or, for a POST, from a form or JSON body as well, so one handler answers both.
     */
    private static void dataQuery(String path, Handler handler) {
        get(path, handler, Access.API_KEY);
        post(path, handler, Access.API_KEY);
    }
}
