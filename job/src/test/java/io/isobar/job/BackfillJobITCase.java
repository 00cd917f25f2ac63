package io.isobar.job;

import static io.isobar.job.IngestTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.job.backfill.BackfillEnumerator;
import io.isobar.job.backfill.BackfillJob;
import io.isobar.job.backfill.BackfillProgress;
import io.isobar.job.backfill.BackfillSource;
import io.isobar.job.backfill.BackfillSpec;
import io.isobar.job.backfill.S3FileSystemPlugin;
import io.isobar.job.config.JobConfig;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.model.IngestError;
import io.isobar.model.MetOfficeKey;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.ObjectKeys;
import io.isobar.simulator.SimulatedFile;
import io.isobar.simulator.SimulatorConfig;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The backfill job on a MiniCluster against emulated S3 and DynamoDB: it writes exactly the index the streaming
 * job writes for the same files (from an S3 prefix and from a directory copy), a second run changes nothing,
 * bad files become error records, and filters skip by key what the key rules out.
 */
class BackfillJobITCase extends IngestStackTestBase {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestStack.miniCluster(1, 3);

    @BeforeEach
    void initializeS3FileSystem() throws Exception {
        // Flink's S3 file system, from the plugin folder the build fills (target/plugins), pointed at the emulator.
        S3FileSystemPlugin.initialize(stack.settings, Path.of("target", "plugins"));
    }

    @Test
    void backfillingAPrefixOrADirectoryCopyWritesExactlyTheStreamingIndexAndASecondRunChangesNothing(@TempDir Path dir)
            throws Exception {
        IngestTestStack.Published published = stack.simulate(2, Instant.parse("2026-11-23T06:00:00Z"));
        int n = published.files().size();
        assertThat(published.files()).extracting(f -> f.key().startsWith("uk-deterministic-2km/"))
                .as("both key styles").contains(true, false);

        // The streaming path, from the notifications.
        stack.send(published.bodies());
        StreamExecutionEnvironment streaming = IngestTestStack.environment(2, 300);
        IngestJob.attach(IngestJob.messages(streaming, stack.jobConfig()), stack.jobConfig());
        JobClient streamingJob = stack.run(streaming, "ingest", PATIENCE);
        try {
            await(n + " index entries", PATIENCE, () -> stack.indexedFiles().size() >= n);
            // Every summary, not a fixed pause for the sinks to flush.
            stack.awaitSummaries(PATIENCE);
        } finally {
            streamingJob.cancel().get();
        }
        Index streamed = index(stack.tables);
        assertThat(streamed.files()).hasSize(n);
        // Streamed files were announced; backfilled ones never were, so they carry no announced_at.
        assertThat(streamed.announced()).isEqualTo(n);

        // The backfill from the S3 prefix, into tables of its own.
        IndexSchema.TableNames fromS3 = tables();
        BackfillProgress first = backfill(spec("s3://" + stack.sourceBucket + "/", null), fromS3);
        assertThat(first).isEqualTo(new BackfillProgress(n, 0, 0, 0));
        assertThat(index(fromS3)).isEqualTo(backfilled(streamed));

        // The same files as a local copy of the bucket.
        for (SimulatedFile file : published.files()) {
            Path copy = dir.resolve(file.key());
            Files.createDirectories(copy.getParent());
            stack.s3.getObject(b -> b.bucket(stack.sourceBucket).key(file.key()), copy);
        }
        IndexSchema.TableNames fromDirectory = tables();
        assertThat(backfill(spec(dir.toString(), "s3://" + stack.sourceBucket), fromDirectory).indexed()).isEqualTo(n);
        assertThat(index(fromDirectory)).isEqualTo(backfilled(streamed));

        // Again: the same items (only indexed_at, the time of the last write, moves).
        assertThat(backfill(spec("s3://" + stack.sourceBucket + "/", null), fromS3)).isEqualTo(first);
        assertThat(index(fromS3)).isEqualTo(backfilled(streamed));
        assertThat(stack.errors()).isEmpty();
    }

