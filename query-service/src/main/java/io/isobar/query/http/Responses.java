package io.isobar.query.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.isobar.json.Json;
import io.javalin.http.Context;

/**
 * Writes successful JSON responses with a strong ETag (a hash of the body) and a Cache-Control policy, and
 * answers a matching {@code If-None-Match} with 304 and no body, so polling clients cost no bandwidth.
 */
public final class Responses {

    /** How long clients and caches may reuse a response without asking again. */
    public enum CachePolicy {
        /** Views that grow as files arrive: always revalidate (cheap with the ETag). */
        REVALIDATE("private, no-cache"),
        /** Documentation, fixed for the life of the process. */
        STATIC("public, max-age=300"),
        /** Health and metrics: never reuse. */
        NONE("no-store");

        private final String header;

        CachePolicy(String header) {
            this.header = header;
        }

        public String header() {
            return header;
        }
    }

    private Responses() {}

    public static void ok(Context ctx, Object body, CachePolicy policy) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a " + body.getClass().getSimpleName(), e);
        }
        send(ctx, bytes, "application/json", policy);
    }

    /** Sends {@code bytes} of {@code contentType} with an ETag, or 304 when the client already has them. */
    public static void send(Context ctx, byte[] bytes, String contentType, CachePolicy policy) {
        String etag = etag(bytes);
        ctx.header("Cache-Control", policy.header());
        if (policy != CachePolicy.NONE) {
            ctx.header("ETag", etag);
            if (matches(ctx.header("If-None-Match"), etag)) {
                ctx.status(304);
                return;
            }
        }
        ctx.status(200).contentType(contentType).result(bytes);
    }

    static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** RFC 9110 weak comparison, as If-None-Match requires: {@code W/"x"} matches {@code "x"}; {@code *} matches all. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
