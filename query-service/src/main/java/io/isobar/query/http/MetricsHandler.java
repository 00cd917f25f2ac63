package io.isobar.query.http;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: every meter of the service in the Prometheus text format. */
public final class MetricsHandler {

    private final PrometheusMeterRegistry registry;

    public MetricsHandler(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public void get(Context ctx) {
        Params.of(ctx, Set.of());
        Responses.send(ctx, registry.scrape().getBytes(StandardCharsets.UTF_8),
                "text/plain; version=0.0.4; charset=utf-8", Responses.CachePolicy.NONE);
    }
}
