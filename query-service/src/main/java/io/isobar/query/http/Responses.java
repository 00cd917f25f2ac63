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
        send(ctx, json(body), "application/json", policy);
    }

    /** A JSON body encoded once, with its ETag: what {@link Memo} keeps. */
    public record Encoded(byte[] bytes, String etag) {}

    /**
     * JSON bodies computed from a cached value, encoded once per variant for as long as that value is cached (keys
     * are held weakly, by identity): a hot view is sorted, serialised and hashed once per refresh, not per request.
     * Under wrk this was a fifth of the service's CPU on {@code /v1/times/{time}}.
     */
    public static final class Memo {
        private final com.github.benmanes.caffeine.cache.Cache<Object, java.util.concurrent.ConcurrentMap<String, Encoded>> bodies =
                com.github.benmanes.caffeine.cache.Caffeine.newBuilder().weakKeys().maximumSize(100_000).build();

        /**
         * The encoded body for {@code source} (a cached value) and {@code variant} (the request's other parameters).
         * An empty collection is not memoised: empties may be one shared instance, alive for ever.
         */
        public Encoded get(Object source, String variant, java.util.function.Supplier<Object> body) {
            if (source instanceof java.util.Collection<?> c && c.isEmpty()) {
                byte[] bytes = json(body.get());
                return new Encoded(bytes, etag(bytes));
            }
            return bodies.get(source, s -> new java.util.concurrent.ConcurrentHashMap<>())
                    .computeIfAbsent(variant, v -> {
                        byte[] bytes = json(body.get());
                        return new Encoded(bytes, etag(bytes));
                    });
        }
    }

    /** Sends a memoised JSON body, as {@link #ok}. */
    public static void ok(Context ctx, Encoded body, CachePolicy policy) {
        send(ctx, body.bytes(), body.etag(), "application/json", policy);
    }

    private static byte[] json(Object body) {
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a " + body.getClass().getSimpleName(), e);
        }
    }

    /** Sends {@code bytes} of {@code contentType} with an ETag, or 304 when the client already has them. */
    public static void send(Context ctx, byte[] bytes, String contentType, CachePolicy policy) {
        send(ctx, bytes, etag(bytes), contentType, policy);
    }

    private static void send(Context ctx, byte[] bytes, String etag, String contentType, CachePolicy policy) {
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
