package io.isobar.cli;

import static io.isobar.cli.InspectCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.ErrorItems;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.model.ForecastFile;
import io.isobar.model.MetOfficeKey;
import io.isobar.model.IngestError;
import io.isobar.simulator.SimulatedFile;
import io.isobar.simulator.Simulator;
import io.isobar.simulator.SimulatorConfig;
import io.isobar.simulator.SimulatorListener;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code isobar backfill} end to end: emulated S3 and DynamoDB, the job on an in-process MiniCluster. */
@ExtendWith(LocalAwsExtension.class)
class BackfillCommandITCase {

    private LocalAws aws;
    private AwsSettings settings;
    private S3Client s3;
    private DynamoDbClient dynamoDb;
    private final String source = LocalAws.uniqueName("mo");
    private final String archive = LocalAws.uniqueName("archive");
    private final String tablePrefix = LocalAws.uniqueName("idx");
    private IndexSchema.TableNames tables;
    private List<SimulatedFile> files;

    @BeforeEach
    void setUp(LocalAws aws) throws Exception {
        this.aws = aws;
        settings = AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint());
        s3 = AwsClients.s3(settings);
        dynamoDb = AwsClients.dynamoDb(settings);
        s3.createBucket(b -> b.bucket(source));
        s3.createBucket(b -> b.bucket(archive));
        tables = IndexSchema.TableNames.withPrefix(tablePrefix);
        IndexSchema.createTables(dynamoDb, tables);
        files = simulate(Instant.parse("2026-11-23T06:00:00Z"));
    }

    @AfterEach
    void tearDown() {
        s3.close();
        dynamoDb.close();
    }

    @Test
    void aCorruptFileFailsTheRunWithItsReasonWhileEveryOtherFileIsIndexed() {
        byte[] whole = s3.getObjectAsBytes(b -> b.bucket(source).key(files.get(0).key())).asByteArray();
        s3.putObject(b -> b.bucket(source).key("corrupt.nc"), RequestBody.fromBytes(Arrays.copyOf(whole, whole.length / 2)));

        InspectCommandTest.Run run = run(args("--source", "s3://" + source + "/"));

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("found " + (files.size() + 1) + " files to backfill")
                .contains(files.size() + " indexed").contains("1 failed")
                .contains("TRUNCATED  s3://" + source + "/corrupt.nc: truncated");
        assertThat(indexed()).hasSize(files.size());
        assertThat(errors()).singleElement().satisfies(e -> assertThat(e.objectUri()).isEqualTo("s3://" + source + "/corrupt.nc"));
    }

    @Test
    void aDirectoryCopyOfTheBucketIndexesTheSameEntriesAndFiltersSkipByKey(@TempDir Path dir) throws Exception {
        for (SimulatedFile file : files) {
            Path copy = dir.resolve(file.key());
            Files.createDirectories(copy.getParent());
            s3.getObject(b -> b.bucket(source).key(file.key()), copy);
        }
        Files.writeString(dir.resolve("README.txt"), "not a forecast");

        InspectCommandTest.Run run = run(args("--source", dir.toString(), "--mirror-of", "s3://" + source,
                "--variables", "air_temperature", "--to", "2026-11-23T08:00:00Z"));

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        List<SimulatedFile> wanted = files.stream().filter(f -> f.variable().name().equals("air_temperature")
                && f.time().isBefore(Instant.parse("2026-11-23T08:00:00Z"))).toList();
        // Today's keys (UKV's run folders, MOGREPS-UK's dated ones) say what a file is: those not wanted are never read.
        long ruledOutByKey = files.stream().filter(f -> MetOfficeKey.parse(f.key()).isPresent()).filter(f -> !wanted.contains(f))
                .count();
        assertThat(run.out()).contains("skipped by their key: " + ruledOutByKey).contains("not netCDF: 1")
                .contains(wanted.size() + " indexed").contains("0 failed");
        assertThat(indexed()).extracting(ForecastFile::sourceUri)
                .containsExactlyInAnyOrderElementsOf(wanted.stream().map(f -> "s3://" + source + "/" + f.key()).toList());
        assertThat(errors()).isEmpty();
    }

    @Test
    void saysWhatIsMissingBeforeStartingAnything(@TempDir Path dir) {
        InspectCommandTest.Run noPrefix = run(args("--source", "s3://" + source + "/no/such/prefix/"));
        assertThat(noPrefix.exit()).isEqualTo(1);
        assertThat(noPrefix.err()).contains("s3://" + source + "/no/such/prefix").contains("no such object or prefix");

        InspectCommandTest.Run noDirectory = run(args("--source", dir.resolve("missing").toString()));
        assertThat(noDirectory.exit()).isEqualTo(1);
        assertThat(noDirectory.err()).contains("missing: no such directory or file");

        InspectCommandTest.Run noTables = run("backfill", "--source", dir.toString(), "--s3-endpoint", aws.s3Endpoint().toString(),
                "--dynamodb-endpoint", aws.dynamoDbEndpoint().toString(), "--archive-bucket", archive, "--table-prefix", "nothing-here");
        assertThat(noTables.exit()).isEqualTo(1);
        assertThat(noTables.err()).contains("the index table 'nothing-here-files' does not exist");

        InspectCommandTest.Run noBucket = run(args("--source", "s3://no-such-bucket-here/"));
        assertThat(noBucket.exit()).isEqualTo(1);
        assertThat(noBucket.err()).contains("the source bucket 'no-such-bucket-here' does not exist");

        InspectCommandTest.Run badTime = run(args("--source", dir.toString(), "--from", "yesterday"));
        assertThat(badTime.exit()).isEqualTo(1);
        assertThat(badTime.err()).contains("'yesterday' is not a time");

        InspectCommandTest.Run parameter = run(args("--source", dir.toString(), "--variables", "temperature_at_screen_level"));
        assertThat(parameter.exit()).isEqualTo(1);
        assertThat(parameter.err()).contains("CF variable names").contains("air_temperature");
    }

    private String[] args(String... rest) {
        List<String> all = new ArrayList<>(List.of("backfill", "--s3-endpoint", aws.s3Endpoint().toString(),
                "--sqs-endpoint", aws.sqsEndpoint().toString(), "--dynamodb-endpoint", aws.dynamoDbEndpoint().toString(),
                "--archive-bucket", archive, "--table-prefix", tablePrefix));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private List<SimulatedFile> simulate(Instant run) throws Exception {
        List<SimulatedFile> published = new ArrayList<>();
        try (SqsClient sqs = AwsClients.sqs(settings)) {
            String unread = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("unread"))).queueUrl();
            try (Simulator simulator = new Simulator(settings, source, unread, SimulatorConfig.small(run), new SimulatorListener() {
                @Override
                public synchronized void filePublished(SimulatedFile file, String bucket) {
                    published.add(file);
                }
            })) {
                simulator.start();
                assertThat(simulator.awaitCompletion(Duration.ofMinutes(2))).isTrue();
            }
        }
        return List.copyOf(published);
    }

    private List<ForecastFile> indexed() {
        return dynamoDb.scanPaginator(b -> b.tableName(tables.files())).items().stream().map(FileItems::fromItem).toList();
    }

    private List<IngestError> errors() {
        return dynamoDb.scanPaginator(b -> b.tableName(tables.errors())).items().stream().map(ErrorItems::fromItem).toList();
    }
}
