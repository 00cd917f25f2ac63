package io.isobar.bench;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** {@code --docs}: the benchmarks document a benchmark rewrites its own section of. */
final class ReportOption {

    /** The launcher names this checkout's document, so that a run from anywhere rewrites it. */
    @Option(names = "--docs", paramLabel = "FILE", defaultValue = "${sys:isobar.benchmarks.docs:-docs/benchmarks.md}",
            description = "The document whose section of this benchmark is rewritten (another file, e.g. /tmp/b.md, for a"
                    + " trial run that should not replace the recorded numbers).")
    Path docs;
}
