package io.isobar.query.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void allowsABurstThenTheRate() {
        RateLimiter limiter = new RateLimiter(new RateLimit(2, 3), nanos::get);
        assertThat(limiter.acquire("k")).isZero();
        assertThat(limiter.acquire("k")).isZero();
        assertThat(limiter.acquire("k")).isZero();
        long wait = limiter.acquire("k");
        assertThat(wait).isEqualTo(500_000_000L);
        nanos.addAndGet(500_000_000L);
        assertThat(limiter.acquire("k")).isZero();
        assertThat(limiter.acquire("k")).isPositive();
        // Keys have separate buckets; a long pause refills only up to the burst.
        assertThat(limiter.acquire("other")).isZero();
        nanos.addAndGet(60_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("k")).isZero();
        }
        assertThat(limiter.acquire("k")).isPositive();
    }

    @Test
    void rejectsNonsensicalLimits() {
        assertThatThrownBy(() -> new RateLimit(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentRequestsOfOneKeyGetExactlyTheBurst() throws Exception {
        RateLimiter limiter = new RateLimiter(new RateLimit(1, 100), () -> 42L);
        java.util.concurrent.atomic.AtomicInteger allowed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        if (limiter.acquire("shared") == 0) {
                            allowed.incrementAndGet();
                        }
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(allowed.get()).isEqualTo(100);
        assertThat(limiter.peek("shared")).isEqualTo(1_000_000_000L);
        assertThat(limiter.peek("unused")).isZero();
    }

    @Test
    void countsWorkInManyTokensAndGivesBackWhatWasNotNeeded() {
        RateLimiter limiter = new RateLimiter(new RateLimit(10, 20), nanos::get);
        assertThat(limiter.acquire("k", 15)).isZero();
        assertThat(limiter.acquire("k", 10)).as("5 left, 10 asked: wait for 5 more at 10/s").isEqualTo(500_000_000L);
        assertThat(limiter.acquire("k", 1_000)).as("more than a burst counts as a burst").isEqualTo(1_500_000_000L);
        limiter.refund("k", 10);
        assertThat(limiter.acquire("k", 15)).as("15 back in the bucket").isZero();
        assertThat(limiter.peek("k")).as("empty: a token in 0.1 s").isEqualTo(100_000_000L);
        limiter.refund("k", 1_000);
        assertThat(limiter.acquire("k", 20)).as("a refund fills at most the burst").isZero();
        assertThat(limiter.acquire("k", 1)).isPositive();
    }

    @Test
    void aRefundGivesBackOneTokenAndNeverMoreThanTheBurst() {
        RateLimiter limiter = new RateLimiter(new RateLimit(1, 2), nanos::get);
        limiter.refund("new"); // nothing taken, nothing to give
        assertThat(limiter.acquire("new")).isZero();
        assertThat(limiter.acquire("new")).isZero();
        assertThat(limiter.acquire("new")).isPositive();
        limiter.refund("new");
        assertThat(limiter.acquire("new")).isZero();
        limiter.refund("new");
        limiter.refund("new");
        limiter.refund("new");
        assertThat(limiter.acquire("new")).isZero();
        assertThat(limiter.acquire("new")).isZero();
        assertThat(limiter.acquire("new")).as("refunds never fill past the burst").isPositive();
    }
}
