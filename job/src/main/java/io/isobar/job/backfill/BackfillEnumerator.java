package io.isobar.job.backfill;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists a backfill's source through Flink's file systems (S3 through Flink's S3 file system, directories
 * through the local one) and makes one split per file the {@link BackfillSelection} takes, never reading a
 * file. Like Flink's {@code NonSplittingRecursiveEnumerator}, but it knows folders from files (so run folders
 * outside the time window are not listed) and it counts what it skipped.
 */
public final class BackfillEnumerator implements FileEnumerator {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillEnumerator.class);

    /** What one listing found. */
    public record Listing(List<FileSourceSplit> splits, long skippedByKey, long notNetcdf, long foldersSkipped, long bytes) {

        /** Files to backfill. */
        public int files() {
            return splits.size();
        }
    }

    private final BackfillSelection selection;

    public BackfillEnumerator(BackfillSelection selection) {
        this.selection = selection;
    }

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits) throws IOException {
        Listing listing = list(paths);
        LOG.info("Backfill listing of {}: {} files to backfill ({} bytes), {} skipped by their key, {} not netCDF, {} run folders "
                        + "outside the time range not listed", List.of(paths), listing.files(), listing.bytes(), listing.skippedByKey(),
                listing.notNetcdf(), listing.foldersSkipped());
        return listing.splits();
    }

    /** Lists {@code paths} (each a folder or one file) with the counts of what was left out. */
    public Listing list(Path... paths) throws IOException {
        Walk walk = new Walk();
        for (Path path : paths) {
            FileSystem fs = path.getFileSystem();
            FileStatus root;
            try {
                root = fs.getFileStatus(path);
            } catch (FileNotFoundException e) {
                throw new FileNotFoundException(path + ": no such " + (path.toUri().getScheme() != null
                        && path.toUri().getScheme().startsWith("s3") ? "object or prefix" : "file or directory"));
            }
            if (root.isDir()) {
                walk.folder(fs, root.getPath());
            } else {
                walk.file(root);
            }
        }
        return new Listing(List.copyOf(walk.splits), walk.skippedByKey, walk.notNetcdf, walk.foldersSkipped, walk.bytes);
    }

    private final class Walk {
        final List<FileSourceSplit> splits = new ArrayList<>();
        long skippedByKey;
        long notNetcdf;
        long foldersSkipped;
        long bytes;

        void folder(FileSystem fs, Path dir) throws IOException {
            FileStatus[] children = fs.listStatus(dir);
            if (children == null) {
                return; // vanished while we listed
            }
            for (FileStatus child : children) {
                if (child.isDir()) {
                    if (selection.enters(child.getPath())) {
                        folder(fs, child.getPath());
                    } else {
                        foldersSkipped++;
                    }
                } else {
                    file(child);
                }
            }
        }

        void file(FileStatus status) {
            switch (selection.decide(status.getPath(), status.getLen())) {
                case TAKE -> {
                    splits.add(new FileSourceSplit(Integer.toString(splits.size()), status.getPath(), 0, status.getLen(),
                            status.getModificationTime(), status.getLen()));
                    bytes += status.getLen();
                }
                case SKIPPED_BY_KEY -> skippedByKey++;
                case NOT_NETCDF -> notNetcdf++;
            }
        }
    }
}
