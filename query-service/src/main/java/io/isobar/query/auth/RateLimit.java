package io.isobar.query.auth;

/**
 * The per-key request rate limit: a token bucket refilled at {@code permitsPerSecond} that holds at most
 * {@code burst} tokens, so a key may send {@code burst} requests at once and then {@code permitsPerSecond}
 * on average. Default {@link #DEFAULT}: 50 req/s, bursts of 100.
 */
public record RateLimit(double permitsPerSecond, int burst) {

    public static final RateLimit DEFAULT = new RateLimit(50, 100);

    public RateLimit {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("Rate limit permits per second must be positive and finite, not " + permitsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("Rate limit burst must be at least 1, not " + burst);
        }
    }
}
