package io.isobar.query.http;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.isobar.json.Json;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.JavalinDefaultRoutingApi;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns every failure into an RFC 9457 {@code application/problem+json} response: client mistakes into
 * 4xx with a detail that says what to fix, an unreachable or throttling DynamoDB (or a shut-down work pool) into 503,
 * anything else into a bare 500 whose details stay in the server log under the request id.
 */
public final class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private final RequestIds requestIds;

    public Problems(RequestIds requestIds) {
        this.requestIds = requestIds;
    }

    /** Installs the exception handlers on the app's routes. */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.exception(ApiProblem.class, (e, ctx) -> write(ctx, e));
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, fromJavalin(e, ctx)));
        routes.exception(Exception.class, (e, ctx) -> write(ctx, unexpected(e, ctx)));
        // Javalin answers some errors (e.g. 404 for an unknown path) by status alone: give them a body too.
        routes.error(404, ctx -> {
            if (!isProblem(ctx)) {
                write(ctx, noEndpoint(ctx));
            }
        });
        routes.error(405, ctx -> {
            if (!isProblem(ctx)) {
                write(ctx, methodNotAllowed(ctx));
            }
        });
    }

    /** Writes {@code problem} as the response; what it keeps for the log is logged with the request id. */
    public void write(Context ctx, ApiProblem problem) {
        if (problem.logged() != null) {
            // A fault of ours is a warning; a client's mistake (bad WKT, a body that is not JSON) only information.
            String line = "Request {} {} {}: {} {}: {}";
            Object[] args = {requestIds.of(ctx), ctx.method(), ctx.path(), problem.status(), problem.type(), problem.logged()};
            if (problem.status() >= 500) {
                LOG.warn(line, args);
            } else {
                LOG.info(line, args);
            }
        }
        Problem body = new Problem(Problem.typeUri(problem.type()), problem.title(), problem.status(), problem.detail(),
                ctx.path(), requestIds.of(ctx), problem.suggestions().isEmpty() ? null : problem.suggestions());
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a problem body", e);
        }
        problem.headers().forEach(ctx::header);
        ctx.status(problem.status())
                .header("Cache-Control", "no-store")
                .removeHeader("ETag")
                .contentType(Problem.CONTENT_TYPE)
                .result(bytes);
    }

    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(Problem.CONTENT_TYPE);
    }

    private ApiProblem fromJavalin(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 404 -> noEndpoint(ctx);
            case 405 -> methodNotAllowed(ctx);
            // Javalin's own wording stays in the log: the client gets ours.
            case 400 -> ApiProblem.invalidParameter("The request is malformed").withLog(e.getMessage());
            default -> e.getStatus() >= 500
                    ? unexpected(e, ctx)
                    : new ApiProblem(e.getStatus(), "http-" + e.getStatus(), "HTTP " + e.getStatus(), "The request was refused ("
                            + e.getStatus() + ")").withLog(e.getMessage());
        };
    }

    private static ApiProblem noEndpoint(Context ctx) {
        return new ApiProblem(404, "not-found", "Not found",
                "No endpoint " + ctx.method() + " " + ctx.path() + "; the API is described at /docs and /v1/openapi.json");
    }

    private static ApiProblem methodNotAllowed(Context ctx) {
        return new ApiProblem(405, "method-not-allowed", "Method not allowed",
                "The API is read-only: " + ctx.method() + " is not allowed on " + ctx.path() + " (GET answers; POST only on the"
                        + " EDR data queries, whose parameters it carries)");
    }

    private ApiProblem unexpected(Exception e, Context ctx) {
        Throwable cause = unwrap(e);
        if (cause instanceof ApiProblem problem) {
            return problem;
        }
        String requestId = requestIds.of(ctx);
        if (cause instanceof RejectedExecutionException) {
            return ApiProblem.serviceBusy();
        }
        if (cause instanceof SdkException sdk) {
            LOG.warn("Request {} {} {}: the index (DynamoDB) failed: {}", requestId, ctx.method(), ctx.path(), sdk.toString());
            return new ApiProblem(503, "index-unavailable", "Index unavailable",
                    "The index could not be read just now; retry shortly (request id " + requestId + ")",
                    Map.of("Retry-After", "1"));
        }
        LOG.error("Request {} {} {} failed", requestId, ctx.method(), ctx.path(), cause);
        return new ApiProblem(500, "internal-error", "Internal server error",
                "The request failed on the server; quote request id " + requestId + " when reporting it");
    }

    /** Caches and executors wrap the real failure; report the real one. */
    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
