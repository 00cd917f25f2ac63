package io.isobar.query.http;

import java.util.List;

/**
 * The body of an error response, RFC 9457 {@code application/problem+json}, with the request id as an
 * extension member so a client can quote it and an operator can find the log line.
 *
 * @param suggestions extension member: close matches for a name that was not found (unknown place), else null
 */
public record Problem(String type, String title, int status, String detail, String instance, String requestId,
        List<String> suggestions) {

    public Problem(String type, String title, int status, String detail, String instance, String requestId) {
        this(type, title, status, detail, instance, requestId, null);
    }

    public static final String CONTENT_TYPE = "application/problem+json";

    /** The {@code type} URI of a problem slug: a fragment of the API documentation page. */
    public static String typeUri(String slug) {
        return "/docs#problem-" + slug;
    }
}
