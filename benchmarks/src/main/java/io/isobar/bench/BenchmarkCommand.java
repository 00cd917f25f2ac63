package io.isobar.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code isobar benchmark NAME}: every benchmark whose results are recorded in {@code docs/benchmarks.md}. The launcher
 * runs this class from the benchmarks module's jar (the CLI's own jar does not hold the benchmarks).
 */
@Command(name = "isobar benchmark", usageHelpAutoWidth = true,
        description = {"Runs a benchmark on an in-process local stack and prints its numbers (docs/benchmarks.md lists them all).",
                "Each takes its settings as options (isobar benchmark NAME --help); query, point, read-path, wrk, live, edr and edr-paths "
                        + "also write their own section of docs/benchmarks.md (or of the file --docs names)."},
        subcommands = {IngestBenchmark.class, BackfillBenchmark.class, ChaosBenchmark.class, QueryBenchmark.class,
                PointBenchmark.class, ReadPathBenchmark.class, WrkComparison.class, LiveBenchmark.class, EdrBenchmark.class,
                EdrPathsBenchmark.class, AbuseBenchmark.class, ScaleBenchmark.class, GlobalBenchmark.class})
public final class BenchmarkCommand implements Callable<Integer> {

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Exits with the benchmark's code; DynamoDB Local leaves a non-daemon thread behind, so the JVM is ended here. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by the tests. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BenchmarkCommand());
        cli.setParameterExceptionHandler(BenchmarkCommand::unknownName);
        return cli;
    }

    /** The benchmarks' names, in the order of the help. */
    static List<String> names() {
        return List.copyOf(commandLine().getSubcommands().keySet());
    }

    /** No name given: the usage, which lists every benchmark. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("isobar benchmark: name the benchmark to run: " + String.join(", ", names()));
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** An unknown name says so and lists the names; any other bad argument gets picocli's message and the usage. */
    private static int unknownName(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        boolean topLevel = e.getCommandLine().getCommandSpec().userObject() instanceof BenchmarkCommand;
        if (topLevel && e instanceof CommandLine.UnmatchedArgumentException && args.length > 0 && !args[0].startsWith("-")) {
            err.println("isobar benchmark: unknown benchmark '" + args[0] + "'; the benchmarks are: " + String.join(", ", names()));
        } else {
            err.println("isobar benchmark: " + e.getMessage());
            e.getCommandLine().usage(err);
        }
        return 2;
    }
}