    @Test
    void aDirectoryThatIsNoCopyIsIndexedAsLocalFiles(@TempDir Path dir) throws Exception {
        IngestTestStack.Published published = stack.simulate(1, Instant.parse("2026-11-23T12:00:00Z"));
        for (SimulatedFile file : published.files()) {
            Path copy = dir.resolve(file.key());
            Files.createDirectories(copy.getParent());
            stack.s3.getObject(b -> b.bucket(stack.sourceBucket).key(file.key()), copy);
        }

        assertThat(backfill(spec(dir.toString(), null), stack.tables).indexed()).isEqualTo(published.files().size());

        List<ForecastFile> indexed = stack.indexedFiles();
        assertThat(indexed).hasSize(published.files().size()).allSatisfy(f -> {
            assertThat(f.sourceUri()).startsWith("file://" + dir.toAbsolutePath() + "/");
            assertThat(f.uri()).startsWith("s3://" + stack.archiveBucket + "/");
            assertThat(f.etag()).as("the ETag of the archived copy").isNotBlank();
            assertThat(f.chunkLayout()).as("the backfill records the chunk layout too").isNotNull();
            assertThat(io.isobar.netcdf.layout.ChunkLayout.decode(f.chunkLayout().inline()).header().variable())
                    .isEqualTo(f.variable());
        });
        ForecastFile one = indexed.get(0);
        String archiveKey = one.uri().substring(("s3://" + stack.archiveBucket + "/").length());
        assertThat(stack.s3.headObject(b -> b.bucket(stack.archiveBucket).key(archiveKey)).contentLength()).isEqualTo(one.sizeBytes());
    }

