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

    /**
     * Hashes the length and at most {@link #HASHED_BYTES} bytes spread evenly over an inline layout, not all of it:
     * index entries (which hold their layout) are hash keys on the request path, where hashing every byte of 48
     * layouts per series was a fifth of a warm series' CPU (JFR). Sampled bytes of two deflated layouts still tell
     * them apart (a collision costs one full {@link #equals}, never a wrong answer); equal layouts always hash equal.
     */
    @Override
    public int hashCode() {
        int h = java.util.Objects.hashCode(sidecarUri);
        if (inline != null) {
            h = h * 31 + inline.length;
            int step = Math.max(1, inline.length / HASHED_BYTES);
            for (int i = inline.length - 1; i >= 0; i -= step) {
                h = h * 31 + inline[i];
            }
        }
        return h;
    }

    /** About how many bytes of an inline layout {@link #hashCode()} reads. */
    static final int HASHED_BYTES = 32;

    @Override
    public String toString() {
        return inline != null ? "StoredLayout[inline, " + inline.length + " bytes]" : "StoredLayout[" + sidecarUri + "]";
    }
}
