package io.isobar.netcdf.header;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.slf4j.LoggerFactory;

import io.isobar.failure.Rethrow;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.SpotSite;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.bytes.CachingChannel;
import io.isobar.netcdf.bytes.ChannelOptions;
import io.isobar.netcdf.bytes.LocalFileSource;
import io.isobar.netcdf.layout.ChunkLayout;
import io.isobar.netcdf.layout.LayoutRecorder;
import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.exceptions.HdfChecksumMismatchException;
import io.jhdf.exceptions.UnsupportedHdfException;
import io.jhdf.nio.FileChannelFromSeekableByteChannel;

/**
 * Reads the header of a Met Office netCDF-4 forecast file (from a local file or, with ranged reads, an S3
 * object) into a {@link NetcdfHeader}, without reading the data variable.
 *
 * <p>The data variable is the dataset with a {@code grid_mapping} attribute (most dimensions wins), else the
 * largest dataset that is not a coordinate, bounds or grid mapping variable. Its dimension names come from
 * its HDF5 dimension scales ({@code DIMENSION_LIST}), else netCDF's dimension ids, else (files written by
 * plain HDF5 tools) from the 1-D coordinates of matching length, told apart by their CF role. Coordinates
 * are found by name, else by {@code standard_name}; times honour their {@code units}. Required: the data
 * variable, {@code time} and {@code forecast_reference_time} ({@code forecast_period} is derived when absent).
 *
 * <p>How the bytes are fetched is described on {@link CachingChannel}: for a typical file, 2 requests and
 * at most 256 KiB. Every problem with the file itself is a {@link HeaderException} with a
 * {@link HeaderException.Reason} and a one-line message naming the file; I/O failures of the source
 * (network, throttling) propagate as they are.
 *
 * <p>Stateless and thread-safe: one instance can read many files at once.
 * <pre>{@code
 * NetcdfHeaderReader reader = new NetcdfHeaderReader();
 * NetcdfHeader local = reader.read(Path.of("forecast.nc"));
 * NetcdfHeader remote = reader.read(S3ByteSource.of(s3, "bucket", "key.nc", size, eTag));
 * }</pre>
 */
public final class NetcdfHeaderReader {

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private final ChannelOptions options;

    /** A reader with the default block size and prefetch (see {@link ChannelOptions#defaults()}). */
    public NetcdfHeaderReader() {
        this(ChannelOptions.defaults());
    }

    public NetcdfHeaderReader(ChannelOptions options) {
        this.options = options;
    }

    /** Reads the header of a local file. */
    public NetcdfHeader read(Path file) throws IOException {
        try (LocalFileSource source = LocalFileSource.open(file)) {
            return read(source);
        }
    }

    /**
     * Reads the header of the file {@code source} holds. The source stays open.
     *
     * @throws HeaderException when the file is missing, not netCDF-4, damaged or lacks what a forecast file must have
     * @throws IOException when the source fails to deliver bytes (transient: worth retrying)
     */
    public NetcdfHeader read(ByteSource source) throws IOException {
        return read(source, false).header();
    }

    /** A file's header and its data variable's chunk layout (null when the variable is not chunked), read in one pass. */
    public record Recorded(NetcdfHeader header, ChunkLayout layout) {}

    /**
     * As {@link #read(ByteSource)}, and also records the data variable's {@link ChunkLayout}, which reads the
     * variable's chunk index too (for the Met Office layout it lies in the blocks the header read fetches anyway).
     */
    public Recorded readWithLayout(ByteSource source) throws IOException {
        return read(source, true);
    }

    private Recorded read(ByteSource source, boolean withLayout) throws IOException {
        return open(source, (file, channel) -> {
            NetcdfHeader header = extract(file, source.uri());
            return new Recorded(header, withLayout ? layoutOrNull(file, header, source.uri(), channel) : null);
        });
    }

