package io.isobar.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * local-s3's metadata writes, once made atomic: a reader (or a process restarted after kill -9) only ever finds a
 * complete file, never the empty or half-written one an in-place rewrite leaves mid-write.
 */
class LocalS3CrashSafetyTest {

    @Test
    void metadataFilesAreNeverSeenHalfWritten(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("x.bucket.meta.7.isobar-tmp"), "{\"half"); // left by a killed process
        LocalS3CrashSafety.install(dir);
        assertThat(dir.resolve("x.bucket.meta.7.isobar-tmp")).doesNotExist();

        Method toJson = Class.forName("com.robothy.s3.core.util.JsonUtils").getMethod("toJson", File.class, Object.class);
        File target = dir.resolve("b.bucket.meta").toFile();
        Map<String, Object> big = Map.of("objects", IntStream.range(0, 20_000).mapToObj(i -> "key-" + i).toList());
        toJson.invoke(null, target, big);

        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 200; i++) {
                    toJson.invoke(null, target, big);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            } finally {
                writing.set(false);
            }
        });
        writer.start();
        ObjectMapper json = new ObjectMapper();
        AtomicInteger reads = new AtomicInteger();
        while (writing.get()) {
            Map<?, ?> read = json.readValue(target, Map.class); // throws on an empty or truncated file
            assertThat((List<?>) read.get("objects")).hasSize(20_000);
            reads.incrementAndGet();
        }
        writer.join();
        assertThat(reads.get()).isPositive();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("b.bucket.meta");
        }
    }
}
