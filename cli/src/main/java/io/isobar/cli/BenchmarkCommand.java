package io.isobar.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code isobar benchmark}: named here so that the help lists it. The benchmarks live in the {@code benchmarks} module,
 * which depends on this one; the {@code isobar} launcher builds that module and runs them from it.
 */
@Command(name = "benchmark", description = "Runs a benchmark by name: `./isobar benchmark --help` lists them (docs/benchmarks.md).")
public final class BenchmarkCommand implements Callable<Integer> {

    @Unmatched
    List<String> arguments;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("isobar benchmark: the benchmarks are in the benchmarks module; run them through the"
                + " launcher, `./isobar benchmark NAME`, which builds that module first");
        return 2;
    }
}