    /**
     * The sites of the spot file {@code source} holds (its {@code spot_index} coordinates: latitude, longitude,
     * altitude, WMO and site ids), in {@code spot_index} order. Reads the header and those coordinates: for a real spot
     * file a few ranged reads more than the header alone. The source stays open.
     *
     * @throws HeaderException when the file is not a spot file, or lacks its sites' latitudes or longitudes
     */
    public List<SpotSite> sites(ByteSource source) throws IOException {
        return open(source, (file, channel) -> new SpotSites(new Datasets(file, source.uri())).read(extract(file, source.uri())));
    }

    /** What to read from an open, checked file. */
    @FunctionalInterface
    private interface Reading<T> {
        T from(HdfFile file, CachingChannel channel) throws IOException;
    }

    private <T> T open(ByteSource source, Reading<T> reading) throws IOException {
        String uri = source.uri();
        CachingChannel channel = new CachingChannel(source, options);
        try {
            check(channel, uri);
            try (HdfFile file = new HdfFile(channel, hdfUri(uri))) {
                return reading.from(file, channel);
            }
        } catch (RuntimeException e) {
            throw translate(e, channel, uri);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // A corrupt length field makes the HDF5 library allocate a buffer of that size (or recurse without
            // end): the file is damaged, and reading it again would fail the same way. Only an allocation no heap
            // could hold proves that; a heap that is merely full is the JVM's trouble, not the file's, and must fail
            // the attempt like any other Error.
            if (e instanceof OutOfMemoryError oom && !impossibleAllocation(oom)) {
                throw oom;
            }
            if (channel.sourceFailure() != null) {
                throw translate(new IllegalStateException(e), channel, uri);
            }
            throw new HeaderException(HeaderException.Reason.UNREADABLE, uri,
                    "damaged HDF5 structure (" + HeaderException.rootMessage(e) + ")", e);
        } finally {
            channel.close();
        }
    }

    /** An array larger than any JVM array: the size came from the file, not from memory pressure. */
    private static boolean impossibleAllocation(OutOfMemoryError e) {
        return e.getMessage() != null && e.getMessage().contains("Requested array size exceeds VM limit");
    }

    /**
     * The layout, or null when it cannot be recorded (a filter this library does not know, an index it cannot read):
     * the header is what makes a file indexable; without a layout readers fall back to the header. A failure of the
     * source itself still propagates (it is transient, and the header read would have met it too).
     */
    private static ChunkLayout layoutOrNull(HdfFile file, NetcdfHeader header, String uri, CachingChannel channel)
            throws IOException {
        try {
            return LayoutRecorder.record(file, header, uri);
        } catch (HeaderException | RuntimeException e) {
            if (channel.sourceFailure() != null) {
                throw translate(e instanceof RuntimeException r ? r : new IllegalStateException(e), channel, uri);
            }
            LoggerFactory.getLogger(NetcdfHeaderReader.class).warn(
                    "{}: chunk layout not recorded ({}); readers will read its header", uri, HeaderException.rootMessage(e));
            return null;
        }
    }

    /**
     * The header of an HDF5 file already open (and {@link #check checked}), as {@link #read} extracts it: for readers
     * that open the file their own way.
     *
     * @throws HeaderException when the file lacks what a forecast file must have
     */
    public static NetcdfHeader extract(HdfFile file, String uri) throws HeaderException {
        return new HeaderExtractor(file, uri).extract();
    }

    /**
     * Checks that {@code channel} holds a whole netCDF-4/HDF5 file: not empty, not netCDF-3, an HDF5 signature,
     * not cut short. For readers that open the file their own way (the grid reader); {@link #read} does it too.
     */
    public void check(CachingChannel channel, String uri) throws IOException {
        long size = channel.size();
        long superblockAt = checkSignature(channel, uri, size);
        checkLength(channel, uri, size, superblockAt);
    }

