package io.isobar.cli;

import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkClientException;

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
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SdkClientException && String.valueOf(t.getMessage()).startsWith("Unable to load credentials")) {
                // The SDK's message lists every provider of its chain (1.5 KB); what to do fits on one line.
                return MISSING_CREDENTIALS;
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static final String MISSING_CREDENTIALS = "no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY (or leave out --aws to use the local stack)";

    /** The error line for one input: the message alone when it already names the input, else prefixed with it. */
    static String oneLine(Object input, Throwable e) {
        String message = message(e);
        return message.contains(input.toString()) ? message : input + ": " + message;
    }
}
