package io.isobar.cli.local;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack's retained Flink checkpoints: {@code <dir>/<job id>/chk-<n>/_metadata}, one job id per start of
 * {@code ./isobar local}. Finds the newest complete one to restore from, and prunes the rest.
 */
final class LocalCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCheckpoints.class);
    private static final String METADATA = "_metadata";

    private LocalCheckpoints() {}

    /**
     * The newest checkpoint directory under {@code dir} whose metadata reads completely. A process killed while
     * writing a checkpoint leaves a directory without metadata, or with a truncated one: those are skipped.
     */
    static Optional<Path> latest(Path dir) throws IOException {
        for (Path checkpoint : newestFirst(dir)) {
            if (readable(checkpoint.resolve(METADATA))) {
                return Optional.of(checkpoint);
            }
            LOG.warn("Skipping incomplete checkpoint {}", checkpoint);
        }
        return Optional.empty();
    }

    /**
     * Deletes every job's checkpoints except those of the job {@code keep} belongs to. The job restored from
     * {@code keep} does not need its files once it has taken its own first checkpoint (restore mode NO_CLAIM), but
     * {@code keep} stays until the next start in case this one dies before that.
     */
    static void deleteAllBut(Path dir, Path keep) throws IOException {
        Path keepJob = keep.getParent();
        try (Stream<Path> jobs = Files.list(dir)) {
            for (Path job : jobs.filter(Files::isDirectory).filter(job -> !job.equals(keepJob)).toList()) {
                deleteTree(job);
            }
        }
    }

    private static List<Path> newestFirst(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.find(dir, 3, (path, attributes) -> attributes.isRegularFile()
                && path.getFileName().toString().equals(METADATA)
                && path.getParent().getFileName().toString().startsWith("chk-"))) {
            return files.sorted(Comparator.comparing(LocalCheckpoints::modified).reversed()).map(Path::getParent).toList();
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static boolean readable(Path metadata) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(metadata))) {
            Checkpoints.loadCheckpointMetadata(new DataInputStream(in), LocalCheckpoints.class.getClassLoader(),
                    metadata.getParent().toString());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Unreadable checkpoint metadata {}", metadata, e);
            return false;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
