package io.isobar.cli;

import static io.isobar.cli.InspectCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.isobar.aws.AwsClients;
import io.isobar.cli.local.LocalDefaults;
import io.isobar.cli.local.LocalStack;
import io.isobar.cli.ops.IndexAudit;
import io.isobar.index.IndexSchema;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.MetOfficePublisher;
import io.isobar.simulator.ObjectKeys;
import io.isobar.simulator.Simulator;
import io.isobar.simulator.SimulatorConfig;
import io.isobar.simulator.SyntheticField;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code isobar reconcile} on the local stack with its running job: files uploaded to the source bucket but never
 * announced (both key layouts) are found, announced again and indexed; a second run finds nothing to do.
 */
class ReconcileCommandITCase {

    @Test
    void findsAnnouncesAndThenIndexesWhatWasNeverAnnounced(@TempDir Path work) throws Exception {
        Instant run1 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        Instant run2 = run1.plus(Duration.ofHours(1));
        // 12 files a run: UKV in run folders (uk-deterministic-2km/{RUN}/...), MOGREPS-UK as the retired buckets'
        // <sha1>.nc in the root.
        SimulatorConfig announced = SimulatorConfig.small(run1);
        SimulatorConfig ukv = announced.withModels(List.of(MetOfficeModel.UKV));
        SimulatorConfig mogreps = announced.withModels(List.of(MetOfficeModel.MOGREPS_UK)).withKeys(ObjectKeys.KeyStyle.RETIRED);
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(0, 0, 0, 0, 0, null, "isb_reconcile_test", null));
             S3Client s3 = AwsClients.s3(stack.settings()); SqsClient sqs = AwsClients.sqs(stack.settings());
             DynamoDbClient dynamoDb = AwsClients.dynamoDb(stack.settings())) {
            for (SimulatorConfig part : List.of(ukv, mogreps)) {
                try (Simulator simulator = new Simulator(stack.settings(), LocalDefaults.SOURCE_BUCKET, stack.queueUrl(), part)) {
                    simulator.start();
                    assertThat(simulator.awaitCompletion(Duration.ofMinutes(2))).isTrue();
                }
            }
            // Run 2 is uploaded but its notifications are "lost": never sent.
            MetOfficeFileWriter writer = new MetOfficeFileWriter(new SyntheticField(1L));
            MetOfficePublisher publisher = new MetOfficePublisher(s3, sqs, LocalDefaults.SOURCE_BUCKET, stack.queueUrl(),
                    announced.notificationStyle());
            List<String> unannounced = new ArrayList<>();
            for (ForecastFileSpec spec : announced.filesOfRun(run2, Instant.now().truncatedTo(ChronoUnit.SECONDS))) {
                var file = writer.write(spec, work.resolve("f-" + unannounced.size() + ".nc"));
                String key = ObjectKeys.key(spec, spec.model() == MetOfficeModel.MOGREPS_UK ? ObjectKeys.KeyStyle.RETIRED
                        : ObjectKeys.KeyStyle.TODAY);
                publisher.upload(key, file.path());
                unannounced.add("s3://" + LocalDefaults.SOURCE_BUCKET + "/" + key);
            }
            int perRun = announced.filesPerRun();
            IndexAudit.Result before = awaitAudit(s3, dynamoDb, r -> r.indexedOnce() == perRun);
            assertThat(before.missing()).isEqualTo(perRun);
            String[] endpoints = {"--s3-endpoint", stack.s3Endpoint().toString(), "--sqs-endpoint", stack.sqsEndpoint().toString(),
                    "--dynamodb-endpoint", stack.dynamoDbEndpoint().toString()};

            InspectCommandTest.Run dry = run(args(endpoints, "--since", run1.toString(), "--dry-run"));
            assertThat(dry.exit()).as(dry.err()).isZero();
            assertThat(dry.out()).contains((2 * perRun) + " object(s) listed: " + perRun + " indexed, 0 with an error record, "
                    + perRun + " missing").contains("dry run: " + perRun + " would be announced");

            // --no-root: only the run folders; the root's <sha1>.nc files (MOGREPS-UK) are not looked at.
            InspectCommandTest.Run foldersOnly = run(args(endpoints, "--since", run1.toString(), "--no-root", "--dry-run"));
            assertThat(foldersOnly.out()).contains("listed " + perRun + " object(s) in 2 run folder(s) of");

            InspectCommandTest.Run fix = run(args(endpoints, "--since", run1.toString()));
            assertThat(fix.exit()).as(fix.err()).isZero();
            assertThat(fix.out()).contains("announced " + perRun + " (0 refused by the queue)");
            assertThat(fix.out()).contains(unannounced.get(0).replaceAll("^.*/", ""));

            IndexAudit.Result after = awaitAudit(s3, dynamoDb, r -> r.indexedOnce() == 2 * perRun);
            assertThat(after.exact()).as(after.toString()).isTrue();
            assertThat(after.doubled()).isZero();

            InspectCommandTest.Run again = run(args(endpoints, "--since", run1.toString()));
            assertThat(again.exit()).isZero();
            assertThat(again.out()).contains((2 * perRun) + " indexed, 0 with an error record, 0 missing, 0 replaced")
                    .contains("announced 0");

            // Runs after T only: run 1's folder is not listed.
            InspectCommandTest.Run later = run(args(endpoints, "--since", run2.toString(), "--no-root", "--dry-run"));
            assertThat(later.out()).contains("in 1 run folder(s)");
        }
    }

    private static String[] args(String[] endpoints, String... rest) {
        List<String> all = new ArrayList<>(List.of("reconcile"));
        all.addAll(List.of(endpoints));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private static IndexAudit.Result awaitAudit(S3Client s3, DynamoDbClient dynamoDb,
                                                java.util.function.Predicate<IndexAudit.Result> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        IndexAudit.Result result;
        do {
            Thread.sleep(500);
            result = IndexAudit.run(s3, dynamoDb, IndexSchema.TableNames.defaults(), LocalDefaults.SOURCE_BUCKET);
        } while (!done.test(result) && System.nanoTime() < deadline);
        assertThat(done.test(result)).as(result.toString()).isTrue();
        return result;
    }
}
