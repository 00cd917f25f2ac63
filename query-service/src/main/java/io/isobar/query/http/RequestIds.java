package io.isobar.query.http;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.javalin.http.Context;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is a sane token, else a random one),
 * echoed in the response header, the access log and problem bodies, so one failing call can be traced.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "isobar.request_id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** A before-handler: assigns the id and sets the response header. */
    public void assign(Context ctx) {
        String given = ctx.header(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : newId();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    /** The id of this request; assigns one if the before-handler did not run (e.g. a very early failure). */
    public String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            assign(ctx);
            id = ctx.attribute(ATTRIBUTE);
        }
        return id;
    }

    /**
     * A random 64-bit id. Ids trace requests and grant nothing, so they need no cryptographic randomness; one
     * {@code SecureRandom} shared by all request threads was a lock every request queued on (seen with JFR under wrk).
     */
    private static String newId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
