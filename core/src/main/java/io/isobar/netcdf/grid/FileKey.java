package io.isobar.netcdf.grid;

import java.util.Objects;

/**
 * One version of one file, the key of every cache of the {@link ChunkCache}: anything that changes when the file's
 * content does, so a replaced file is never mixed with the old.
 *
 * @param uri where it is ({@code s3://bucket/key})
 * @param version its ETag, else its size
 */
public record FileKey(String uri, String version) {

    public FileKey {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(version, "version");
    }
}
