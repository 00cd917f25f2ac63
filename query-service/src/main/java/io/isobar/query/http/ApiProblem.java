package io.isobar.query.http;

import java.util.List;
import java.util.Map;

/**
 * A failure to answer a request that the client should see as an RFC 9457 problem: thrown by handlers and
 * validators, rendered as {@code application/problem+json} by {@link Problems}.
 *
 * <p>The {@code type} is a short slug, published as {@code /docs#problem-<slug>} so it resolves to the
 * human documentation of that problem. The {@code detail} is for the client and says what to fix in its own words: never
 * an archive URI, a stack trace, a client address or a library's message. What an operator needs beyond it goes in
 * {@link #logged} ({@link #withLog}), which {@link Problems} logs under the request id.
 */
public final class ApiProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, String> headers;
    private final List<String> suggestions;
    private final String logged;

    public ApiProblem(int status, String type, String title, String detail, Map<String, String> headers) {
        this(status, type, title, detail, headers, List.of());
    }

    /** A problem with close matches for what the client named, sent as the {@code suggestions} member. */
    public ApiProblem(int status, String type, String title, String detail, Map<String, String> headers, List<String> suggestions) {
        this(status, type, title, detail, headers, suggestions, null);
    }

    private ApiProblem(int status, String type, String title, String detail, Map<String, String> headers, List<String> suggestions,
            String logged) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = Map.copyOf(headers);
        this.suggestions = List.copyOf(suggestions);
        this.logged = logged;
    }

    /**
     * The same problem with what the operator needs to know and the client must not see (the archived file's URI, a
     * parser's message): logged with the request id, never sent.
     */
    public ApiProblem withLog(String internalDetail) {
        return new ApiProblem(status, type, title, detail(), headers, suggestions, internalDetail);
    }

    public ApiProblem(int status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    /** 400: a parameter is unknown, repeated, empty or malformed. */
    public static ApiProblem invalidParameter(String detail) {
        return new ApiProblem(400, "invalid-parameter", "Invalid request parameter", detail);
    }

    /** 400: the cursor was not issued by this query (tampered with, truncated, or reused with other parameters). */
    public static ApiProblem invalidCursor(String detail) {
        return new ApiProblem(400, "invalid-cursor", "Invalid cursor", detail);
    }

    /** 503: the instance has as much work as it takes just now (admission control, or a shut-down work pool). */
    public static ApiProblem serviceBusy() {
        return new ApiProblem(503, "service-busy", "Service busy", "The service is at capacity just now; retry after 1 s",
                Map.of("Retry-After", "1"));
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** What {@link #withLog} added for the log, or null. */
    public String logged() {
        return logged;
    }

    /** Close matches for a name that was not found; empty for most problems. */
    public List<String> suggestions() {
        return suggestions;
    }
}
