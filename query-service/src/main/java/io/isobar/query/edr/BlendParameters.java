package io.isobar.query.edr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.isobar.query.forecast.Selection;
import io.isobar.query.http.ApiProblem;

/**
 * A blend's parameter asked for by the name its answers give it ({@code air_temperature_p90},
 * {@code wind_speed_probability_above_10}, see {@link io.isobar.query.forecast.BlendNames}): the file's variable
 * ({@code air_temperature}, {@code probability_of_wind_speed_above_threshold}) with that percentile or threshold chosen,
 * as {@code percentile=} and {@code threshold=} would.
 */
final class BlendParameters {

    private static final Pattern PERCENTILE = Pattern.compile("(.+)_p(\\d{1,3}(?:\\.\\d{1,6})?)");
    private static final Pattern PROBABILITY = Pattern.compile("(.+)_probability_(above|below|between)_([+-]?\\d{1,12}(?:\\.\\d{1,12})?)");

    /** The variables to read and the selection with the slice the names chose. */
    record Resolved(List<String> names, Selection selection) {}

    private BlendParameters() {}

    /**
     * {@code names} with each blend name that is not a variable of the collection ({@code known}) turned into its
     * variable, and its percentile or threshold put into {@code selection}; names that are neither stay as they are.
     *
     * @throws ApiProblem 400 when the names choose different percentiles or thresholds (one a request)
     */
    static Resolved resolve(List<String> names, Collection<String> known, Selection selection) {
        List<String> out = new ArrayList<>(names.size());
        Optional<Double> percentile = selection.percentile();
        Optional<Double> threshold = selection.threshold();
        for (String name : names) {
            if (known.contains(name)) {
                out.add(name);
                continue;
            }
            Matcher p = PERCENTILE.matcher(name);
            if (p.matches() && known.contains(p.group(1))) {
                percentile = one("percentile", percentile, Double.parseDouble(p.group(2)));
                add(out, p.group(1));
                continue;
            }
            Matcher t = PROBABILITY.matcher(name);
            String variable = t.matches() ? probabilityVariable(t.group(1), t.group(2), known) : null;
            if (variable != null) {
                threshold = one("threshold", threshold, Double.parseDouble(t.group(3)));
                add(out, variable);
                continue;
            }
            out.add(name);
        }
        return new Resolved(List.copyOf(out), selection.withBlend(percentile, threshold));
    }

    /** IMPROVER's name for the probability of {@code quantity} relative to a threshold, if the collection has it. */
    private static String probabilityVariable(String quantity, String direction, Collection<String> known) {
        for (String candidate : List.of("probability_of_" + quantity + "_" + direction + "_threshold",
                "probability_of_" + quantity + "_" + direction + "_thresholds")) {
            if (known.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Optional<Double> one(String what, Optional<Double> already, double asked) {
        if (already.isPresent() && Double.compare(already.get(), asked) != 0) {
            throw ApiProblem.invalidParameter("The parameter names ask for two " + what + "s (" + already.get() + " and " + asked
                    + "); a blend's file answers one " + what + " a request");
        }
        return Optional.of(asked);
    }

    private static void add(List<String> names, String variable) {
        if (!names.contains(variable)) {
            names.add(variable);
        }
    }
}
