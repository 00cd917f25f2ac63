package io.isobar.query.http;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.isobar.netcdf.grid.ChunkCache;
import io.javalin.http.Context;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: every meter of the service in the Prometheus text format. */
public final class MetricsHandler {

    /**
     * Exposes the archive reads of {@code reader} (ranged S3 GETs of archived files: chunks, headers of files without
     * a recorded layout, layout sidecars) as {@code isobar_archive_get_requests_total} and
     * {@code isobar_archive_get_bytes_total}, plus {@code isobar_archive_files_opened_total} by how they were opened.
     */
    public static void bindArchiveReads(MeterRegistry registry, ChunkCache reader) {
        FunctionCounter.builder("isobar.archive.get.requests", reader, r -> r.stats().sourceReads())
                .description("S3 GET requests made by the service's reads of archived files").register(registry);
        FunctionCounter.builder("isobar.archive.get.bytes", reader, r -> r.stats().sourceBytes())
                .description("Bytes returned by the service's S3 GETs of archived files").register(registry);
        FunctionCounter.builder("isobar.archive.files.opened", reader, r -> r.stats().filesFromLayout())
                .tag("from", "layout").description("Archived files opened for reading, by what described their chunks")
                .register(registry);
        FunctionCounter.builder("isobar.archive.files.opened", reader,
                        r -> r.stats().filesOpened() - r.stats().filesFromLayout())
                .tag("from", "header").description("Archived files opened for reading, by what described their chunks")
                .register(registry);
    }

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
