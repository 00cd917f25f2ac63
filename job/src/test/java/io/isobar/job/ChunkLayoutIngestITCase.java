package io.isobar.job;

import static io.isobar.job.IngestTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.isobar.aws.AwsClients;
import io.isobar.aws.S3Uri;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.grid.CellValue;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.netcdf.grid.FileKey;
import io.isobar.netcdf.grid.FileOpener;
import io.isobar.netcdf.layout.ChunkLayout;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SimulatorConfig;
import io.isobar.simulator.Variables;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The chunk layout the job records at ingest lets a cold point read of a realistic-size file (970 x 1042, three
 * members in 1 x 128 x 128 chunks) cost exactly one S3 GET per chunk it needs and none for the header.
 */
class ChunkLayoutIngestITCase extends IngestStackTestBase {

    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestStack.miniCluster(1, 10);

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void aColdPointReadCostsOneGetPerChunkAndNoneForTheHeader() throws Exception {
        Instant run = Instant.parse("2026-11-23T06:00:00Z");
        SimulatorConfig config = SimulatorConfig.small(run)
                .withModels(List.of(MetOfficeModel.MOGREPS_UK))
                .withVariables(List.of(Variables.TEMPERATURE_AT_SCREEN_LEVEL))
                .withForecastPeriods(List.of(Duration.ZERO))
                .withGrid(GridSpec.uk())
                .withEnsemble(3, 3);
        IngestTestStack.Published published = stack.simulate(config);
        assertThat(published.files()).hasSize(1);
        stack.send(published.bodies());

        StreamExecutionEnvironment env = IngestTestStack.environment(1, 300);
        IngestJob.attach(IngestJob.messages(env, stack.jobConfig()), stack.jobConfig());
        job = stack.run(env, "layout", PATIENCE);
        await("the file to be indexed", PATIENCE, () -> stack.indexedFiles().size() == 1);
        job.cancel().get();
        await("the job to stop", PATIENCE, () -> {
            try {
                return job.getJobStatus().get().isGloballyTerminalState();
            } catch (Exception e) {
                return true;
            }
        });
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.CANCELED);
        job = null;

        ForecastFile entry = stack.indexedFiles().get(0);
        assertThat(entry.chunkLayout()).as("the job recorded the chunk layout").isNotNull();
        assertThat(entry.chunkLayout().isInline()).as("a 3-member UK field's layout lives in the item").isTrue();
        ChunkLayout layout = ChunkLayout.decode(entry.chunkLayout().inline());
        assertThat(layout.shape()).containsExactly(3, GridSpec.UK_ROWS, GridSpec.UK_COLUMNS);
        assertThat(layout.chunkShape()).containsExactly(1, 128, 128);
        assertThat(layout.chunkCount()).isEqualTo(3 * 8 * 9);

        ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
        try (S3Client counted = countingS3(requests)) {
            S3Uri archived = S3Uri.parseObject(entry.uri());
            assertThat(archived.bucket()).isEqualTo(stack.archiveBucket);
            ChunkCache reader = new ChunkCache(ChunkCache.Settings.defaults(), pool);
            FileKey fileKey = new FileKey(entry.uri(), entry.etag());
            FileOpener opener = FileOpener.s3(counted, archived, entry.sizeBytes(), entry.chunkLayout());

            // Member 1 at one cell: one chunk.
            List<CellValue> one = reader.values(fileKey, opener, List.of(new int[] {1, 500, 600}));
            assertThat(requests).as("one GET for the one chunk, none for the header").hasSize(1);
            assertThat(requests.peek()).startsWith("GET ").contains("bytes=");
            assertThat(one.get(0).value()).isNotNull();

            // All three members at another cell: three chunks, three GETs.
            requests.clear();
            List<CellValue> three = reader.values(fileKey, opener,
                    List.of(new int[] {0, 10, 20}, new int[] {1, 10, 20}, new int[] {2, 10, 20}));
            assertThat(requests).as("one GET per member asked").hasSize(3);
            assertThat(reader.stats().filesFromLayout()).isEqualTo(1);

            // The same values as a reader that opens the file from its header.
            requests.clear();
            ChunkCache fromHeader = new ChunkCache(ChunkCache.Settings.defaults(), pool);
            FileOpener headerOpener = FileOpener.s3(counted, archived, entry.sizeBytes(), null);
            List<CellValue> again = fromHeader.values(fileKey, headerOpener,
                    List.of(new int[] {0, 10, 20}, new int[] {1, 10, 20}, new int[] {2, 10, 20}));
            assertThat(again).isEqualTo(three);
            assertThat(requests.size()).as("the header costs GETs of its own").isGreaterThan(3);
        }
    }

    /** An S3 client on the emulator that notes every request it sends: method, path and range. */
    private S3Client countingS3(ConcurrentLinkedQueue<String> requests) {
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                SdkHttpRequest r = context.httpRequest();
                requests.add(r.method() + " " + r.encodedPath() + " " + r.firstMatchingHeader("Range").orElse(""));
            }
        };
        return S3Client.builder()
                .endpointOverride(stack.settings.s3Endpoint().orElseThrow())
                .region(software.amazon.awssdk.regions.Region.of(stack.settings.region()))
                .credentialsProvider(AwsClients.credentials(stack.settings))
                .forcePathStyle(true)
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
                .build();
    }
}
