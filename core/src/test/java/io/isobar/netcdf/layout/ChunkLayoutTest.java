package io.isobar.netcdf.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.isobar.json.Json;
import io.isobar.netcdf.Fixtures;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.bytes.ForwardingByteSource;
import io.isobar.netcdf.bytes.LocalFileSource;
import io.isobar.netcdf.grid.CellValue;
import io.isobar.netcdf.grid.GridFile;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.jhdf.HdfFile;

/** The layout recorded at ingest round-trips and reads every chunk as the HDF5 library does, with no header read. */
class ChunkLayoutTest {

    private static final String[] CHUNKED = {
        "ukv-2d-air_temperature.nc", "mogreps-uk-ensemble-wind_speed.nc", "mogreps-uk-air_temperature-max.nc",
        "ukv-pressure-wind_speed.nc", "layout-iris-order.nc"};

    @ParameterizedTest
    @ValueSource(strings = {"ukv-2d-air_temperature.nc", "mogreps-uk-ensemble-wind_speed.nc",
        "mogreps-uk-air_temperature-max.nc", "ukv-pressure-wind_speed.nc", "layout-iris-order.nc"})
    void roundTripsAndReadsEveryChunkWithoutTheHeader(String fixture) throws Exception {
        Path path = Fixtures.path(fixture);
        NetcdfHeaderReader.Recorded recorded;
        try (LocalFileSource source = LocalFileSource.open(path)) {
            recorded = new NetcdfHeaderReader().readWithLayout(source);
        }
        ChunkLayout layout = recorded.layout();
        assertThat(layout).as("a chunked data variable has a layout").isNotNull();
        assertThat(layout.header()).isEqualTo(recorded.header());

        byte[] encoded = layout.encode();
        ChunkLayout decoded = ChunkLayout.decode(encoded);
        assertThat(decoded).isEqualTo(layout);
        assertThat(decoded.encode()).isEqualTo(encoded);
        assertThat(Json.mapper().writeValueAsString(decoded.header())).isEqualTo(Json.mapper().writeValueAsString(recorded.header()));
        assertThat(decoded.header().dimensions()).isEqualTo(recorded.header().dimensions());
        assertThat(decoded.header().xCoordinates()).isEqualTo(recorded.header().xCoordinates());
        assertThat(decoded.header().gridMapping().name()).isEqualTo(recorded.header().gridMapping().name());

        Object all;
        try (HdfFile hdf = new HdfFile(path)) {
            all = hdf.getDatasetByPath(recorded.header().variable()).getData();
        }
        Counting source = new Counting(LocalFileSource.open(path));
        try (GridFile file = GridFile.open(source, decoded)) {
            assertThat(source.reads.get()).as("opening from the layout reads nothing").isZero();
            int[] shape = file.shape();
            int[] chunk = file.chunkShape();
            int[] origin = new int[shape.length];
            int chunks = 0;
            do {
                long before = source.reads.get();
                float[] values = file.readChunk(origin);
                assertThat(source.reads.get() - before).as("one read per chunk").isEqualTo(1);
                chunks++;
                // Check the chunk's first and last cells inside the variable against the HDF5 library's reading.
                int[] first = origin.clone();
                int[] last = new int[shape.length];
                for (int i = 0; i < shape.length; i++) {
                    last[i] = Math.min(shape[i], origin[i] + chunk[i]) - 1;
                }
                for (int[] cell : new int[][] {first, last}) {
                    CellValue v = file.value(values, origin, cell);
                    assertThat(v.value()).as("cell %s", Arrays.toString(cell)).isEqualTo(element(all, cell));
                }
            } while (next(origin, shape, chunk));
            assertThat(chunks).isEqualTo(layout.chunkCount());
        }
    }

