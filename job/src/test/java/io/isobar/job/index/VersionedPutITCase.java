package io.isobar.job.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.model.ForecastFile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The files sink's conditional write, against DynamoDB Local: of two versions of one file's entry (same key, the
 * older read first), whichever finishes last, the newer stays; a replay of the same version, and an entry written
 * before versions existed, are overwritten as before.
 */
@ExtendWith(LocalAwsExtension.class)
class VersionedPutITCase {

    private static final Instant READ_FIRST = Instant.parse("2026-11-23T06:10:00.100Z");
    private static final Instant READ_LATER = Instant.parse("2026-11-23T06:10:03.200Z");

    private static ForecastFile version(Instant readAt, String etag) {
        Instant run = Instant.parse("2026-11-23T06:00:00Z");
        return new ForecastFile("s3/mo/k.nc", "ukv", "air_temperature", "air_temperature", null, "K", null, run, 3600,
                run.plusSeconds(3600), List.of(), List.of(1.5), List.of(), List.of("y", "x"), "s3://archive/k-" + etag + ".nc",
                "s3://mo/k.nc", 100, etag, readAt);
    }

    @Test
    void anOlderVersionFinishingLateDoesNotOverwriteANewerOne(LocalAws aws) throws Exception {
        AwsSettings settings = AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint());
        IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("versions"));
        try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings);
                IndexSinks.PatientClientProvider client = new IndexSinks.PatientClientProvider(settings, Duration.ofMinutes(1))) {
            IndexSchema.createTables(dynamoDb, tables);
            String table = tables.files();
            Map<String, AttributeValue> older = FileItems.toItem(version(READ_FIRST, "v1"));
            Map<String, AttributeValue> newer = FileItems.toItem(version(READ_LATER, "v2"));

            assertThat(VersionedPut.put(client.getClient(), table, newer).join()).isEqualTo(VersionedPut.Outcome.WRITTEN);
            assertThat(VersionedPut.put(client.getClient(), table, older).join()).isEqualTo(VersionedPut.Outcome.SUPERSEDED);
            assertThat(stored(dynamoDb, table).etag()).as("the newer version stays").isEqualTo("v2");

            assertThat(VersionedPut.put(client.getClient(), table, newer).join()).as("a replay of the same version")
                    .isEqualTo(VersionedPut.Outcome.WRITTEN);

            Map<String, AttributeValue> unversioned = new java.util.HashMap<>(older);
            unversioned.remove(FileItems.VERSION);
            dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(IndexSchema.FILES_PK, newer.get(IndexSchema.FILES_PK),
                    IndexSchema.FILES_SK, newer.get(IndexSchema.FILES_SK))));
            assertThat(VersionedPut.put(client.getClient(), table, unversioned).join()).isEqualTo(VersionedPut.Outcome.WRITTEN);
            assertThat(VersionedPut.put(client.getClient(), table, older).join())
                    .as("a versioned entry over one written before versions").isEqualTo(VersionedPut.Outcome.WRITTEN);
            assertThat(VersionedPut.put(client.getClient(), table, newer).join()).isEqualTo(VersionedPut.Outcome.WRITTEN);
            assertThat(stored(dynamoDb, table).etag()).isEqualTo("v2");
        }
    }

    private static ForecastFile stored(DynamoDbClient dynamoDb, String table) {
        List<Map<String, AttributeValue>> items = dynamoDb.scan(b -> b.tableName(table)).items();
        assertThat(items).hasSize(1);
        return FileItems.fromItem(items.get(0));
    }
}
