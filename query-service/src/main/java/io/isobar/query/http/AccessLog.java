package io.isobar.query.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * One line per request on logger {@code isobar.access} (key id, never the key; method; route template; status;
 * latency) and the per-route latency histogram {@code http_server_requests_seconds} on /metrics.
 *
 * <p>Routes are templates ({@code /v1/times/{time}}), never raw paths, and unmatched paths share one label,
 * so neither the log's route field nor the metrics' label set can be blown up by clients.
 */
public final class AccessLog implements RequestLogger {

    public static final String LOGGER = "isobar.access";
    /** Set by the authenticator once a key is verified. */
    public static final String KEY_ID_ATTRIBUTE = "isobar.key_id";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final MeterRegistry registry;
    private final RequestIds requestIds;
    /**
     * The timer of each (method, route, status): looking one up through the registry on every request took a lock
     * all request threads queued on (seen with JFR under wrk). Bounded: methods, route templates and statuses are few.
     */
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    public AccessLog(MeterRegistry registry, RequestIds requestIds) {
        this.registry = registry;
        this.requestIds = requestIds;
    }

    @Override
    public void handle(Context ctx, Float executionTimeMs) {
        String route = route(ctx);
        String method = METHODS.contains(ctx.method().name()) ? ctx.method().name() : "OTHER";
        int status = ctx.statusCode();
        float ms = executionTimeMs == null ? 0f : executionTimeMs;
        String timerKey = method + ' ' + route + ' ' + status;
        Timer timer = timers.get(timerKey);
        (timer != null ? timer : timers.computeIfAbsent(timerKey, k -> Timer.builder("http.server.requests")
                        .description("HTTP requests by route template")
                        .tags("method", method, "route", route, "status", Integer.toString(status))
                        .publishPercentileHistogram()
                        .register(registry)))
                .record(Duration.ofNanos((long) (ms * 1_000_000)));
        if (LOG.isInfoEnabled()) { // no formatting per request when the access log is off
            LOG.info(line(ctx.attribute(KEY_ID_ATTRIBUTE), method, route, status, ms, requestIds.of(ctx)));
        }
    }

    /**
     * One access-log line: {@code key_id=- method=GET route=/v1/times status=401 latency_ms=0.4 request_id=...}
     * ({@code -} for no verified key). The CloudWatch metric filters that count refused keys match these fields
     * ({@code terraform/alarms.tf}; AccessLogFiltersTest in the Terraform checks holds them together).
     */
    public static String line(String keyId, String method, String route, int status, float latencyMs, String requestId) {
        return "key_id=" + (keyId == null ? "-" : keyId) + " method=" + method + " route=" + route + " status=" + status
                + " latency_ms=" + String.format(java.util.Locale.ROOT, "%.1f", latencyMs) + " request_id=" + requestId;
    }

    /** The template of the route that answered, or {@code unmatched}. */
    public static String route(Context ctx) {
        try {
            Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}
