package io.isobar.netcdf.grid;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.AsyncCache;

import io.isobar.failure.Rethrow;

/** One load per key at a time over an {@link AsyncCache}: concurrent callers for a key share the first one's load. */
final class SingleFlight {

    /** A load that may fail with an I/O error. */
    @FunctionalInterface
    interface Load<V> {
        V get() throws IOException;
    }

    private SingleFlight() {}

    /**
     * The cached value, or the one another caller is loading, or else loads it on this thread. Loading outside the
     * cache's compute methods keeps a slow read from blocking other keys; a failed load is not cached.
     *
     * @param hits counts the calls served by the cache or another caller's load; may be null
     */
    static <K, V> V load(AsyncCache<K, V> cache, K key, Load<V> loader, AtomicLong hits) throws IOException {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> current = cache.asMap().putIfAbsent(key, mine);
        if (current != null) {
            if (hits != null) {
                hits.incrementAndGet();
            }
            return Rethrow.join(current);
        }
        try {
            V value = loader.get();
            mine.complete(value);
            return value;
        } catch (IOException | RuntimeException | Error e) {
            cache.asMap().remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** The value of a load that has completed well, else null (never waits). */
    static <V> V ifLoaded(CompletableFuture<V> future) {
        return future != null && future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
    }
}
