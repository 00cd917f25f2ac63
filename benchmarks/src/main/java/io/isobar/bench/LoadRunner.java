package io.isobar.bench;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A small load generator: runs a request function either at a fixed rate (open loop, latency measured from each
 * request's intended start, so a slow server cannot hide its queueing) or as fast as a fixed number of workers can
 * (closed loop), always bounded by a request count and a duration.
 */
final class LoadRunner {

    /** One request; returns true when the answer was the expected one. */
    @FunctionalInterface
    interface Call {
        boolean call() throws Exception;
    }

    /** What a run measured. */
    record Result(String name, String mode, long requests, long errors, double seconds, double p50Ms, double p99Ms, double maxMs) {

        double perSecond() {
            return requests / seconds;
        }
    }

    private LoadRunner() {}

    /** {@code rate} requests per second for {@code duration} (at most rate x duration requests), {@code maxInFlight} at once. */
    static Result fixedRate(String name, Call call, int rate, Duration duration, int maxInFlight) throws InterruptedException {
        int total = (int) Math.min(Integer.MAX_VALUE - 8, (long) rate * duration.toSeconds());
        AtomicLongArray latencies = new AtomicLongArray(total);
        AtomicInteger done = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        Semaphore inFlight = new Semaphore(maxInFlight);
        ExecutorService pool = Executors.newFixedThreadPool(maxInFlight, daemon());
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long intended = start + i * intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            inFlight.acquire();
            int index = i;
            pool.execute(() -> {
                try {
                    if (!call.call()) {
                        errors.incrementAndGet();
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    latencies.set(index, System.nanoTime() - intended);
                    done.incrementAndGet();
                    inFlight.release();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        return result(name, "fixed " + rate + "/s", latencies, done.get(), errors.get(), seconds);
    }

    /** {@code workers} closed loops for {@code duration} or until {@code maxRequests}, whichever comes first. */
    static Result max(String name, Call call, int workers, Duration duration, int maxRequests) throws InterruptedException {
        AtomicLongArray latencies = new AtomicLongArray(maxRequests);
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemon());
        for (int w = 0; w < workers; w++) {
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    int index = next.getAndIncrement();
                    if (index >= maxRequests) {
                        return;
                    }
                    long t0 = System.nanoTime();
                    try {
                        if (!call.call()) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies.set(index, System.nanoTime() - t0);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        return result(name, "max, " + workers + " workers", latencies, Math.min(next.get(), maxRequests), errors.get(), seconds);
    }

    private static Result result(String name, String mode, AtomicLongArray latencies, int count, long errors, double seconds) {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            nanos[i] = latencies.get(i);
        }
        return new Result(name, mode, count, errors, seconds, count == 0 ? 0 : Percentiles.ms(nanos, 0.50),
                count == 0 ? 0 : Percentiles.ms(nanos, 0.99), Percentiles.maxMs(nanos));
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "bench-load");
            t.setDaemon(true);
            return t;
        };
    }
}
