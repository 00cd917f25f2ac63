package io.isobar.query.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Parses the times clients send: ISO-8601 with {@code Z} or an offset (normalised to UTC), or the Met Office
 * form {@code YYYYMMDDTHHMMZ} used in object keys ({@code 20250614T0100Z}).
 */
public final class TimeParam {

    /** Times in keys are ISO strings that sort as text only between these years. */
    public static final Instant MIN = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");

    private static final Pattern MET_OFFICE = Pattern.compile("\\d{8}T\\d{4}Z");
    private static final DateTimeFormatter MET_OFFICE_FORMAT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmm'Z'");
    // A '+' in a query string decodes to a space: "…T01:00:00 01:00" can only have meant "+01:00".
    private static final Pattern SPACE_FOR_PLUS = Pattern.compile("(.*T[0-9:.]+) (\\d\\d(:?\\d\\d)?)");
    private static final int MAX_LENGTH = 40;

    private TimeParam() {}

    /**
     * The instant {@code value} denotes.
     *
     * @param what how to name the value in the error, e.g. {@code query parameter 'from'}
     * @throws ApiProblem 400 naming {@code what} and the accepted forms
     */
    public static Instant parse(String what, String value) {
        // Details are sentences: "Query parameter 'from' ...", whatever case the caller named it in.
        what = what.isEmpty() ? what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
        if (value == null || value.isEmpty()) {
            throw ApiProblem.invalidParameter(what + " must not be empty; " + FORMS);
        }
        Instant instant = null;
        if (value.length() <= MAX_LENGTH) {
            instant = MET_OFFICE.matcher(value).matches() ? metOffice(value) : iso(value);
        }
        if (instant == null) {
            throw ApiProblem.invalidParameter(what + " is not a time: '" + Params.shorten(value) + "'; " + FORMS);
        }
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw ApiProblem.invalidParameter(what + " is out of range: '" + Params.shorten(value)
                    + "'; times must lie between " + MIN + " and " + MAX);
        }
        return instant;
    }

    static final String FORMS = "write it as ISO-8601 with Z or an offset (2025-06-14T01:00:00Z, 2025-06-14T02:00:00%2B01:00)"
            + " or as YYYYMMDDTHHMMZ (20250614T0100Z)";

    private static Instant metOffice(String value) {
        try {
            return LocalDateTime.parse(value, MET_OFFICE_FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant iso(String value) {
        String v = SPACE_FOR_PLUS.matcher(value).replaceFirst("$1+$2");
        try {
            return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
