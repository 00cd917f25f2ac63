package io.isobar.job.config;

import java.io.Serializable;

/**
 * Where the job copies each accepted file: the part of {@link JobConfig} for the archive.
 *
 * @param bucket the archive bucket (required)
 * @param prefix the key prefix under which files are archived; empty by default
 */
public record ArchiveSettings(String bucket, String prefix) implements Serializable {

    private static final long serialVersionUID = 1L;

    public ArchiveSettings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("missing ingest setting '" + JobConfig.ARCHIVE_BUCKET + "'");
        }
        prefix = prefix == null ? "" : prefix;
    }

    static ArchiveSettings read(PropertyReader p) {
        return new ArchiveSettings(p.string(JobConfig.ARCHIVE_BUCKET, null), p.string(JobConfig.ARCHIVE_PREFIX, ""));
    }
}
