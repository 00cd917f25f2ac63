package io.isobar.query.http;

import java.util.List;

/**
 * A CSV document as RFC 4180 has it: CRLF line ends, a field quoted only when it holds a comma, a quote or a line
 * break (its quotes doubled), and an absent value written as an empty field. The point and EDR answers use it.
 */
public final class Csv {

    /** The media type of a CSV answer. */
    public static final String MEDIA_TYPE = "text/csv; charset=utf-8";

    private final StringBuilder out = new StringBuilder();

    /** A document that starts with the header line {@code columns}. */
    public Csv(List<String> columns) {
        line(columns);
    }

    /** Appends one line of {@code fields}, in the order of the columns. */
    public Csv line(List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
        return this;
    }

    /** The document so far. */
    @Override
    public String toString() {
        return out.toString();
    }

    /** One field: empty for null, else its text, quoted when it must be. */
    public static String field(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
