package io.isobar.query.auth;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Token buckets per API key id ({@link RateLimit}). Buckets live in memory, per service instance: behind a
 * load balancer with N instances a key may reach N times the limit. Idle buckets are dropped after
 * 10 minutes (a dropped bucket comes back full, which is what an idle key would have anyway).
 *
 * <p>A token is one request by default; a bucket can also count work (values read, for the admission control's cost
 * budget), taking several tokens at once before the work ({@link #acquire(String, long)}) and giving back what was not
 * needed ({@link #refund(String, long)}).
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
        return acquire(keyId, 1);
    }

    /**
     * Takes {@code tokens} for {@code keyId} (at most a burst's worth counts): 0 when allowed, else the nanoseconds
     * until that many are available.
     */
    public long acquire(String keyId, long tokens) {
        Bucket bucket = buckets.get(keyId, k -> new Bucket());
        return bucket.take(ticker.read(), limit, Math.max(1, Math.min(tokens, limit.burst())));
    }

    /** Gives back a token taken for {@code keyId} that turned out not to be owed (a reservation). */
    public void refund(String keyId) {
        refund(keyId, 1);
    }

    /** Gives back {@code tokens} taken for {@code keyId} that turned out not to be owed; never fills past the burst. */
    public void refund(String keyId, long tokens) {
        Bucket bucket = buckets.getIfPresent(keyId);
        if (bucket != null && tokens > 0) {
            bucket.give(ticker.read(), limit, Math.min(tokens, limit.burst()));
        }
    }

    /** Nanoseconds until {@code keyId} could take a token, without taking one: 0 when it could now. */
    public long peek(String keyId) {
        Bucket bucket = buckets.getIfPresent(keyId);
        return bucket == null ? 0 : bucket.peek(ticker.read(), limit);
    }

    /**
     * A token bucket kept as one number, the time at which it will be full again ("theoretical arrival time", the
     * generic cell rate algorithm): taking a token moves it one interval later; a token is there when that time is at
     * most {@code burst} intervals ahead. One compare-and-set, no lock: every request of a key goes through its bucket,
     * and a synchronized bucket was a lock all of them queued on (seen with JFR under wrk).
     */
    private static final class Bucket {
        /** Nanoseconds (ticker time) when the bucket is full again; Long.MIN_VALUE: full. */
        private final AtomicLong fullAt = new AtomicLong(Long.MIN_VALUE);

        /** Takes {@code tokens}: 0 when taken, else the nanoseconds until the bucket holds them. */
        long take(long nowNanos, RateLimit limit, long tokens) {
            long interval = interval(limit);
            long window = interval * limit.burst();
            for (;;) {
                long current = fullAt.get();
                long start = current == Long.MIN_VALUE || current < nowNanos ? nowNanos : current;
                long next = start + interval * tokens;
                long ahead = next - nowNanos;
                if (ahead > window) {
                    return ahead - window;
                }
                if (fullAt.compareAndSet(current, next)) {
                    return 0;
                }
            }
        }

        void give(long nowNanos, RateLimit limit, long tokens) {
            long interval = interval(limit);
            for (;;) {
                long current = fullAt.get();
                if (current == Long.MIN_VALUE || current <= nowNanos) {
                    return; // full already
                }
                if (fullAt.compareAndSet(current, Math.max(nowNanos, current - interval * tokens))) {
                    return;
                }
            }
        }

        long peek(long nowNanos, RateLimit limit) {
            long interval = interval(limit);
            long current = fullAt.get();
            long start = current == Long.MIN_VALUE || current < nowNanos ? nowNanos : current;
            long ahead = start + interval - nowNanos;
            long window = interval * limit.burst();
            return ahead > window ? ahead - window : 0;
        }

        private static long interval(RateLimit limit) {
            return Math.max(1, (long) Math.ceil(1e9 / limit.permitsPerSecond()));
        }
    }
}