    /** Returns where the superblock starts (0 unless the file has a user block). */
    private long checkSignature(CachingChannel channel, String uri, long size) throws IOException {
        if (size == 0) {
            throw new HeaderException(HeaderException.Reason.NOT_NETCDF, uri, "empty file, not a netCDF-4/HDF5 file");
        }
        byte[] start = readAt(channel, 0, (int) Math.min(8, size));
        if (start.length >= 4 && start[0] == 'C' && start[1] == 'D' && start[2] == 'F' && start[3] >= 1 && start[3] <= 5) {
            throw new HeaderException(HeaderException.Reason.NOT_NETCDF, uri,
                    "netCDF-3 classic file (CDF-" + start[3] + "), not supported: only netCDF-4 (HDF5) files can be read");
        }
        // HDF5 allows a user block before the superblock, of 512 bytes or a power of two above; only look as
        // far as the prefetched head so a stray file never costs more requests.
        long headBytes = (long) options.headBlocks() * options.blockSize();
        for (long at = 0; at + HDF5_SIGNATURE.length <= size && at < headBytes; at = at == 0 ? 512 : at * 2) {
            byte[] bytes = at == 0 ? start : readAt(channel, at, HDF5_SIGNATURE.length);
            if (Arrays.equals(bytes, HDF5_SIGNATURE)) {
                return at;
            }
        }
        throw new HeaderException(HeaderException.Reason.NOT_NETCDF, uri,
                size < HDF5_SIGNATURE.length ? "not a netCDF-4/HDF5 file (only " + size + " bytes)"
                        : "not a netCDF-4/HDF5 file (no HDF5 signature)");
    }

    /** A file cut short (an interrupted copy) shows as a superblock whose end-of-file address is past the end. */
    private static void checkLength(CachingChannel channel, String uri, long size, long superblockAt) throws IOException {
        Superblock superblock;
        try {
            // Not closed: closing the adapter would close the channel, which HdfFile still needs.
            superblock = Superblock.readSuperblock(new FileChannelFromSeekableByteChannel(channel), superblockAt);
        } catch (RuntimeException e) {
            if (channel.sourceFailure() != null || channel.readPastEnd()) {
                throw e;
            }
            throw new HeaderException(HeaderException.Reason.UNREADABLE, uri,
                    "damaged HDF5 superblock (" + HeaderException.rootMessage(e) + ")", e);
        }
        long end = superblock.getBaseAddressByte() + superblock.getEndOfFileAddress();
        if (superblock.getEndOfFileAddress() >= 0 && end > size) {
            throw new HeaderException(HeaderException.Reason.TRUNCATED, uri,
                    "truncated: the file has " + size + " bytes but its HDF5 superblock says " + end);
        }
    }

    private static byte[] readAt(CachingChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        channel.position(position);
        while (buffer.hasRemaining() && channel.read(buffer) > 0) {
            // keep reading until full or at the end
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /**
     * Turns what the HDF5 library threw into the failure it stands for: the source's own failure (I/O,
     * S3, missing object) if there was one, else a {@link HeaderException} for the damaged file.
     */
    public static IOException translate(RuntimeException e, CachingChannel channel, String uri) throws IOException {
        Rethrow.ifThrowable(channel.sourceFailure());
        if (channel.readPastEnd()) {
            long size = channel.source().knownSize().orElse(-1);
            return new HeaderException(HeaderException.Reason.TRUNCATED, uri,
                    "truncated: its HDF5 structures point past the end of the file"
                            + (size >= 0 ? " (" + size + " bytes)" : ""), e);
        }
        if (hasCause(e, HdfChecksumMismatchException.class)) {
            return new HeaderException(HeaderException.Reason.UNREADABLE, uri, "damaged HDF5 metadata (checksum mismatch)", e);
        }
        if (hasCause(e, UnsupportedHdfException.class)) {
            return new HeaderException(HeaderException.Reason.UNREADABLE, uri,
                    "uses an HDF5 feature that cannot be read (" + HeaderException.rootMessage(e) + ")", e);
        }
        return new HeaderException(HeaderException.Reason.UNREADABLE, uri,
                "damaged or unreadable HDF5 structure (" + HeaderException.rootMessage(e) + ")", e);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** jhdf wants a URI for its logs and {@code getFile()}; any string we are given must not make it fail. */
    private static URI hdfUri(String uri) {
        try {
            URI parsed = URI.create(uri);
            if (parsed.getPath() != null) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        return URI.create("isobar:/unparseable-uri");
    }
}
