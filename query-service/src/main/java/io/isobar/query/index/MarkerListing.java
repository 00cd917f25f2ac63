package io.isobar.query.index;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.isobar.index.Marker;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Cursor;
import io.isobar.query.http.Params;
import io.isobar.query.http.TimeParam;
import io.javalin.http.Context;

/**
 * One page of a marker listing ({@code /v1/times}, {@code /v1/runs}): the shared parameters
 * ({@code model, from, to, order, limit, cursor}), the cursor that must belong to the same query, and the page.
 *
 * @param timeField the name the listing gives its time in cursors ({@code time}, {@code forecast_reference_time})
 * @param order oldest first ({@code order=oldest}, the default) or newest first ({@code order=newest})
 */
public record MarkerListing(String kind, String timeField, Optional<String> model, Instant from, Instant to, int limit,
        MarkerIndex.Order order, String fingerprint, Optional<Marker> after) {

    public static final Set<String> PARAMS = Set.of("model", "from", "to", "order", "limit", "cursor");
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** Reads and checks the listing's parameters; any problem is a 400 naming the parameter. */
    public static MarkerListing parse(Context ctx, String kind, String timeField) {
        Params params = Params.of(ctx, PARAMS);
        Optional<String> model = params.model("model");
        Instant from = params.time("from").orElse(TimeParam.MIN);
        Instant to = params.time("to").orElse(TimeParam.MAX);
        if (from.isAfter(to)) {
            throw ApiProblem.invalidParameter("Query parameter 'from' (" + from + ") is after 'to' (" + to + ")");
        }
        int limit = params.limit("limit", DEFAULT_LIMIT, MAX_LIMIT);
        MarkerIndex.Order order = switch (params.raw("order").orElse("oldest")) {
            case "oldest" -> MarkerIndex.Order.OLDEST_FIRST;
            case "newest" -> MarkerIndex.Order.NEWEST_FIRST;
            default -> throw ApiProblem.invalidParameter("Query parameter 'order' must be oldest or newest");
        };
        // The original fingerprint for the default order, so that cursors issued before 'order' existed still work.
        String fingerprint = order == MarkerIndex.Order.OLDEST_FIRST
                ? Cursor.fingerprint(kind, model.orElse(""), from.toString(), to.toString())
                : Cursor.fingerprint(kind, model.orElse(""), from.toString(), to.toString(), "newest");
        Optional<Marker> after = params.raw("cursor")
                .map(c -> position(Cursor.decode(c, fingerprint), timeField, markerKind(kind), model, from, to));
        return new MarkerListing(kind, timeField, model, from, to, limit, order, fingerprint, after);
    }

    /** The page: from {@code index}, over the model asked for or every known model. */
    public MarkerIndex.Page page(MarkerIndex index, ModelCatalog catalog) {
        List<String> models = model.map(List::of).orElseGet(catalog::models);
        return index.page(models, from, to, limit, after, order);
    }

    /** The cursor for the page after {@code page}, or null on the last page. */
    public String nextCursor(MarkerIndex.Page page) {
        return page.last().map(m -> Cursor.encode(fingerprint, Map.of(timeField, m.time().toString(), "model", m.model())))
                .orElse(null);
    }

    /** {@code runs} lists run markers, anything else valid-time markers. */
    private static Marker.Kind markerKind(String kind) {
        return "runs".equals(kind) ? Marker.Kind.RUN : Marker.Kind.VALID_TIME;
    }

    /** The marker a cursor points at, which must lie inside the query it was issued for. */
    static Marker position(Map<String, String> position, String timeField, Marker.Kind markerKind, Optional<String> model,
            Instant from, Instant to) {
        try {
            Instant time = Instant.parse(position.get(timeField));
            String m = Params.modelValue("cursor", position.get("model"));
            if (time.isBefore(from) || time.isAfter(to) || model.map(x -> !x.equals(m)).orElse(false)) {
                throw Cursor.invalid();
            }
            return new Marker(markerKind, m, time);
        } catch (RuntimeException e) {
            throw Cursor.invalid();
        }
    }
}
