package io.isobar.job;

import static io.isobar.job.IngestTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.isobar.index.IndexSchema;
import io.isobar.index.ItemGuard;
import io.isobar.job.config.JobConfig;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.model.IngestError;
import io.isobar.model.ObjectIdentity;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.Levels;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The streaming job rides out what the world throws at it without losing, doubling or dead-lettering anything, and
 * without restarting: DynamoDB and S3 each unreachable for 10 s, and a file whose index entry DynamoDB would refuse.
 * These tests stop emulators, so they have emulators of their own rather than the run's shared ones.
 */
class IngestResilienceITCase {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(flinkConfiguration())
            .build());

    private static LocalAws aws;
    private IngestTestStack stack;
    private JobClient job;

    @BeforeAll
    static void startEmulators() {
        aws = LocalAws.builder().start();
    }

    @AfterAll
    static void stopEmulators() {
        aws.close();
    }

    @BeforeEach
    void setUp() {
        stack = new IngestTestStack(aws);
    }

    @AfterEach
    void tearDown() throws Exception {
        aws.restartS3();
        aws.restartDynamoDb();
        if (job != null) {
            job.cancel().get();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aDynamoDbOutageIsRiddenOut(@InjectClusterRESTAddress URI rest) throws Exception {
        IngestTestStack.Published published = stack.simulate(1, Instant.parse("2026-11-24T06:00:00Z"));
        int n = published.files().size();
        stack.send(published.bodies().subList(0, n / 2));
        job = start(stack.jobConfig());
        await("the first half indexed", PATIENCE, () -> stack.indexedFiles().size() >= n / 2);

        aws.stopDynamoDb();
        stack.send(published.bodies().subList(n / 2, n));
        Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a wait for a result
        aws.restartDynamoDb();

        assertEverythingIndexedOnce(rest, n);
    }

    @Test
    void anS3OutageIsRiddenOut(@InjectClusterRESTAddress URI rest) throws Exception {
        IngestTestStack.Published published = stack.simulate(1, Instant.parse("2026-11-24T07:00:00Z"));
        int n = published.files().size();
        stack.send(published.bodies().subList(0, n / 2));
        job = start(stack.jobConfig());
        await("the first half indexed", PATIENCE, () -> stack.indexedFiles().size() >= n / 2);

        aws.stopS3();
        stack.send(published.bodies().subList(n / 2, n));
        Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a wait for a result
        aws.restartS3();

        assertEverythingIndexedOnce(rest, n);
    }

    @Test
    void entriesDynamoDbWouldRefuseNeitherStopTheJobNorTakeGoodFilesWithThem(@InjectClusterRESTAddress URI rest)
            throws Exception {
        IngestTestStack.Published published = stack.simulate(1, Instant.parse("2026-11-24T08:00:00Z"));
        int n = published.files().size();
        Instant run = Instant.parse("2026-11-24T09:00:00Z");
        // A 600,000-character long_name: trimmed, the entry indexed.
        putFile("oversize-long-name.nc", variable("air_temperature", "x".repeat(600_000)), run);
        // A 1,500-character variable name: its entry's sort key would pass DynamoDB's 1,024-byte limit.
        String longVariable = "v".repeat(1500);
        putFile("oversize-key.nc", variable(longVariable, null), run);

        List<String> bodies = new ArrayList<>(published.bodies().subList(0, n / 2));
        bodies.add(rawNotification("oversize-long-name.nc"));
        bodies.add(rawNotification("oversize-key.nc"));
        bodies.addAll(published.bodies().subList(n / 2, n));
        stack.send(bodies);
        job = start(stack.jobConfig());

        await((n + 1) + " index entries", PATIENCE, () -> stack.indexedFiles().size() >= n + 1);
        await("one error record", PATIENCE, () -> stack.errors().size() >= 1);
        await("the queue to drain", PATIENCE, () -> stack.queueDepth() == 0);

        List<ForecastFile> indexed = stack.indexedFiles();
        assertThat(indexed).hasSize(n + 1);
        String oversizeUri = "s3://" + stack.sourceBucket + "/oversize-long-name.nc";
        ForecastFile trimmed = indexed.stream().filter(f -> f.sourceUri().equals(oversizeUri)).findFirst().orElseThrow();
        assertThat(ItemGuard.utf8Length(trimmed.longName())).isLessThanOrEqualTo(ItemGuard.MAX_STRING_BYTES);
        assertThat(trimmed.longName()).startsWith("xxx").endsWith(ItemGuard.TRIMMED);
        Map<String, AttributeValue> item = stack.dynamoDb.scanPaginator(b -> b.tableName(stack.tables.files())).items()
                .stream().filter(i -> i.get("source_uri").s().equals(oversizeUri)).findFirst().orElseThrow();
        assertThat(item.get(ItemGuard.NOTES).s()).isEqualTo("long_name trimmed from 600000 bytes");
        assertThat(item).containsKey(IndexSchema.FILES_TTL);

        List<IngestError> errors = stack.errors();
        String keyUri = "s3://" + stack.sourceBucket + "/oversize-key.nc";
        String fileKeyBytes = Integer.toString(String.join(IndexSchema.SEP, "ukv", longVariable, "2026-11-24T09:00:00Z",
                new ObjectIdentity(stack.sourceBucket, "oversize-key.nc", -1, null).id()).length());
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(IngestError.Kind.INVALID_METADATA);
            assertThat(e.objectUri()).isEqualTo(keyUri);
            assertThat(e.reason()).isEqualTo(keyUri + ": its index entry cannot be stored: key file_key is " + fileKeyBytes
                    + " bytes long, more than DynamoDB's 1024-byte sort key limit (it starts 'ukv#" + "v".repeat(104)
                    + ItemGuard.TRIMMED + "')");
        });
        assertThat(stack.deadLetterDepth()).isZero();
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        assertThat(IngestTestStack.jobMetric(rest, job.getJobID().toHexString(), "numRestarts")).isZero();
    }

    private void assertEverythingIndexedOnce(URI rest, int n) throws Exception {
        await(n + " index entries", PATIENCE, () -> stack.indexedFiles().size() >= n);
        await("the queue to drain", PATIENCE, () -> stack.queueDepth() == 0);
        List<ForecastFile> indexed = stack.indexedFiles();
        assertThat(indexed).hasSize(n);
        assertThat(indexed.stream().map(ForecastFile::sourceUri).collect(Collectors.toSet())).hasSize(n);
        assertThat(stack.errors()).isEmpty();
        assertThat(stack.deadLetterDepth()).isZero();
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        assertThat(IngestTestStack.jobMetric(rest, job.getJobID().toHexString(), "numRestarts"))
                .as("restarts (an outage must be waited out, not escalated)").isZero();
    }

    private static Variable variable(String name, String longName) {
        return new Variable("temperature_at_screen_level", name, "air_temperature", longName, "K", Levels.heightAt(1.5),
                null, null, 2);
    }

    private void putFile(String key, Variable variable, Instant run) throws Exception {
        ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.UKV, variable, run, Duration.ofHours(1), List.of(),
                GridSpec.centred(36, 40), run.plusSeconds(3600));
        byte[] bytes = new MetOfficeFileWriter(new SyntheticField(7)).toBytes(spec);
        stack.s3.putObject(b -> b.bucket(stack.sourceBucket).key(key), RequestBody.fromBytes(bytes));
    }

    private String rawNotification(String key) {
        return "{\"model\": \"mo-atmospheric-ukv-prd\", \"name\": \"air_temperature\", \"bucket\": \"" + stack.sourceBucket
                + "\", \"key\": \"" + key + "\", \"forecast_period\": \"3600\"}";
    }

    private JobClient start(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(300);
        IngestJob.build(env, config);
        JobClient client = env.executeAsync("resilience-" + stack.tablePrefix);
        await("the job to run", PATIENCE, () -> {
            try {
                return client.getJobStatus().get() == JobStatus.RUNNING;
            } catch (Exception e) {
                return false;
            }
        });
        return client;
    }

    private static Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(300));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        return conf;
    }
}
