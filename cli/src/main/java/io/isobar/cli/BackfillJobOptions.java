package io.isobar.cli;

import picocli.CommandLine.Option;

/**
 * How a backfill job runs: its Flink parallelism and the header reads and archive copies in flight per subtask. Shared
 * by {@code isobar backfill} and the backfill benchmark, which measures the backfill exactly as the command runs it.
 */
public final class BackfillJobOptions {

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--concurrency", defaultValue = "16",
            description = "Header reads and archive copies in flight per subtask (default: ${DEFAULT-VALUE}).")
    int concurrency;

    /** Flink slots, one per subtask. */
    public int parallelism() {
        return parallelism;
    }

    /** Files in flight per subtask ({@code enrich.concurrency}). */
    public int concurrency() {
        return concurrency;
    }
}
