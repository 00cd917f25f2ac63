package io.isobar.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.cli.ops.IndexAudit;
import io.isobar.index.IndexSchema;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficePublisher;
import io.isobar.simulator.SimulatedFile;
import io.isobar.simulator.SimulatorConfig;
import io.isobar.simulator.SyntheticField;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * {@code isobar local --data-dir} survives {@code kill -9} of the whole local system: the child JVM running it is
 * killed (SIGKILL) twice while the job is working through a burst of announced files, restarted on the same
 * directory, and within 60 s of the last restart every announced file is indexed exactly once.
 *
 * <p>The restarts run with {@code --no-reconcile-on-restart}: the files must come back through the durable queue and
 * the restored checkpoint alone, not through the reconciliation safety net.
 */
class LocalCrashRecoveryITCase {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCrashRecoveryITCase.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);
    private static final int RUNS = 10;
    private static final List<String> ARGS = List.of("--no-simulator", "--no-reconcile-on-restart");

    @Test
    void twoKillsMidBurstLoseAndDoubleNothing(@TempDir Path dataDir, @TempDir Path work) throws Exception {
        LocalProcess.Ports ports = LocalProcess.Ports.free();
        // Kept after the test (the data directory is not): what the three runs of the local system logged.
        Path log = Path.of("target", "LocalCrashRecoveryITCase-isobar-local.log");
        java.nio.file.Files.deleteIfExists(log);
        AwsSettings aws = ports.awsSettings();
        // 10 runs x 13 steps x (2 UKV variables + 2 MOGREPS-UK files) = 520 small files.
        SimulatorConfig burst = SimulatorConfig.small(Instant.now().truncatedTo(ChronoUnit.HOURS))
                .withForecastPeriods(SimulatorConfig.hourly(0, 12))
                .withRuns(Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(RUNS)), Duration.ofHours(1), RUNS, false);
        int files = burst.filesPerRun() * RUNS;

        LocalProcess local = LocalProcess.start(dataDir, ports, "isb_crash_test", ARGS, log, START_TIMEOUT);
        try (S3Client s3 = AwsClients.s3(aws); SqsClient sqs = AwsClients.sqs(aws); DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws)) {
            // Upload the whole burst first, then announce it at once (every send acknowledged): a burst the job
            // cannot finish before the first kill.
            MetOfficeFileWriter writer = new MetOfficeFileWriter(new SyntheticField(burst.seed()));
            List<String> bodies = new ArrayList<>();
            Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            for (int k = 0; k < RUNS; k++) {
                for (ForecastFileSpec spec : burst.filesOfRun(burst.run(k), created)) {
                    SimulatedFile file = writer.write(spec, work.resolve("f" + bodies.size() + ".nc"));
                    s3.putObject(b -> b.bucket(LocalDefaults.SOURCE_BUCKET).key(file.key()), file.path());
                    String eTag = s3.headObject(b -> b.bucket(LocalDefaults.SOURCE_BUCKET).key(file.key())).eTag();
                    bodies.add(MetOfficePublisher.s3Event(LocalDefaults.SOURCE_BUCKET, file.key(), file.size(), eTag, created));
                }
            }
            assertThat(bodies).hasSize(files);
            for (int i = 0; i < bodies.size(); i += 10) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int j = i; j < Math.min(bodies.size(), i + 10); j++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + j).messageBody(bodies.get(j)).build());
                }
                assertThat(sqs.sendMessageBatch(b -> b.queueUrl(ports.queueUrl()).entries(entries)).failed()).isEmpty();
            }

            long first = waitForIndexed(s3, dynamoDb, 1, Duration.ofMinutes(3));
            local.kill();
            LOG.info("First kill -9 with {} of {} files indexed", first, files);
            assertThat(first).as("the first kill came mid-burst, with files left to index").isLessThan(files);

            local = LocalProcess.start(dataDir, ports, "isb_crash_test", ARGS, log, START_TIMEOUT);
            long second = waitForIndexed(s3, dynamoDb, first + 1, Duration.ofMinutes(3));
            local.kill();
            LOG.info("Second kill -9 with {} of {} files indexed", second, files);
            assertThat(second).as("the second kill came mid-burst, with files left to index").isLessThan(files);

            local = LocalProcess.start(dataDir, ports, "isb_crash_test", ARGS, log, START_TIMEOUT);
            long restarted = System.nanoTime();
            IndexAudit.Result audit;
            do {
                Thread.sleep(1000);
                audit = IndexAudit.run(s3, dynamoDb, IndexSchema.TableNames.defaults(), LocalDefaults.SOURCE_BUCKET);
            } while (!(audit.exact() && audit.indexedOnce() == files)
                    && System.nanoTime() - restarted < RECOVERY_LIMIT.toNanos());
            LOG.info("{} s after the last restart: {}", (System.nanoTime() - restarted) / 1_000_000_000, audit);
            assertThat(audit.objects()).isEqualTo(files);
            assertThat(audit.missingSample()).as("missing 60 s after the restart").isEmpty();
            assertThat(audit.doubled()).as("objects with more than one index entry").isZero();
            assertThat(audit.failed()).as("objects recorded as failed").isZero();
            assertThat(audit.indexedOnce()).isEqualTo(files);
        } finally {
            local.close();
        }
    }

    private static long waitForIndexed(S3Client s3, DynamoDbClient dynamoDb, long atLeast, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long indexed;
        do {
            Thread.sleep(200);
            indexed = dynamoDb.scanPaginator(b -> b.tableName(IndexSchema.TableNames.defaults().files()).select("COUNT"))
                    .stream().mapToLong(page -> page.count()).sum();
        } while (indexed < atLeast && System.nanoTime() < deadline);
        assertThat(indexed).as("files indexed before the kill").isGreaterThanOrEqualTo(atLeast);
        return indexed;
    }
}
