package io.isobar.job.backfill;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import io.isobar.aws.S3Uri;

/**
 * What one backfill run replays: a source (an S3 prefix or a local directory), optionally the S3 location a
 * directory is a copy of, the validity-time window, and the run's id (which error records carry).
 *
 * @param source {@code s3://bucket/prefix} (a prefix ending at a {@code /}, or one object), or the absolute
 *     {@code file:} URI of a local directory or file
 * @param mirrorOf for a directory only: {@code s3://bucket/prefix} it is a copy of, so that
 *     {@code DIR/a/b.nc} is indexed as {@code s3://bucket/prefix/a/b.nc}, exactly as if it had been read
 *     from there (and re-indexing the original overwrites rather than duplicates); null to index files as
 *     {@code file://} objects
 * @param from first validity time to index (inclusive), or null
 * @param to validity time to stop before (exclusive), or null
 * @param runId this run's id, unique per run
 */
public record BackfillSpec(String source, String mirrorOf, Instant from, Instant to, String runId) implements Serializable {

    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public BackfillSpec {
        source = normaliseSource(source);
        if (mirrorOf != null) {
            if (isS3(source)) {
                throw new IllegalArgumentException("a copy's S3 location (" + mirrorOf + ") only makes sense for a directory, not for "
                        + source);
            }
            mirrorOf = normaliseS3(mirrorOf, "the S3 location the directory is a copy of");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("the time range is empty: from " + from + " is not before to " + to);
        }
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("a backfill needs a run id");
        }
    }

    /** A spec with a new run id. */
    public static BackfillSpec of(String source, String mirrorOf, Instant from, Instant to, Clock clock) {
        return new BackfillSpec(source, mirrorOf, from, to, newRunId(clock));
    }

    /** {@code backfill-20261124T001500Z-3f2a}: when it started, and a random suffix for runs started together. */
    public static String newRunId(Clock clock) {
        byte[] random = new byte[2];
        ThreadLocalRandom.current().nextBytes(random);
        return "backfill-" + RUN_STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
    }

    /** What error records of this run carry as their origin (their id is {@code origin:objectId}). */
    public String origin() {
        return runId;
    }

    /** True for an S3 source. */
    public boolean readsS3() {
        return isS3(source);
    }

    /**
     * Parses a time for {@code --from}/{@code --to}: ISO-8601 with a zone ({@code 2026-11-23T06:00:00Z},
     * {@code 2026-11-23T07:00+01:00}), or without one as UTC ({@code 2026-11-23T06:00}), or a date for its
     * start in UTC ({@code 2026-11-23}), or a Met Office stamp ({@code 20261123T0600Z}).
     */
    public static Instant parseTime(String text) {
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notOffset) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            // try the next form
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notDate) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(t.toUpperCase(Locale.ROOT), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'"))
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: use ISO-8601 (2026-11-23T06:00:00Z), a date "
                    + "(2026-11-23, midnight UTC) or a Met Office stamp (20261123T0600Z)");
        }
    }

    static boolean isS3(String uri) {
        return S3Uri.isS3(uri);
    }

    /** {@code s3://bucket/prefix} (s3a: becomes s3:), or an absolute {@code file:} URI for anything else. */
    private static String normaliseSource(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a backfill needs a source: s3://BUCKET/PREFIX or a directory");
        }
        if (isS3(source)) {
            return normaliseS3(source, "the source");
        }
        try {
            Path path = source.startsWith("file:") ? Path.of(new URI(source)) : Path.of(source);
            return path.toAbsolutePath().normalize().toUri().toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + source + "' is neither s3://BUCKET/PREFIX nor a directory: " + e.getMessage());
        }
    }

    private static String normaliseS3(String uri, String what) {
        if (!isS3(uri)) {
            throw new IllegalArgumentException(what + " must be s3://BUCKET[/PREFIX], got '" + uri + "'");
        }
        try {
            S3Uri.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " names no bucket: '" + uri + "'", e);
        }
        // The text after the scheme is kept as given: to a listing, s3://bucket and s3://bucket/ are not the same path.
        return S3Uri.PREFIX + uri.substring(uri.indexOf("://") + 3);
    }
}
