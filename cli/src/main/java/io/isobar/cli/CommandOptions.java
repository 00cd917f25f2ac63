package io.isobar.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command that talks to S3, SQS or DynamoDB shares: where they are ({@link AwsOptions}), {@code --verbose},
 * and the command's own output streams. Public so that commands outside this package can mix it in too.
 */
public final class CommandOptions {

    @Option(names = "--verbose", description = "Print stack traces on failure.")
    boolean verbose;

    @Mixin
    AwsOptions aws;

    /** The command this is mixed into, for its output streams. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Where S3, SQS and DynamoDB are. */
    public AwsOptions aws() {
        return aws;
    }

    public PrintWriter out() {
        return command.commandLine().getOut();
    }

    public PrintWriter err() {
        return command.commandLine().getErr();
    }

    /**
     * Reports that one input of several failed, in one line on stderr (and its stack trace with {@code --verbose}),
     * so the command can go on with the others.
     */
    public void failed(Object input, Exception e) {
        err().println(command.name() + ": " + CliErrors.oneLine(input, e));
        if (verbose) {
            e.printStackTrace(err());
        }
    }
}
