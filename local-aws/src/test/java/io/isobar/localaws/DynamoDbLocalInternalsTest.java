package io.isobar.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;

/**
 * The one private field local-aws reads ({@link DynamoDbLocalInternals}) is still there, a map, in this DynamoDB
 * Local: an upgrade that renames or retypes it fails here, by name, instead of leaving threads behind unnoticed.
 */
class DynamoDbLocalInternalsTest {

    @Test
    void theDatabasesMapIsWhereLocalAwsLooksForIt() throws Exception {
        Field field = LocalDynamoDBRequestHandler.class.getDeclaredField(DynamoDbLocalInternals.DATABASES_FIELD);
        assertThat(Map.class).isAssignableFrom(field.getType());

        LocalDynamoDBRequestHandler handler = new LocalDynamoDBRequestHandler(0, true, null, true, false);
        try {
            assertThat(DynamoDbLocalInternals.databases(handler)).as("no database opened before the first request").isEmpty();
        } finally {
            handler.shutdown();
        }
    }
}
