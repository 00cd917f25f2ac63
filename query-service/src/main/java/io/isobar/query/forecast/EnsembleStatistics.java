package io.isobar.query.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.isobar.query.http.ApiProblem;

/**
 * Statistics of an ensemble's members at one place, time and level, computed when the values are read: the mean,
 * the standard deviation (population: divided by the number of members, as numpy's default), the minimum and
 * maximum, percentiles (linear interpolation between the closest ranks, numpy's default method) and the probability
 * of exceeding a threshold (the fraction of members strictly above it). Members without a value are left out; with
 * none left a statistic has no value.
 *
 * @param names the plain statistics asked for, in order: {@code mean}, {@code std}, {@code min}, {@code max}
 * @param percentiles percentiles from 0 to 100
 * @param thresholds thresholds, in the variable's units
 */
public record EnsembleStatistics(List<String> names, List<Double> percentiles, List<Double> thresholds) {

    /** The plain statistics, as named in requests. */
    public static final List<String> NAMES = List.of("mean", "std", "min", "max");
    private static final int MAX_EACH = 20;

    public static EnsembleStatistics none() {
        return new EnsembleStatistics(List.of(), List.of(), List.of());
    }

    /**
     * From the request parameters {@code stats} (comma list of mean, std, min, max), {@code percentiles} (comma list
     * of numbers 0..100) and {@code threshold} (comma list of numbers).
     */
    public static EnsembleStatistics parse(Optional<String> stats, Optional<String> percentiles, Optional<String> thresholds) {
        List<String> names = new ArrayList<>();
        for (String s : list("stats", stats)) {
            String name = s.toLowerCase(Locale.ROOT);
            if (!NAMES.contains(name)) {
                throw ApiProblem.invalidParameter("Query parameter 'stats' has '" + shorten(s) + "'; the statistics are "
                        + String.join(", ", NAMES) + " (percentiles go in 'percentiles', exceedance thresholds in 'threshold')");
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        List<Double> ps = numbers("percentiles", percentiles);
        for (double p : ps) {
            if (p < 0 || p > 100) {
                throw ApiProblem.invalidParameter("Query parameter 'percentiles' must hold numbers from 0 to 100, not " + Slices.number(p));
            }
        }
        return new EnsembleStatistics(names, ps, numbers("threshold", thresholds));
    }

    /** These statistics without the percentiles and thresholds (a blend answers those from its file). */
    public EnsembleStatistics withoutPercentilesAndThresholds() {
        return new EnsembleStatistics(names, List.of(), List.of());
    }

    public boolean any() {
        return !names.isEmpty() || !percentiles.isEmpty() || !thresholds.isEmpty();
    }

    /** The keys of the statistics, in the order {@link #compute} returns them: {@code mean}, {@code p90}, {@code probability_above_280}. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(names);
        percentiles.forEach(p -> keys.add("p" + Slices.number(p)));
        thresholds.forEach(t -> keys.add("probability_above_" + Slices.number(t)));
        return keys;
    }

    /** Whether the statistic with this key is a probability (unit 1) rather than in the variable's units. */
    public static boolean isProbability(String key) {
        return key.startsWith("probability_above_");
    }

    /** A sentence for the statistic with this key, for documentation and CoverageJSON descriptions. */
    public static String describe(String key) {
        if (key.equals("mean")) {
            return "ensemble mean";
        }
        if (key.equals("std")) {
            return "ensemble standard deviation (population)";
        }
        if (key.equals("min") || key.equals("max")) {
            return "ensemble " + (key.equals("min") ? "minimum" : "maximum");
        }
        if (key.startsWith("p")) {
            return key.substring(1) + "th percentile of the ensemble (linear interpolation)";
        }
        return "probability of exceeding " + key.substring("probability_above_".length()) + " (fraction of members above it)";
    }

    /** The statistics of {@code members} (nulls are members without a value), in {@link #keys()} order. */
    public Float[] compute(List<Float> members) {
        double[] v = members.stream().filter(m -> m != null && !m.isNaN()).mapToDouble(Float::doubleValue).sorted().toArray();
        Float[] out = new Float[names.size() + percentiles.size() + thresholds.size()];
        if (v.length == 0) {
            return out;
        }
        double mean = Arrays.stream(v).sum() / v.length;
        int k = 0;
        for (String name : names) {
            out[k++] = (float) switch (name) {
                case "mean" -> mean;
                case "std" -> Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length);
                case "min" -> v[0];
                default -> v[v.length - 1];
            };
        }
        for (double p : percentiles) {
            out[k++] = (float) percentile(v, p);
        }
        for (double t : thresholds) {
            out[k++] = (float) (Arrays.stream(v).filter(x -> x > t).count() / (double) v.length);
        }
        return out;
    }

    /** numpy's default ("linear") percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        double position = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(position);
        int hi = Math.min(sorted.length - 1, lo + 1);
        double f = position - lo;
        return sorted[lo] + f * (sorted[hi] - sorted[lo]);
    }

    private static List<String> list(String name, Optional<String> raw) {
        if (raw.isEmpty()) {
            return List.of();
        }
        Set<String> parts = new LinkedHashSet<>();
        for (String s : raw.get().split(",", -1)) {
            String t = s.trim();
            if (t.isEmpty()) {
                throw ApiProblem.invalidParameter("Query parameter '" + name + "' has an empty item; give a comma-separated list");
            }
            parts.add(t);
        }
        if (parts.size() > MAX_EACH) {
            throw ApiProblem.invalidParameter("Query parameter '" + name + "' has " + parts.size() + " items; at most " + MAX_EACH);
        }
        return List.copyOf(parts);
    }

    private static List<Double> numbers(String name, Optional<String> raw) {
        List<Double> out = new ArrayList<>();
        for (String s : list(name, raw)) {
            double d;
            try {
                d = s.matches("[+-]?(\\d{1,12}(\\.\\d{0,20})?|\\.\\d{1,20})") ? Double.parseDouble(s) : Double.NaN;
            } catch (NumberFormatException e) {
                d = Double.NaN;
            }
            if (Double.isNaN(d)) {
                throw ApiProblem.invalidParameter("Query parameter '" + name + "' must hold decimal numbers, not '" + shorten(s) + "'");
            }
            if (!out.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
