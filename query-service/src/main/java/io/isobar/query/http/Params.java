package io.isobar.query.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.isobar.model.ModelNames;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * The validated parameters of one request, from its query string and, for a POST, its body ({@link BodyParams}):
 * unknown, repeated and empty parameters are rejected up front, and each accessor parses one parameter or fails with a
 * 400 that names it and says what is accepted. Handlers read parameters only through this class.
 */
public final class Params {

    /** Model and variable names: CF names and Met Office model names, never containing the key separator. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}");
    private static final int SHORTEN = 80;

    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Checks the request's parameters against {@code allowed}: the query string's, and for a POST those of its body too
     * (a form or a JSON object, {@link BodyParams}), one source for every handler.
     *
     * @throws ApiProblem 400 naming every unknown parameter, or a repeated (in the URL, the body or both) or empty one;
     *     413 for a body over {@link Limits#BODY_BYTES}; 415 for a body that is neither a form nor JSON
     */
    public static Params of(Context ctx, Set<String> allowed) {
        Map<String, List<String>> raw = parse(ctx.queryString(), "The query string");
        if (HandlerType.POST.equals(ctx.method())) {
            BodyParams.of(ctx).forEach((name, values) -> raw.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        }
        return of(raw, allowed);
    }

    /** As {@link #of(Context, Set)}, for a raw query string ({@code a=1&b=2}, percent-encoded). */
    public static Params of(String queryString, Set<String> allowed) {
        return of(parse(queryString, "The query string"), allowed);
    }

    private static Params of(Map<String, List<String>> raw, Set<String> allowed) {
        Set<String> unknown = new TreeSet<>(raw.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw ApiProblem.invalidParameter("Unknown query parameter" + (unknown.size() > 1 ? "s " : " ")
                    + unknown.stream().map(n -> "'" + shorten(n) + "'").collect(Collectors.joining(", "))
                    + "; this endpoint accepts " + (allowed.isEmpty() ? "none" : String.join(", ", new TreeSet<>(allowed))));
        }
        for (Map.Entry<String, List<String>> e : raw.entrySet()) {
            if (e.getValue().size() > 1) {
                throw ApiProblem.invalidParameter("Query parameter '" + e.getKey() + "' is given "
                        + e.getValue().size() + " times; give it once");
            }
            if (e.getValue().get(0).isEmpty()) {
                throw ApiProblem.invalidParameter("Query parameter '" + e.getKey() + "' is empty; give a value or leave it out");
            }
        }
        return new Params(raw.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().get(0))));
    }

    /**
     * Parses the raw query string ourselves rather than trusting the server's lenient parsing, which silently drops
     * pairs it cannot decode: a malformed pair must be a 400, not an ignored filter.
     */
    static Map<String, List<String>> parse(String queryString, String what) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return params;
        }
        for (String pair : queryString.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), what);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), what);
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String s, String what) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidParameter(what + " has malformed percent-encoding in '" + shorten(s)
                    + "'; encode '%' as %25");
        }
    }

    public Optional<String> raw(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A model name, normalised to its canonical form ({@code uk_det} and {@code UKV} both mean {@code ukv}). */
    public Optional<String> model(String name) {
        return raw(name).map(v -> modelValue("query parameter '" + name + "'", v));
    }

    /** A model name from a query parameter or a path segment; see {@link #model(String)}. */
    public static String modelValue(String what, String value) {
        return ModelNames.normalise(nameValue(what, value));
    }

    /** A variable name (a CF name such as {@code air_temperature}), taken as given. */
    public Optional<String> variable(String name) {
        return raw(name).map(v -> nameValue("query parameter '" + name + "'", v));
    }

    private static String nameValue(String what, String value) {
        if (!NAME.matcher(value).matches()) {
            throw ApiProblem.invalidParameter(what + " is not a valid name: '" + shorten(value)
                    + "'; names are 1-128 letters, digits and _ . + - (starting with a letter or digit)");
        }
        return value;
    }

    public Optional<Instant> time(String name) {
        return raw(name).map(v -> TimeParam.parse("query parameter '" + name + "'", v));
    }

    /** A page size: {@code def} when absent, else an integer from 1 to {@code max}. */
    public int limit(String name, int def, int max) {
        Optional<String> v = raw(name);
        if (v.isEmpty()) {
            return def;
        }
        String s = v.get();
        int n;
        try {
            n = s.length() > 9 ? -1 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > max) {
            throw ApiProblem.invalidParameter("Query parameter '" + name + "' must be an integer from 1 to " + max
                    + ", not '" + shorten(s) + "'");
        }
        return n;
    }

    /**
     * The raw value of a parameter the request must have.
     *
     * @param hint what to send, for the error message (e.g. {@code a CF variable name such as air_temperature})
     */
    public String required(String name, String hint) {
        return raw(name).orElseThrow(() -> ApiProblem.invalidParameter("Query parameter '" + name + "' is required: " + hint));
    }

    /** A decimal number from {@code min} to {@code max}, in plain notation ({@code -4.4861}; no exponent, NaN or Infinity). */
    public Optional<Double> decimal(String name, double min, double max) {
        return raw(name).map(v -> {
            double d = DECIMAL.matcher(v).matches() ? Double.parseDouble(v) : Double.NaN;
            if (!(d >= min && d <= max)) {
                throw ApiProblem.invalidParameter("Query parameter '" + name + "' must be a decimal number from "
                        + plain(min) + " to " + plain(max) + ", not '" + shorten(v) + "'");
            }
            return d == 0 ? 0.0 : d; // no -0.0 in answers
        });
    }

    /** An integer from {@code min} to {@code max}. */
    public Optional<Integer> integer(String name, int min, int max) {
        return raw(name).map(v -> {
            long n = INTEGER.matcher(v).matches() ? Long.parseLong(v) : Long.MIN_VALUE;
            if (n < min || n > max) {
                throw ApiProblem.invalidParameter("Query parameter '" + name + "' must be an integer from " + min + " to "
                        + max + ", not '" + shorten(v) + "'");
            }
            return (int) n;
        });
    }

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,10}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d{1,12}(\\.\\d{0,20})?|\\.\\d{1,20})");

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** {@code true} or {@code false} (any case); {@code def} when absent. */
    public boolean bool(String name, boolean def) {
        Optional<String> v = raw(name);
        if (v.isEmpty()) {
            return def;
        }
        if (v.get().equalsIgnoreCase("true")) {
            return true;
        }
        if (v.get().equalsIgnoreCase("false")) {
            return false;
        }
        throw ApiProblem.invalidParameter("Query parameter '" + name + "' must be true or false, not '" + shorten(v.get()) + "'");
    }

    /** One of {@code choices} (case-insensitive, returned as listed); empty when absent. */
    public Optional<String> choice(String name, List<String> choices) {
        return raw(name).map(v -> choices.stream().filter(c -> c.equalsIgnoreCase(v)).findFirst()
                .orElseThrow(() -> ApiProblem.invalidParameter("Query parameter '" + name + "' must be one of "
                        + String.join(", ", choices) + ", not '" + shorten(v) + "'")));
    }

    /**
     * A before-handler: rejects a path with malformed percent-encoding ({@code %} not followed by two hex digits)
     * before routing, whose path-parameter decoding would otherwise fail with an unhelpful error.
     */
    public static void checkPathEncoding(Context ctx) {
        String path = ctx.req().getRequestURI();
        if (path == null) {
            return;
        }
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0 || Character.digit(path.charAt(i + 2), 16) < 0) {
                throw ApiProblem.invalidParameter("The path has malformed percent-encoding at '" + shorten(path.substring(i))
                        + "'; encode '%' as %25");
            }
        }
    }

    /** A time from a path segment. */
    public static Instant pathTime(Context ctx, String name) {
        return TimeParam.parse("path segment {" + name + "}", ctx.pathParam(name));
    }

    /** Client input echoed in an error message, cut to a readable length. */
    static String shorten(String value) {
        return value.length() <= SHORTEN ? value : value.substring(0, SHORTEN) + "...";
    }
}
