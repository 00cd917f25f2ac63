package io.isobar.netcdf.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.isobar.netcdf.Fixtures;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.bytes.LocalFileSource;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.isobar.netcdf.layout.ChunkLayout;
import io.isobar.netcdf.layout.StoredLayout;

/**
 * Values of the 2026 feed's other shapes read cell by cell, through the header and through the chunk layout ingest
 * records, against the formula each fixture's CDL states: {@code base + 0.5 lead + 0.01 row + 0.001 col} on a grid (lead
 * a member, percentile or threshold index), {@code base + 0.5 lead + 0.01 site} for sites.
 */
class FeedShapesValuesTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ChunkCache reader = new ChunkCache(ChunkCache.Settings.defaults(), pool);

    @AfterEach
    void stop() {
        reader.dropAll();
        pool.shutdownNow();
    }

    @ParameterizedTest
    @CsvSource({
        "global-air_temperature.nc, 270.0, false",
        "mogreps-g-air_temperature.nc, 280.0, false",
        "bpf-uk-percentiles-air_temperature.nc, 275.0, false",
        "bpf-uk-probabilities-wind_speed.nc, 0.1, false",
        "bpf-uk-spot-percentiles-air_temperature.nc, 285.0, true",
        "bpf-uk-spot-probabilities-rainfall.nc, 0.2, true"})
    void everyCellReadsAsItsFormulaWithAndWithoutTheRecordedLayout(String fixture, double base, boolean spot) throws IOException {
        Path path = Fixtures.path(fixture);
        ChunkLayout layout;
        try (LocalFileSource source = LocalFileSource.open(path)) {
            layout = new NetcdfHeaderReader().readWithLayout(source).layout();
        }
        assertThat(layout).isNotNull();
        int[] shape = layout.shape();
        List<int[]> cells = Fixtures.allCells(shape);

        List<CellValue> fromHeader = reader.values(new FileKey(path.toUri().toString(), "header"), () -> LocalFileSource.open(path),
                cells);
        StoredLayout stored = StoredLayout.inline(layout.encode());
        List<CellValue> fromLayout = reader.values(new FileKey(path.toUri().toString(), "layout"), new FileOpener() {
            @Override
            public ByteSource open() throws IOException {
                return LocalFileSource.open(path);
            }

            @Override
            public StoredLayout layout() {
                return stored;
            }
        }, cells);

        assertThat(reader.stats().filesFromLayout()).isEqualTo(1);
        for (int i = 0; i < cells.size(); i++) {
            int[] cell = cells.get(i);
            int n = cell.length;
            int lead = n >= (spot ? 2 : 3) ? cell[0] : 0;
            double formula = spot ? base + 0.5 * lead + 0.01 * cell[n - 1]
                    : base + 0.5 * lead + 0.01 * cell[n - 2] + 0.001 * cell[n - 1];
            assertThat((double) fromHeader.get(i).value()).as("%s %s", fixture, java.util.Arrays.toString(cell))
                    .isCloseTo(formula, within(5e-4));
            assertThat(fromLayout.get(i)).isEqualTo(fromHeader.get(i));
        }
    }

}
