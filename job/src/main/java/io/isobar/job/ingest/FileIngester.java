package io.isobar.job.ingest;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.aws.S3Uri;
import io.isobar.failure.Failures;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.index.ItemGuard;
import io.isobar.model.ForecastFile;
import io.isobar.model.IngestError;
import io.isobar.model.ObjectIdentity;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.bytes.LocalFileSource;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.isobar.netcdf.bytes.S3ByteSource;
import io.isobar.netcdf.layout.ChunkLayout;
import io.isobar.netcdf.layout.StoredLayout;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Ingests one task: reads the file's header straight from S3 with ranged reads (or from a local
 * file, for a backfill of a directory), applies the allow-list to what the file says, copies the file into
 * the archive (server-side from S3, or an upload of the local file), and builds the index entry.
 *
 * <p>Every failure is classified by {@link Failures}: one that the file proves (object gone, not netCDF,
 * truncated, metadata missing or absurd, access refused) becomes an {@link IngestError} at once; anything else
 * (connection reset, timeouts, throttling, 5xx, an object replaced while read or copied) is thrown as a
 * {@link TransientFailure} so the caller retries with backoff. Blocking; one instance serves many threads.
 */
public final class FileIngester {

    private static final Logger LOG = LoggerFactory.getLogger(FileIngester.class);

    /** What the ingester tells its caller, for metrics. */
    public interface Listener {
        void headerRead(long requests, long bytes);

        void notificationMismatch();

        Listener NONE = new Listener() {
            @Override
            public void headerRead(long requests, long bytes) {}

            @Override
            public void notificationMismatch() {}
        };
    }

    private final S3Client s3;
    private final ArchiveCopier archive;
    private final IngestFilter filter;
    private final NetcdfHeaderReader reader = new NetcdfHeaderReader();
    private final Clock clock;
    private final Listener listener;
    private final Duration retention;
    private final Opener opener;

    /** Where a task's bytes come from; a seam for tests that inject the faults no emulator produces. */
    interface Opener {
        ByteSource open(IngestTask task) throws IOException;
    }

    /** An ingester whose entries expire after {@link IndexSchema#DEFAULT_FILE_RETENTION}. */
    public FileIngester(S3Client s3, ArchiveCopier archive, IngestFilter filter, Clock clock, Listener listener) {
        this(s3, archive, filter, clock, listener, IndexSchema.DEFAULT_FILE_RETENTION);
    }

    /** An ingester whose entries expire after {@code retention} (checked against DynamoDB's limits with it). */
    public FileIngester(S3Client s3, ArchiveCopier archive, IngestFilter filter, Clock clock, Listener listener,
            Duration retention) {
        this.s3 = s3;
        this.archive = archive;
        this.filter = filter;
        this.clock = clock;
        this.listener = listener;
        this.retention = retention;
        this.opener = this::open;
    }

    /** An ingester reading every task's bytes from {@code opener}. */
    FileIngester(Opener opener, ArchiveCopier archive, IngestFilter filter, Clock clock) {
        this.s3 = null;
        this.archive = archive;
        this.filter = filter;
        this.clock = clock;
        this.listener = Listener.NONE;
        this.retention = IndexSchema.DEFAULT_FILE_RETENTION;
        this.opener = opener;
    }

    /**
     * Ingests {@code task}: its index entry, an error record when the file is proven bad (see {@link Failures}),
     * or nothing when its header shows it is not wanted.
     *
     * @throws TransientFailure when reading or archiving failed for a reason that retrying may fix
     */
    public IngestOutcome ingest(IngestTask task) {
        Failures.Stage stage = Failures.Stage.READ;
        try {
            ObjectIdentity source = task.object();
            NetcdfHeader header;
            ChunkLayout layout;
            long size;
            String etag;
            try (ByteSource bytes = opener.open(task)) {
                NetcdfHeaderReader.Recorded recorded = reader.readWithLayout(bytes);
                header = recorded.header();
                layout = recorded.layout();
                size = bytes.size();
                etag = bytes instanceof S3ByteSource s3Bytes ? s3Bytes.eTag() : null;
                listener.headerRead(bytes.stats().requests(), bytes.stats().bytes());
            }
            String model = header.modelOr(task.model());
            if (model == null) {
                return failed(task, IngestError.Kind.MISSING_METADATA, where(task)
                        + ": the model is unknown: no mosg__model_configuration attribute and no model in the notification");
            }
            checkAgainstNotification(task, header, model);
            if (!filter.accepts(model, header.variable(), header.time())) {
                LOG.debug("{} holds {} / {} valid at {}: not on the allow-list", where(task), model, header.variable(), header.time());
                return IngestOutcome.skipped();
            }
            String archiveKey = archive.archiveKey(header, model, source);
            ForecastFile file = ForecastFile.of(header, source.withVersion(size, etag), archive.uri(archiveKey), model,
                    clock.instant()).withAnnouncedAt(announcedAt(task));
            // Where the chunk layout will live is decided now (inline in the item up to 4 KiB, else a sidecar named
            // by URI), so the entry checked below is the one the sink will write, layout included.
            byte[] encodedLayout = layout == null ? null : layout.encode();
            StoredLayout plannedLayout = plannedLayout(encodedLayout, archiveKey);
            try {
                // Checked before the copy, so a file that cannot be indexed is not archived either. The files sink
                // trims what is merely long; what it cannot store is recorded here, with the task.
                ItemGuard.fit(FileItems.toItem(file.withChunkLayout(plannedLayout), retention), ItemGuard.FILES);
            } catch (ItemGuard.UnsafeItemException unsafe) {
                return failed(task, IngestError.Kind.INVALID_METADATA, where(task)
                        + ": its index entry cannot be stored: " + unsafe.getMessage());
            }
            stage = Failures.Stage.ARCHIVE;
            if (task.readsLocalFile()) {
                ArchiveCopier.Archived archived = archive.upload(localPath(task), size, archiveKey);
                // A local file has no ETag of its own: it gets its archived copy's, the one S3 would give the original.
                file = ForecastFile.of(header, source.withVersion(size, archived.etag()), archived.uri(), model,
                        file.indexedAt()).withAnnouncedAt(file.announcedAt());
            } else {
                // Pinned to the version whose header was read: a replaced object fails the copy (412) and the
                // whole task is tried again, reading the new version.
                archive.copy(source, size, etag, archiveKey);
            }
            return IngestOutcome.indexed(file.withChunkLayout(storeLayout(encodedLayout, plannedLayout, archiveKey,
                    where(task))), task.announcedAtMillis());
        } catch (Exception e) {
            // Errors are not caught: a full heap is not the file's fault. The attempt fails and the job restarts from
            // its checkpoint (the header reader itself turns what a corrupt file provokes into a HeaderException).
            Failures.Verdict verdict = Failures.classify(e, stage);
            if (verdict.isTransient()) {
                throw new TransientFailure(where(task) + ": " + verdict.reason(), e);
            }
            return failed(task, verdict.kind(), where(task) + ": " + verdict.reason());
        }
    }

