package io.isobar.query.admission;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import io.isobar.query.auth.Access;
import io.isobar.query.auth.RateLimit;
import io.isobar.query.auth.RateLimiter;
import io.isobar.query.http.AccessLog;
import io.isobar.query.http.ApiProblem;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Admission control: how much work each API key may have in progress, how much the instance takes on at once, and
 * how much each key may read per second, so that no key can starve the others and nothing queues without bound.
 *
 * <p>Every request on a route that needs a key ({@link Access#API_KEY}; not public routes, not the event stream,
 * which has caps of its own) is admitted before its handler runs and released after, in three steps:
 * <ol>
 *   <li>its key's <b>cost budget</b> ({@link Settings#cost}, in values read per second, a token bucket) must not be
 *       empty, else 429 {@code over-budget} with {@code Retry-After}. Every data request's cost is known from the index
 *       before any file is opened ({@code ForecastPlan.estimatedValues()}); its handler takes it from the budget then
 *       ({@link #reserve}), or is refused before any I/O, and gives back what turned out not to be read
 *       ({@link #refund}: a map already drawn);</li>
 *   <li>its key may have {@link Settings#perKey} requests in progress; more wait, at most {@link Settings#perKeyQueue}
 *       of them and at most {@link Settings#maxWait}, else 429 {@code key-busy} with {@code Retry-After};</li>
 *   <li>the instance takes at most {@link Settings#maxInProgress} requests at once and lets at most
 *       {@link Settings#maxQueued} wait in all; past either, 503 {@code service-busy} with {@code Retry-After}.</li>
 * </ol>
 * One key can so hold at most {@code perKey} of the instance's {@code maxInProgress} slots and {@code perKeyQueue} of its
 * waiting places: another key's requests find room. Counts are per instance, in memory.
 *
 * <p>Metrics: {@code isobar_admission_refused_total{reason}} ({@code over_budget}, {@code key_busy},
 * {@code service_busy}), {@code isobar_admission_in_progress}, {@code isobar_admission_queued}.
 */
public final class Admission {

    /**
     * How much work the instance and each key may have.
     *
     * @param maxInProgress requests of all keys in progress at once (the instance is full beyond: 503)
     * @param maxQueued requests of all keys waiting for their key's slot at once (beyond: 503)
     * @param perKey requests of one key in progress at once
     * @param perKeyQueue requests of one key waiting for a slot at once (beyond: 429)
     * @param maxWait the longest a request waits for its key's slot (then: 429)
     * @param cost values one key may read per second, and in a burst
     */
    public record Settings(int maxInProgress, int maxQueued, int perKey, int perKeyQueue, Duration maxWait, RateLimit cost) {

        /**
         * 64 in progress and 64 waiting per instance; 4 in progress and 16 waiting per key, up to 1 s; 250,000 values per
         * second per key, bursts of 1,000,000 (two of the largest answers). Measured on 2 cores (docs/benchmarks.md, Abuse):
         * a key sending 55,000-value areas as fast as it could held 8 slots and kept the CPU busy.
         */
        public static final Settings DEFAULT = new Settings(64, 64, 4, 16, Duration.ofSeconds(1), new RateLimit(250_000, 1_000_000));

        public Settings {
            if (maxInProgress < 1 || perKey < 1 || perKey > maxInProgress || maxQueued < 0 || perKeyQueue < 0) {
                throw new IllegalArgumentException("Admission needs 1 <= perKey (" + perKey + ") <= maxInProgress (" + maxInProgress
                        + ") and queues of 0 or more (" + maxQueued + ", " + perKeyQueue + ")");
            }
            if (maxWait == null || maxWait.isNegative()) {
                throw new IllegalArgumentException("Admission's longest wait must be 0 or more, not " + maxWait);
            }
            if (cost == null) {
                throw new IllegalArgumentException("Admission needs a cost budget");
            }
        }

        /** With {@code n} requests of one key in progress at once (and the instance taking at least as many). */
        public Settings withPerKey(int n) {
            return new Settings(Math.max(maxInProgress, n), maxQueued, n, perKeyQueue, maxWait, cost);
        }

        /** With a cost budget of {@code valuesPerSecond}, bursts of four times that (as the default). */
        public Settings withCost(double valuesPerSecond) {
            return new Settings(maxInProgress, maxQueued, perKey, perKeyQueue, maxWait,
                    new RateLimit(valuesPerSecond, (int) Math.min(Integer.MAX_VALUE, Math.max(1, 4 * valuesPerSecond))));
        }
    }

    /** The admission of one request: release it exactly once ({@link #close}), after the work. */
    public final class Permit implements AutoCloseable {
        private final String keyId;
        private final KeyState key;
        private final AtomicBoolean released = new AtomicBoolean();
        /** Values taken from the budget for this request and not given back. */
        private final AtomicLong reserved = new AtomicLong();

        private Permit(String keyId, KeyState key) {
            this.keyId = keyId;
            this.key = key;
        }

        /**
         * Takes {@code values} about to be read from the key's cost budget, before any I/O (more than a burst's worth
         * counts as a burst: a request within the limits always fits a full budget).
         *
         * @throws ApiProblem 429 {@code over-budget} when the budget does not hold them now
         */
        public void reserve(long values) {
            long owed = values > 0 ? costs.acquire(keyId, values) : 0;
            if (owed > 0) {
                throw overBudget(owed, values);
            }
            reserved.addAndGet(Math.max(0, values));
        }

        /** Gives back up to {@code values} of what {@link #reserve} took, that the request did not read after all. */
        public void refund(long values) {
            long back = Math.min(values, reserved.getAndUpdate(r -> r - Math.min(values, r)));
            if (back > 0) {
                costs.refund(keyId, back);
            }
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                inProgress.release();
                key.slots.release();
            }
        }
    }

    /** The request attribute that holds a request's {@link Permit} between {@link #enter} and {@link #leave}. */
    private static final String PERMIT_ATTRIBUTE = "isobar.admission";

    private final Settings settings;
    private final Semaphore inProgress;
    private final AtomicInteger queued = new AtomicInteger();
    private final Cache<String, KeyState> keys;
    private final RateLimiter costs;
    private final Counter overBudget;
    private final Counter keyBusy;
    private final Counter serviceBusy;

    public Admission(Settings settings, Ticker ticker, MeterRegistry registry) {
        this.settings = settings;
        this.inProgress = new Semaphore(settings.maxInProgress());
        // Only keys that passed authentication get here, so there are as many entries as live keys; an idle key's entry
        // goes after 10 minutes (a request holds its own entry through its permit meanwhile).
        this.keys = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).ticker(ticker).build();
        this.costs = new RateLimiter(settings.cost(), ticker);
        this.overBudget = refused(registry, "over_budget");
        this.keyBusy = refused(registry, "key_busy");
        this.serviceBusy = refused(registry, "service_busy");
        Gauge.builder("isobar.admission.in.progress", inProgress, s -> settings.maxInProgress() - s.availablePermits())
                .description("Requests admitted and not yet finished").register(registry);
        Gauge.builder("isobar.admission.queued", queued, AtomicInteger::get)
                .description("Requests waiting for their key's slot").register(registry);
    }

    private static Counter refused(MeterRegistry registry, String reason) {
        return Counter.builder("isobar.admission.refused").tag("reason", reason)
                .description("Requests refused by admission control: key over its cost budget or its concurrency (429),"
                        + " instance full (503)")
                .register(registry);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Admits a request of {@code keyId} whose cost is known to be {@code cost} values before any I/O (0 when it is not
     * known yet; charge it later), waiting at most {@link Settings#maxWait} for a slot of the key.
     *
     * @throws ApiProblem 429 {@code over-budget} or {@code key-busy}, 503 {@code service-busy}
     */
    public Permit admit(String keyId, long cost) {
        long owed = costs.peek(keyId);
        if (owed > 0) {
            throw overBudget(owed, 0);
        }
        KeyState key = keys.get(keyId, k -> new KeyState(settings.perKey()));
        if (!key.slots.tryAcquire()) {
            waitForSlot(key);
        }
        if (!inProgress.tryAcquire()) {
            key.slots.release();
            throw busy();
        }
        Permit permit = new Permit(keyId, key);
        try {
            permit.reserve(cost);
        } catch (ApiProblem refused) {
            permit.close();
            throw refused;
        }
        return permit;
    }

    private ApiProblem overBudget(long owedNanos, long cost) {
        overBudget.increment();
        long seconds = seconds(owedNanos);
        long budget = (long) settings.cost().permitsPerSecond();
        String why = cost > 0
                ? "This request would read " + cost + " values, more than this key's budget of " + budget + " values per second has left"
                : "This key has read more values lately than its budget of " + budget + " values per second allows";
        return new ApiProblem(429, "over-budget", "Over the key's work budget", why + "; retry after " + seconds + " s",
                Map.of("Retry-After", Long.toString(seconds)));
    }

    /** Waits for a slot of {@code key} within the key's and the instance's queue bounds, or refuses. */
    private void waitForSlot(KeyState key) {
        if (key.waiting.incrementAndGet() > settings.perKeyQueue()) {
            key.waiting.decrementAndGet();
            throw keyBusy();
        }
        try {
            if (queued.incrementAndGet() > settings.maxQueued()) {
                throw busy();
            }
            try {
                if (!key.slots.tryAcquire(settings.maxWait().toNanos(), TimeUnit.NANOSECONDS)) {
                    throw keyBusy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw busy();
            }
        } finally {
            queued.decrementAndGet();
            key.waiting.decrementAndGet();
        }
    }

    private ApiProblem keyBusy() {
        keyBusy.increment();
        return new ApiProblem(429, "key-busy", "Too many requests in progress", "This key already has " + settings.perKey()
                + " requests in progress and " + settings.perKeyQueue() + " waiting, the most one key may; retry after 1 s",
                Map.of("Retry-After", "1"));
    }

    private ApiProblem busy() {
        serviceBusy.increment();
        return ApiProblem.serviceBusy();
    }

    /** A before-handler: admits the request if its route needs a key (the authenticator ran before and named the key). */
    public void enter(Context ctx) {
        String keyId = ctx.attribute(AccessLog.KEY_ID_ATTRIBUTE);
        if (keyId != null && ctx.routeRoles().contains(Access.API_KEY)) {
            ctx.attribute(PERMIT_ATTRIBUTE, admit(keyId, 0));
        }
    }

    /** An after-handler (it runs after failures too): releases what {@link #enter} admitted. */
    public void leave(Context ctx) {
        Permit permit = ctx.attribute(PERMIT_ATTRIBUTE);
        if (permit != null) {
            permit.close();
        }
    }

    /**
     * Takes {@code values} the request is about to read from its key's cost budget, before any I/O (a cost known from
     * the index alone); nothing for a request not admitted (a public route).
     *
     * @throws ApiProblem 429 {@code over-budget} when the budget does not hold them now
     */
    public static void reserve(Context ctx, long values) {
        Permit permit = ctx.attribute(PERMIT_ATTRIBUTE);
        if (permit != null) {
            permit.reserve(values);
        }
    }

    /** Gives back up to {@code values} the request reserved and did not read (its answer came from a cache). */
    public static void refund(Context ctx, long values) {
        Permit permit = ctx.attribute(PERMIT_ATTRIBUTE);
        if (permit != null) {
            permit.refund(values);
        }
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** One key's slots and how many of its requests wait for one. */
    private static final class KeyState {
        final Semaphore slots;
        final AtomicInteger waiting = new AtomicInteger();

        KeyState(int perKey) {
            this.slots = new Semaphore(perKey, true);
        }
    }
}
