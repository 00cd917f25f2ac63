package io.isobar.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.isobar.netcdf.bytes.LocalFileSource;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.isobar.netcdf.layout.ChunkLayout;
import io.isobar.netcdf.layout.StoredLayout;

/**
 * The sizes that decide where a chunk layout is kept (docs/index-schema.md): a real-size UK field, one member or
 * three, fits in the index item; 33 pressure levels x 3 members (7,128 chunks) goes to a sidecar object.
 */
class ChunkLayoutSizeTest {

    private static final Instant RUN = Instant.parse("2025-06-14T12:00:00Z");

    @TempDir
    Path dir;

    private ChunkLayout layoutOf(List<Integer> members) throws IOException {
        ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN,
                Duration.ofHours(1), members, GridSpec.uk(), RUN);
        Path file = dir.resolve("f" + members.size() + ".nc");
        new MetOfficeFileWriter(new SyntheticField(7)).write(spec, file);
        try (LocalFileSource source = LocalFileSource.open(file)) {
            return new NetcdfHeaderReader().readWithLayout(source).layout();
        }
    }

    @Test
    void realSizeFieldsFitTheItemAndPressureLevelsGoToASidecar() throws IOException {
        ChunkLayout one = layoutOf(List.of(0));
        ChunkLayout three = layoutOf(List.of(0, 1, 2));
        assertThat(one.chunkCount()).isEqualTo(72);
        assertThat(three.chunkCount()).isEqualTo(216);
        int oneBytes = one.encode().length;
        int threeBytes = three.encode().length;

        // 33 pressure levels x 3 members: the three members' chunk sizes on every level, each varied by up to +-20 %
        // (levels hold different values, so their chunks compress differently: repeating the sizes exactly would let
        // the layout's own compression hide the cost), chunks one after another in the file, as netCDF writes them.
        int levels = 33;
        int count = three.chunkCount() * levels;
        long[] offsets = new long[count];
        int[] sizes = new int[count];
        long at = three.offset(0);
        java.util.SplittableRandom random = new java.util.SplittableRandom(33);
        for (int c = 0; c < count; c++) {
            sizes[c] = (int) (three.storedSize(c % three.chunkCount()) * (0.8 + 0.4 * random.nextDouble()));
            offsets[c] = at;
            at += sizes[c];
        }
        ChunkLayout pressure = new ChunkLayout(three.header(), new int[] {3, levels, 970, 1042}, new int[] {1, 1, 128, 128},
                three.type(), three.filters(), three.fill(), three.missingValues(), three.scale(), three.addOffset(), offsets,
                sizes, new int[count]);
        int pressureBytes = pressure.encode().length;
        System.out.printf("chunk layout, encoded: 1 member %d chunks %d bytes; 3 members %d chunks %d bytes;"
                + " 33 levels x 3 members %d chunks %d bytes%n", one.chunkCount(), oneBytes, three.chunkCount(), threeBytes,
                count, pressureBytes);

        assertThat(oneBytes).isLessThanOrEqualTo(StoredLayout.INLINE_LIMIT_BYTES);
        assertThat(threeBytes).isLessThanOrEqualTo(StoredLayout.INLINE_LIMIT_BYTES);
        assertThat(pressureBytes).isGreaterThan(StoredLayout.INLINE_LIMIT_BYTES);
        // Compact: a few bytes per chunk beyond the header.
        assertThat(pressureBytes - oneBytes).isLessThan(4 * count);
        assertThat(ChunkLayout.decode(pressure.encode())).isEqualTo(pressure);
    }
}
