package io.isobar.netcdf.bytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import io.isobar.netcdf.HeaderException;

/** A {@link ByteSource} over a local file, read with positional {@link FileChannel} reads. */
public final class LocalFileSource implements ByteSource {

    private final Path path;
    private final String uri;
    private final FileChannel channel;
    private final long size;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private LocalFileSource(Path path, FileChannel channel, long size) {
        this.path = path;
        this.uri = path.toUri().toString();
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens {@code file} for reading.
     *
     * @throws HeaderException with reason {@link HeaderException.Reason#NOT_FOUND} when it does not exist or is a directory
     */
    public static LocalFileSource open(Path file) throws IOException {
        Path path = file.toAbsolutePath();
        if (Files.isDirectory(path)) {
            throw new HeaderException(HeaderException.Reason.NOT_FOUND, path.toUri().toString(), "is a directory, not a file");
        }
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            return new LocalFileSource(path, channel, channel.size());
        } catch (NoSuchFileException e) {
            throw new HeaderException(HeaderException.Reason.NOT_FOUND, path.toUri().toString(), "no such file", e);
        } catch (AccessDeniedException e) {
            throw new HeaderException(HeaderException.Reason.UNREADABLE, path.toUri().toString(), "permission denied", e);
        }
    }

    /** The file read. */
    public Path path() {
        return path;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public OptionalLong knownSize() {
        return OptionalLong.of(size);
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        if (position >= size) {
            return -1;
        }
        requests.incrementAndGet();
        int total = 0;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        bytes.addAndGet(total);
        return total == 0 && position >= channel.size() ? -1 : total;
    }

    @Override
    public ReadStats stats() {
        return new ReadStats(requests.get(), bytes.get());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return uri;
    }
}
