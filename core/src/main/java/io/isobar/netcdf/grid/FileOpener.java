package io.isobar.netcdf.grid;

import java.io.IOException;

import io.isobar.aws.S3Uri;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.bytes.S3ByteSource;
import io.isobar.netcdf.layout.StoredLayout;
import software.amazon.awssdk.services.s3.S3Client;

/** Opens a fresh source for a file, called by the {@link ChunkCache} only when the file is not open already. */
@FunctionalInterface
public interface FileOpener {

    ByteSource open() throws IOException;

    /** Where the file's chunk layout recorded at ingest is kept, or null: then opening reads the file's header. */
    default StoredLayout layout() {
        return null;
    }

    /** Opens the sidecar object {@code uri} of a {@link StoredLayout} that is not inline. */
    default ByteSource openSidecar(String uri) throws IOException {
        throw new IOException("no reader for the layout sidecar " + uri);
    }

    /**
     * An archived S3 object with (or without: null) the layout recorded at ingest; sidecars are read from S3 too.
     *
     * @param size the object's size, or a negative number: a known size lets a header read fetch head and tail at once
     */
    static FileOpener s3(S3Client s3, S3Uri object, long size, StoredLayout layout) {
        return new FileOpener() {
            @Override
            public ByteSource open() {
                return S3ByteSource.of(s3, object.bucket(), object.key(), size, null);
            }

            @Override
            public StoredLayout layout() {
                return layout;
            }

            @Override
            public ByteSource openSidecar(String uri) throws IOException {
                S3Uri sidecar = S3Uri.ofObject(uri).orElseThrow(() -> new HeaderException(HeaderException.Reason.NOT_FOUND,
                        uri, "a layout sidecar must be an s3:// URI"));
                return S3ByteSource.of(s3, sidecar.bucket(), sidecar.key());
            }
        };
    }
}
