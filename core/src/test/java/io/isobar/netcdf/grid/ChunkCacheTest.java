package io.isobar.netcdf.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.isobar.netcdf.Fixtures;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.bytes.ForwardingByteSource;
import io.isobar.netcdf.bytes.LocalFileSource;
import io.isobar.netcdf.bytes.RecordingSource;
import io.isobar.netcdf.grid.CellValue.Missing;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;

class ChunkCacheTest {

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final ChunkCache reader = new ChunkCache(ChunkCache.Settings.defaults(), pool);

    @AfterEach
    void stop() {
        reader.dropAll();
        pool.shutdownNow();
    }

    /** The fixtures' values follow their CDL: base + 2 member + 0.5 level + 0.01 row + 0.001 col, as float32. */
    @ParameterizedTest
    @CsvSource({
        "ukv-2d-air_temperature.nc, 273.15",
        "mogreps-uk-air_temperature-max.nc, 280.0",
        "mogreps-uk-ensemble-wind_speed.nc, 5.0",
        "ukv-pressure-wind_speed.nc, 10.0"})
    void everyCellReadsAsWritten(String fixture, double base) throws IOException {
        Path path = Fixtures.path(fixture);
        float[] written;
        int[] shape;
        try (HdfFile hdf = new HdfFile(path)) {
            NetcdfHeader header = new NetcdfHeaderReader().read(path);
            shape = hdf.getDatasetByPath(header.variable()).getDimensions();
            written = flatten(hdf.getDatasetByPath(header.variable()).getData(), shape);
        }
        List<int[]> cells = Fixtures.allCells(shape);

        List<CellValue> values = reader.values(key(path), () -> LocalFileSource.open(path), cells);

        assertThat(values).hasSize(written.length);
        for (int i = 0; i < cells.size(); i++) {
            int[] cell = cells.get(i);
            assertThat(values.get(i).missing()).isNull();
            assertThat(values.get(i).value()).as("cell %s", java.util.Arrays.toString(cell)).isEqualTo(written[i]);
            int n = cell.length;
            int member = n == 4 || (n == 3 && fixture.contains("mogreps")) ? cell[0] : 0;
            int level = n == 4 ? cell[1] : n == 3 && !fixture.contains("mogreps") ? cell[0] : 0;
            double formula = base + 2.0 * member + 0.5 * level + 0.01 * cell[n - 2] + 0.001 * cell[n - 1];
            assertThat((double) values.get(i).value()).isCloseTo(formula, within(5e-4));
        }
    }

    @Test
    void aValueCostsOneReadOfExactlyItsChunk() throws IOException {
        // Laid out as the Met Office's files: metadata at both ends, 12 chunks of 1 x 128 x 128 random floats between.
        Path path = Fixtures.path(Fixtures.LAYOUT);
        long fileSize = Files.size(path);
        try (LocalFileSource local = LocalFileSource.open(path)) {
            RecordingSource source = new RecordingSource(local);
            FileKey key = key(path);
            FileOpener opener = () -> new Unclosed(source);

            reader.header(key, opener);
            long headerRequests = source.stats().requests();
            long headerBytes = source.stats().bytes();
            assertThat(headerRequests).isEqualTo(2);
            assertThat(headerBytes).isLessThanOrEqualTo(256 * 1024);

            CellValue v = reader.values(key, opener, List.of(new int[] {1, 150, 200})).get(0);
            assertThat(v.value()).isEqualTo(written(path, 1, 150, 200));
            assertThat(source.stats().requests()).isEqualTo(headerRequests + 1);
            long chunkBytes = source.stats().bytes() - headerBytes;
            assertThat(chunkBytes).isGreaterThan(0).isLessThanOrEqualTo(128 * 128 * 4 + 1024);
            long[] lastRead = source.ranges().get(source.ranges().size() - 1);
            assertThat(lastRead[1]).isEqualTo(chunkBytes);
            assertThat(lastRead[0]).isBetween(128L * 1024, fileSize - 128 * 1024); // a data chunk, not a header block

            // The same chunk again, and another cell of it: no read. Another chunk: one read.
            reader.values(key, opener, List.of(new int[] {1, 150, 200}, new int[] {1, 191, 255}));
            assertThat(source.stats().requests()).isEqualTo(headerRequests + 1);
            reader.values(key, opener, List.of(new int[] {2, 0, 0}));
            assertThat(source.stats().requests()).isEqualTo(headerRequests + 2);
            assertThat(reader.stats().chunksRead()).isEqualTo(2);
            assertThat(reader.stats().filesOpened()).isEqualTo(1);
        }
    }

