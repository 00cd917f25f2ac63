package io.isobar.query.index;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * How long the service keeps what it read from DynamoDB, in one place: views that grow as files arrive are
 * kept for {@code growingTtl} (default 500 ms, so new data shows within a second), the hot ones renewed in the
 * background ({@link #refreshing}); what changes rarely (the list of models, a model's parameters and grid) for
 * {@code modelsTtl} (default 60 s; the files stream shows a new model or variable at once). Caching bounds DynamoDB
 * load by the number of distinct queries, not by the request rate: however many clients poll the same view, it is
 * read at most once per TTL.
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
     * reloads it in the background (stale-while-revalidate), up to {@link #staleLimit()}; older (a view nobody asked
     * for since), it is reloaded before it is served. Hot views then never make a request wait for DynamoDB, and new
     * data shows within about a second to anyone polling.
     *
     * <p>Why the limit is four times the TTL, not twice: under load a reload can take longer than one TTL (measured
     * with JFR under wrk on a busy 2-CPU machine: reloads of several hundred ms), and with a limit of twice the TTL
     * the entry then expired before its reload landed, so every request for it waited on a synchronous load: the
     * API's tail. Four times leaves 1.5 s (by default) for a reload to land.
     */
    public Caffeine<Object, Object> refreshing(long maxWeight, java.util.concurrent.Executor executor) {
        return Caffeine.newBuilder().refreshAfterWrite(growingTtl).expireAfterWrite(staleLimit())
                .maximumWeight(maxWeight).ticker(ticker).executor(executor);
    }

    /** How old a refreshing view may be when it is served while its reload runs (default 2 s). */
    public Duration staleLimit() {
        return growingTtl.multipliedBy(4);
    }
}
