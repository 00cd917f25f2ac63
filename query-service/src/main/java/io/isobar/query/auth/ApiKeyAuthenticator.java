package io.isobar.query.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import io.isobar.query.http.AccessLog;
import io.isobar.query.http.ApiProblem;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Guards every route not marked {@link Access#PUBLIC}: the {@code x-api-key} header must hold a known,
 * unrevoked key (401 when missing, 403 when unknown or revoked), and the key must be within its rate limit
 * (429 with {@code Retry-After}).
 *
 * <p>Verification results are cached by key hash: valid keys for {@code validTtl} (default 30 s, so a revoked
 * key stops working within 30 s), unknown keys for a shorter time so a key created a moment ago works soon.
 */
public final class ApiKeyAuthenticator implements Handler {

    public static final String HEADER = "x-api-key";

    private final ApiKeys keys;
    private final RateLimiter rateLimiter;
    private final Cache<String, Optional<ApiKeyRecord>> verified;

    public ApiKeyAuthenticator(ApiKeys keys, RateLimiter rateLimiter, Duration validTtl, Duration unknownTtl, Ticker ticker) {
        this.keys = keys;
        this.rateLimiter = rateLimiter;
        long validNanos = validTtl.toNanos();
        long unknownNanos = unknownTtl.toNanos();
        this.verified = Caffeine.newBuilder()
                .maximumSize(10_000)
                .ticker(ticker)
                .expireAfter(Expiry.<String, Optional<ApiKeyRecord>>creating((hash, record) ->
                        Duration.ofNanos(record.isPresent() ? validNanos : unknownNanos)))
                .build();
    }

    @Override
    public void handle(Context ctx) {
        if (ctx.routeRoles().contains(Access.PUBLIC)) {
            return;
        }
        String key = ctx.header(HEADER);
        if (key == null || key.isBlank()) {
            throw new ApiProblem(401, "missing-api-key", "API key required",
                    "Send your API key in the " + HEADER + " header; ask an operator for one (isobar keys create)",
                    Map.of("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\""));
        }
        Optional<ApiKeyRecord> record = key.length() > ApiKeys.MAX_KEY_LENGTH
                ? Optional.empty()
                : verified.get(ApiKeys.hash(key), hash -> keys.verify(key));
        if (record.isEmpty()) {
            throw new ApiProblem(403, "invalid-api-key", "API key not accepted",
                    "The key in the " + HEADER + " header is unknown or has been revoked");
        }
        String keyId = record.get().keyId();
        ctx.attribute(AccessLog.KEY_ID_ATTRIBUTE, keyId);
        long waitNanos = rateLimiter.acquire(keyId);
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            throw new ApiProblem(429, "rate-limited", "Too many requests",
                    "Key " + keyId + " is over its rate limit; retry after " + seconds + " s",
                    Map.of("Retry-After", Long.toString(seconds)));
        }
    }
}
