package io.isobar.query.runs;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.isobar.model.ForecastFile;
import io.isobar.query.files.FilesReader;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Responses;
import io.isobar.query.http.Params;
import io.isobar.query.index.MarkerIndex;
import io.isobar.query.index.MarkerListing;
import io.isobar.query.index.ModelCatalog;
import io.javalin.http.Context;

/**
 * {@code GET /v1/runs}: the model runs (forecast reference times) that have files, from the run markers, paged;
 * and {@code GET /v1/runs/{forecast_reference_time}?model=}: the files of one run, from the {@code by-run} index.
 */
public final class RunsHandler {

    public static final Set<String> FILES_PARAMS = Set.of("model", "variable");

    /** One run of one model. */
    public record RunEntry(String model, Instant forecastReferenceTime) {}

    /** A page of runs; {@code next_cursor} is null on the last page. */
    public record RunsPage(List<RunEntry> runs, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {}

    /** The files of one run. */
    public record RunFiles(String model, Instant forecastReferenceTime, int count, List<ForecastFile> files) {}

    private static final Comparator<ForecastFile> FILE_ORDER = Comparator.comparing(ForecastFile::time)
            .thenComparing(ForecastFile::variable)
            .thenComparing(ForecastFile::objectId);

    private final ModelCatalog catalog;
    private final MarkerIndex runMarkers;
    private final FilesReader files;

    public RunsHandler(ModelCatalog catalog, MarkerIndex runMarkers, FilesReader files) {
        this.catalog = catalog;
        this.runMarkers = runMarkers;
        this.files = files;
    }

    /** {@code GET /v1/runs?model=&from=&to=&limit=&cursor=}: oldest run first; {@code from}/{@code to} bound the run time. */
    public void list(Context ctx) {
        MarkerListing listing = MarkerListing.parse(ctx, "runs", "forecast_reference_time");
        MarkerIndex.Page page = listing.page(runMarkers, catalog);
        List<RunEntry> runs = page.markers().stream().map(m -> new RunEntry(m.model(), m.time())).toList();
        String next = listing.nextCursor(page);
        Responses.ok(ctx, new RunsPage(runs, next), Responses.CachePolicy.REVALIDATE);
    }

    /** {@code GET /v1/runs/{forecast_reference_time}?model=&variable=}. */
    public void files(Context ctx) {
        Params params = Params.of(ctx, FILES_PARAMS);
        Instant run = Params.pathTime(ctx, "forecast_reference_time");
        String model = params.model("model").orElseThrow(() -> ApiProblem.invalidParameter(
                "Query parameter 'model' is required: a run is identified by its model and its forecast_reference_time"));
        Optional<String> variable = params.variable("variable");
        List<ForecastFile> views = files.ofRun(model, run).stream()
                .filter(f -> variable.map(v -> v.equals(f.variable())).orElse(true))
                .sorted(FILE_ORDER)
                .toList();
        Responses.ok(ctx, new RunFiles(model, run, views.size(), views), Responses.CachePolicy.REVALIDATE);
    }
}
