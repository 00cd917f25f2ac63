package io.isobar.job.config;

import java.io.Serializable;
import java.time.Duration;

import io.isobar.index.IndexSchema;

/**
 * The index tables the job writes and how long files items live: the part of {@link JobConfig} for DynamoDB.
 *
 * @param tablePrefix   the prefix of the index tables ({@link IndexSchema.TableNames#withPrefix})
 * @param fileRetention how long files items are kept (DynamoDB TTL): the archive's retention, so entries expire
 *                      with their files; at least 1 day
 */
public record IndexSettings(String tablePrefix, Duration fileRetention) implements Serializable {

    private static final long serialVersionUID = 1L;

    public IndexSettings {
        if (tablePrefix == null || tablePrefix.isBlank()) {
            throw new IllegalArgumentException("ingest setting '" + JobConfig.TABLE_PREFIX + "' must not be blank");
        }
        if (fileRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException(JobConfig.FILE_RETENTION + " must be at least 1 day, got " + fileRetention.toDays());
        }
    }

    static IndexSettings read(PropertyReader p) {
        return new IndexSettings(p.string(JobConfig.TABLE_PREFIX, IndexSchema.DEFAULT_PREFIX),
                p.days(JobConfig.FILE_RETENTION, IndexSchema.DEFAULT_FILE_RETENTION));
    }

    public IndexSchema.TableNames tables() {
        return IndexSchema.TableNames.withPrefix(tablePrefix);
    }
}