    @Test
    void cachedValuesAnswerOnlyFromCachedChunksAndNeverRead() throws IOException {
        Path path = Fixtures.path(Fixtures.LAYOUT);
        try (LocalFileSource local = LocalFileSource.open(path)) {
            RecordingSource source = new RecordingSource(local);
            FileKey key = key(path);
            FileOpener opener = () -> new Unclosed(source);
            List<int[]> cells = List.of(new int[] {1, 150, 200}, new int[] {1, 191, 255}, new int[] {2, 0, 0});

            assertThat(reader.cachedValues(key, cells)).as("file not open").isNull();
            reader.values(key, opener, List.of(new int[] {1, 150, 200}));
            long requests = source.stats().requests();
            assertThat(reader.cachedValues(key, cells)).as("chunk [2, 0, 0] not cached").isNull();
            assertThat(source.stats().requests()).isEqualTo(requests);

            List<CellValue> expected = reader.values(key, opener, cells);
            long hits = reader.stats().chunkHits();
            requests = source.stats().requests();
            List<CellValue> cached = reader.cachedValues(key, cells);
            assertThat(cached).isEqualTo(expected);
            assertThat(cached.get(0).value()).isEqualTo(written(path, 1, 150, 200));
            assertThat(cached.get(2).value()).isEqualTo(written(path, 2, 0, 0));
            assertThat(source.stats().requests()).isEqualTo(requests);
            assertThat(reader.stats().chunkHits()).isEqualTo(hits + 2); // two chunks looked up
            assertThatThrownBy(() -> reader.cachedValues(key, List.of(new int[] {9, 0, 0})))
                    .isInstanceOf(IndexOutOfBoundsException.class);

            reader.dropChunks();
            assertThat(reader.cachedValues(key, cells)).as("chunks dropped").isNull();
        }
    }

    @Test
    void concurrentRequestsForOneChunkReadItOnce() throws Exception {
        Path path = Fixtures.path(Fixtures.LAYOUT);
        try (LocalFileSource local = LocalFileSource.open(path)) {
            SlowSource slow = new SlowSource(new RecordingSource(local));
            FileKey key = key(path);
            FileOpener opener = () -> slow;
            reader.header(key, opener);
            long before = slow.stats().requests();
            slow.delayMillis = 300; // long enough that every caller arrives while the first read is in flight

            int callers = 16;
            ExecutorService callersPool = Executors.newFixedThreadPool(callers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Float>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int column = i;
                answers.add(callersPool.submit(() -> {
                    start.await();
                    return reader.values(key, opener, List.of(new int[] {0, 10, column})).get(0).value();
                }));
            }
            start.countDown();
            for (int i = 0; i < callers; i++) {
                assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(written(path, 0, 10, i));
            }
            callersPool.shutdownNow();

            assertThat(slow.stats().requests() - before).isEqualTo(1);
            assertThat(reader.stats().chunksRead()).isEqualTo(1);
        }
    }

    @Test
    void theChunksOfOneCallAreReadInParallel() throws IOException {
        Path path = Fixtures.path(Fixtures.LAYOUT);
        try (LocalFileSource local = LocalFileSource.open(path)) {
            SlowSource slow = new SlowSource(new RecordingSource(local));
            FileKey key = key(path);
            reader.header(key, () -> slow);
            slow.delayMillis = 200;

            // One cell in each of the 12 chunks; read one after another they would take 2.4 s at least.
            List<int[]> cells = new ArrayList<>();
            for (int m = 0; m < 3; m++) {
                for (int r : new int[] {0, 150}) {
                    for (int c : new int[] {0, 200}) {
                        cells.add(new int[] {m, r, c});
                    }
                }
            }
            List<CellValue> values = reader.values(key, () -> slow, cells);

            for (int i = 0; i < cells.size(); i++) {
                int[] c = cells.get(i);
                assertThat(values.get(i).value()).isEqualTo(written(path, c[0], c[1], c[2]));
            }
            assertThat(slow.maxConcurrent.get()).isGreaterThan(1);
            assertThat(reader.stats().chunksRead()).isEqualTo(12);
        }
    }

