package io.isobar.query.auth;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Token buckets per API key id ({@link RateLimit}). Buckets live in memory, per service instance: behind a
 * load balancer with N instances a key may reach N times the limit. Idle buckets are dropped after
 * 10 minutes (a dropped bucket comes back full, which is what an idle key would have anyway).
 */
public final class RateLimiter {

    private final RateLimit limit;
    private final Ticker ticker;
    private final Cache<String, Bucket> buckets;

    public RateLimiter(RateLimit limit, Ticker ticker) {
        this.limit = limit;
        this.ticker = ticker;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMinutes(10))
                .maximumSize(100_000)
                .ticker(ticker)
                .build();
    }

    /** Takes a token for {@code keyId}: 0 when allowed, else the nanoseconds until one is available. */
    public long acquire(String keyId) {
        Bucket bucket = buckets.get(keyId, k -> new Bucket(limit.burst(), ticker.read()));
        return bucket.take(ticker.read(), limit);
    }

    /** Nanoseconds until {@code keyId} could take a token, without taking one: 0 when it could now. */
    public long peek(String keyId) {
        Bucket bucket = buckets.getIfPresent(keyId);
        return bucket == null ? 0 : bucket.peek(ticker.read(), limit);
    }

    private static final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(double tokens, long nowNanos) {
            this.tokens = tokens;
            this.lastNanos = nowNanos;
        }

        synchronized long peek(long nowNanos, RateLimit limit) {
            double refill = Math.max(0, nowNanos - lastNanos) / 1e9 * limit.permitsPerSecond();
            double available = Math.min(limit.burst(), tokens + refill);
            return available >= 1 ? 0 : (long) Math.ceil((1 - available) / limit.permitsPerSecond() * 1e9);
        }

        synchronized long take(long nowNanos, RateLimit limit) {
            double refill = Math.max(0, nowNanos - lastNanos) / 1e9 * limit.permitsPerSecond();
            tokens = Math.min(limit.burst(), tokens + refill);
            lastNanos = nowNanos;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / limit.permitsPerSecond() * 1e9);
        }
    }
}
