package io.isobar.query.runs;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.isobar.model.ForecastFile;
import io.isobar.query.files.FileView;
import io.isobar.query.files.FilesReader;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Cursor;
import io.isobar.query.http.Responses;
import io.isobar.query.http.Params;
import io.isobar.query.http.TimeParam;
import io.isobar.query.index.MarkerIndex;
import io.isobar.query.index.MarkerIndex.Marker;
import io.isobar.query.index.ModelCatalog;
import io.javalin.http.Context;

/**
 * {@code GET /v1/runs}: the model runs (forecast reference times) that have files, from the run markers, paged;
 * and {@code GET /v1/runs/{forecast_reference_time}?model=}: the files of one run, from the {@code by-run} index.
 */
public final class RunsHandler {

    public static final Set<String> LIST_PARAMS = Set.of("model", "from", "to", "limit", "cursor");
    public static final Set<String> FILES_PARAMS = Set.of("model", "variable");
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** One run of one model. */
    public record RunEntry(String model, Instant forecastReferenceTime) {}

    /** A page of runs; {@code next_cursor} is null on the last page. */
    public record RunsPage(List<RunEntry> runs, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {}

    /** The files of one run. */
    public record RunFiles(String model, Instant forecastReferenceTime, int count, List<FileView> files) {}

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
        Params params = Params.of(ctx, LIST_PARAMS);
        Optional<String> model = params.model("model");
        Instant from = params.time("from").orElse(TimeParam.MIN);
        Instant to = params.time("to").orElse(TimeParam.MAX);
        if (from.isAfter(to)) {
            throw ApiProblem.invalidParameter("Query parameter 'from' (" + from + ") is after 'to' (" + to + ")");
        }
        int limit = params.limit("limit", DEFAULT_LIMIT, MAX_LIMIT);
        String fingerprint = Cursor.fingerprint("runs", model.orElse(""), from.toString(), to.toString());
        Optional<Marker> after = params.raw("cursor").map(c -> position(Cursor.decode(c, fingerprint), model, from, to));

        List<String> models = model.map(List::of).orElseGet(catalog::models);
        MarkerIndex.Page page = runMarkers.page(models, from, to, limit, after);
        List<RunEntry> runs = page.markers().stream().map(m -> new RunEntry(m.model(), m.time())).toList();
        String next = page.last()
                .map(m -> Cursor.encode(fingerprint, Map.of("forecast_reference_time", m.time().toString(), "model", m.model())))
                .orElse(null);
        Responses.ok(ctx, new RunsPage(runs, next), Responses.CachePolicy.REVALIDATE);
    }

    /** {@code GET /v1/runs/{forecast_reference_time}?model=&variable=}. */
    public void files(Context ctx) {
        Params params = Params.of(ctx, FILES_PARAMS);
        Instant run = Params.pathTime(ctx, "forecast_reference_time");
        String model = params.model("model").orElseThrow(() -> ApiProblem.invalidParameter(
                "Query parameter 'model' is required: a run is identified by its model and its forecast_reference_time"));
        Optional<String> variable = params.variable("variable");
        List<FileView> views = files.ofRun(model, run).stream()
                .filter(f -> variable.map(v -> v.equals(f.variable())).orElse(true))
                .sorted(FILE_ORDER)
                .map(FileView::of)
                .toList();
        Responses.ok(ctx, new RunFiles(model, run, views.size(), views), Responses.CachePolicy.REVALIDATE);
    }

    private static Marker position(Map<String, String> position, Optional<String> model, Instant from, Instant to) {
        try {
            Instant time = Instant.parse(position.get("forecast_reference_time"));
            String m = Params.modelValue("cursor", position.get("model"));
            if (time.isBefore(from) || time.isAfter(to) || model.map(x -> !x.equals(m)).orElse(false)) {
                throw Cursor.invalid();
            }
            return new Marker(m, time);
        } catch (RuntimeException e) {
            throw Cursor.invalid();
        }
    }
}
