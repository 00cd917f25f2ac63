package io.isobar.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.IndexSchema;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.model.MetOfficeKey;
import io.isobar.model.MetOfficeProduct;
import io.isobar.model.MetOfficeProducts;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Reconcile finds the objects of every product's 2026 layout in the runs since a time, by run folder: a deterministic
 * product's {@code RUN/} folders, the ensembles' and blends' dated {@code yyyy/MM/dd/THHmmZ/} ones, across midnight;
 * and none of an earlier run.
 */
@ExtendWith(LocalAwsExtension.class)
class ReconcilerLayoutsITCase {

    @Test
    void listsTheRunFoldersOfEveryLayoutSinceATime(LocalAws aws) {
        AwsSettings settings = AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint());
        try (S3Client s3 = AwsClients.s3(settings); SqsClient sqs = AwsClients.sqs(settings);
                DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
            String bucket = LocalAws.uniqueName("feed");
            s3.createBucket(b -> b.bucket(bucket));
            IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("rc"));
            IndexSchema.createTables(dynamoDb, tables);
            String queueUrl = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("ingest"))).queueUrl();

            // Runs yesterday at 22Z and 23Z and today at 00Z (across midnight), for one product of each layout.
            Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
            Instant before = today.minus(Duration.ofHours(2));
            Instant since = today.minus(Duration.ofHours(1));
            List<String> wanted = new ArrayList<>();
            for (String name : List.of("ukv", "mogreps-uk", "bpf-uk-spot-percentiles")) {
                MetOfficeProduct product = MetOfficeProducts.require(name);
                for (Instant run : List.of(before, since, today)) {
                    for (long step : List.of(0L, 3600L)) {
                        String key = MetOfficeKey.path(product, run, step, "temperature_at_screen_level");
                        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("not a real file"));
                        if (!run.isBefore(since)) {
                            wanted.add(key);
                        }
                    }
                }
            }

            Reconciler.Report report = new Reconciler(s3, dynamoDb, sqs, tables, queueUrl, null)
                    .run(new Reconciler.Options(bucket, since, false, false, Duration.ZERO, true));

            // 3 products x 2 runs: 6 run folders (the blend's share the ensembles' dated shape but not their prefix).
            assertThat(report.runFolders()).isEqualTo(6);
            assertThat(report.listed()).isEqualTo(wanted.size());
            assertThat(report.missing()).isEqualTo(wanted.size());
            assertThat(report.sample()).hasSize(wanted.size())
                    .allMatch(uri -> wanted.stream().anyMatch(key -> uri.equals("s3://" + bucket + "/" + key)));
        }
    }
}
