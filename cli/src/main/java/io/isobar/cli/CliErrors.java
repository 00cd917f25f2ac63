package io.isobar.cli;

import picocli.CommandLine;

/**
 * Turns an exception escaping a command into one line on stderr and a non-zero exit code; the stack
 * trace only with {@code --verbose} (an option of the command that failed, e.g. from {@link CommandOptions}).
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        cli.getErr().println(cli.getCommandName() + ": " + message(e));
        // The subcommand's own parse result: --verbose is the subcommand's option, never the top-level command's.
        CommandLine.ParseResult own = cli.getParseResult();
        if ((own != null ? own : parsed).hasMatchedOption("--verbose")) {
            e.printStackTrace(cli.getErr());
        }
        return 1;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** The error line for one input: the message alone when it already names the input, else prefixed with it. */
    static String oneLine(Object input, Throwable e) {
        String message = message(e);
        return message.contains(input.toString()) ? message : input + ": " + message;
    }
}
