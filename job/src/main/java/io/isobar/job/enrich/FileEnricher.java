package io.isobar.job.enrich;

import java.io.IOException;
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
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.NetcdfHeaderReader;
import io.isobar.netcdf.S3ByteSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Enriches one ingest task: reads the file's header straight from S3 with ranged reads, applies the
 * allow-list to what the file says, copies the file into the archive, and builds the index entry.
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
        long size;
        String etag;
        try (S3ByteSource bytes = S3ByteSource.of(s3, source.bucket(), source.key(), source.size(), source.etag())) {
            header = reader.read(bytes);
            size = bytes.size();
            etag = bytes.eTag();
            listener.headerRead(bytes.stats().requests(), bytes.stats().bytes());
        } catch (HeaderException e) {
            return failed(task, kindOf(e.reason()), e.getMessage());
        } catch (IOException e) {
            return failed(task, IngestError.Kind.UNREADABLE, source.uri() + ": " + e.getMessage());
        }
        String model = header.model() != null ? header.model() : task.model();
        if (model == null) {
            return failed(task, IngestError.Kind.MISSING_METADATA, source.uri()
                    + ": the model is unknown: no mosg__model_configuration attribute and no model in the notification");
        }
        checkAgainstNotification(task, header, model);
        if (!filter.accepts(model, header.variable())) {
            LOG.debug("{} holds {} / {}: not on the allow-list", source.uri(), model, header.variable());
            return IngestOutcome.skipped();
        }
        String archiveUri;
        try {
            archiveUri = archive.copy(source, size, archive.archiveKey(header, model, source));
        } catch (NoSuchKeyException e) {
            return failed(task, IngestError.Kind.OBJECT_NOT_FOUND, source.uri() + ": object disappeared before it could be archived");
        }
        ForecastFile file = ForecastFile.of(header, source.withVersion(size, etag), archiveUri, model, clock.instant());
        return IngestOutcome.indexed(file, task.announcedAtMillis());
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
        LOG.warn("Cannot index {}: {}", task.object().uri(), reason);
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
