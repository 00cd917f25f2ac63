package io.isobar.netcdf.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block arithmetic, prefetch and coalescing of {@link CachingChannel} over a local file of known bytes. */
class CachingChannelTest {

    private static final int SIZE = 10_000;
    private static final int BLOCK = 100;

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void writeFile() throws IOException {
        byte[] bytes = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            bytes[i] = valueAt(i);
        }
        file = Files.write(dir.resolve("bytes.bin"), bytes);
    }

    @Test
    void prefetchesHeadAndTailInParallelWhenTheSizeIsKnown() throws IOException {
        AtomicInteger tasks = new AtomicInteger();
        Executor counting = task -> {
            tasks.incrementAndGet();
            new Thread(task).start();
        };
        try (RecordingSource source = recording(false);
                CachingChannel channel = new CachingChannel(source, options(2, 1).withPrefetchExecutor(counting))) {
            assertThat(channel.size()).isEqualTo(SIZE);

            assertThat(ranges(source)).containsExactlyInAnyOrder(List.of(0L, 200L), List.of(9900L, 100L));
            assertThat(tasks).hasValue(1);
            assertThat(channel.cachedBlocks()).isEqualTo(3);
        }
    }

    @Test
    void learnsAnUnknownSizeFromTheHeadThenFetchesTheTail() throws IOException {
        try (RecordingSource source = recording(true); CachingChannel channel = new CachingChannel(source, options(2, 2))) {
            assertThat(channel.size()).isEqualTo(SIZE);

            assertThat(ranges(source)).containsExactly(List.of(0L, 200L), List.of(9800L, 200L));
        }
    }

    @Test
    void readsWithinPrefetchedBlocksCostNothing() throws IOException {
        try (RecordingSource source = recording(false); CachingChannel channel = new CachingChannel(source, options(2, 2))) {
            assertThat(read(channel, 10, 150)).isEqualTo(expected(10, 150));
            assertThat(read(channel, 9850, 150)).isEqualTo(expected(9850, 150));

            assertThat(source.stats().requests()).isEqualTo(2);
        }
    }

    @Test
    void coalescesAdjacentMissingBlocksIntoOneRead() throws IOException {
        try (RecordingSource source = recording(false); CachingChannel channel = new CachingChannel(source, options(1, 1))) {
            channel.size();
            int before = source.ranges().size();

            // bytes 350..749 lie in blocks 3..7: one read of 300..799
            assertThat(read(channel, 350, 400)).isEqualTo(expected(350, 400));

            assertThat(ranges(source).subList(before, ranges(source).size())).containsExactly(List.of(300L, 500L));
        }
    }

    @Test
    void fetchesOnlyTheRunsOfBlocksItDoesNotHold() throws IOException {
        try (RecordingSource source = recording(false); CachingChannel channel = new CachingChannel(source, options(1, 1))) {
            read(channel, 510, 10); // block 5
            int before = source.ranges().size();

            // blocks 3..8: 3-4 and 6-8 missing, 5 held
            assertThat(read(channel, 300, 600)).isEqualTo(expected(300, 600));

            assertThat(ranges(source).subList(before, ranges(source).size()))
                    .containsExactly(List.of(300L, 200L), List.of(600L, 300L));
        }
    }

    @Test
    void keepsAtMostTheConfiguredNumberOfBlocks() throws IOException {
        ChannelOptions options = options(1, 1).withMaxCachedBlocks(3);
        try (RecordingSource source = recording(false); CachingChannel channel = new CachingChannel(source, options)) {
            read(channel, 1000, 1);
            read(channel, 2000, 1);
            read(channel, 3000, 1);
            assertThat(channel.cachedBlocks()).isEqualTo(3);
            int before = source.ranges().size();

            read(channel, 0, 1); // the head block was the least recently used: evicted

            assertThat(source.ranges()).hasSize(before + 1);
        }
    }

    @Test
    void aFileShorterThanTheHeadCostsOneRead() throws IOException {
        try (RecordingSource source = recording(false);
                CachingChannel channel = new CachingChannel(source, ChannelOptions.defaults())) {
            assertThat(read(channel, 0, SIZE)).isEqualTo(expected(0, SIZE));

            assertThat(ranges(source)).containsExactly(List.of(0L, (long) SIZE));
        }
    }

    @Test
    void readsAtTheEndReturnWhatIsThereThenMinusOne() throws IOException {
        try (RecordingSource source = recording(false); CachingChannel channel = new CachingChannel(source, options(1, 1))) {
            ByteBuffer buffer = ByteBuffer.allocate(200);
            channel.position(SIZE - 50);

            assertThat(channel.read(buffer)).isEqualTo(50);
            assertThat(channel.position()).isEqualTo(SIZE);
            assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
            assertThat(channel.readPastEnd()).isTrue();
        }
    }

    @Test
    void isReadOnly() throws IOException {
        try (RecordingSource source = recording(false); CachingChannel channel = new CachingChannel(source)) {
            assertThatThrownBy(() -> channel.write(ByteBuffer.allocate(1))).isInstanceOf(NonWritableChannelException.class);
            assertThatThrownBy(() -> channel.truncate(1)).isInstanceOf(NonWritableChannelException.class);
        }
    }

    @Test
    void closingTheChannelLeavesTheSourceOpen() throws IOException {
        try (RecordingSource source = recording(false)) {
            CachingChannel channel = new CachingChannel(source, options(1, 1));
            channel.close();

            assertThat(channel.isOpen()).isFalse();
            assertThat(source.read(0, ByteBuffer.allocate(4))).isEqualTo(4);
        }
    }

    private RecordingSource recording(boolean sizeLearntOnRead) throws IOException {
        return new RecordingSource(LocalFileSource.open(file), sizeLearntOnRead);
    }

    private static ChannelOptions options(int head, int tail) {
        return ChannelOptions.defaults().withBlockSize(BLOCK).withPrefetch(head, tail);
    }

    private static List<List<Long>> ranges(RecordingSource source) {
        return source.ranges().stream().map(r -> List.of(r[0], r[1])).toList();
    }

    private static byte[] read(CachingChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        channel.position(position);
        while (buffer.hasRemaining() && channel.read(buffer) > 0) {
            // until full
        }
        return buffer.array();
    }

    private static byte[] expected(int position, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = valueAt(position + i);
        }
        return bytes;
    }

    private static byte valueAt(int i) {
        return (byte) (i % 251);
    }
}
