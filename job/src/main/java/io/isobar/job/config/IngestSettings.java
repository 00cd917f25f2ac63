package io.isobar.job.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How files are ingested (read, archived, turned into records) and de-duplicated: the part of {@link JobConfig}
 * under the {@code enrich.*} and {@code dedup.*} keys.
 *
 * @param concurrency files ingested at once per parallel instance, at least 1
 * @param timeout     how long one attempt at a file may take
 * @param retryBudget how long a file's transient failures (S3 unreachable, throttled) are retried before the
 *                    attempt fails; not negative
 * @param dedupTtl    how long a file is remembered as seen; must exceed SQS's 14-day retention, so the memory
 *                    outlives any redelivery
 */
public record IngestSettings(int concurrency, Duration timeout, Duration retryBudget, Duration dedupTtl)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_CONCURRENCY = 32;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofSeconds(600);
    public static final Duration DEFAULT_DEDUP_TTL = Duration.ofDays(21);
    /** SQS keeps messages at most 14 days. */
    static final Duration SQS_RETENTION_LIMIT = Duration.ofDays(14);

    public IngestSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException(JobConfig.ENRICH_CONCURRENCY + " must be at least 1, got " + concurrency);
        }
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(JobConfig.ENRICH_TIMEOUT + " must be at least 1 second, got " + timeout.toSeconds());
        }
        if (retryBudget.isNegative()) {
            throw new IllegalArgumentException(JobConfig.ENRICH_RETRY_BUDGET + " must not be negative, got " + retryBudget.toSeconds());
        }
        if (dedupTtl.compareTo(SQS_RETENTION_LIMIT) <= 0) {
            throw new IllegalArgumentException(JobConfig.DEDUP_TTL + " must exceed the SQS retention limit of 14 days, got "
                    + dedupTtl.toDays());
        }
    }

    static IngestSettings read(PropertyReader p) {
        return new IngestSettings(
                p.integer(JobConfig.ENRICH_CONCURRENCY, DEFAULT_CONCURRENCY),
                p.seconds(JobConfig.ENRICH_TIMEOUT, DEFAULT_TIMEOUT),
                p.seconds(JobConfig.ENRICH_RETRY_BUDGET, DEFAULT_RETRY_BUDGET),
                p.days(JobConfig.DEDUP_TTL, DEFAULT_DEDUP_TTL));
    }

    /** The longest a file may take through the ingest step: one attempt plus its retries. */
    public Duration timeoutWithRetries() {
        return timeout.plus(retryBudget);
    }
}
