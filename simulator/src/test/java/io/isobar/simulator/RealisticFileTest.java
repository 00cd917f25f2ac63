package io.isobar.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;

/** A file of the real size (3 members on the 970 x 1042 grid): size sanity, chunking, and how long it takes. */
class RealisticFileTest {

    private static final Logger LOG = LoggerFactory.getLogger(RealisticFileTest.class);

    @TempDir
    Path dir;

    @Test
    void fullSizeEnsembleFileIsAsBigAsTheRealOnes() throws Exception {
        SyntheticField field = new SyntheticField(1);
        MetOfficeFileWriter writer = new MetOfficeFileWriter(field);
        GridSpec grid = GridSpec.uk();
        Instant run = Instant.parse("2025-06-14T12:00:00Z");

        SimulatedFile file = null;
        ForecastFileSpec spec = null;
        // Timings are logged for the report, never asserted: machines differ. The first write includes JIT warm-up.
        for (int i = 0; i < 3; i++) {
            spec = new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.TEMPERATURE_AT_SCREEN_LEVEL, run,
                    Duration.ofHours(i), List.of(0, 1, 2), grid, run);
            long start = System.nanoTime();
            Object data = writer.data(spec);
            long generated = System.nanoTime();
            file = writer.write(spec, dir.resolve("full-" + i + ".nc"));
            long written = System.nanoTime();
            LOG.info("970 x 1042 x 3 air_temperature file {}: {} bytes; computing values {} ms, write() in all {} ms",
                    i, file.size(), (generated - start) / 1_000_000, (written - generated) / 1_000_000);
            assertThat(data).isInstanceOf(float[][][].class);
        }

        // Real MOGREPS-UK 3-member single-level files are 2-8 MB.
        assertThat(file.size()).isBetween(1_000_000L, 15_000_000L);
        try (HdfFile hdf = new HdfFile(file.path())) {
            Dataset data = hdf.getDatasetByPath("air_temperature");
            assertThat(data.getDimensions()).containsExactly(3, 970, 1042);
            assertThat(((ChunkedDataset) data).getChunkDimensions()).containsExactly(1, 128, 128);
            float[][][] values = (float[][][]) data.getData();
            assertThat(values[2][969][1041]).isEqualTo(field.value(spec, 2, 1.5, 969, 1041));
            assertThat(values[1][485][521]).isEqualTo(field.value(spec, 1, 1.5, 485, 521));
            float[] x = (float[]) hdf.getDatasetByPath("projection_x_coordinate").getData();
            float[] y = (float[]) hdf.getDatasetByPath("projection_y_coordinate").getData();
            assertThat(x[0]).isEqualTo(-1_041_000f);
            assertThat(x[1041]).isEqualTo(1_041_000f);
            assertThat(y[0]).isEqualTo(-969_000f);
            assertThat(y[969]).isEqualTo(969_000f);
        }
    }
}
