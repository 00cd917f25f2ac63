package io.isobar.query.units;

import java.util.Optional;

import io.isobar.query.http.ApiProblem;

/** The {@code units} query parameter of every face: how values of a variable in its file's units are given instead. */
public final class UnitsParam {

    /** The parameter's name, the same on {@code /v1/point*}, {@code /edr} and {@code /v1/map*}. */
    public static final String NAME = "units";

    private UnitsParam() {}

    /**
     * The units asked for, checked before any reading: a string UDUNITS does not read is a 400 at once (whether the
     * variable converts to it is known only once its file is).
     */
    public static Optional<String> asked(Optional<String> raw) {
        raw.ifPresent(u -> {
            if (!Units.known(u)) {
                throw ApiProblem.invalidParameter("Query parameter 'units' is not a unit this service reads: '" + shorten(u)
                        + "'; e.g. degC, degF, K, km/h, mph, kt, m s-1, mm/h, hPa, %");
            }
        });
        return raw;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /**
     * The conversion from {@code fileUnits} to the units asked for; no change when none were asked for.
     *
     * @throws ApiProblem 400 naming the variable, its units and what they convert to, when the conversion is impossible
     */
    public static Conversion conversion(Optional<String> asked, String variable, String fileUnits) {
        String from = fileUnits == null ? "" : fileUnits;
        if (asked.isEmpty() || asked.get().equals(from)) {
            return Conversion.identity(from);
        }
        try {
            return Units.conversion(from, asked.get());
        } catch (UnitsException e) {
            throw ApiProblem.invalidParameter("Query parameter 'units' cannot apply to " + variable + ": " + e.getMessage());
        }
    }
}
