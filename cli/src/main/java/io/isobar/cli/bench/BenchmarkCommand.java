package io.isobar.cli.bench;

import picocli.CommandLine.Command;

/** {@code isobar benchmark}: the benchmarks whose results are recorded in {@code docs/benchmarks.md}. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Runs a benchmark on an in-process local stack and prints the numbers for docs/benchmarks.md.",
        subcommands = {IngestBenchmark.class, BackfillBenchmark.class, ChaosBenchmark.class})
public final class BenchmarkCommand {}
