package io.isobar.query.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * <p>Verification results are cached by key hash in two separate caches, so that a flood of made-up keys can
 * never push valid keys out: valid keys for {@code validTtl} (default 30 s: a revoked key is still accepted
 * until 30 s after it was last verified, and refused after), unknown keys for {@code unknownTtl} (default 2 s: a
 * key created a moment ago works after at most 2 s). Both bounds run on the {@link Ticker} given, so tests pin
 * them with a fake clock.
 *
 * <p>Unknown keys are cheap to reject: a value that cannot be a key ({@link ApiKeys#isWellFormed}) is refused
 * before any hashing or read; and each client address may fail only {@link #FAILED_KEYS} attempts (a token bucket)
 * before it gets 429 without any lookup, so guessing keys costs the guesser time and the service nothing.
 */
public final class ApiKeyAuthenticator implements Handler {

    public static final String HEADER = "x-api-key";

    /** Failed-key attempts allowed per client address: 1 per second on average, 20 at once. */
    public static final RateLimit FAILED_KEYS = new RateLimit(1, 20);

    private final ApiKeys keys;
    private final RateLimiter rateLimiter;
    private final RateLimiter failures;
    private final Cache<String, ApiKeyRecord> valid;
    private final Cache<String, Boolean> unknown;

    public ApiKeyAuthenticator(ApiKeys keys, RateLimiter rateLimiter, Duration validTtl, Duration unknownTtl, Ticker ticker) {
        this(keys, rateLimiter, validTtl, unknownTtl, ticker, FAILED_KEYS);
    }

    public ApiKeyAuthenticator(ApiKeys keys, RateLimiter rateLimiter, Duration validTtl, Duration unknownTtl, Ticker ticker,
            RateLimit failedKeys) {
        this.keys = keys;
        this.rateLimiter = rateLimiter;
        this.failures = new RateLimiter(failedKeys, ticker);
        this.valid = Caffeine.newBuilder().maximumSize(10_000).ticker(ticker).expireAfterWrite(validTtl).build();
        this.unknown = Caffeine.newBuilder().maximumSize(100_000).ticker(ticker).expireAfterWrite(unknownTtl).build();
    }

    /** The record of a valid key: from the cache, else one read; empty for an unknown or revoked key. */
    private Optional<ApiKeyRecord> verify(String key) {
        String hash = ApiKeys.hash(key);
        ApiKeyRecord cached = valid.getIfPresent(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        if (unknown.getIfPresent(hash) != null) {
            return Optional.empty();
        }
        Optional<ApiKeyRecord> record = keys.verify(key);
        if (record.isPresent()) {
            valid.put(hash, record.get());
        } else {
            unknown.put(hash, Boolean.TRUE);
        }
        return record;
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
        String address = ctx.ip();
        long blockedNanos = failures.peek(address);
        if (blockedNanos > 0) {
            throw retryLater("too-many-failed-keys", "Too many failed API keys",
                    "Too many requests from " + address + " carried a key that is not accepted", blockedNanos);
        }
        Optional<ApiKeyRecord> record = ApiKeys.isWellFormed(key) ? verify(key) : Optional.empty();
        if (record.isEmpty()) {
            failures.acquire(address);
            throw new ApiProblem(403, "invalid-api-key", "API key not accepted",
                    "The key in the " + HEADER + " header is unknown or has been revoked");
        }
        String keyId = record.get().keyId();
        ctx.attribute(AccessLog.KEY_ID_ATTRIBUTE, keyId);
        long waitNanos = rateLimiter.acquire(keyId);
        if (waitNanos > 0) {
            throw retryLater("rate-limited", "Too many requests", "Key " + keyId + " is over its rate limit", waitNanos);
        }
    }

    /** A 429 that says when to retry: after {@code waitNanos}, rounded up to whole seconds (at least one). */
    private static ApiProblem retryLater(String type, String title, String detail, long waitNanos) {
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        return new ApiProblem(429, type, title, detail + "; retry after " + seconds + " s", Map.of("Retry-After", Long.toString(seconds)));
    }
}
