package io.isobar.netcdf.bytes;

import java.io.IOException;

/**
 * An object whose ETag changed between two reads of one header: it was replaced while being read. Transient:
 * reading it again sees one version throughout.
 */
public final class ObjectChangedException extends IOException {

    private static final long serialVersionUID = 1L;

    public ObjectChangedException(String message) {
        super(message);
    }
}
