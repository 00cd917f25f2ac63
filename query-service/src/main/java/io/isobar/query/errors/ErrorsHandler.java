package io.isobar.query.errors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.isobar.model.IngestError;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Cursor;
import io.isobar.query.http.Responses;
import io.isobar.query.http.Params;
import io.isobar.query.http.TimeParam;
import io.javalin.http.Context;

/** {@code GET /v1/ingest/errors}: the files and notifications that could not be processed, oldest first, paged. */
public final class ErrorsHandler {

    public static final Set<String> PARAMS = Set.of("from", "to", "kind", "limit", "cursor");
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /** One Query per day: the range is bounded so a request costs at most 32 Queries. */
    public static final Duration MAX_RANGE = Duration.ofDays(31);
    public static final Duration DEFAULT_RANGE = Duration.ofHours(24);

    /** One error record as the API shows it. */
    public record ErrorView(String id, Instant occurredAt, String kind, String objectUri, String reason, String rawMessage) {

        static ErrorView of(IngestError e) {
            return new ErrorView(e.id(), e.occurredAt(), e.kind().name(), e.objectUri(), e.reason(), e.rawMessage());
        }
    }

    /** A page of error records; {@code next_cursor} is null on the last page. */
    public record ErrorsPage(Instant from, Instant to, List<ErrorView> errors,
            @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {}

    private static final List<String> KINDS = Arrays.stream(IngestError.Kind.values()).map(Enum::name).toList();

    private final ErrorsReader errors;
    private final Clock clock;

    public ErrorsHandler(ErrorsReader errors, Clock clock) {
        this.errors = errors;
        this.clock = clock;
    }

    /**
     * {@code GET /v1/ingest/errors?from=&to=&kind=&limit=&cursor=}; {@code to} defaults to now (or to 31 days after
     * {@code from}, if that is earlier) and {@code from} to 24 hours before {@code to}. The cursor carries the range it was issued for, so later pages of a query
     * without {@code to} do not drift with the clock.
     */
    public void list(Context ctx) {
        Params params = Params.of(ctx, PARAMS);
        Optional<Instant> givenFrom = params.time("from");
        Optional<Instant> givenTo = params.time("to");
        Optional<IngestError.Kind> kind = params.choice("kind", KINDS).map(IngestError.Kind::valueOf);
        int limit = params.limit("limit", DEFAULT_LIMIT, MAX_LIMIT);
        String fingerprint = Cursor.fingerprint("errors", givenFrom.map(Instant::toString).orElse(""),
                givenTo.map(Instant::toString).orElse(""), kind.map(Enum::name).orElse(""));
        Optional<Map<String, String>> cursor = params.raw("cursor").map(c -> Cursor.decode(c, fingerprint));

        Instant now = clock.instant();
        Instant to = givenTo.or(() -> cursor.map(c -> cursorTime(c, "to")))
                .orElseGet(() -> givenFrom.map(f -> f.plus(MAX_RANGE)).filter(t -> t.isBefore(now)).orElse(now));
        Instant from = givenFrom.or(() -> cursor.map(c -> cursorTime(c, "from"))).orElse(to.minus(DEFAULT_RANGE));
        if (from.isAfter(to)) {
            throw ApiProblem.invalidParameter("Query parameter 'from' (" + from + ") is after 'to' (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ApiProblem.invalidParameter("The range from " + from + " to " + to + " is longer than "
                    + MAX_RANGE.toDays() + " days; narrow it (errors are kept 30 days)");
        }
        Optional<String> after = cursor.map(c -> position(c, from, to));

        List<ErrorsReader.Found> found = errors.read(from, to, kind, after, limit + 1);
        List<ErrorView> page = found.stream().limit(limit).map(f -> ErrorView.of(f.error())).toList();
        String next = found.size() > limit
                ? Cursor.encode(fingerprint, Map.of("error_key", found.get(limit - 1).errorKey(),
                        "from", from.toString(), "to", to.toString()))
                : null;
        Responses.ok(ctx, new ErrorsPage(from, to, page, next), Responses.CachePolicy.REVALIDATE);
    }

    private static Instant cursorTime(Map<String, String> cursor, String name) {
        Instant t;
        try {
            t = Instant.parse(cursor.get(name));
        } catch (RuntimeException e) {
            throw Cursor.invalid();
        }
        if (t.isBefore(TimeParam.MIN) || t.isAfter(TimeParam.MAX)) {
            throw Cursor.invalid();
        }
        return t;
    }

    private static String position(Map<String, String> position, Instant from, Instant to) {
        try {
            String key = position.get("error_key");
            int hash = key.indexOf('#');
            Instant at = Instant.parse(key.substring(0, hash));
            if (hash + 1 >= key.length() || key.length() > 512
                    || at.isBefore(from.truncatedTo(ChronoUnit.SECONDS)) || at.isAfter(to)) {
                throw Cursor.invalid();
            }
            return key;
        } catch (RuntimeException e) {
            throw Cursor.invalid();
        }
    }
}
