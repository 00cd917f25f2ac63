package io.isobar.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The local tables get the deployed tables' time to live: files and error records expire. */
@ExtendWith(LocalAwsExtension.class)
class IndexSchemaITCase {

    @Test
    void timeToLiveIsEnabledOnTheFilesValidTimesAndErrorsTablesAndEnablingIsIdempotent(LocalAws aws) {
        AwsSettings settings = AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint());
        IndexSchema.TableNames names = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("ttl"));
        try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
            IndexSchema.createTables(dynamoDb, names);
            IndexSchema.enableTimeToLive(dynamoDb, names);
            IndexSchema.enableTimeToLive(dynamoDb, names); // a restart with --data-dir

            // Markers and summaries expire with the files they count, like the files and the error records.
            for (String table : new String[] {names.files(), names.validTimes(), names.errors()}) {
                var ttl = dynamoDb.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
                assertThat(ttl.timeToLiveStatus()).as(table).isEqualTo(TimeToLiveStatus.ENABLED);
                assertThat(ttl.attributeName()).as(table).isEqualTo("expires_at");
            }
            assertThat(dynamoDb.describeTimeToLive(b -> b.tableName(names.apiKeys())).timeToLiveDescription()
                    .timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
        }
    }
}
