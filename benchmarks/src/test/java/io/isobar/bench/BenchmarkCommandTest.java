package io.isobar.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class BenchmarkCommandTest {

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = BenchmarkCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void everyBenchmarkHasItsName() {
        assertThat(BenchmarkCommand.names())
                .containsExactly("ingest", "backfill", "chaos", "query", "point", "read-path", "wrk", "live", "edr", "edr-paths", "abuse", "scale", "global");
    }

    @Test
    void anUnknownNameSaysSoAndListsTheNames() {
        assertThat(run("pointy", "--cold", "3")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("isobar benchmark: unknown benchmark 'pointy'; the benchmarks are: ingest, backfill, "
                + "chaos, query, point, read-path, wrk, live, edr, edr-paths, abuse, scale, global" + System.lineSeparator());
    }

    @Test
    void noNameListsTheNamesAndFails() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).startsWith("isobar benchmark: name the benchmark to run: ingest, backfill, chaos,")
                .contains("read-path").contains("Usage: isobar benchmark");
    }

    @Test
    void theFormerCliBenchmarksKeepTheirOptions() {
        CommandLine.ParseResult ingest = BenchmarkCommand.commandLine()
                .parseArgs("ingest", "--files", "10", "--freshness-files", "5", "--rate", "2", "--grid", "uk");
        IngestBenchmark parsed = (IngestBenchmark) ingest.subcommand().commandSpec().userObject();
        assertThat(parsed.files).isEqualTo(10);
        assertThat(parsed.freshnessFiles).isEqualTo(5);
        assertThat(parsed.grid.grid).isEqualTo("uk");
        CommandLine.ParseResult backfill = BenchmarkCommand.commandLine()
                .parseArgs("backfill", "--files", "20", "--parallelism", "1", "--concurrency", "4");
        assertThat(((BackfillBenchmark) backfill.subcommand().commandSpec().userObject()).job.parallelism()).isEqualTo(1);
        CommandLine.ParseResult chaos = BenchmarkCommand.commandLine().parseArgs("chaos", "--files", "50", "--reconcile-on-restart");
        assertThat(((ChaosBenchmark) chaos.subcommand().commandSpec().userObject()).reconcileOnRestart).isTrue();
    }

    @Test
    void everyBenchmarksSettingsAreOptionsWithTheirOwnDefaults() {
        PointBenchmark point = (PointBenchmark) BenchmarkCommand.commandLine().parseArgs("point", "--cold", "3", "--docs", "/tmp/b.md")
                .subcommand().commandSpec().userObject();
        assertThat(point.rounds.cold).isEqualTo(3);
        assertThat(point.rounds.warm).isEqualTo(5000);
        assertThat(point.report.docs).isEqualTo(java.nio.file.Path.of("/tmp/b.md"));
        EdrBenchmark edr = (EdrBenchmark) BenchmarkCommand.commandLine().parseArgs("edr").subcommand().commandSpec().userObject();
        assertThat(edr.rounds.cold).isEqualTo(20);
        assertThat(edr.rounds.warm).isEqualTo(200);
        assertThat(edr.report.docs).isEqualTo(java.nio.file.Path.of("docs/benchmarks.md"));
        QueryBenchmark query = (QueryBenchmark) BenchmarkCommand.commandLine().parseArgs("query", "--seconds", "3")
                .subcommand().commandSpec().userObject();
        assertThat(query.seconds).isEqualTo(3);
        assertThat(query.rate).isEqualTo(500);
        AbuseBenchmark abuse = (AbuseBenchmark) BenchmarkCommand.commandLine().parseArgs("abuse", "--seconds", "5")
                .subcommand().commandSpec().userObject();
        assertThat(abuse.seconds).isEqualTo(5);
        assertThat(abuse.ordinaryRate).isEqualTo(10);
        assertThat(abuse.badKeyClients).isEqualTo(20);
        assertThat(abuse.badKeyRate).isEqualTo(50);
        StringWriter help = new StringWriter();
        BenchmarkCommand.commandLine().getSubcommands().get("read-path").usage(new PrintWriter(help));
        assertThat(help.toString()).contains("--cold=N").contains("Default: 100").contains("Default: 2000").contains("--docs=FILE");
    }

    @Test
    void aBadOptionOfAKnownBenchmarkNamesTheOptionAndShowsThatBenchmarksUsage() {
        assertThat(run("ingest", "--filez", "3")).isEqualTo(2);
        assertThat(err.toString()).startsWith("isobar benchmark: Unknown options: '--filez', '3'").contains("Usage: isobar benchmark ingest");
    }

    @Test
    void aBadGridIsRefusedBeforeAnythingStarts() {
        SimulatedRuns.GridOption grid = new SimulatedRuns.GridOption();
        grid.grid = "huge";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> grid.covering(java.time.Instant.EPOCH, 10))
                .hasMessage("--grid must be small or uk, not 'huge'");
    }
}
