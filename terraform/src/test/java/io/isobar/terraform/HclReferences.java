package io.isobar.terraform;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the references ({@code var.x}, {@code local.x}, {@code data.t.n}, {@code aws_t.n}, {@code module.m},
 * {@code aws.alias}) in HCL source text: the traversals in expressions, including those inside {@code ${...}} and
 * {@code %{...}} of quoted strings and heredocs, but not in comments or in the literal parts of strings.
 *
 * <p>A lexical scan rather than hcl4j's parse: hcl4j evaluates as it parses and loses the references inside function
 * calls, conditionals and {@code for} expressions ({@code merge(var.tags, ...)} comes back as null).
 */
final class HclReferences {

    /**
     * One traversal: its dotted parts up to the first index or splat ({@code aws_s3_bucket.archive.arn}), where
     * it is, and the kind of top-level block it is in ({@code resource}, {@code variable}, {@code locals}, ...).
     */
    record Reference(String file, int line, String traversal, String topLevelBlock) {

        List<String> parts() {
            return List.of(traversal.split("\\."));
        }

        String root() {
            return parts().get(0);
        }

        String where() {
            return file + ":" + line;
        }
    }

    private final String file;
    private final String text;
    private final List<Reference> found = new ArrayList<>();
    private int pos;
    private int line = 1;
    private String topLevelBlock = "";

    private HclReferences(String file, String text) {
        this.file = file;
        this.text = text;
    }

    /** Every traversal with at least two parts in {@code text}. */
    static List<Reference> scan(String file, String text) {
        HclReferences scanner = new HclReferences(file, text);
        scanner.code(false, 0);
        return List.copyOf(scanner.found);
    }

    /** Scans expressions until the end, or (inside an interpolation) until the brace that closes it. */
    private void code(boolean interpolation, int baseDepth) {
        int depth = baseDepth;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == '#' || startsWith("//")) {
                skipToEndOfLine();
            } else if (startsWith("/*")) {
                int end = text.indexOf("*/", pos + 2);
                int stop = end < 0 ? text.length() : end + 2;
                countLines(pos, stop);
                pos = stop;
            } else if (c == '"') {
                pos++;
                template(null);
            } else if (startsWith("<<") && heredocStart()) {
                // heredocStart moved past the marker line
            } else if (c == '{') {
                depth++;
                pos++;
            } else if (c == '}') {
                pos++;
                if (interpolation && depth == baseDepth) {
                    return;
                }
                depth--;
            } else if (Character.isDigit(c)) {
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                    pos++;
                }
            } else if (isIdentifierStart(c)) {
                boolean afterDot = previousSignificant() == '.';
                String traversal = traversal();
                if (!interpolation && depth == 0 && !traversal.contains(".")) {
                    topLevelBlock = traversal;
                }
                if (!afterDot && traversal.contains(".")) {
                    found.add(new Reference(file, line, traversal, topLevelBlock));
                }
            } else {
                pos++;
            }
        }
    }

    /** Scans a template (quoted string, or heredoc ending at {@code marker}) for its interpolations. */
    private void template(String marker) {
        boolean lineStart = marker != null;
        while (pos < text.length()) {
            if (marker != null && lineStart) {
                int eol = text.indexOf('\n', pos);
                String candidate = text.substring(pos, eol < 0 ? text.length() : eol).trim();
                if (candidate.equals(marker)) {
                    pos = eol < 0 ? text.length() : eol;
                    return;
                }
            }
            lineStart = false;
            char c = text.charAt(pos);
            if (marker == null && c == '\\') {
                pos += 2;
            } else if (marker == null && c == '"') {
                pos++;
                return;
            } else if (startsWith("$${") || startsWith("%%{")) {
                pos += 3;
            } else if (startsWith("${") || startsWith("%{")) {
                pos += 2;
                code(true, 0);
            } else {
                if (c == '\n') {
                    line++;
                    lineStart = true;
                }
                pos++;
            }
        }
    }

    /** At {@code <<}: when a heredoc starts here, scans it whole and returns true. */
    private boolean heredocStart() {
        int p = pos + 2;
        if (p < text.length() && text.charAt(p) == '-') {
            p++;
        }
        int start = p;
        while (p < text.length() && (Character.isLetterOrDigit(text.charAt(p)) || text.charAt(p) == '_')) {
            p++;
        }
        if (p == start || p >= text.length() || text.charAt(p) != '\n') {
            return false;
        }
        String marker = text.substring(start, p);
        pos = p + 1;
        line++;
        template(marker);
        return true;
    }

    /** Reads {@code ident(.ident)*}, stopping at an index, a splat or a call. */
    private String traversal() {
        StringBuilder out = new StringBuilder(identifier());
        while (pos + 1 < text.length() && text.charAt(pos) == '.' && isIdentifierStart(text.charAt(pos + 1))) {
            pos++;
            out.append('.').append(identifier());
        }
        return out.toString();
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private char previousSignificant() {
        for (int p = pos - 1; p >= 0; p--) {
            char c = text.charAt(p);
            if (!Character.isWhitespace(c)) {
                return c;
            }
        }
        return 0;
    }

    private void skipToEndOfLine() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void countLines(int from, int to) {
        for (int p = from; p < to; p++) {
            if (text.charAt(p) == '\n') {
                line++;
            }
        }
    }

    private boolean startsWith(String s) {
        return text.startsWith(s, pos);
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    // HCL identifiers may contain dashes (mogreps-uk = {...}).
    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }
}
