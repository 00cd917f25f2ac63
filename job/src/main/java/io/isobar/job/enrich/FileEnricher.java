package io.isobar.job.enrich;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.job.pipeline.IngestFilter;
import io.isobar.job.pipeline.IngestOutcome;
import io.isobar.job.pipeline.IngestTask;
import io.isobar.model.ForecastFile;
import io.isobar.model.IngestError;
import io.isobar.model.ObjectIdentity;
import io.isobar.netcdf.ByteSource;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.LocalFileSource;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.NetcdfHeaderReader;
import io.isobar.netcdf.S3ByteSource;
import io.isobar.netcdf.layout.ChunkLayout;
import io.isobar.netcdf.layout.StoredLayout;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Enriches one ingest task: reads the file's header straight from S3 with ranged reads (or from a local
 * file, for a backfill of a directory), applies the allow-list to what the file says, copies the file into
 * the archive (server-side from S3, or an upload of the local file), and builds the index entry.
 *
 * <p>Failures that retrying cannot fix (object gone, not netCDF, truncated, metadata missing) become an
 * {@link IngestError}; anything else (throttling, 5xx, timeouts: {@link SdkException}) is thrown so the
 * caller retries with backoff. Blocking; one instance serves many threads.
 */
public final class FileEnricher {

    private static final Logger LOG = LoggerFactory.getLogger(FileEnricher.class);

    /** What the enricher tells its caller, for metrics. */
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

    public FileEnricher(S3Client s3, ArchiveCopier archive, IngestFilter filter, Clock clock, Listener listener) {
        this.s3 = s3;
        this.archive = archive;
        this.filter = filter;
        this.clock = clock;
        this.listener = listener;
    }

    public IngestOutcome enrich(IngestTask task) {
        ObjectIdentity source = task.object();
        NetcdfHeader header;
        ChunkLayout layout;
        long size;
        String etag;
        try (ByteSource bytes = open(task)) {
            NetcdfHeaderReader.Recorded recorded = reader.readWithLayout(bytes);
            header = recorded.header();
            layout = recorded.layout();
            size = bytes.size();
            etag = bytes instanceof S3ByteSource s3Bytes ? s3Bytes.eTag() : null;
            listener.headerRead(bytes.stats().requests(), bytes.stats().bytes());
        } catch (HeaderException e) {
            return failed(task, kindOf(e.reason()), e.getMessage());
        } catch (IOException e) {
            return failed(task, IngestError.Kind.UNREADABLE, where(task) + ": " + e.getMessage());
        }
        String model = header.model() != null ? header.model() : task.model();
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
        String archiveUri;
        if (task.readsLocalFile()) {
            try {
                ArchiveCopier.Archived archived = archive.upload(localPath(task), size, archiveKey);
                archiveUri = archived.uri();
                // A local file has no ETag of its own: it gets its archived copy's, the one S3 would give the original.
                etag = archived.etag();
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof NoSuchFileException) {
                    return failed(task, IngestError.Kind.OBJECT_NOT_FOUND, where(task) + ": file disappeared before it could be archived");
                }
                return failed(task, IngestError.Kind.ARCHIVE_FAILED, where(task) + ": cannot upload it: " + e.getCause().getMessage());
            } catch (IllegalArgumentException e) {
                return failed(task, IngestError.Kind.ARCHIVE_FAILED, e.getMessage());
            }
        } else {
            try {
                archiveUri = archive.copy(source, size, archiveKey);
            } catch (NoSuchKeyException e) {
                return failed(task, IngestError.Kind.OBJECT_NOT_FOUND, source.uri() + ": object disappeared before it could be archived");
            }
        }
        ForecastFile file = ForecastFile.of(header, source.withVersion(size, etag), archiveUri, model, clock.instant())
                .withChunkLayout(storeLayout(layout, archiveKey, where(task)));
        return IngestOutcome.indexed(file, task.announcedAtMillis());
    }

    /**
     * Keeps the chunk layout where the query service finds it without reading the file: in the index item when
     * small, else in a sidecar object beside the archived file. A layout that cannot be stored costs later reads
     * a header read, never the file's indexing: it is left out.
     */
    private StoredLayout storeLayout(ChunkLayout layout, String archiveKey, String where) {
        if (layout == null) {
            return null;
        }
        byte[] encoded = layout.encode();
        if (encoded.length <= StoredLayout.INLINE_LIMIT_BYTES) {
            return StoredLayout.inline(encoded);
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
        return S3ByteSource.of(s3, source.bucket(), source.key(), source.size(), source.etag());
    }

    private static Path localPath(IngestTask task) {
        return Path.of(URI.create(task.location()));
    }

    /** The object, and the local file it is read from when it stands for an S3 object (so a message names both). */
    private static String where(IngestTask task) {
        String uri = task.object().uri();
        return task.readsLocalFile() && task.bucket() != null ? uri + " (read from " + localPath(task) + ")" : uri;
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
        return IngestOutcome.failed(new IngestError(task.origin() + ":" + task.object().id(), clock.instant(), kind,
                task.object().uri(), reason, task.rawMessage()));
    }

    static IngestError.Kind kindOf(HeaderException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> IngestError.Kind.OBJECT_NOT_FOUND;
            case NOT_NETCDF -> IngestError.Kind.NOT_NETCDF;
            case TRUNCATED -> IngestError.Kind.TRUNCATED;
            case MISSING_VARIABLE, MISSING_COORDINATE -> IngestError.Kind.MISSING_METADATA;
            case UNREADABLE -> IngestError.Kind.UNREADABLE;
        };
    }
}
