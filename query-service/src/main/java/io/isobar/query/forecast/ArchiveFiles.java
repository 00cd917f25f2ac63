package io.isobar.query.forecast;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.isobar.aws.S3Uri;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.grid.CellValue;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.netcdf.grid.FileKey;
import io.isobar.netcdf.grid.FileOpener;
import io.isobar.query.http.ApiProblem;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The archived copy of an indexed file, read through the shared {@link ChunkCache} (its open-file and chunk caches):
 * the one place where an index entry becomes an opened file ({@link #open}), and where read failures become the
 * API's problems (502 when the archived file is damaged, 503 with {@code Retry-After} when S3 fails for now). A problem
 * names the file by what it holds ({@link #describe}); its archive URI and the reader's message go to the log only.
 */
public final class ArchiveFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveFiles.class);

    private final S3Client s3;
    private final ChunkCache reader;
    /**
     * Headers already read, by file version (they never change): a warm request finds them here without a hand-off to
     * another thread, even when the reader has closed the file since.
     */
    private final Cache<FileKey, NetcdfHeader> headers = Caffeine.newBuilder().maximumSize(50_000).build();

    public ArchiveFiles(S3Client s3, ChunkCache reader) {
        this.s3 = s3;
        this.reader = reader;
    }

    /** The file's header if it has been read before, else null (never reads). */
    public NetcdfHeader cachedHeader(ForecastFile file) {
        return headers.getIfPresent(key(file));
    }

    /** The reader behind these files (its stats count chunk reads and S3 GETs). */
    public ChunkCache reader() {
        return reader;
    }

    /** The file's header, opening the file if it is not open yet. */
    public NetcdfHeader header(ForecastFile file) {
        NetcdfHeader cached = cachedHeader(file);
        if (cached != null) {
            return cached;
        }
        NetcdfHeader header = read(file, opener -> reader.header(key(file), opener));
        headers.put(key(file), header);
        return header;
    }

    /** The values of {@code cells} (one index per dimension of the data variable each), in the same order. */
    public List<CellValue> values(ForecastFile file, List<int[]> cells) {
        if (cells.isEmpty()) {
            return List.of();
        }
        return read(file, opener -> reader.values(key(file), opener, cells));
    }

    /**
     * The values of {@code cells} when the file is open and their chunks are cached ({@link ChunkCache#cachedValues}),
     * else null; never reads.
     */
    public List<CellValue> cachedValues(ForecastFile file, List<int[]> cells) {
        return cells.isEmpty() ? List.of() : reader.cachedValues(key(file), cells);
    }

    /** One whole 2-D field of the file ({@link ChunkCache#field}): {@code leading} fixes member and level. */
    public ChunkCache.Field field(ForecastFile file, int[] leading) {
        return read(file, opener -> reader.field(key(file), opener, leading));
    }

    /** The cache key of one version of a file: its URI and ETag (else its size). */
    public static FileKey key(ForecastFile file) {
        return new FileKey(file.uri(), file.etag() != null ? file.etag() : Long.toString(file.sizeBytes()));
    }

    /**
     * How to open the archived copy of {@code file}: every "index entry to opened file" step goes through here, so a
     * change in how files are opened (for example from a chunk layout recorded at ingest) is made once.
     */
    FileOpener open(ForecastFile file) {
        S3Uri archived = S3Uri.ofObject(file.uri()).orElseThrow(() -> new ApiProblem(502, "archive-file-unreadable",
                "Archived file unreadable", "The index does not say where the archived copy of " + describe(file) + " is")
                .withLog("the index names " + file.uri() + " as the archived copy, which is not an s3://bucket/key URI"));
        long size = file.sizeBytes() > 0 ? file.sizeBytes() : -1;
        // The size lets the head and the tail of the file be fetched at once; the index's ETag is the Met Office
        // original's, not necessarily the archived copy's, so it is not given to the source to check against.
        // With the chunk layout recorded at ingest, the file opens without reading its header.
        return FileOpener.s3(s3, archived, size, file.chunkLayout());
    }

    /** One read of the reader's on an opened file. */
    @FunctionalInterface
    private interface Read<T> {
        T from(FileOpener opener) throws IOException;
    }

    /** Opens {@code file} and reads it, turning the failures into the API's problems: 502 damaged, 503 for now. */
    private <T> T read(ForecastFile file, Read<T> read) {
        try {
            return read.from(open(file));
        } catch (HeaderException e) {
            throw unreadable(file, e);
        } catch (IOException | SdkException e) {
            throw unavailable(file, e);
        }
    }

    private static ApiProblem unreadable(ForecastFile file, HeaderException e) {
        return new ApiProblem(502, "archive-file-unreadable", "Archived file unreadable", "The archived copy of " + describe(file)
                + ", which answers this query, cannot be read (" + reason(e.reason()) + "); the operators have the details")
                .withLog("archived file " + file.uri() + " cannot be read: " + e.getMessage());
    }

    private static ApiProblem unavailable(ForecastFile file, Exception e) {
        LOG.debug("Archived file {} could not be read just now", file.uri(), e);
        return new ApiProblem(503, "archive-unavailable", "Archive unavailable", "The archived copy of " + describe(file)
                + " could not be read just now; retry shortly", Map.of("Retry-After", "1"))
                .withLog("archived file " + file.uri() + " could not be read just now: " + e);
    }

    /** Why a file cannot be read, in the API's words. */
    private static String reason(HeaderException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> "it is missing";
            default -> "it is damaged or not the netCDF-4 file the index describes";
        };
    }

    /**
     * A file as problems name it, by what it holds ("the ukv air_temperature file of the run 2025-06-14T00:00:00Z valid
     * at 2025-06-14T01:00:00Z"), never by its archive URI, which is the operators'.
     */
    public static String describe(ForecastFile file) {
        return "the " + file.model() + " " + file.variable() + " file of the run " + file.forecastReferenceTime() + " valid at "
                + file.time();
    }
}
