package io.isobar.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.cli.ops.IndexAudit;
import io.isobar.index.IndexSchema;
import io.isobar.simulator.Simulator;
import io.isobar.simulator.SimulatorConfig;
import io.isobar.simulator.SimulatorStats;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

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
    private static final List<String> ARGS = List.of("--no-simulator", "--no-reconcile-on-restart");

    @Test
    void twoKillsMidBurstLoseAndDoubleNothing(@TempDir Path dataDir, @TempDir Path logs) throws Exception {
        LocalProcess.Ports ports = LocalProcess.Ports.free();
        Path log = logs.resolve("isobar-local.log");
        AwsSettings aws = ports.awsSettings();
        // 3 runs x 13 steps x (2 UKV variables + 2 MOGREPS-UK files) = 156 small files.
        SimulatorConfig burst = SimulatorConfig.small(Instant.now().truncatedTo(ChronoUnit.HOURS))
                .withForecastPeriods(SimulatorConfig.hourly(0, 12))
                .withRuns(Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3)), Duration.ofHours(1), 3, false);
        int files = burst.filesPerRun() * 3;

        LocalProcess local = LocalProcess.start(dataDir, ports, "isb_crash_test", ARGS, log, START_TIMEOUT);
        try (S3Client s3 = AwsClients.s3(aws); DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws)) {
            // Publish the whole burst (uploaded and announced, every send acknowledged) while the job works on it.
            try (Simulator simulator = new Simulator(aws, LocalDefaults.SOURCE_BUCKET, ports.queueUrl(), burst)) {
                simulator.start();
                assertThat(simulator.awaitCompletion(Duration.ofMinutes(5))).as("burst published").isTrue();
                SimulatorStats stats = simulator.stats();
                assertThat(stats.failures()).isZero();
                assertThat(stats.filesPublished()).isEqualTo(files);
                assertThat(stats.notificationsSent()).isEqualTo(files);
            }

            long first = waitForIndexed(s3, dynamoDb, files / 6, Duration.ofMinutes(3));
            local.kill();
            LOG.info("First kill -9 with {} of {} files indexed", first, files);

            local = LocalProcess.start(dataDir, ports, "isb_crash_test", ARGS, log, START_TIMEOUT);
            long second = waitForIndexed(s3, dynamoDb, Math.min(files - 1, first + files / 4), Duration.ofMinutes(3));
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
