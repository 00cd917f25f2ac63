package io.isobar.netcdf;

import java.io.IOException;

/**
 * A file whose netCDF header cannot be read, and why: the permanent failures, which retrying will not
 * fix (a missing object, a file that is not netCDF-4, a damaged file, a file without the coordinates a
 * forecast file must have). Transient failures (network, throttling) are not HeaderExceptions: they
 * surface as the underlying {@link IOException} or AWS SDK exception.
 *
 * <p>The message is one line that names the file and says what is wrong, e.g.
 * {@code s3://bucket/key.nc: not a netCDF-4/HDF5 file (no HDF5 signature)}.
 */
public final class HeaderException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What kind of problem the file has. */
    public enum Reason {
        /** The file or object does not exist (or its bucket does not). */
        NOT_FOUND,
        /** The file is not netCDF-4/HDF5 (including netCDF-3 classic files, which are not supported). */
        NOT_NETCDF,
        /** The file is shorter than its own structures say: cut off while being written or copied. */
        TRUNCATED,
        /** No data variable, or a variable that another one names (a grid mapping) is absent. */
        MISSING_VARIABLE,
        /** A required coordinate ({@code time}, {@code forecast_reference_time}, ...) is absent or unusable. */
        MISSING_COORDINATE,
        /** The file is damaged or uses something that cannot be decoded. */
        UNREADABLE
    }

    private final Reason reason;
    private final String uri;

    public HeaderException(Reason reason, String uri, String problem) {
        this(reason, uri, problem, null);
    }

    public HeaderException(Reason reason, String uri, String problem, Throwable cause) {
        super(oneLine(uri + ": " + problem), cause);
        this.reason = reason;
        this.uri = uri;
    }

    public Reason reason() {
        return reason;
    }

    /** The file or object the problem is in. */
    public String uri() {
        return uri;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** The innermost cause of {@code e}, as {@code Type: message}: what a one-line problem names. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
