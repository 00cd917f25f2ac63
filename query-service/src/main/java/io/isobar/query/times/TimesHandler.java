package io.isobar.query.times;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.isobar.model.ForecastFile;
import io.isobar.query.files.FilePages;
import io.isobar.query.http.Params;
import io.isobar.query.http.Responses;
import io.isobar.query.index.MarkerIndex;
import io.isobar.query.index.MarkerListing;
import io.isobar.query.index.ModelCatalog;
import io.javalin.http.Context;

/**
 * {@code GET /v1/times}: the validity times that have files, per model, with how many, paged (from the valid-time
 * markers, which carry their count); and {@code GET /v1/times/{time}}: the files valid at one time, paged.
 */
public final class TimesHandler {

    public static final Set<String> FILES_PARAMS = Set.of("model", "variable", "latest", "limit", "cursor");

    /**
     * One validity time of one model, with how many files of that model are valid then (null for a time indexed before
     * the job counted files).
     */
    public record TimeEntry(Instant time, String model, @JsonInclude(JsonInclude.Include.ALWAYS) Long fileCount) {}

    /** A page of validity times; {@code next_cursor} is null on the last page. */
    public record TimesPage(List<TimeEntry> times, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {}

    /** A page of the files valid at {@code time}: {@code count} files on this page; {@code next_cursor} is null on the last. */
    public record FilesAtTime(Instant time, int count, List<ForecastFile> files,
            @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {}

    private final ModelCatalog catalog;
    private final MarkerIndex validTimes;
    private final FilePages files;

    public TimesHandler(ModelCatalog catalog, MarkerIndex validTimes, FilePages files) {
        this.catalog = catalog;
        this.validTimes = validTimes;
        this.files = files;
    }

    /** {@code GET /v1/times?model=&from=&to=&order=&limit=&cursor=}. */
    public void list(Context ctx) {
        MarkerListing listing = MarkerListing.parse(ctx, "times", "time");
        MarkerIndex.Page page = listing.page(validTimes, catalog);
        List<TimeEntry> entries = page.markers().stream()
                .map(m -> new TimeEntry(m.time(), m.model(), m.tally() == null ? null : m.tally().files()))
                .toList();
        Responses.ok(ctx, new TimesPage(entries, listing.nextCursor(page)), Responses.CachePolicy.REVALIDATE);
    }

    /** {@code GET /v1/times/{time}?model=&variable=&latest=&limit=&cursor=}. */
    public void filesAt(Context ctx) {
        Params params = Params.of(ctx, FILES_PARAMS);
        Instant time = Params.pathTime(ctx, "time");
        Optional<String> model = params.model("model");
        Optional<String> variable = params.variable("variable");
        boolean latest = params.bool("latest", false);
        int limit = params.limit("limit", FilePages.DEFAULT_LIMIT, FilePages.MAX_LIMIT);
        // A variable without a model looks in each model's part of the time (the key leads with the model).
        List<String> models = model.isEmpty() && variable.isPresent() ? catalog.models() : List.of();
        FilePages.Page page = files.atTime(new FilePages.AtTime(time, model, variable, models, latest, limit,
                params.raw("cursor")));
        Responses.ok(ctx, new FilesAtTime(time, page.files().size(), page.files(), page.nextCursor()),
                Responses.CachePolicy.REVALIDATE);
    }
}
