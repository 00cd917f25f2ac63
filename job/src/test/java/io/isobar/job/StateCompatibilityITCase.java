package io.isobar.job;

import static io.isobar.job.IngestTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.job.config.JobConfig;
import io.isobar.job.pipeline.Deduplicate;
import io.isobar.localaws.LocalAws;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variables;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A savepoint taken by the previous release restores into today's job: Managed Flink updates an application by
 * restoring its snapshot into the new jar, so a change to checkpointed types or operator uids that breaks this fails
 * the build, not a deployment.
 *
 * <p>The fixture ({@code src/test/resources/savepoints/<release>/}) was taken with four files announced: the first two
 * indexed (their de-duplication marks in state), the other two caught mid-ingest by an S3 outage (their
 * {@code IngestTask}s waiting in the Async I/O operator's state, their messages already deleted by the savepoint).
 * Restored on fresh emulators holding the same objects, today's job must: drop the first two when they are announced
 * again (the marks survived), index the other two without any message (the tasks survived), and index a new file.
 *
 * <p>Regenerate the fixture on each release, from the release's code (docs/operations.md, "Upgrading the job"):
 * <pre>
 * mvn -B -ntp -pl job -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=StateCompatibilityITCase \
 *     -Disobar.savepoint-fixture.write=$PWD/job/src/test/resources/savepoints/RELEASE
 * </pre>
 */
class StateCompatibilityITCase {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Path FIXTURES = Path.of("src/test/resources/savepoints").toAbsolutePath();
    private static final String WRITE = "isobar.savepoint-fixture.write";

    private static final String SOURCE = "fixture-source";
    private static final String ARCHIVE = "fixture-archive";
    private static final String PREFIX = "fixture";
    private static final Instant RUN = Instant.parse("2026-11-20T06:00:00Z");
    /** Indexed before the savepoint. */
    private static final List<Integer> INDEXED = List.of(1, 2);
    /** In flight (S3 down) when the savepoint was taken. */
    private static final List<Integer> IN_FLIGHT = List.of(3, 4);
    /** Announced only after the restore. */
    private static final int NEW = 5;

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestStack.miniCluster(1, 3);

    @Test
    void aSavepointOfThePreviousReleaseRestoresIntoTodaysJob(@InjectClusterClient ClusterClient<?> cluster,
            @InjectClusterRESTAddress URI rest) throws Exception {
        String target = System.getProperty(WRITE);
        if (target != null && !target.isBlank()) {
            writeFixture(cluster, rest, Path.of(target));
            return;
        }
        List<Path> fixtures;
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            fixtures = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(fixtures).as("savepoint fixtures under %s", FIXTURES).isNotEmpty();
        for (Path fixture : fixtures) {
            restore(cluster, rest, savepointIn(fixture));
        }
    }

    private void restore(ClusterClient<?> cluster, URI rest, Path savepoint) throws Exception {
        try (LocalAws aws = LocalAws.builder().start(); Stack stack = new Stack(aws)) {
            for (int i = 1; i <= NEW; i++) {
                stack.putFile(i);
            }
            JobID job = submit(cluster, stack, SavepointRestoreSettings.forPath(savepoint.toUri().toString(), false));
            List<String> again = INDEXED.stream().map(Stack::notification).collect(Collectors.toList());
            again.add(Stack.notification(NEW));
            stack.send(again);

            Set<String> expected = Stream.concat(IN_FLIGHT.stream(), Stream.of(NEW)).map(Stack::uri).collect(Collectors.toSet());
            await("the restored in-flight files and the new one indexed from " + savepoint, PATIENCE,
                    () -> stack.indexedUris().size() >= expected.size());
            await("every message deleted", PATIENCE, () -> stack.queueDepth() == 0);
            await("the duplicates counted", PATIENCE, () -> metric(rest, job, Deduplicate.DUPLICATES_DROPPED) >= INDEXED.size());

            assertThat(stack.indexedUris()).as("indexed after restoring %s", savepoint).isEqualTo(expected);
            assertThat(metric(rest, job, Deduplicate.DUPLICATES_DROPPED)).as("announcements of files the savepoint had seen")
                    .isEqualTo(INDEXED.size());
            assertThat(IngestTestStack.failures(rest, job.toHexString())).as("failures after the restore").isZero();
            cluster.cancel(job).get();
        }
    }

    /** Takes the fixture: two files indexed, two caught in an S3 outage, then a savepoint copied to {@code into}. */
    private void writeFixture(ClusterClient<?> cluster, URI rest, Path into) throws Exception {
        try (LocalAws aws = LocalAws.builder().start(); Stack stack = new Stack(aws)) {
            for (int i = 1; i <= NEW; i++) {
                stack.putFile(i);
            }
            JobID job = submit(cluster, stack, SavepointRestoreSettings.none());
            stack.send(INDEXED.stream().map(Stack::notification).toList());
            await("the first files indexed", PATIENCE, () -> stack.indexedUris().size() == INDEXED.size());
            aws.stopS3();
            stack.send(IN_FLIGHT.stream().map(Stack::notification).toList());
            await("the other files' messages received", PATIENCE, () -> stack.visibleMessages() == 0);
            Thread.sleep(3_000); // parsed and past de-duplication in milliseconds: their reads now wait for S3
            Path taken = Path.of(URI.create(cluster.stopWithSavepoint(job, false,
                    Files.createTempDirectory("isobar-savepoint").toUri().toString(), SavepointFormatType.CANONICAL).get()));
            aws.restartS3();
            copy(taken, into);
        }
    }

    private static JobID submit(ClusterClient<?> cluster, Stack stack, SavepointRestoreSettings restore) throws Exception {
        StreamExecutionEnvironment env = IngestTestStack.environment(2, 500);
        IngestJob.build(env, JobConfig.fromProperties(stack.properties()));
        JobGraph graph = env.getStreamGraph().getJobGraph();
        graph.setSavepointRestoreSettings(restore);
        JobID job = cluster.submitJob(graph).get();
        await("the job to run", PATIENCE, () -> {
            try {
                return cluster.getJobStatus(job).get() == JobStatus.RUNNING;
            } catch (Exception e) {
                return false;
            }
        });
        return job;
    }

    private static long metric(URI rest, JobID job, String name) {
        return metric(rest, job, name, "De-duplicate");
    }

    private static long metric(URI rest, JobID job, String name, String vertex) {
        try {
            return IngestTestStack.operatorMetric(rest, job.toHexString(), vertex, name);
        } catch (Exception e) {
            return -1;
        }
    }

    /** The savepoint directory inside a fixture folder (the one holding {@code _metadata}). */
    private static Path savepointIn(Path fixture) throws IOException {
        try (Stream<Path> files = Files.walk(fixture)) {
            return files.filter(f -> f.getFileName().toString().equals("_metadata")).findFirst()
                    .orElseThrow(() -> new AssertionError("no _metadata under " + fixture)).getParent();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Path root = to.resolve(from.getFileName().toString());
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = root.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Fixed names, files and notifications: a restore must meet exactly what the savepoint remembers. */
    private static final class Stack implements AutoCloseable {
        private final AwsSettings settings;
        private final S3Client s3;
        private final SqsClient sqs;
        private final DynamoDbClient dynamoDb;
        private final String queueUrl;
        private final IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(PREFIX);

        Stack(LocalAws aws) {
            settings = AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint());
            s3 = AwsClients.s3(settings);
            sqs = AwsClients.sqs(settings);
            dynamoDb = AwsClients.dynamoDb(settings);
            s3.createBucket(b -> b.bucket(SOURCE));
            s3.createBucket(b -> b.bucket(ARCHIVE));
            queueUrl = sqs.createQueue(b -> b.queueName("fixture-ingest")).queueUrl();
            IndexSchema.createTables(dynamoDb, tables);
        }

        Properties properties() {
            Properties p = new Properties();
            p.setProperty(JobConfig.REGION, settings.region());
            p.setProperty(JobConfig.S3_ENDPOINT, settings.s3Endpoint().orElseThrow().toString());
            p.setProperty(JobConfig.SQS_ENDPOINT, settings.sqsEndpoint().orElseThrow().toString());
            p.setProperty(JobConfig.DYNAMODB_ENDPOINT, settings.dynamoDbEndpoint().orElseThrow().toString());
            p.setProperty(JobConfig.ACCESS_KEY_ID, "test");
            p.setProperty(JobConfig.SECRET_ACCESS_KEY, "test");
            p.setProperty(JobConfig.QUEUE_URL, queueUrl);
            p.setProperty(JobConfig.QUEUE_WAIT, "1");
            p.setProperty(JobConfig.QUEUE_VISIBILITY, "30");
            p.setProperty(JobConfig.ARCHIVE_BUCKET, ARCHIVE);
            p.setProperty(JobConfig.TABLE_PREFIX, PREFIX);
            return p;
        }

        static String key(int i) {
            return "fixture/T" + i + ".nc";
        }

        static String uri(int i) {
            return "s3://" + SOURCE + "/" + key(i);
        }

        /** File {@code i}: the same bytes at every run (a fixed field), so its size is what the savepoint recorded. */
        void putFile(int i) throws IOException {
            byte[] bytes = new MetOfficeFileWriter(new SyntheticField(i)).toBytes(new ForecastFileSpec(MetOfficeModel.UKV,
                    Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN, Duration.ofHours(i), List.of(), GridSpec.centred(16, 20), RUN));
            s3.putObject(b -> b.bucket(SOURCE).key(key(i)), RequestBody.fromBytes(bytes));
        }

        /** A raw Met Office notification of file {@code i}, the same at every run (its created_time is fixed). */
        static String notification(int i) {
            return "{\"model\": \"mo-atmospheric-ukv-prd\", \"name\": \"air_temperature\", \"bucket\": \"" + SOURCE
                    + "\", \"key\": \"" + key(i) + "\", \"forecast_reference_time\": \"" + RUN + "\", \"forecast_period\": \""
                    + i * 3600 + "\", \"created_time\": \"" + RUN.plusSeconds(600 + i) + "\"}";
        }

        void send(List<String> bodies) {
            bodies.forEach(body -> sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body)));
        }

        Set<String> indexedUris() {
            return dynamoDb.scanPaginator(b -> b.tableName(tables.files())).items().stream()
                    .map(FileItems::fromItem).map(f -> f.sourceUri()).collect(Collectors.toSet());
        }

        int visibleMessages() {
            return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                    software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes().values().iterator().next());
        }

        int queueDepth() {
            Map<software.amazon.awssdk.services.sqs.model.QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b
                    .queueUrl(queueUrl).attributeNames(
                            software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes();
            return a.values().stream().mapToInt(Integer::parseInt).sum();
        }

        @Override
        public void close() {
            s3.close();
            sqs.close();
            dynamoDb.close();
        }
    }
}
