package io.isobar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code isobar} command: the entry point of the launcher script and of the CLI jar.
 *
 * <p>Failures print one line naming what failed and why, and exit non-zero; {@code --verbose} adds the
 * stack trace.
 */
@Command(name = "isobar",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Makes Met Office forecast files queryable seconds after they land.",
        subcommands = {LocalCommand.class, InspectCommand.class, PublishCommand.class, KeysCommand.class, BackfillCommand.class,
                RedriveCommand.class, ReconcileCommand.class,
                BenchmarkCommand.class, CommandLine.HelpCommand.class})
public final class IsobarCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by the tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new IsobarCommand());
        cli.setExecutionExceptionHandler(new CliErrors());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
