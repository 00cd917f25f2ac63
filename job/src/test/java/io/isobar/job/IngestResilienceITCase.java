package io.isobar.job;

import static io.isobar.job.IngestTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
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
import io.isobar.job.index.IndexSinks;
import io.isobar.job.ingest.IngestFunction;
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
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The streaming job rides out what the world throws at it without losing, doubling or dead-lettering anything, and
 * without restarting: DynamoDB and S3 each unreachable for 10 s, and a file whose index entry DynamoDB would refuse.
 * These tests stop emulators, so they have emulators of their own rather than the run's shared ones.
 *
 * <p>The outages last 10 s; {@code -Disobar.outage-seconds=180} makes them 3 minutes (a measurement, not part of
 * the build).
 */
class IngestResilienceITCase {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("isobar.outage-seconds", 10));

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestStack.miniCluster(1, 10);

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
        IngestTestStack.tearDown(job, stack);
    }

    @Test
    void aDynamoDbOutageIsRiddenOut(@InjectClusterRESTAddress URI rest) throws Exception {
        // The index writes met the outage: the SDK retried them (rather than the job restarting).
        assertOutageRiddenOut(rest, Instant.parse("2026-11-24T06:00:00Z"), aws::stopDynamoDb, aws::restartDynamoDb,
                "Index files", IndexSinks.RETRIES);
    }

    @Test
    void anS3OutageIsRiddenOut(@InjectClusterRESTAddress URI rest) throws Exception {
        // The header reads met the outage: attempts failed and were retried with backoff.
        assertOutageRiddenOut(rest, Instant.parse("2026-11-24T07:00:00Z"), aws::stopS3, aws::restartS3,
                "Read header", IngestFunction.TRANSIENT_FAILURES);
    }

    /**
     * Half the run's files indexed, then an outage while the other half arrives: all end up indexed once, and the
     * operator whose {@code retries} metric counts the outage's retries shows that it was hit.
     */
    private void assertOutageRiddenOut(URI rest, Instant run, Runnable stop, Runnable restart, String vertex,
            String retries) throws Exception {
        IngestTestStack.Published published = stack.simulate(1, run);
        int n = published.files().size();
        stack.send(published.bodies().subList(0, n / 2));
        job = start(stack.jobConfig());
        await("the first half indexed", PATIENCE, () -> stack.indexedFiles().size() >= n / 2);

        stop.run();
        stack.send(published.bodies().subList(n / 2, n));
        Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a wait for a result
        restart.run();

        assertEverythingIndexedOnce(rest, n);
        assertThat(IngestTestStack.operatorMetric(rest, job.getJobID().toHexString(), vertex, retries))
                .as("%s of '%s' (the outage was met, and ridden out by retrying)", retries, vertex).isPositive();
    }

    @Test
    void filesDynamoDbOrTheReaderWouldChokeOnNeitherStopTheJobNorTakeGoodFilesWithThem(@InjectClusterRESTAddress URI rest)
            throws Exception {
        IngestTestStack.Published published = stack.simulate(1, Instant.parse("2026-11-24T08:00:00Z"));
        int n = published.files().size();
        Instant run = Instant.parse("2026-11-24T09:00:00Z");
        // A 50,000-character long_name: trimmed in the index entry, the file indexed.
        putFile("long-name.nc", variable("air_temperature", "x".repeat(50_000)), run);
        // A 600,000-character long_name: more than an HDF5 object header message holds (64 KiB), so the file
        // jHDF writes is damaged: one error record.
        putFile("oversize-long-name.nc", variable("air_temperature", "x".repeat(600_000)), run);
        // A model name of 1,500 characters (from the notification: the file names none): the entry's sort key
        // would pass DynamoDB's 1,024-byte limit. One error record.
        Path bare = Files.createTempFile("no-model", ".nc");
        try (WritableHdfFile hdf = HdfFile.write(bare)) {
            hdf.putDataset("air_temperature", new float[4][4]).putAttribute("grid_mapping", "lambert_azimuthal_equal_area");
            hdf.putDataset("lambert_azimuthal_equal_area", 0);
            WritableDataset time = hdf.putDataset("time", run.plusSeconds(3600).getEpochSecond());
            time.putAttribute("units", "seconds since 1970-01-01 00:00:00");
            WritableDataset reference = hdf.putDataset("forecast_reference_time", run.getEpochSecond());
            reference.putAttribute("units", "seconds since 1970-01-01 00:00:00");
        }
        stack.s3.putObject(b -> b.bucket(stack.sourceBucket).key("long-model.nc"), RequestBody.fromFile(bare));
        Files.delete(bare);
        String longModel = "m".repeat(1500);

        List<String> bodies = new ArrayList<>(published.bodies().subList(0, n / 2));
        bodies.add(stack.rawNotification("mo-atmospheric-ukv-prd", "long-name.nc"));
        bodies.add(stack.rawNotification("mo-atmospheric-ukv-prd", "oversize-long-name.nc"));
        bodies.add(stack.rawNotification(longModel, "long-model.nc"));
        bodies.addAll(published.bodies().subList(n / 2, n));
        stack.send(bodies);
        job = start(stack.jobConfig());

        await((n + 1) + " index entries", PATIENCE, () -> stack.indexedFiles().size() >= n + 1);
        await("two error records", PATIENCE, () -> stack.errors().size() >= 2);
        await("the queue to drain", PATIENCE, () -> stack.queueDepth() == 0);

        List<ForecastFile> indexed = stack.indexedFiles();
        assertThat(indexed).hasSize(n + 1);
        String s3 = "s3://" + stack.sourceBucket + "/";
        ForecastFile trimmed = indexed.stream().filter(f -> f.sourceUri().equals(s3 + "long-name.nc")).findFirst().orElseThrow();
        assertThat(ItemGuard.utf8Length(trimmed.longName())).isLessThanOrEqualTo(ItemGuard.MAX_STRING_BYTES);
        assertThat(trimmed.longName()).startsWith("xxx").endsWith(ItemGuard.TRIMMED);
        Map<String, AttributeValue> item = stack.dynamoDb.scanPaginator(b -> b.tableName(stack.tables.files())).items()
                .stream().filter(i -> i.get("source_uri").s().equals(s3 + "long-name.nc")).findFirst().orElseThrow();
        assertThat(item.get(ItemGuard.NOTES).s()).isEqualTo("long_name trimmed from 50000 bytes");
        assertThat(item).containsKey(IndexSchema.FILES_TTL);

        int fileKeyBytes = String.join(IndexSchema.SEP, longModel, "air_temperature", "2026-11-24T09:00:00Z",
                new ObjectIdentity(stack.sourceBucket, "long-model.nc", -1, null).id()).length();
        Map<IngestError.Kind, IngestError> errors = stack.errors().stream()
                .collect(Collectors.toMap(IngestError::kind, e -> e));
        assertThat(errors).containsOnlyKeys(IngestError.Kind.INVALID_METADATA, IngestError.Kind.UNREADABLE);
        assertThat(errors.get(IngestError.Kind.INVALID_METADATA).reason()).isEqualTo(s3 + "long-model.nc: its index entry "
                + "cannot be stored: key file_key is " + fileKeyBytes + " bytes long, more than DynamoDB's 1024-byte sort key "
                + "limit (it starts '" + "m".repeat(108) + ItemGuard.TRIMMED + "')");
        assertThat(errors.get(IngestError.Kind.UNREADABLE).reason()).isEqualTo(s3 + "oversize-long-name.nc: damaged or "
                + "unreadable HDF5 structure (IllegalArgumentException: newLimit > capacity: (600001 > 4641))");
        assertThat(stack.deadLetterDepth()).isZero();
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        String jobId = job.getJobID().toHexString();
        assertThat(IngestTestStack.failures(rest, jobId)).as("failures in the exception history").isZero();
        assertThat(IngestTestStack.jobMetric(rest, jobId, "numRestarts")).isZero();
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
        String jobId = job.getJobID().toHexString();
        assertThat(IngestTestStack.failures(rest, jobId)).as("failures in the exception history").isZero();
        assertThat(IngestTestStack.jobMetric(rest, jobId, "numRestarts"))
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

    private JobClient start(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = IngestTestStack.environment(2, 300);
        IngestJob.build(env, config);
        return stack.run(env, "resilience", PATIENCE);
    }
}
