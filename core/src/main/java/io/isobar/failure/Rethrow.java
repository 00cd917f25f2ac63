package io.isobar.failure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The one place the readers throw a failure caught elsewhere (in a future, a read-ahead, the byte source) again as
 * itself, so callers see the {@link IOException} or runtime exception that happened, not a wrapper.
 */
public final class Rethrow {

    private Rethrow() {}

    /** Throws {@code failure} as itself when it is an I/O failure, unchecked or an error; returns otherwise. */
    public static void ifThrowable(Throwable failure) throws IOException {
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
    }

    /**
     * The future's value, or the failure that ended it thrown as itself (an {@link IOException} a task had to wrap in
     * an {@link UncheckedIOException} included).
     */
    public static <V> V join(CompletableFuture<V> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException e) {
            ifThrowable(e.getCause() instanceof UncheckedIOException unchecked ? unchecked.getCause() : e.getCause());
            throw e;
        }
    }
}
