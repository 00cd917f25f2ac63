package io.isobar.query.auth;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The hashes of every unrevoked key, from a Scan of the api-keys table taken at most once per {@code interval}, and only
 * when asked: the authenticator asks only about a key it has no verdict for that comes from an address over its
 * failed-key budget. Such a key is looked up (one GetItem) only if it is here, so a flood of made-up keys costs one
 * Scan per interval however fast it comes, while every real key, even one the instance has never seen, still works.
 *
 * <p>A key created after the last Scan is not here yet: from an address over its budget it is refused until the next
 * Scan, at most {@code interval} later (the first such request takes the Scan itself).
 */
final class KnownKeys {

    private static final Logger LOG = LoggerFactory.getLogger(KnownKeys.class);

    private final ApiKeys keys;
    private final Ticker ticker;
    private final long intervalNanos;
    private final AtomicBoolean scanning = new AtomicBoolean();
    /** Ticker time of the last Scan attempted (failed ones too: DynamoDB down is no reason to ask on every request). */
    private final AtomicLong lastAttempt = new AtomicLong(Long.MIN_VALUE);
    private volatile Set<String> hashes = Set.of();

    KnownKeys(ApiKeys keys, Duration interval, Ticker ticker) {
        this.keys = keys;
        this.ticker = ticker;
        this.intervalNanos = interval.toNanos();
    }

    /** Whether {@code hash} may be a valid key: in the last Scan, or in one taken now if the last is old enough. */
    boolean mayBeValid(String hash) {
        if (hashes.contains(hash)) {
            return true;
        }
        long last = lastAttempt.get();
        long now = ticker.read();
        if ((last == Long.MIN_VALUE || now - last >= intervalNanos) && scanning.compareAndSet(false, true)) {
            // One Scan at a time: requests arriving meanwhile answer from the Scan before.
            try {
                lastAttempt.set(now);
                hashes = Set.copyOf(keys.unrevokedHashes());
            } catch (RuntimeException e) {
                LOG.warn("Could not list the API keys (made-up keys from blocked addresses stay refused): {}", e.toString());
            } finally {
                scanning.set(false);
            }
            return hashes.contains(hash);
        }
        return false;
    }
}
