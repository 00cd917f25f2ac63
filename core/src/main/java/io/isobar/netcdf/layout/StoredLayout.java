package io.isobar.netcdf.layout;

import java.util.Arrays;

/**
 * Where an index entry keeps its file's {@link ChunkLayout}: the encoded bytes themselves (small layouts, in the
 * {@code files} item) or the URI of a sidecar object beside the archived file (large ones).
 *
 * <p>The split keeps every {@code files} item small (a Query's cost grows with the size of the items it reads)
 * while a one-field or ensemble file's layout, under {@link #INLINE_LIMIT_BYTES}, costs no read at all; see
 * docs/index-schema.md for the measured sizes.
 *
 * @param inline the encoded layout, or null
 * @param sidecarUri {@code s3://archive-bucket/key.chunks}, or null
 */
public record StoredLayout(byte[] inline, String sidecarUri) {

    /** Encoded layouts up to this size are kept in the index item; larger ones go to a sidecar object. */
    public static final int INLINE_LIMIT_BYTES = 4096;

    /** The suffix of a sidecar object's key, after the archived file's own key. */
    public static final String SIDECAR_SUFFIX = ".chunks";

    public StoredLayout {
        if ((inline == null) == (sidecarUri == null)) {
            throw new IllegalArgumentException("a stored layout is either inline or in a sidecar object, exactly one");
        }
    }

    public static StoredLayout inline(byte[] encoded) {
        return new StoredLayout(encoded, null);
    }

    public static StoredLayout sidecar(String uri) {
        return new StoredLayout(null, uri);
    }

    public boolean isInline() {
        return inline != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredLayout s && Arrays.equals(s.inline, inline) && java.util.Objects.equals(s.sidecarUri, sidecarUri);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(inline) * 31 + java.util.Objects.hashCode(sidecarUri);
    }

    @Override
    public String toString() {
        return inline != null ? "StoredLayout[inline, " + inline.length + " bytes]" : "StoredLayout[" + sidecarUri + "]";
    }
}
