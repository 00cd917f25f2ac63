package io.isobar.query.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.query.IndexFixture;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variables;

/** A whole 2-D field read through the engine equals what the simulator wrote, each chunk read once. */
@ExtendWith(LocalAwsExtension.class)
class ForecastReaderFieldITCase {

    @Test
    void aWholeFieldIsEveryValueWrittenOneGetPerChunk(LocalAws aws) throws Exception {
        SyntheticField field = new SyntheticField(5);
        Instant run = Instant.parse("2025-06-14T00:00:00Z");
        ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.TEMPERATURE_AT_SCREEN_LEVEL, run,
                Duration.ofHours(1), List.of(0, 1, 2), GridSpec.centred(300, 320), run);
        byte[] bytes = new MetOfficeFileWriter(field).toBytes(spec);
        ExecutorService chunks = Executors.newFixedThreadPool(4);
        try (IndexFixture index = new IndexFixture(aws, "field")) {
            String uri = "s3://" + LocalAws.uniqueName("field") + "/f.nc";
            index.upload(uri, bytes);
            ForecastFile file = new ForecastFile("f", "mogreps-uk", "air_temperature", "air_temperature", null, "K", null, run, 3600,
                    spec.time(), List.of(0, 1, 2), List.of(1.5), List.of(), List.of(), uri, uri, bytes.length, null, run);
            ChunkCache reader = new ChunkCache(ChunkCache.Settings.defaults(), chunks);
            ForecastReader engine = new ForecastReader(null, new ArchiveFiles(index.s3(), reader), Runnable::run);
            float[] values = engine.field(file, new int[] {1}).values();
            float[][] written = field.plane(spec, 1, 1.5);
            assertThat(values).hasSize(300 * 320);
            for (int r = 0; r < 300; r++) {
                for (int c = 0; c < 320; c++) {
                    assertThat(values[r * 320 + c]).isEqualTo(written[r][c]);
                }
            }
            // 300 x 320 in chunks of 1 x 128 x 128: 3 x 3 chunks, one ranged GET each, besides the header.
            assertThat(reader.stats().chunksRead()).isEqualTo(9);
            long reads = reader.stats().sourceReads();
            engine.field(file, new int[] {1});
            assertThat(reader.stats().sourceReads()).isEqualTo(reads);
        } finally {
            chunks.shutdownNow();
        }
    }
}
