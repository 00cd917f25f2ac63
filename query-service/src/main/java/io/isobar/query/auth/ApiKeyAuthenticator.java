package io.isobar.query.auth;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import io.isobar.query.http.AccessLog;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.ClientAddress;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

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
 * <p>A valid key always works, whatever others send from the same address: the failed-key budget of a client
 * ({@code failedKeys}, a token bucket per client address as {@link ClientAddress} finds it behind the load balancer)
 * is spent only by keys that failed, and consulted only for a key the instance has no verdict for. Unknown keys stay
 * cheap to reject: a value that cannot be a key ({@link ApiKeys#isWellFormed}) is refused before any hashing or
 * read; a key that failed a moment ago is refused from the cache; and once an address has spent its budget, a key
 * from it is looked up only if it is among the unrevoked keys ({@link KnownKeys}: one Scan per {@code unknownTtl}
 * at most), else refused with 429 and no read. Every refusal is counted in {@code isobar_api_key_rejections_total}
 * by reason ({@code missing}, {@code invalid}, {@code failed_keys}).
 */
public final class ApiKeyAuthenticator implements Handler {

    public static final String HEADER = "x-api-key";

    /** Failed-key attempts allowed per client address: 1 per second on average, 20 at once. */
    public static final RateLimit FAILED_KEYS = new RateLimit(1, 20);

    private final ApiKeys keys;
    private final RateLimiter rateLimiter;
    private final RateLimiter failures;
    private final ClientAddress clients;
    private final KnownKeys known;
    private final Cache<String, ApiKeyRecord> valid;
    private final Cache<String, Boolean> unknown;
    private final Counter missingKeys;
    private final Counter invalidKeys;
    private final Counter blockedAddresses;

    /**
     * @param rateLimiter the per-key request rate limit
     * @param failedKeys the failed-key budget of each client address ({@link #FAILED_KEYS} by default)
     * @param clients finds the client's address behind our load balancer
     * @param registry where the rejection counter goes ({@code /metrics})
     */
    public ApiKeyAuthenticator(ApiKeys keys, RateLimiter rateLimiter, Duration validTtl, Duration unknownTtl, Ticker ticker,
            RateLimit failedKeys, ClientAddress clients, MeterRegistry registry) {
        this.keys = keys;
        this.rateLimiter = rateLimiter;
        this.failures = new RateLimiter(failedKeys, ticker);
        this.clients = clients;
        this.known = new KnownKeys(keys, unknownTtl, ticker);
        this.valid = Caffeine.newBuilder().maximumSize(10_000).ticker(ticker).expireAfterWrite(validTtl).build();
        this.unknown = Caffeine.newBuilder().maximumSize(100_000).ticker(ticker).expireAfterWrite(unknownTtl).build();
        this.missingKeys = rejections(registry, "missing");
        this.invalidKeys = rejections(registry, "invalid");
        this.blockedAddresses = rejections(registry, "failed_keys");
    }

    private static Counter rejections(MeterRegistry registry, String reason) {
        return Counter.builder("isobar.api.key.rejections").tag("reason", reason)
                .description("Requests refused for their API key: missing (401), unknown or revoked (403), or from an address"
                        + " over its failed-key budget (429)")
                .register(registry);
    }

    @Override
    public void handle(Context ctx) {
        if (ctx.routeRoles().contains(Access.PUBLIC)) {
            return;
        }
        String key = ctx.header(HEADER);
        if (key == null || key.isBlank()) {
            missingKeys.increment();
            throw new ApiProblem(401, "missing-api-key", "API key required",
                    "Send your API key in the " + HEADER + " header; ask an operator for one (isobar keys create)",
                    Map.of("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\""));
        }
        String hash = ApiKeys.isWellFormed(key) ? ApiKeys.hash(key) : null;
        ApiKeyRecord record = hash == null ? null : valid.getIfPresent(hash);
        if (record == null) {
            record = verify(ctx, key, hash);
        }
        String keyId = record.keyId();
        ctx.attribute(AccessLog.KEY_ID_ATTRIBUTE, keyId);
        long waitNanos = rateLimiter.acquire(keyId);
        if (waitNanos > 0) {
            throw retryLater("rate-limited", "Too many requests", "Key " + keyId + " is over its rate limit", waitNanos);
        }
    }

    /**
     * The record of a key with no cached verdict of valid: refused from the negative cache; refused without a read when
     * the client is over its failed-key budget and the key is not among the known ones; else one read. The read takes
     * a token of the client's budget first (so concurrent made-up keys cannot all pass one check), given back if the
     * key is valid: only failures spend the budget.
     */
    private ApiKeyRecord verify(Context ctx, String key, String hash) {
        String address = clients.of(ctx);
        if (hash == null || unknown.getIfPresent(hash) != null) {
            failures.acquire(address);
            throw failed();
        }
        long blockedNanos = failures.acquire(address);
        if (blockedNanos > 0 && !known.mayBeValid(hash)) {
            blockedAddresses.increment();
            throw retryLater("too-many-failed-keys", "Too many failed API keys",
                    "Too many requests from your address carried a key that is not accepted", blockedNanos);
        }
        Optional<ApiKeyRecord> record = keys.verify(key);
        if (record.isEmpty()) {
            unknown.put(hash, Boolean.TRUE);
            throw failed();
        }
        if (blockedNanos == 0) {
            failures.refund(address);
        }
        valid.put(hash, record.get());
        return record.get();
    }

    private ApiProblem failed() {
        invalidKeys.increment();
        return new ApiProblem(403, "invalid-api-key", "API key not accepted",
                "The key in the " + HEADER + " header is unknown or has been revoked");
    }

    /** A 429 that says when to retry: after {@code waitNanos}, rounded up to whole seconds (at least one). */
    private static ApiProblem retryLater(String type, String title, String detail, long waitNanos) {
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        return new ApiProblem(429, type, title, detail + "; retry after " + seconds + " s", Map.of("Retry-After", Long.toString(seconds)));
    }
}