    @Test
    void headerOpenedAndLayoutOpenedFilesAgree() throws IOException {
        for (String fixture : CHUNKED) {
            Path path = Fixtures.path(fixture);
            try (GridFile fromHeader = GridFile.open(LocalFileSource.open(path))) {
                ChunkLayout layout = ChunkLayout.decode(fromHeader.layout().encode());
                try (GridFile fromLayout = GridFile.open(LocalFileSource.open(path), layout)) {
                    assertThat(fromLayout.shape()).isEqualTo(fromHeader.shape());
                    assertThat(fromLayout.chunkShape()).isEqualTo(fromHeader.chunkShape());
                    int[] origin = new int[fromHeader.shape().length];
                    assertThat(fromLayout.readChunk(origin)).isEqualTo(fromHeader.readChunk(origin));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"layout-iris-order.nc", "mogreps-uk-ensemble-wind_speed.nc", "ukv-pressure-wind_speed.nc"})
    void recordingTheLayoutCostsTheHeaderReadNoMore(String fixture) throws IOException {
        Path path = Fixtures.path(fixture);
        Counting plain = new Counting(LocalFileSource.open(path));
        Counting recording = new Counting(LocalFileSource.open(path));
        try (plain; recording) {
            new NetcdfHeaderReader().read(plain);
            new NetcdfHeaderReader().readWithLayout(recording);
        }
        assertThat(recording.reads.get()).as("reads with the layout recorded").isEqualTo(plain.reads.get());
    }

    @Test
    void damagedOrForeignBytesAreRefused() throws IOException {
        byte[] good;
        try (LocalFileSource source = LocalFileSource.open(Fixtures.path(CHUNKED[0]))) {
            good = new NetcdfHeaderReader().readWithLayout(source).layout().encode();
        }
        byte[] otherVersion = good.clone();
        otherVersion[0] = 9;
        assertThatThrownBy(() -> ChunkLayout.decode(otherVersion)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 9");
        byte[] cut = Arrays.copyOf(good, good.length / 2);
        assertThatThrownBy(() -> ChunkLayout.decode(cut)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkLayout.decode(new byte[] {1, 2, 3, 4})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkLayout.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void offsetsOfChunksWrittenInOrderCostAlmostNothing() throws IOException {
        // The ensemble fixture: every chunk in one table; its encoded size is dominated by the header JSON.
        try (LocalFileSource source = LocalFileSource.open(Fixtures.path("mogreps-uk-ensemble-wind_speed.nc"))) {
            ChunkLayout layout = new NetcdfHeaderReader().readWithLayout(source).layout();
            byte[] json = Json.mapper().writeValueAsBytes(layout.header());
            assertThat(layout.encode().length).isLessThan(json.length + 4 * layout.chunkCount());
        }
    }

    private static boolean next(int[] origin, int[] shape, int[] chunk) {
        for (int i = origin.length - 1; i >= 0; i--) {
            origin[i] += chunk[i];
            if (origin[i] < shape[i]) {
                return true;
            }
            origin[i] = 0;
        }
        return false;
    }

    private static Float element(Object array, int[] cell) {
        Object v = array;
        for (int i : cell) {
            v = Array.get(v, i);
        }
        return ((Number) v).floatValue();
    }

    /** Counts reads of a source. */
    private static final class Counting extends ForwardingByteSource {
        final AtomicLong reads = new AtomicLong();

        Counting(ByteSource source) {
            super(source);
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            reads.incrementAndGet();
            return source.read(position, dst);
        }
    }
    @Test
    void inflateGivesTheDeflatedBytesWhateverSizeWasExpectedAndRefusesDamagedStreams() {
        byte[] raw = new byte[128 * 128 * 4];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 31 % 251);
        }
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(1);
        deflater.setInput(raw);
        deflater.finish();
        byte[] buffer = new byte[raw.length + 1024];
        int n = deflater.deflate(buffer);
        deflater.end();
        byte[] deflated = Arrays.copyOf(buffer, n);

        assertThat(ChunkLayout.inflate(deflated, raw.length)).isEqualTo(raw);
        assertThat(ChunkLayout.inflate(deflated, 100)).as("grown").isEqualTo(raw);
        assertThat(ChunkLayout.inflate(deflated, raw.length * 2)).as("trimmed").isEqualTo(raw);
        byte[] trailing = Arrays.copyOf(deflated, n + 7);
        assertThat(ChunkLayout.inflate(trailing, raw.length)).as("trailing bytes ignored").isEqualTo(raw);
        assertThatThrownBy(() -> ChunkLayout.inflate(Arrays.copyOf(deflated, n / 2), raw.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends after");
        byte[] garbage = deflated.clone();
        garbage[0] = 0x12;
        assertThatThrownBy(() -> ChunkLayout.inflate(garbage, raw.length)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("damaged");
    }
}