    /** A failure of one attempt that retrying may fix (I/O, throttling, an object replaced while read). */
    public static final class TransientFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TransientFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Where the chunk layout will be kept, so the query service finds it without reading the file: in the index item
     * when small, else in a sidecar object beside the archived file; null without a layout.
     */
    private StoredLayout plannedLayout(byte[] encoded, String archiveKey) {
        if (encoded == null) {
            return null;
        }
        return encoded.length <= StoredLayout.INLINE_LIMIT_BYTES ? StoredLayout.inline(encoded)
                : StoredLayout.sidecar(archive.uri(archiveKey + StoredLayout.SIDECAR_SUFFIX));
    }

    /**
     * Keeps the layout as planned: a sidecar is written now, after the archive copy. A layout that cannot be stored
     * costs later reads a header read, never the file's indexing: it is left out.
     */
    private StoredLayout storeLayout(byte[] encoded, StoredLayout planned, String archiveKey, String where) {
        if (planned == null || planned.isInline()) {
            return planned;
        }
        try {
            return StoredLayout.sidecar(archive.put(archiveKey + StoredLayout.SIDECAR_SUFFIX, encoded));
        } catch (SdkException e) {
            LOG.warn("{}: cannot store its chunk layout ({} bytes) beside the archived file, indexing it without: {}",
                    where, encoded.length, e.toString());
            return null;
        }
    }

    /** The task's bytes: its local file, or ranged reads of its S3 object. */
    private ByteSource open(IngestTask task) throws IOException {
        if (task.readsLocalFile()) {
            return LocalFileSource.open(localPath(task));
        }
        ObjectIdentity source = task.object();
        // The notification's ETag is not required: a replaced object is read as it is now (the reader pins
        // every request to the first ETag it sees), and its entry records the ETag that was read.
        return S3ByteSource.of(s3, source.bucket(), source.key(), source.size(), null);
    }

    private static Path localPath(IngestTask task) {
        return Path.of(URI.create(task.location()));
    }

    /** The object, and the local file it is read from when it stands for an S3 object (so a message names both). */
    private static String where(IngestTask task) {
        String uri;
        try {
            uri = task.object().uri();
        } catch (RuntimeException invalid) {
            return S3Uri.PREFIX + task.bucket() + "/" + task.key(); // a task whose identity is itself invalid
        }
        return task.readsLocalFile() && task.bucket() != null ? uri + " (read from " + task.location() + ")" : uri;
    }

    private void checkAgainstNotification(IngestTask task, NetcdfHeader header, String model) {
        boolean modelDiffers = task.model() != null && !task.model().equals(model);
        boolean variableDiffers = task.variable() != null && !Objects.equals(task.variable(), header.variable());
        if (modelDiffers || variableDiffers) {
            listener.notificationMismatch();
            LOG.warn("{}: notification says {} / {} but the file holds {} / {}; the file wins", task.object().uri(),
                    task.model(), task.variable(), model, header.variable());
        }
    }

    private IngestOutcome failed(IngestTask task, IngestError.Kind kind, String reason) {
        LOG.warn("Cannot index {}: {}", where(task), reason);
        return IngestOutcome.failed(errorOf(task, kind, reason, clock));
    }

    /** When the task's object was announced (see {@link IngestTask#announcedAtMillis()}), or null: backfill. */
    private static Instant announcedAt(IngestTask task) {
        return task.announcedAtMillis() > 0 ? Instant.ofEpochMilli(task.announcedAtMillis()) : null;
    }

    /**
     * The error record of {@code task}: its time is the announcement's (the notification's own time, which every
     * redelivery of the message repeats) when there is one, so a replay overwrites the record instead of adding one.
     */
    public static IngestError errorOf(IngestTask task, IngestError.Kind kind, String reason, Clock clock) {
        Instant at = task.announcedAtMillis() > 0 ? Instant.ofEpochMilli(task.announcedAtMillis()) : clock.instant();
        String object;
        String uri;
        try {
            object = task.object().id();
            uri = task.object().uri();
        } catch (RuntimeException invalid) {
            object = String.valueOf(task.key());
            uri = null;
        }
        return new IngestError(task.origin() + ":" + object, at, kind, uri, reason, task.rawMessage());
    }
}
