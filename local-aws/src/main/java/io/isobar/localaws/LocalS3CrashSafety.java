package io.isobar.localaws;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Makes local-s3's persistence survive {@code kill -9}. local-s3 2.4 keeps each bucket's object list in one JSON file,
 * {@code <bucket>.bucket.meta}, and rewrites it in place (truncate, then write) after every change: a process killed
 * during that write leaves an empty or half-written file, and the next start fails on it with the bucket's whole
 * object list gone. Every such write goes through the static {@code JsonUtils.jsonWriter}; this replaces it with one
 * that writes a temporary file beside the target and renames it over the target atomically, so the file on disk is
 * always a complete old or a complete new version. Object data files are written before the metadata names them.
 *
 * <p>The field is {@code private static final}, so it is set with {@code sun.misc.Unsafe} once per JVM, before
 * local-s3 writes anything. Should a later local-s3 change that field, {@link #install} fails loudly at start-up rather
 * than leaving persistence unsafe without notice.
 */
final class LocalS3CrashSafety {

    private static final Logger LOG = LoggerFactory.getLogger(LocalS3CrashSafety.class);
    private static final String JSON_UTILS = "com.robothy.s3.core.util.JsonUtils";
    private static final String TEMP_SUFFIX = ".isobar-tmp";

    private LocalS3CrashSafety() {}

    /** Installs the atomic writer (once per JVM) and removes temporary files a killed process left in {@code dataDir}. */
    static synchronized void install(Path dataDir) {
        try {
            Field field = Class.forName(JSON_UTILS).getDeclaredField("jsonWriter");
            field.setAccessible(true);
            ObjectWriter current = (ObjectWriter) field.get(null);
            if (!(current instanceof AtomicFileWriter)) {
                Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
                Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
                theUnsafe.setAccessible(true);
                Object unsafe = theUnsafe.get(null);
                Object base = unsafeClass.getMethod("staticFieldBase", Field.class).invoke(unsafe, field);
                long offset = (long) unsafeClass.getMethod("staticFieldOffset", Field.class).invoke(unsafe, field);
                unsafeClass.getMethod("putObjectVolatile", Object.class, long.class, Object.class)
                        .invoke(unsafe, base, offset, new AtomicFileWriter(current));
                if (!(field.get(null) instanceof AtomicFileWriter)) {
                    throw new IllegalStateException("the replaced writer did not take");
                }
                LOG.debug("local-s3 metadata files are now written atomically");
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot make local-s3's metadata writes atomic (written for local-s3 2.4, whose "
                    + JSON_UTILS + ".jsonWriter writes every bucket's metadata file): " + e, e);
        }
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path leftover : files.filter(p -> p.getFileName().toString().endsWith(TEMP_SUFFIX)).toList()) {
                Files.deleteIfExists(leftover);
            }
        } catch (IOException e) {
            LOG.warn("Could not clean temporary files in {}: {}", dataDir, e.toString());
        }
    }

    /** Writes files through a temporary sibling and an atomic rename; everything else as the writer it wraps. */
    static final class AtomicFileWriter extends ObjectWriter {
        private static final long serialVersionUID = 1L;
        private static final AtomicLong SEQUENCE = new AtomicLong();

        AtomicFileWriter(ObjectWriter base) {
            super(base, base.getConfig());
        }

        @Override
        public void writeValue(File resultFile, Object value) throws IOException {
            Path target = resultFile.toPath();
            Path temp = target.resolveSibling(target.getFileName() + "." + SEQUENCE.incrementAndGet() + TEMP_SUFFIX);
            try {
                super.writeValue(temp.toFile(), value);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