    @Test
    void aCorruptFileBecomesOneErrorRecordAndEveryOtherFileIsIndexed() throws Exception {
        IngestTestStack.Published published = stack.simulate(1, Instant.parse("2026-11-23T18:00:00Z"));
        int n = published.files().size();
        String good = published.files().get(0).key();
        byte[] whole = stack.s3.getObjectAsBytes(b -> b.bucket(stack.sourceBucket).key(good)).asByteArray();
        String corrupt = "uk-deterministic-2km/20261123T1800Z/20261123T2300Z-PT0005H00M-temperature_at_screen_level.nc";
        stack.s3.putObject(b -> b.bucket(stack.sourceBucket).key(corrupt), RequestBody.fromBytes(Arrays.copyOf(whole, whole.length / 2)));
        stack.s3.putObject(b -> b.bucket(stack.sourceBucket).key("notes.txt"), RequestBody.fromString("not a forecast"));
        BackfillSpec spec = spec("s3://" + stack.sourceBucket + "/", null);

        BackfillProgress progress = backfill(spec, stack.tables);

        assertThat(progress).isEqualTo(new BackfillProgress(n, 0, 0, 1));
        assertThat(stack.indexedFiles()).hasSize(n);
        List<IngestError> errors = stack.errors();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(IngestError.Kind.TRUNCATED);
            assertThat(e.objectUri()).isEqualTo("s3://" + stack.sourceBucket + "/" + corrupt);
            assertThat(e.id()).startsWith(spec.origin() + ":");
            assertThat(e.reason()).contains(corrupt).contains("truncated");
            assertThat(e.rawMessage()).contains(spec.runId());
        });
    }

    @Test
    void filtersSkipByKeyWhatTheKeyRulesOutAndLeaveTheRestToTheHeader() throws Exception {
        // Runs at 00:00 and 01:00: UKV under today's keys, MOGREPS-UK under the retired buckets' opaque <sha1>.nc.
        Instant first = Instant.parse("2026-11-24T00:00:00Z");
        IngestTestStack.Published today = stack.simulate(SimulatorConfig.small(first).withModels(List.of(MetOfficeModel.UKV))
                .withRuns(first, Duration.ofHours(1), 2, false));
        IngestTestStack.Published retired = stack.simulate(SimulatorConfig.small(first)
                .withModels(List.of(MetOfficeModel.MOGREPS_UK)).withRuns(first, Duration.ofHours(1), 2, false)
                .withKeys(ObjectKeys.KeyStyle.RETIRED));
        List<SimulatedFile> files = new java.util.ArrayList<>(today.files());
        files.addAll(retired.files());
        Instant from = Instant.parse("2026-11-24T00:00:00Z");
        Instant to = Instant.parse("2026-11-24T01:00:00Z");
        BackfillSpec spec = new BackfillSpec("s3://" + stack.sourceBucket + "/", null, from, to, BackfillSpec.newRunId(Clock.systemUTC()));
        JobConfig temperatureOnly = config(stack.tables, "air_temperature");

        BackfillEnumerator.Listing listing = BackfillSource.inventory(spec, BackfillJob.filter(spec, temperatureOnly));
        BackfillProgress progress = backfill(spec, temperatureOnly);

        Predicate<SimulatedFile> wanted = f -> f.variable().name().equals("air_temperature") && !f.time().isBefore(from)
                && f.time().isBefore(to);
        Predicate<SimulatedFile> keyTells = f -> MetOfficeKey.parse(f.key()).isPresent();
        Predicate<SimulatedFile> inLaterRun = f -> !f.forecastReferenceTime().isBefore(to);
        long listed = files.stream().filter(keyTells.negate().or(wanted)).count();
        assertThat(listing.files()).as("listed: opaque keys, and new-style keys of wanted files").isEqualTo(listed);
        assertThat(listing.skippedByKey()).isEqualTo(files.stream().filter(keyTells.and(wanted.negate()).and(inLaterRun.negate())).count());
        assertThat(listing.foldersSkipped()).as("the 01:00 run folder, not listed at all").isEqualTo(1);
        assertThat(progress.processed()).as("only listed files reach the pipeline").isEqualTo(listed);
        assertThat(progress.indexed()).isEqualTo(files.stream().filter(wanted).count()).isPositive();
        assertThat(progress.skippedByHeader()).as("opaque keys: the header decides").isEqualTo(listed - progress.indexed()).isPositive();
        assertThat(stack.indexedFiles()).extracting(ForecastFile::sourceUri).containsExactlyInAnyOrderElementsOf(
                files.stream().filter(wanted).map(f -> "s3://" + stack.sourceBucket + "/" + f.key()).toList());
    }

    private BackfillSpec spec(String source, String mirrorOf) {
        return BackfillSpec.of(source, mirrorOf, null, null, Clock.systemUTC());
    }

    private BackfillProgress backfill(BackfillSpec spec, IndexSchema.TableNames tables) throws Exception {
        return backfill(spec, config(tables, null));
    }

    private BackfillProgress backfill(BackfillSpec spec, JobConfig config) throws Exception {
        StreamExecutionEnvironment env = IngestTestStack.environment(2, 0);
        BackfillJob.build(env, spec, config);
        JobExecutionResult result = env.execute("backfill-" + spec.runId());
        return BackfillProgress.of(result.getAllAccumulatorResults());
    }

    private IndexSchema.TableNames tables() {
        IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("bf"));
        IndexSchema.createTables(stack.dynamoDb, tables);
        return tables;
    }

    private JobConfig config(IndexSchema.TableNames tables, String variables) {
        Properties p = stack.jobProperties();
        p.remove(JobConfig.QUEUE_URL); // a backfill reads no queue
        p.setProperty(JobConfig.TABLE_PREFIX, tables.files().substring(0, tables.files().length() - "-files".length()));
        if (variables != null) {
            p.setProperty(JobConfig.FILTER_VARIABLES, variables);
        }
        return JobConfig.fromProperties(p);
    }

    /**
     * Every item of the files and valid-times tables; files without {@code indexed_at}, the time of the write,
     * {@code expires_at} and {@code entry_version}, which follow it, and {@code announced_at}, which only announced
     * files have (counted apart); valid-times items without the times that follow {@code indexed_at}.
     */
    private record Index(Set<Map<String, AttributeValue>> files, Set<Map<String, AttributeValue>> validTimes,
            long announced) {}

    private Index index(IndexSchema.TableNames tables) {
        List<Map<String, AttributeValue>> items = stack.dynamoDb.scanPaginator(b -> b.tableName(tables.files())).items()
                .stream().toList();
        Set<Map<String, AttributeValue>> files = items.stream()
                .map(item -> {
                    Map<String, AttributeValue> copy = new HashMap<>(item);
                    copy.remove("indexed_at");
                    copy.remove(IndexSchema.FILES_TTL);
                    copy.remove(FileItems.VERSION);
                    copy.remove("announced_at");
                    return Map.copyOf(copy);
                }).collect(Collectors.toSet());
        long announced = items.stream().filter(item -> item.containsKey("announced_at")).count();
        // Without the times that follow indexed_at (the last file's, the expiry): the counts and contents must agree.
        Set<Map<String, AttributeValue>> validTimes = stack.dynamoDb.scanPaginator(b -> b.tableName(tables.validTimes())).items().stream()
                .map(item -> {
                    Map<String, AttributeValue> copy = new HashMap<>(item);
                    copy.remove(io.isobar.index.Marker.LAST_INDEXED_AT);
                    copy.remove(IndexSchema.TIMES_TTL);
                    copy.remove("step_expiries");
                    return Map.copyOf(copy);
                }).collect(Collectors.toSet());
        return new Index(files, validTimes, announced);
    }

    /** What a backfill of the same files must index: the streamed index, with no announcement time. */
    private static Index backfilled(Index streamed) {
        return new Index(streamed.files(), streamed.validTimes(), 0);
    }
}
