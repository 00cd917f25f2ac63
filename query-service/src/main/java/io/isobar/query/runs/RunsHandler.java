package io.isobar.query.runs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.isobar.model.ForecastFile;
import io.isobar.query.files.FilePages;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Params;
import io.isobar.query.http.Responses;
import io.isobar.query.index.MarkerIndex;
import io.isobar.query.index.MarkerListing;
import io.isobar.query.index.ModelCatalog;
import io.javalin.http.Context;

/**
 * {@code GET /v1/runs}: the model runs (forecast reference times) that have files, with how many, from the run markers,
 * paged; and {@code GET /v1/runs/{forecast_reference_time}?model=}: the files of one run, from the {@code by-run}
 * index, paged.
 */
public final class RunsHandler {

    public static final Set<String> FILES_PARAMS = Set.of("model", "variable", "limit", "cursor");

    /** One run of one model, with its files so far (null for a run indexed before the job counted files). */
    public record RunEntry(String model, Instant forecastReferenceTime,
            @JsonInclude(JsonInclude.Include.ALWAYS) Long fileCount) {}

    /** A page of runs; {@code next_cursor} is null on the last page. */
    public record RunsPage(List<RunEntry> runs, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {}

    /** A page of the files of one run: {@code count} files on this page; {@code next_cursor} is null on the last. */
    public record RunFiles(String model, Instant forecastReferenceTime, int count, List<ForecastFile> files,
            @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {}

    private final ModelCatalog catalog;
    private final MarkerIndex runMarkers;
    private final FilePages files;

    public RunsHandler(ModelCatalog catalog, MarkerIndex runMarkers, FilePages files) {
        this.catalog = catalog;
        this.runMarkers = runMarkers;
        this.files = files;
    }

    /**
     * {@code GET /v1/runs?model=&from=&to=&order=&limit=&cursor=}: oldest run first ({@code order=newest}: newest first);
     * {@code from}/{@code to} bound the run time.
     */
    public void list(Context ctx) {
        MarkerListing listing = MarkerListing.parse(ctx, "runs", "forecast_reference_time");
        MarkerIndex.Page page = listing.page(runMarkers, catalog);
        List<RunEntry> runs = page.markers().stream()
                .map(m -> new RunEntry(m.model(), m.time(), m.tally() == null ? null : m.tally().files())).toList();
        Responses.ok(ctx, new RunsPage(runs, listing.nextCursor(page)), Responses.CachePolicy.REVALIDATE);
    }

    /** {@code GET /v1/runs/{forecast_reference_time}?model=&variable=&limit=&cursor=}. */
    public void files(Context ctx) {
        Params params = Params.of(ctx, FILES_PARAMS);
        Instant run = Params.pathTime(ctx, "forecast_reference_time");
        String model = params.model("model").orElseThrow(() -> ApiProblem.invalidParameter(
                "Query parameter 'model' is required: a run is identified by its model and its forecast_reference_time"));
        Optional<String> variable = params.variable("variable");
        int limit = params.limit("limit", FilePages.DEFAULT_LIMIT, FilePages.MAX_LIMIT);
        FilePages.Page page = files.ofRun(new FilePages.OfRun(model, run.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                variable, limit, params.raw("cursor")));
        Responses.ok(ctx, new RunFiles(model, run, page.files().size(), page.files(), page.nextCursor()),
                Responses.CachePolicy.REVALIDATE);
    }
}
