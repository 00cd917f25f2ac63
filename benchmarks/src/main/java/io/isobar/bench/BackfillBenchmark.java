package io.isobar.bench;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.cli.BackfillJobOptions;
import io.isobar.cli.backfill.BackfillRunner;
import io.isobar.index.IndexSchema;
import io.isobar.job.backfill.BackfillEnumerator;
import io.isobar.job.backfill.BackfillJob;
import io.isobar.job.backfill.BackfillProgress;
import io.isobar.job.backfill.BackfillSource;
import io.isobar.job.backfill.BackfillSpec;
import io.isobar.job.backfill.S3FileSystemPlugin;
import io.isobar.job.config.JobConfig;
import io.isobar.localaws.LocalAws;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code isobar benchmark backfill}: how many files per second a backfill from the local S3 indexes. Starts its
 * own emulators on free ports (nothing else runs in the JVM), has the simulator upload the files (their
 * notifications go to a queue nobody reads), then times the backfill of the whole prefix on a MiniCluster,
 * exactly as {@code isobar backfill --source s3://...} runs it.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Measures backfill throughput (files/s) from the local S3 emulator into the local DynamoDB index.")
public final class BackfillBenchmark implements Callable<Integer> {

    private static final String SOURCE_BUCKET = "benchmark-source";
    private static final String ARCHIVE_BUCKET = "benchmark-archive";

    @Option(names = "--files", defaultValue = "1000", description = "At least this many files (whole runs) (default: ${DEFAULT-VALUE}).")
    int files;

    @Mixin
    SimulatedRuns.GridOption grid;

    @Mixin
    BackfillJobOptions job;

    @Override
    public Integer call() throws Exception {
        System.out.printf("isobar benchmark backfill: >= %d files on a %s grid, parallelism %d, %d in flight per subtask%n", files, grid.grid,
                job.parallelism(), job.concurrency());
        try (LocalAws aws = LocalAws.builder().start()) {
            AwsSettings settings = AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint());
            IndexSchema.TableNames tables = IndexSchema.TableNames.defaults();
            String queueUrl;
            try (S3Client s3 = AwsClients.s3(settings); SqsClient sqs = AwsClients.sqs(settings);
                    DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
                s3.createBucket(b -> b.bucket(SOURCE_BUCKET));
                s3.createBucket(b -> b.bucket(ARCHIVE_BUCKET));
                queueUrl = sqs.createQueue(b -> b.queueName("benchmark-unread")).queueUrl();
                IndexSchema.createTables(dynamoDb, tables);
            }

            long t = System.nanoTime();
            int published = publish(settings, queueUrl);
            System.out.printf("generated and uploaded %d files in %.1f s%n", published, (System.nanoTime() - t) / 1e9);

            S3FileSystemPlugin.initialize(settings, S3FileSystemPlugin.findPluginsDir(BackfillBenchmark.class).orElseThrow(
                    () -> new IllegalStateException("Flink's S3 file system plugin is missing: build with `mvn -pl cli -am package`")));
            JobConfig config = JobConfig.builder().aws(settings)
                    .set(JobConfig.ARCHIVE_BUCKET, ARCHIVE_BUCKET)
                    .set(JobConfig.ENRICH_CONCURRENCY, job.concurrency())
                    .build();
            BackfillSpec spec = BackfillSpec.of("s3://" + SOURCE_BUCKET + "/", null, null, null, Clock.systemUTC());

            long listStart = System.nanoTime();
            BackfillEnumerator.Listing listing = BackfillSource.inventory(spec, BackfillJob.filter(spec, config));
            double listSeconds = (System.nanoTime() - listStart) / 1e9;

            long start = System.nanoTime();
            long firstDone = 0;
            BackfillProgress result;
            try (BackfillRunner runner = BackfillRunner.start(spec, config, job.parallelism())) {
                // The first file done marks the end of the start-up (cluster, deployment, listing), to the second
                // (accumulators come with the TaskManager's heartbeat, every second).
                while (!runner.done()) {
                    if (firstDone == 0 && runner.progress().processed() > 0) {
                        firstDone = System.nanoTime();
                    }
                    Thread.sleep(100);
                }
                result = runner.await();
            }
            long end = System.nanoTime();
            double seconds = (end - start) / 1e9;
            double steadySeconds = firstDone == 0 ? seconds : (end - firstDone) / 1e9;

            long indexed;
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
                indexed = dynamoDb.scanPaginator(b -> b.tableName(tables.files()).select("COUNT")).stream().mapToLong(r -> r.count()).sum();
            }
            System.out.printf("listing: %d files (%.1f MB) in %.1f s%n", listing.files(), listing.bytes() / 1e6, listSeconds);
            System.out.printf("backfill: %d files in %.1f s (job submitted to finished, MiniCluster start included) = %.1f files/s, "
                    + "%.1f MB/s archived%n", result.processed(), seconds, result.processed() / seconds, listing.bytes() / 1e6 / seconds);
            System.out.printf("after start-up: %.1f files/s (%.1f s from the first file reported done to the end; start-up %.1f s)%n",
                    result.processed() / steadySeconds, steadySeconds, seconds - steadySeconds);
            System.out.printf("outcome: %d indexed, %d skipped, %d failed; %d entries in the files table%n", result.indexed(),
                    result.skippedByHeader(), result.failed(), indexed);
            return result.failed() == 0 && indexed == published ? 0 : 1;
        }
    }

    /** Has the simulator write and upload whole runs until there are at least {@code files}; returns how many. */
    private int publish(AwsSettings settings, String queueUrl) throws Exception {
        AtomicLong count = new AtomicLong();
        SimulatedRuns.publish(settings, SOURCE_BUCKET, queueUrl, grid.covering(Instant.parse("2026-01-01T00:00:00Z"), files),
                file -> count.incrementAndGet());
        return (int) count.get();
    }
}
