package io.isobar.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isobar.localaws.junit.LocalAwsExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

@ExtendWith(LocalAwsExtension.class)
class LocalDynamoDbITCase {

    private final LocalAws aws;
    @AutoClose
    private final DynamoDbClient dynamoDb;

    LocalDynamoDbITCase(LocalAws aws) {
        this.aws = aws;
        this.dynamoDb = TestClients.dynamoDb(aws);
    }

    @Test
    void queriesTheTableAndItsGlobalSecondaryIndex() {
        String table = createTable(dynamoDb, "files");
        put(dynamoDb, table, "run#20250614T0000Z", "a.nc", "valid#20250614T0100Z");
        put(dynamoDb, table, "run#20250614T0000Z", "b.nc", "valid#20250614T0200Z");
        put(dynamoDb, table, "run#20250614T0300Z", "c.nc", "valid#20250614T0100Z");

        List<Map<String, AttributeValue>> run = dynamoDb.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("run#20250614T0000Z")))).items();
        assertThat(run).extracting(item -> item.get("sk").s()).containsExactly("a.nc", "b.nc");

        List<Map<String, AttributeValue>> valid = dynamoDb.query(b -> b.tableName(table).indexName("by-valid")
                .keyConditionExpression("gsi_pk = :v")
                .expressionAttributeValues(Map.of(":v", s("valid#20250614T0100Z")))).items();
        assertThat(valid).extracting(item -> item.get("sk").s()).containsExactlyInAnyOrder("a.nc", "c.nc");
    }

    @Test
    void everyClientSeesTheSameTablesWhateverItsRegionAndCredentials() {
        String table = createTable(dynamoDb, "shared");
        put(dynamoDb, table, "p", "s", "g");

        try (DynamoDbClient other = TestClients.dynamoDb(aws, Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAOTHERUSER2", "other-secret")))) {
            assertThat(other.listTables(b -> b.limit(100)).tableNames()).contains(table);
            assertThat(other.getItem(b -> b.tableName(table).key(Map.of("pk", s("p"), "sk", s("s")))).item())
                    .containsEntry("gsi_pk", s("g"));
        }
    }

    @Test
    void accessKeyIdsMustBeAlphanumeric() {
        // DynamoDB Local checks the key id's shape (not its value): [A-Za-z0-9]+.
        try (DynamoDbClient hyphenated = TestClients.dynamoDb(aws, Region.EU_WEST_2,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("not-alphanumeric", "secret")))) {
            assertThatThrownBy(() -> hyphenated.listTables())
                    .isInstanceOf(DynamoDbException.class)
                    .hasMessageContaining("The Access Key ID or security token is invalid");
        }
    }

    /** A table keyed like a typical index: partition key pk, sort key sk, and a GSI on gsi_pk/sk. */
    static String createTable(DynamoDbClient dynamoDb, String prefix) {
        String table = LocalAws.uniqueName(prefix);
        dynamoDb.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("pk"), attribute("sk"), attribute("gsi_pk"))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName("by-valid")
                        .keySchema(key("gsi_pk", KeyType.HASH), key("sk", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .build()));
        TableStatus status = dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table)).matched().response()
                .orElseThrow().table().tableStatus();
        assertThat(status).isEqualTo(TableStatus.ACTIVE);
        return table;
    }

    static void put(DynamoDbClient dynamoDb, String table, String pk, String sk, String gsiPk) {
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of("pk", s(pk), "sk", s(sk), "gsi_pk", s(gsiPk))));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
