package io.isobar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.isobar.cli.InspectCommandTest.Run;

/**
 * A failure escaping a command is one line on stderr and exit code 1; {@code --verbose}, an option of the failing
 * subcommand, adds the stack trace. (Publishing to AWS without a queue URL fails before any request is made.)
 */
class CliErrorsTest {

    private static final String MESSAGE = "--queue-url is required with --aws";

    @Test
    void aFailureIsOneLine() {
        Run run = InspectCommandTest.run("publish", "--aws", "file.nc");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly("publish: " + MESSAGE);
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run run = InspectCommandTest.run("publish", "--aws", "--verbose", "file.nc");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines().findFirst()).contains("publish: " + MESSAGE);
        assertThat(run.err()).contains(IllegalArgumentException.class.getName() + ": " + MESSAGE)
                .contains("at " + PublishCommand.class.getName() + ".call");
    }
}
