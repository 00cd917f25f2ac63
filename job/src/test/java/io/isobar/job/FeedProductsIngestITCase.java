package io.isobar.job;

import static io.isobar.job.IngestTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.isobar.aws.S3Uri;
import io.isobar.model.ForecastFile;
import io.isobar.model.MetOfficeKey;
import io.isobar.netcdf.GridKind;
import io.isobar.netcdf.grid.CellValue;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.netcdf.grid.FileKey;
import io.isobar.netcdf.grid.FileOpener;
import io.isobar.notification.FileNotification;
import io.isobar.notification.NotificationParser;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.Grids;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.NotificationStyle;
import io.isobar.simulator.SimulatedFile;
import io.isobar.simulator.SimulatorConfig;
import io.isobar.simulator.Variables;
import io.jhdf.HdfFile;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Every product family of today's feed through the real job: the global deterministic latitude/longitude grid,
 * MOGREPS-G, the UK and global blends' percentiles and probabilities, gridded and at sites. Each file lands in its
 * product's bucket under its real key and is announced as an S3 event on its bucket's {@code -object_created} topic
 * (twice, as SNS may); each must be indexed exactly once, under its product's name, with what a query needs (grid
 * kind, percentiles, thresholds and their comparison, sites, members), its chunk layout recorded, and values that read
 * back through that layout as the file holds them. One stack and one job for all of them: CI time.
 */
class FeedProductsIngestITCase extends IngestStackTestBase {

    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final Instant RUN = Instant.parse("2026-07-21T06:00:00Z");

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestStack.miniCluster(1, 10);

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void everyProductIsIndexedOnceUnderItsNameWithWhatAQueryNeeds(@TempDir Path dir) throws Exception {
        for (MetOfficeModel model : MetOfficeModel.values()) {
            try {
                stack.s3.createBucket(b -> b.bucket(model.product().bucket()));
            } catch (S3Exception alreadyThere) {
                // the run's shared emulator has it from an earlier class
            }
        }
        SimulatorConfig config = SimulatorConfig.small(RUN).withModels(List.of(MetOfficeModel.values()))
                .withVariables(List.of(Variables.TEMPERATURE_AT_SCREEN_LEVEL)).withForecastPeriods(List.of(Duration.ofHours(3)))
                .withGrids(Grids.small()).withNotificationStyle(NotificationStyle.S3_EVENT_SNS);
        IngestTestStack.Published published = stack.simulate(config, null);
        assertThat(published.files()).hasSize(12);
        // Each announced twice: at-least-once delivery must still index each file once.
        List<String> twice = new ArrayList<>(published.bodies());
        twice.addAll(published.bodies());
        stack.send(twice);
        // The announcements are today's: S3 events naming the product's bucket, parsed into the product by bucket and key.
        for (String body : published.bodies()) {
            FileNotification n = new NotificationParser().parse(body).get(0);
            assertThat(n.shape()).isEqualTo(FileNotification.Shape.S3_EVENT_SNS);
            assertThat(n.model()).as(n.object().key()).isEqualTo(MetOfficeKey.parse(n.object().bucket(), n.object().key())
                    .orElseThrow().model());
        }

        StreamExecutionEnvironment env = IngestTestStack.environment(1, 300);
        IngestJob.attach(IngestJob.messages(env, stack.jobConfig()), stack.jobConfig());
        job = stack.run(env, "feed", PATIENCE);
        await("every file indexed and every message deleted", PATIENCE,
                () -> stack.indexedFiles().size() >= 12 && stack.queueDepth() == 0);
        Thread.sleep(1000); // a second copy of an entry would have landed by now

        List<ForecastFile> entries = stack.indexedFiles();
        assertThat(stack.errors()).isEmpty();
        assertThat(entries).hasSize(12);
        Map<String, ForecastFile> byModel = entries.stream().collect(Collectors.toMap(ForecastFile::model, Function.identity()));
        assertThat(byModel.keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(MetOfficeModel.values()).map(MetOfficeModel::shortName).toList());

        for (SimulatedFile file : published.files()) {
            ForecastFileSpec spec = file.spec();
            ForecastFile entry = byModel.get(spec.model().shortName());
            String product = spec.model().shortName();
            assertThat(entry.sourceUri()).isEqualTo("s3://" + spec.model().product().bucket() + "/" + file.key());
            assertThat(entry.variable()).as(product).isEqualTo(spec.dataVariable());
            assertThat(entry.forecastReferenceTime()).as(product).isEqualTo(RUN);
            assertThat(entry.forecastPeriod()).as(product).isEqualTo(3 * 3600);
            assertThat(entry.time()).as(product).isEqualTo(RUN.plus(Duration.ofHours(3)));
            assertThat(entry.realizations()).as(product).isEqualTo(spec.realizations());
            assertThat(entry.kind().grid()).as(product).isEqualTo(spec.grid().kind());
            assertThat(entry.kind().sites()).as(product).isEqualTo(spec.grid().kind() == GridKind.SPOT ? spec.grid().columns() : 0);
            assertThat(entry.kind().percentiles()).as(product).isEqualTo(spec.percentiles());
            if (spec.thresholds().isEmpty()) {
                assertThat(entry.kind().threshold()).as(product).isNull();
            } else {
                assertThat(entry.kind().threshold().values()).as(product).hasSize(spec.thresholds().size());
                assertThat(entry.kind().threshold().units()).isEqualTo("K");
                assertThat(entry.kind().threshold().comparison()).isEqualTo("greater_than_or_equal_to");
                assertThat(entry.kind().threshold().name()).isEqualTo("air_temperature");
            }
            assertThat(entry.chunkLayout()).as(product + ": chunk layout recorded").isNotNull();
            checkValuesThroughTheRecordedLayout(entry, spec, dir);
        }
    }

