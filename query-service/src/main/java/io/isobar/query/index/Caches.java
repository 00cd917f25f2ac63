package io.isobar.query.index;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * How long the service keeps what it read from DynamoDB, in one place: views that grow as files arrive are
 * kept for {@code growingTtl} (default 500 ms, so new data shows within a second), the list of models for
 * {@code modelsTtl} (default 60 s). Caching bounds DynamoDB load by the number of distinct queries, not by
 * the request rate: however many clients poll the same view, it is read at most once per TTL.
 */
public record Caches(Duration growingTtl, Duration modelsTtl, Ticker ticker) {

    public static Caches defaults() {
        return new Caches(Duration.ofMillis(500), Duration.ofSeconds(60), Ticker.systemTicker());
    }

    /** A builder for a cache of a growing view, bounded to {@code maxWeight} (weights are in items). */
    public Caffeine<Object, Object> growing(long maxWeight) {
        return Caffeine.newBuilder().expireAfterWrite(growingTtl).maximumWeight(maxWeight).ticker(ticker);
    }

    /**
     * As {@link #growing}, but a view read again after {@code growingTtl} is served as it is while {@code executor}
     * reloads it in the background (stale-while-revalidate), up to twice that age; older, it is reloaded before it is
     * served. Hot views then never make a request wait for DynamoDB, and new data still shows within about a second.
     */
    public Caffeine<Object, Object> refreshing(long maxWeight, java.util.concurrent.Executor executor) {
        return Caffeine.newBuilder().refreshAfterWrite(growingTtl).expireAfterWrite(growingTtl.multipliedBy(2))
                .maximumWeight(maxWeight).ticker(ticker).executor(executor);
    }
}
