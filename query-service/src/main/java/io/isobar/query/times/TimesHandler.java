package io.isobar.query.times;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.isobar.model.ForecastFile;
import io.isobar.query.files.FilesReader;
import io.isobar.query.http.Responses;
import io.isobar.query.http.Params;
import io.isobar.index.Marker;
import io.isobar.query.index.MarkerIndex;
import io.isobar.query.index.MarkerListing;
import io.isobar.query.index.ModelCatalog;
import io.javalin.http.Context;

/**
 * {@code GET /v1/times}: the validity times that have files, per model, paged; and {@code GET /v1/times/{time}}:
 * the files valid at one time.
 */
public final class TimesHandler {

    public static final Set<String> FILES_PARAMS = Set.of("model", "variable", "latest");

    /** One validity time of one model, with how many files of that model are valid then. */
    public record TimeEntry(Instant time, String model, long fileCount) {}

    /** A page of validity times; {@code next_cursor} is null on the last page. */
    public record TimesPage(List<TimeEntry> times, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {}

    /** The files valid at {@code time}. */
    public record FilesAtTime(Instant time, int count, List<ForecastFile> files) {}

    private static final Comparator<ForecastFile> FILE_ORDER = Comparator.comparing(ForecastFile::model)
            .thenComparing(ForecastFile::variable)
            .thenComparing(ForecastFile::forecastReferenceTime, Comparator.reverseOrder())
            .thenComparing(ForecastFile::objectId);

    private final ModelCatalog catalog;
    private final MarkerIndex validTimes;
    private final FilesReader files;
    private final Responses.Memo bodies = new Responses.Memo();

    public TimesHandler(ModelCatalog catalog, MarkerIndex validTimes, FilesReader files) {
        this.catalog = catalog;
        this.validTimes = validTimes;
        this.files = files;
    }

    /** {@code GET /v1/times?model=&from=&to=&limit=&cursor=}. */
    public void list(Context ctx) {
        MarkerListing listing = MarkerListing.parse(ctx, "times", "time");
        MarkerIndex.Page page = listing.page(validTimes, catalog);
        // Counts for the whole page in parallel; each is cached, so polling the same page is cheap.
        List<CompletableFuture<Long>> counts = page.markers().stream()
                .map(m -> files.countValidAt(m.time(), m.model())).toList();
        List<TimeEntry> entries = new ArrayList<>(page.markers().size());
        for (int i = 0; i < page.markers().size(); i++) {
            Marker m = page.markers().get(i);
            entries.add(new TimeEntry(m.time(), m.model(), counts.get(i).join()));
        }
        String next = listing.nextCursor(page);
        Responses.ok(ctx, new TimesPage(entries, next), Responses.CachePolicy.REVALIDATE);
    }

    /** {@code GET /v1/times/{time}?model=&variable=&latest=}. */
    public void filesAt(Context ctx) {
        Params params = Params.of(ctx, FILES_PARAMS);
        Instant time = Params.pathTime(ctx, "time");
        Optional<String> model = params.model("model");
        Optional<String> variable = params.variable("variable");
        boolean latest = params.bool("latest", false);
        // begins_with(file_key, "model#variable#") reads only the files asked for; a variable alone cannot narrow the
        // key (the model comes first): it filters the whole time partition in memory, which costs the same DynamoDB
        // reads as a FilterExpression would, and the cached partition serves every variable.
        List<ForecastFile> cached = model.isPresent() ? files.validAt(time, model, variable)
                : files.validAt(time, Optional.empty(), Optional.empty());
        // The body depends only on the cached list and these parameters: encoded once per refresh of the list.
        String variant = time + " " + (model.isPresent() ? "" : variable.orElse("")) + " " + latest;
        Responses.ok(ctx, bodies.get(cached, variant, () -> {
            Stream<ForecastFile> selected = cached.stream();
            if (model.isEmpty()) {
                selected = selected.filter(f -> variable.map(v -> v.equals(f.variable())).orElse(true));
            }
            List<ForecastFile> found = selected.sorted(FILE_ORDER).toList();
            if (latest) {
                found = latestRuns(found);
            }
            return new FilesAtTime(time, found.size(), found);
        }), Responses.CachePolicy.REVALIDATE);
    }

    /** Keeps, per (model, variable), only the files of the newest run; input sorted newest run first. */
    static List<ForecastFile> latestRuns(List<ForecastFile> sorted) {
        Map<String, Instant> newest = new LinkedHashMap<>();
        return sorted.stream().filter(f -> {
            Instant run = newest.computeIfAbsent(f.model() + "#" + f.variable(), k -> f.forecastReferenceTime());
            return run.equals(f.forecastReferenceTime());
        }).toList();
    }
}