    @Test
    void nanFillAndMissingValuesAreMissingWithAReason() throws IOException {
        Path withAttributes = dir.resolve("attributes.nc");
        writeGrid(withAttributes, new float[] {Float.NaN, -999f, -888f, 5.5f}, -999f, -888f, true);
        Path withDefaultFill = dir.resolve("default-fill.nc");
        writeGrid(withDefaultFill, new float[] {9.96921e36f, 1f, 2f, 3f}, null, null, true);

        List<CellValue> a = reader.values(key(withAttributes), () -> LocalFileSource.open(withAttributes),
                List.of(new int[] {0, 0}, new int[] {0, 1}, new int[] {0, 2}, new int[] {0, 3}));
        assertThat(a).extracting(CellValue::missing).containsExactly(Missing.NAN, Missing.FILL_VALUE, Missing.MISSING_VALUE, null);
        assertThat(a.get(3).value()).isEqualTo(5.5f);
        assertThat(a.get(0).value()).isNull();
        assertThat(Missing.FILL_VALUE.reason()).contains("fill value");

        List<CellValue> b = reader.values(key(withDefaultFill), () -> LocalFileSource.open(withDefaultFill),
                List.of(new int[] {0, 0}, new int[] {0, 1}));
        assertThat(b).extracting(CellValue::missing).containsExactly(Missing.FILL_VALUE, null);
    }

    @Test
    void aContiguousVariableIsReadOneRowAtATime() throws IOException {
        Path path = dir.resolve("contiguous.nc");
        float[] values = new float[36 * 40];
        for (int i = 0; i < values.length; i++) {
            values[i] = 100 + i;
        }
        writeGrid(path, values, null, null, false);
        try (LocalFileSource local = LocalFileSource.open(path)) {
            RecordingSource source = new RecordingSource(local);
            GridFile file = GridFile.open(new Unclosed(source));
            assertThat(file.chunkShape()).containsExactly(1, 40);
            long before = source.stats().bytes();
            int[] origin = file.chunkOrigin(new int[] {7, 9});
            float[] row = file.readChunk(origin);
            assertThat(file.value(row, origin, new int[] {7, 9}).value()).isEqualTo(100f + 7 * 40 + 9);
            assertThat(source.stats().bytes() - before).isLessThanOrEqualTo(40 * 4);
            file.close();
        }
    }

    @Test
    void aCellOutsideTheVariableIsRefused() {
        Path path = Fixtures.path(Fixtures.UKV_2D);
        assertThatThrownBy(() -> reader.values(key(path), () -> LocalFileSource.open(path), List.of(new int[] {36, 0})))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("outside air_temperature[36, 40]");
    }

