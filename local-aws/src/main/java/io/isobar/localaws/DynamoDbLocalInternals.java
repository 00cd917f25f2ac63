package io.isobar.localaws;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;

/**
 * The one place local-aws reaches into a library's private parts (local only: the emulators never run in
 * production). DynamoDB Local's request handler opens its databases lazily and keeps them in a private map; each
 * database runs background jobs (shard rollover of streams) on a non-daemon pool whose sleeping thread outlives
 * {@code shutdown()} for minutes, keeping a test or CLI JVM alive. Its public {@code shutdownNow()} stops it, but
 * only the map leads to the databases. {@code DynamoDbLocalInternalsTest} fails loudly if a DynamoDB Local upgrade
 * renames or retypes the field.
 */
final class DynamoDbLocalInternals {

    /** Checked against DynamoDBLocal 2.6.1. */
    static final String DATABASES_FIELD = "dbRequestHandlers";

    private DynamoDbLocalInternals() {}

    /** The databases {@code handler} has opened so far. */
    static List<AmazonDynamoDBLocal> databases(LocalDynamoDBRequestHandler handler) {
        try {
            Field field = LocalDynamoDBRequestHandler.class.getDeclaredField(DATABASES_FIELD);
            field.setAccessible(true);
            Map<?, ?> databases = (Map<?, ?>) field.get(handler);
            return databases.values().stream().map(AmazonDynamoDBLocal.class::cast).toList();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("DynamoDB Local's " + LocalDynamoDBRequestHandler.class.getSimpleName() + "."
                    + DATABASES_FIELD + " is not the map of databases local-aws was written for (DynamoDBLocal 2.6.1)", e);
        }
    }
}
