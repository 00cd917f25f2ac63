package io.isobar.query.http;

import java.nio.charset.StandardCharsets;

import io.javalin.http.Context;

/**
 * Every size limit of a request, in one place: the table "Limits" in {@code docs/api.md} lists exactly these (a test
 * compares them), the WAF in {@code terraform/query_service.tf} blocks exactly what is larger than the URL limits
 * (another test compares those), and every check in the service reads them from here.
 *
 * <p>A request within every limit is served; one step over any of them is a 4xx problem that names the limit: 414
 * for a URL (whose detail says to send the parameters in a POST body instead), 413 {@code too-large} for a body and the
 * rest. The WAF also refuses a body whose {@code Content-Length} is over {@link #BODY_BYTES}.
 */
public final class Limits {

    /** Bytes of a URL's path, as sent (percent-encoded); the AWS common rule set's own limit too. */
    public static final int PATH_BYTES = 1_024;
    /** Bytes of a URL's query string (after the {@code ?}), as sent (percent-encoded). */
    public static final int QUERY_BYTES = 8_192;
    /**
     * Bytes of the request line and headers together, which Jetty reads before the service sees the request: room for
     * a URL at both limits above and ordinary headers. Larger requests get Jetty's 414 or 431, as problems.
     */
    public static final int HEADER_BYTES = 16_384;

    /**
     * Bytes of a POST body (an EDR data query's parameters as a form or JSON): room for every other limit below at once,
     * a 100,000-character WKT percent-encoded (up to three bytes a character) or a GeoJSON polygon at the vertex limit.
     */
    public static final int BODY_BYTES = 1_000_000;

    /** Points of an EDR position query's MULTIPOINT. */
    public static final int POINTS = 1_000;
    /** Coordinates of an EDR area query's POLYGON, every ring's (each ring's closing one included). */
    public static final int POLYGON_VERTICES = 10_000;
    /** Characters of an EDR query's {@code coords} (WKT). */
    public static final int WKT_CHARS = 100_000;
    /** Grid cells one EDR area, cube or radius query may cover. */
    public static final int CELLS = 100_000;
    /**
     * Values one EDR or point answer may read (sites or cells x times x parameters x members/levels), counted from the
     * index before any file is opened.
     */
    public static final long VALUES = 500_000;
    /** Validity times one EDR query may span. */
    public static final int TIMES = 1_000;
    /** Names in an EDR query's {@code parameter-name}. */
    public static final int PARAMETER_NAMES = 50;
    /** Radius of an EDR radius query, in metres. */
    public static final double RADIUS_METRES = 2_000_000;
    /** Vertices of an EDR trajectory's or corridor's path (LINESTRING). */
    public static final int PATH_VERTICES = 10_000;
    /** Places one EDR trajectory is answered at: its vertices and the points {@code every-km} adds between them. */
    public static final int PATH_POINTS = 10_000;
    /** Whole width of an EDR corridor, in metres. */
    public static final double CORRIDOR_WIDTH_METRES = 200_000;
    /** Whole height of an EDR corridor, in metres (or 1,000 hPa of pressure: every level there is). */
    public static final double CORRIDOR_HEIGHT_METRES = 20_000;
    /** Validity times of one {@code /v1/point/series} answer. */
    public static final int SERIES_TIMES = 240;

    private Limits() {}

    /**
     * A before-handler: a URL whose path or query string is over its limit is a 414 problem, before any parameter is
     * parsed. Jetty's own limit ({@link #HEADER_BYTES}) is higher, so these limits, not Jetty's, decide.
     */
    public static void checkUrl(Context ctx) {
        int path = utf8Length(ctx.req().getRequestURI());
        if (path > PATH_BYTES) {
            throw uriTooLong("The URL path is " + path + " bytes long; the limit is " + PATH_BYTES + " bytes");
        }
        int query = utf8Length(ctx.queryString());
        if (query > QUERY_BYTES) {
            throw uriTooLong("The query string is " + query + " bytes long; the limit is " + QUERY_BYTES + " bytes");
        }
    }

    /** The 414 problem for a URL over a limit, here or from Jetty. */
    public static ApiProblem uriTooLong(String what) {
        return new ApiProblem(414, "uri-too-long", "URI too long", what + ". Send a large query in a POST body instead:"
                + " EDR data queries take the same parameters as JSON or a form");
    }

    private static int utf8Length(String s) {
        // Percent-encoded URLs are ASCII, but a client may send raw UTF-8, which counts by its bytes (as the WAF does).
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
