package io.isobar.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.json.Json;
import io.isobar.query.auth.ApiKeyRecord;
import io.isobar.query.auth.ApiKeys;
import io.isobar.query.auth.CreatedApiKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * {@code isobar keys create|list|revoke}: manages the query API's keys in the {@code api-keys} table, through the
 * same {@link ApiKeys} the service verifies with. Keys are stored only as SHA-256 hashes: {@code create} shows a
 * key once, and a lost key cannot be recovered (create another and revoke the lost one).
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Creates, lists and revokes query API keys (stored only as SHA-256 hashes).",
                "A revoked key stops working within 30 s (the service's verification cache)."},
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Which DynamoDB and which tables, shared by the three subcommands, through the options every command shares
     * ({@link CommandOptions}, {@link TablePrefixOption}): the local stack unless {@code --aws} or {@code --dynamodb-endpoint}.
     */
    public static final class Target {

        /** Kept so that scripts written when AWS was the default still run: the local stack is the default now. */
        @Option(names = "--local", hidden = true)
        boolean local;

        @Mixin
        CommandOptions options;

        @Mixin
        TablePrefixOption tables;

        PrintWriter out() {
            return options.out();
        }

        PrintWriter err() {
            return options.err();
        }

        AwsSettings settings() {
            return local ? AwsOptions.localStack() : options.aws().settings();
        }

        /** The DynamoDB endpoint, or empty for AWS itself. */
        Optional<URI> endpoint() {
            return settings().dynamoDbEndpoint();
        }

        String table() {
            return tables.tables().apiKeys();
        }

        /** Runs {@code action} on the key store, turning the usual failures into one clear line. */
        <T> T withKeys(Function<ApiKeys, T> action) {
            AwsSettings settings = settings();
            Optional<URI> where = settings.dynamoDbEndpoint();
            String place = where.map(URI::toString).orElse("AWS " + settings.region());
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
                return action.apply(new ApiKeys(dynamoDb, table(), Clock.systemUTC()));
            } catch (ResourceNotFoundException e) {
                throw new IllegalStateException("Table " + table() + " does not exist at " + place
                        + (where.isPresent() ? " (is `isobar local` running?)" : " (check --table-prefix and --region)"), e);
            } catch (SdkClientException e) {
                throw new IllegalStateException("Cannot reach DynamoDB at " + place + ": " + CliErrors.message(e)
                        + (where.isPresent() ? " (is `isobar local` running? Otherwise give --aws)" : ""), e);
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates a key for NAME and prints it on stdout, once: it is not stored and cannot be shown again."})
    static final class Create implements Callable<Integer> {

        @Mixin
        Target target;

        @Parameters(paramLabel = "NAME", description = "Who or what the key is for, e.g. alice@example.org or dashboard.")
        String name;

        @Option(names = "--json", description = "Print the key and its record as JSON.")
        boolean json;

        @Override
        public Integer call() {
            CreatedApiKey created = target.withKeys(keys -> keys.create(name));
            PrintWriter out = target.out();
            if (json) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("key", created.key());
                body.putAll(view(created.record()));
                out.println(toJson(body));
            } else {
                out.println(created.key());
                target.err().println("Created key " + created.record().keyId() + " for '" + created.record().name()
                        + "'. Keep it now: only its hash is stored. Send it in the x-api-key header.");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"Lists every key (never the keys themselves), oldest first."})
    static final class ListKeys implements Callable<Integer> {

        @Mixin
        Target target;

        @Option(names = "--json", description = "Print the records as a JSON array.")
        boolean json;

        @Override
        public Integer call() {
            List<ApiKeyRecord> records = target.withKeys(ApiKeys::list);
            PrintWriter out = target.out();
            if (json) {
                out.println(toJson(records.stream().map(KeysCommand::view).toList()));
            } else {
                out.printf("%-14s %-21s %-21s %s%n", "KEY_ID", "CREATED_AT", "REVOKED_AT", "NAME");
                for (ApiKeyRecord r : records) {
                    out.printf("%-14s %-21s %-21s %s%n", r.keyId(), r.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                            r.revokedAt() == null ? "-" : r.revokedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), r.name());
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revokes the key with id KEY_ID (see `isobar keys list`); services refuse it within 30 s."})
    static final class Revoke implements Callable<Integer> {

        @Mixin
        Target target;

        @Parameters(paramLabel = "KEY_ID", description = "The key's public id, e.g. k3f9a0c2d1b7e.")
        String keyId;

        @Override
        public Integer call() {
            Optional<ApiKeyRecord> revoked = target.withKeys(keys -> keys.revoke(keyId));
            if (revoked.isEmpty()) {
                target.err().println("keys revoke: no key has id " + keyId + " in table " + target.table());
                return 1;
            }
            PrintWriter out = target.out();
            out.println("Revoked key " + keyId + " ('" + revoked.get().name() + "') at "
                    + revoked.get().revokedAt() + "; services refuse it within 30 s.");
            out.flush();
            return 0;
        }
    }

    static Map<String, Object> view(ApiKeyRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key_id", r.keyId());
        m.put("name", r.name());
        m.put("created_at", r.createdAt().toString());
        m.put("revoked_at", r.revokedAt() == null ? null : r.revokedAt().toString());
        return m;
    }

    private static String toJson(Object value) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot print JSON", e);
        }
    }
}