    @Test
    void aMissingFileFailsEveryTimeAndIsNotCached() {
        Path path = dir.resolve("absent.nc");
        FileKey key = new FileKey(path.toUri().toString(), "0");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> reader.header(key, () -> LocalFileSource.open(path)))
                    .isInstanceOfSatisfying(HeaderException.class, e -> assertThat(e.reason()).isEqualTo(HeaderException.Reason.NOT_FOUND));
        }
        assertThat(reader.stats().filesOpened()).isEqualTo(2);
    }

    @Test
    void filesEvictedFromASmallCacheAreReopenedAndClosed() throws IOException {
        ChunkCache small = new ChunkCache(new ChunkCache.Settings(0, 1), Runnable::run);
        Path a = Fixtures.path(Fixtures.UKV_2D);
        Path b = Fixtures.path(Fixtures.MAX_TEMPERATURE);
        List<Unclosed> opened = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (Path p : List.of(a, b)) {
                int[] cell = p == a ? new int[] {5, 6} : new int[] {1, 5, 6};
                CellValue v = small.values(key(p), () -> {
                    Unclosed u = new Unclosed(LocalFileSource.open(p));
                    opened.add(u);
                    return u;
                }, List.of(cell)).get(0);
                assertThat(v.value()).isEqualTo(written(p, cell));
            }
        }
        assertThat(small.stats().filesOpened()).isGreaterThan(2);
        // Every file but the one still cached has been closed.
        assertThat(opened.stream().filter(u -> u.closed).count()).isGreaterThanOrEqualTo(opened.size() - 1);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static FileKey key(Path path) throws IOException {
        return new FileKey(path.toUri().toString(), Long.toString(Files.exists(path) ? Files.size(path) : 0));
    }

    private static float written(Path path, int... cell) throws IOException {
        try (HdfFile hdf = new HdfFile(path)) {
            NetcdfHeader header = new NetcdfHeaderReader().read(path);
            Object data = hdf.getDatasetByPath(header.variable()).getData();
            for (int i : cell) {
                data = Array.get(data, i);
            }
            return (Float) data;
        }
    }


    private static float[] flatten(Object data, int[] shape) {
        List<int[]> cells = Fixtures.allCells(shape);
        float[] out = new float[cells.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = data;
            for (int d : cells.get(i)) {
                v = Array.get(v, d);
            }
            out[i] = (Float) v;
        }
        return out;
    }

    /**
     * A 36 x 40 forecast grid written by jhdf, whose first cells hold {@code first}; the rest are 1.0. Chunked
     * 16 x 16 with deflate, or contiguous.
     */
    private static void writeGrid(Path file, float[] first, Float fillValue, Float missingValue, boolean chunked) {
        float[][] data = new float[36][40];
        for (float[] row : data) {
            java.util.Arrays.fill(row, 1f);
        }
        for (int i = 0; i < first.length; i++) {
            data[i / 40][i % 40] = first[i];
        }
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            WritableDataset d = chunked
                    ? hdf.putDataset("air_temperature", data, DatasetCreationOptions.builder().chunkDimensions(16, 16).deflate(1).build())
                    : hdf.putDataset("air_temperature", data);
            d.putAttribute("units", "K");
            d.putAttribute("grid_mapping", "lambert_azimuthal_equal_area");
            if (fillValue != null) {
                d.putAttribute("_FillValue", fillValue.floatValue());
            }
            if (missingValue != null) {
                d.putAttribute("missing_value", missingValue.floatValue());
            }
            float[] y = new float[36];
            float[] x = new float[40];
            for (int j = 0; j < 36; j++) {
                y[j] = -102000 + 2000 * j;
            }
            for (int i = 0; i < 40; i++) {
                x[i] = -156000 + 2000 * i;
            }
            hdf.putDataset("projection_y_coordinate", y).putAttribute("axis", "Y");
            hdf.putDataset("projection_x_coordinate", x).putAttribute("axis", "X");
            hdf.putDataset("time", 1749862800L).putAttribute("units", "seconds since 1970-01-01 00:00:00");
            hdf.putDataset("forecast_reference_time", 1749859200L).putAttribute("units", "seconds since 1970-01-01 00:00:00");
            hdf.putDataset("lambert_azimuthal_equal_area", -2147483647).putAttribute("grid_mapping_name", "lambert_azimuthal_equal_area");
        }
    }

    /** {@link ChunkCache#field}: whole 2-D fields (the map pictures' input) read chunk by chunk through the cache. */
    @Nested
    class Fields {

        @ParameterizedTest
        @ValueSource(strings = {"ukv-2d-air_temperature.nc", "mogreps-uk-ensemble-wind_speed.nc", "ukv-pressure-wind_speed.nc"})
        void everyFieldOfTheFileReadsAsWritten(String fixture) throws IOException {
            Path path = Fixtures.path(fixture);
            Object data;
            int[] shape;
            try (HdfFile hdf = new HdfFile(path)) {
                NetcdfHeader header = new NetcdfHeaderReader().read(path);
                shape = hdf.getDatasetByPath(header.variable()).getDimensions();
                data = hdf.getDatasetByPath(header.variable()).getData();
            }
            int d = shape.length;
            int fields = 1;
            for (int i = 0; i < d - 2; i++) {
                fields *= shape[i];
            }
            FileKey key = new FileKey(path.toUri().toString(), Long.toString(Files.size(path)));
            for (int f = 0; f < fields; f++) {
                int[] leading = new int[d - 2];
                int rest = f;
                for (int i = d - 3; i >= 0; i--) {
                    leading[i] = rest % shape[i];
                    rest /= shape[i];
                }
                ChunkCache.Field field = reader.field(key, () -> LocalFileSource.open(path), leading);
                assertThat(field.rows()).isEqualTo(shape[d - 2]);
                assertThat(field.columns()).isEqualTo(shape[d - 1]);
                Object plane = data;
                for (int i : leading) {
                    plane = Array.get(plane, i);
                }
                for (int r = 0; r < field.rows(); r++) {
                    float[] row = (float[]) Array.get(plane, r);
                    for (int c = 0; c < field.columns(); c++) {
                        assertThat(field.values()[r * field.columns() + c]).isEqualTo(row[c]);
                    }
                }
            }
            assertThatThrownBy(() -> reader.field(key, () -> LocalFileSource.open(path), new int[d - 1]))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }

        @Test
        void missingCellsAndUnwrittenChunksAreNaNAndAWarmReadReadsNothing() throws IOException {
            Path file = dir.resolve("holes.nc");
            float[][] data = new float[20][30];
            for (int r = 0; r < 20; r++) {
                for (int c = 0; c < 30; c++) {
                    data[r][c] = r * 100 + c;
                }
            }
            data[3][4] = Float.NaN;
            data[5][6] = -1f; // the fill value
            data[7][8] = -2f; // the missing_value
            try (WritableHdfFile hdf = HdfFile.write(file)) {
                WritableDataset v = hdf.putDataset("air_temperature", data,
                        DatasetCreationOptions.builder().chunkDimensions(8, 8).deflate(1).build());
                v.putAttribute("units", "K");
                v.putAttribute("_FillValue", -1f);
                v.putAttribute("missing_value", -2f);
                v.putAttribute("standard_name", "air_temperature");
                float[] y = new float[20];
                float[] x = new float[30];
                for (int j = 0; j < 20; j++) {
                    y[j] = 2000 * j;
                }
                for (int i = 0; i < 30; i++) {
                    x[i] = 2000 * i;
                }
                hdf.putDataset("projection_y_coordinate", y).putAttribute("axis", "Y");
                hdf.putDataset("projection_x_coordinate", x).putAttribute("axis", "X");
                hdf.putDataset("time", 1_749_862_800L).putAttribute("units", "seconds since 1970-01-01 00:00:00");
                hdf.putDataset("forecast_reference_time", 1_749_859_200L).putAttribute("units", "seconds since 1970-01-01 00:00:00");
            }
            FileKey key = new FileKey(file.toUri().toString(), "1");
            ChunkCache.Field field = reader.field(key, () -> LocalFileSource.open(file), new int[0]);
            assertThat(field.values()[3 * 30 + 4]).isNaN();
            assertThat(field.values()[5 * 30 + 6]).isNaN();
            assertThat(field.values()[7 * 30 + 8]).isNaN();
            assertThat(field.values()[19 * 30 + 29]).isEqualTo(1929f);
            long chunksRead = reader.stats().chunksRead();
            assertThat(chunksRead).isEqualTo(3 * 4); // ceil(20/8) x ceil(30/8)
            reader.field(key, () -> LocalFileSource.open(file), new int[0]);
            assertThat(reader.stats().chunksRead()).as("warm: every chunk from the cache").isEqualTo(chunksRead);
        }
    }

    /** Keeps a shared source open when the reader closes the file, and remembers that it did. */
    private static final class Unclosed extends ForwardingByteSource {
        volatile boolean closed;

        Unclosed(ByteSource source) {
            super(source);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Delays every read by {@link #delayMillis} and records how many ran at once. */
    private static final class SlowSource extends ForwardingByteSource {
        volatile long delayMillis;
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        SlowSource(ByteSource source) {
            super(source);
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            int now = running.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                return source.read(position, dst);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public void close() {
            // shared
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "slow(%s)", source.uri());
        }
    }
}
