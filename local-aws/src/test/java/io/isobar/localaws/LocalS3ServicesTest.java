package io.isobar.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.robothy.s3.core.model.internal.BucketMetadata;
import com.robothy.s3.core.storage.FileSystemBucketMetadataStore;

/**
 * The persisted S3 emulator's metadata writes are atomic: a reader (or a process restarted after kill -9) only ever
 * finds a complete bucket file, never the empty or half-written one an in-place rewrite leaves mid-write; what a
 * killed process left half-written is cleared at the next start.
 */
class LocalS3ServicesTest {

    @Test
    void bucketMetadataIsNeverSeenHalfWritten(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("x.bucket.meta.7.isobar-tmp"), "{\"half"); // left by a killed process
        LocalS3Services.create(dir);
        assertThat(dir.resolve("x.bucket.meta.7.isobar-tmp")).doesNotExist();

        LocalS3Services.AtomicBucketMetadataStore store = new LocalS3Services.AtomicBucketMetadataStore(dir);
        BucketMetadata big = new BucketMetadata();
        big.setBucketName("b");
        for (int i = 0; i < 20_000; i++) {
            big.getObjectMap().put("key-" + i, new com.robothy.s3.core.model.internal.ObjectMetadata());
        }
        store.store("b", big);

        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    store.store("b", big);
                }
            } finally {
                writing.set(false);
            }
        });
        writer.start();
        // local-s3's own reader, as at the next start: it throws on an empty or truncated file.
        var reader = FileSystemBucketMetadataStore.create(dir);
        AtomicInteger reads = new AtomicInteger();
        while (writing.get()) {
            assertThat(reader.fetch("b").getObjectMap()).hasSize(20_000);
            reads.incrementAndGet();
        }
        writer.join();
        assertThat(reads.get()).isPositive();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .noneMatch(name -> name.endsWith(".isobar-tmp")).contains("b.bucket.meta");
        }
    }
}
