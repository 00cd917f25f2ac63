package io.isobar.query.units;

/** A unit nobody can read, or a conversion between units of different quantities; the message says which. */
public final class UnitsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnitsException(String message) {
        super(message, null, false, false);
    }
}
