package io.isobar.query.http;

/**
 * The body of an error response, RFC 9457 {@code application/problem+json}, with the request id as an
 * extension member so a client can quote it and an operator can find the log line.
 */
public record Problem(String type, String title, int status, String detail, String instance, String requestId) {

    public static final String CONTENT_TYPE = "application/problem+json";

    /** The {@code type} URI of a problem slug: a fragment of the API documentation page. */
    public static String typeUri(String slug) {
        return "/docs#problem-" + slug;
    }
}
