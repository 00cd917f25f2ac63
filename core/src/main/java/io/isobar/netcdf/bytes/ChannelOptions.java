package io.isobar.netcdf.bytes;

import java.util.concurrent.Executor;

/**
 * How a {@link CachingChannel} reads.
 *
 * @param blockSize bytes per block (default 64 KiB)
 * @param headBlocks blocks fetched from the start of the file on first use (default 2)
 * @param tailBlocks blocks fetched from the end of the file on first use (default 2; 0 for none)
 * @param maxCachedBlocks blocks kept at most (default 32, i.e. 2 MiB)
 * @param prefetchExecutor runs the tail fetch when it can run alongside the head fetch
 */
public record ChannelOptions(int blockSize, int headBlocks, int tailBlocks, int maxCachedBlocks, Executor prefetchExecutor) {

    public static final int DEFAULT_BLOCK_SIZE = 64 * 1024;

    /** Runs each task on a new daemon thread: a prefetch needs one extra thread for a moment, no pool. */
    private static final Executor NEW_THREAD = task -> {
        Thread thread = new Thread(task, "isobar-prefetch");
        thread.setDaemon(true);
        thread.start();
    };

    public ChannelOptions {
        if (blockSize <= 0 || headBlocks < 1 || tailBlocks < 0) {
            throw new IllegalArgumentException("need blockSize > 0, headBlocks >= 1, tailBlocks >= 0; got "
                    + blockSize + ", " + headBlocks + ", " + tailBlocks);
        }
        if (maxCachedBlocks < headBlocks + tailBlocks) {
            throw new IllegalArgumentException("maxCachedBlocks " + maxCachedBlocks + " cannot hold the "
                    + (headBlocks + tailBlocks) + " prefetched blocks");
        }
        if (prefetchExecutor == null) {
            prefetchExecutor = NEW_THREAD;
        }
    }

    /** 64 KiB blocks, 2 from the head and 2 from the tail, at most 32 kept. */
    public static ChannelOptions defaults() {
        return new ChannelOptions(DEFAULT_BLOCK_SIZE, 2, 2, 32, NEW_THREAD);
    }

    public ChannelOptions withBlockSize(int bytes) {
        return new ChannelOptions(bytes, headBlocks, tailBlocks, maxCachedBlocks, prefetchExecutor);
    }

    public ChannelOptions withPrefetch(int head, int tail) {
        return new ChannelOptions(blockSize, head, tail, Math.max(maxCachedBlocks, head + tail), prefetchExecutor);
    }

    public ChannelOptions withMaxCachedBlocks(int blocks) {
        return new ChannelOptions(blockSize, headBlocks, tailBlocks, blocks, prefetchExecutor);
    }

    public ChannelOptions withPrefetchExecutor(Executor executor) {
        return new ChannelOptions(blockSize, headBlocks, tailBlocks, maxCachedBlocks, executor);
    }
}