    /**
     * Cells of the archived copy read through the layout recorded at ingest equal what the simulator wrote, read
     * independently from the file's bytes with jHDF: the first and last value of every leading index (member,
     * percentile, threshold).
     */
    private void checkValuesThroughTheRecordedLayout(ForecastFile entry, ForecastFileSpec spec, Path dir) throws Exception {
        String key = entry.uri().substring(("s3://" + stack.archiveBucket + "/").length());
        Path copy = dir.resolve(spec.model().shortName() + ".nc");
        Files.write(copy, stack.s3.getObjectAsBytes(b -> b.bucket(stack.archiveBucket).key(key)).asByteArray());
        float[] written;
        int[] shape;
        try (HdfFile hdf = new HdfFile(copy)) {
            shape = hdf.getDatasetByPath(spec.dataVariable()).getDimensions();
            written = flatten(hdf.getDatasetByPath(spec.dataVariable()).getDataFlat());
        }
        List<int[]> cells = new ArrayList<>();
        List<Float> expected = new ArrayList<>();
        int lead = shape.length > (spec.grid().kind() == GridKind.SPOT ? 1 : 2) ? shape[0] : 1;
        int plane = written.length / lead;
        for (int l = 0; l < lead; l++) {
            for (int at : new int[] {0, plane - 1}) {
                cells.add(cell(shape, l * plane + at));
                expected.add(written[l * plane + at]);
            }
        }
        ChunkCache reader = new ChunkCache(ChunkCache.Settings.defaults(), pool);
        List<CellValue> values = reader.values(new FileKey(entry.uri(), entry.etag()),
                FileOpener.s3(stack.s3, new S3Uri(stack.archiveBucket, key), entry.sizeBytes(), entry.chunkLayout()), cells);
        assertThat(reader.stats().filesFromLayout()).as(spec.model().shortName() + " opened from its layout").isEqualTo(1);
        assertThat(values.stream().map(CellValue::value).toList()).as(spec.model().shortName()).isEqualTo(expected);
    }

    private static float[] flatten(Object flat) {
        return (float[]) flat;
    }

    private static int[] cell(int[] shape, int flatIndex) {
        int[] cell = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            cell[d] = flatIndex % shape[d];
            flatIndex /= shape[d];
        }
        return cell;
    }
}
