package io.isobar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.isobar.cli.local.LocalDefaults;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Every command that talks to AWS services has the same default, the running local stack, and goes to AWS only with
 * {@code --aws}; a missing credential is one line naming what to set.
 */
class AwsDefaultsTest {

    private static final URI LOCAL_S3 = LocalDefaults.endpoint(LocalDefaults.S3_PORT);
    private static final URI LOCAL_DYNAMODB = LocalDefaults.endpoint(LocalDefaults.DYNAMODB_PORT);

    @Test
    void everyAwsCommandDefaultsToTheLocalStack() {
        for (String[] args : new String[][] {{"inspect", "s3://isobar-archive/ukv/a.nc"}, {"publish", "a.nc"},
                {"reconcile", "--since", "2026-01-01T00:00:00Z"}, {"redrive"}, {"backfill", "--source", "s3://b/p"}}) {
            AwsOptions aws = options(args).aws();
            assertThat(aws.isAws()).as(args[0]).isFalse();
            assertThat(aws.settings().s3Endpoint()).as(args[0]).hasValue(LOCAL_S3);
            assertThat(aws.settings().dynamoDbEndpoint()).as(args[0]).hasValue(LOCAL_DYNAMODB);
        }
        assertThat(keys("list").endpoint()).hasValue(LOCAL_DYNAMODB);
    }

    @Test
    void awsOnlyWithTheFlag() {
        assertThat(options("inspect", "--aws", "s3://isobar-archive/ukv/a.nc").aws().settings().s3Endpoint()).isEmpty();
        assertThat(keys("list", "--aws").endpoint()).isEqualTo(Optional.empty());
        assertThat(keys("list", "--dynamodb-endpoint", "http://127.0.0.1:1234").endpoint()).hasValue(URI.create("http://127.0.0.1:1234"));
    }

    @Test
    void helpSaysOneDefault() {
        String help = new CommandLine(new InspectCommand()).getUsageMessage();
        assertThat(help).contains("local stack").doesNotContain("default: AWS");
    }

    @Test
    void aMissingCredentialIsOneLine() {
        SdkClientException chain = SdkClientException.create("Unable to load credentials from any of the providers in the chain"
                + " AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), ...]) : [...]");
        String line = CliErrors.message(new IllegalStateException("Cannot reach DynamoDB", chain));
        assertThat(line).isEqualTo(CliErrors.MISSING_CREDENTIALS).doesNotContain("\n").contains("AWS_ACCESS_KEY_ID");
        assertThat(CliErrors.oneLine("s3://b/k", chain)).startsWith("s3://b/k: no AWS credentials");
    }

    @Test
    void theGeneratedLocalKeyHasTheDocumentedForm() {
        String key = LocalCommand.randomKey();
        assertThat(key).matches("isb_[A-Za-z0-9_-]{43}");
        assertThat(io.isobar.query.auth.ApiKeys.isWellFormed(key)).isTrue();
    }

    /** The {@link CommandOptions} picocli fills for {@code args}. */
    private static CommandOptions options(String... args) {
        CommandLine cli = IsobarCommand.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        CommandLine sub = parsed.subcommand().commandSpec().commandLine();
        return (CommandOptions) sub.getCommandSpec().mixins().values().stream()
                .map(m -> m.userObject()).filter(CommandOptions.class::isInstance).findFirst().orElseThrow();
    }

    private static KeysCommand.Target keys(String... args) {
        CommandLine cli = IsobarCommand.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = "keys";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult parsed = cli.parseArgs(all);
        CommandLine sub = parsed.subcommand().subcommand().commandSpec().commandLine();
        return (KeysCommand.Target) sub.getCommandSpec().mixins().values().stream()
                .map(m -> m.userObject()).filter(KeysCommand.Target.class::isInstance).findFirst().orElseThrow();
    }
}
