package io.isobar.query.point;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.isobar.model.ForecastFile;
import io.isobar.query.forecast.ForecastQuery.Site;
import io.isobar.query.forecast.Grid;
import io.isobar.query.forecast.Selection;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Limits;

/** The point endpoints' problems, worded to say what was asked, what the files have instead and where to look. */
public final class PointProblems {

    /** The point is off the grid of the files that would answer; another model may still hold it. */
    static final class OutsideGrid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutsideGrid(String message) {
            // No stack trace: this is an answer, not a fault, and the loop over models may throw it often.
            super(message, null, false, false);
        }
    }

    private PointProblems() {}

    /** {@code where} is off {@code file}'s grid: says where the point falls in grid coordinates and what the grid covers. */
    static OutsideGrid outside(Site where, ForecastFile file, Grid grid) {
        double[] xy = grid.toGrid(where.latitude(), where.longitude()).orElse(null);
        // Latitude and longitude the other way round would be on the grid: most likely swapped.
        boolean swapped = Math.abs(where.longitude()) <= 90 && grid.locate(where.longitude(), where.latitude()).isPresent();
        return new OutsideGrid("The point " + coordinates(where) + " is outside the " + file.model() + " grid"
                + (xy == null ? "" : String.format(Locale.ROOT, " (it is at x %.0f m, y %.0f m", xy[0], xy[1])
                        + "; the grid covers " + grid.describe() + ")")
                + (swapped ? String.format(Locale.ROOT, ". Are latitude and longitude swapped? lat=%s&lon=%s is on the grid",
                        plain(where.longitude()), plain(where.latitude())) : ""));
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * The 404 for a place or EDR location the gazetteer does not know, with the closest names ("did you mean") as text
     * and as {@code suggestions}.
     */
    public static ApiProblem unknownPlace(Gazetteer gazetteer, String what, String name) {
        List<String> suggestions = gazetteer.suggestions(name);
        String shown = name.length() > 60 ? name.substring(0, 60) + "..." : name;
        return new ApiProblem(404, "unknown-place", "Unknown place", "Unknown " + what + " '" + shown + "'."
                + (suggestions.isEmpty() ? "" : " Did you mean " + String.join(", ", suggestions) + "?")
                + " Places are UK cities and towns (" + gazetteer.places().size() + " known: GET /edr/collections/ukv/locations"
                + " lists them); or give a latitude and longitude.", Map.of(), suggestions);
    }

    /** The 422 for a point no answering model's grid holds. */
    static ApiProblem outsideGrid(OutsideGrid e) {
        return new ApiProblem(422, "outside-grid", "Point outside the grid", e.getMessage());
    }

    /** The 404 for files that exist but lack the realization or level asked for; {@code available} lists what they have. */
    static ApiProblem noSuchSelection(Selection selection, String model, String variable, String when, String available) {
        return ApiProblem.notFound("No " + model + " " + variable + " file " + when + " has " + selection.describe()
                + (available == null || available.isBlank() ? "" : "; the files have " + available));
    }

    /**
     * The 404 for no file of {@code variable} (of the model and run, if given) valid at {@code time}; when no file of it
     * is valid then at all but others are, the variable is likely misspelt: say so, with the closest names and the list.
     *
     * @param variables the variables that have files valid at {@code time}
     */
    static ApiProblem noFileAt(Optional<String> model, String variable, Optional<Instant> run, Instant time, Set<String> variables) {
        if (!variables.isEmpty() && !variables.contains(variable)) {
            return unknownVariable(variable, variables, " valid at " + time);
        }
        return ApiProblem.notFound(noFile(model, variable, run) + "is valid at " + time + "; GET /v1/times/" + time
                + " lists the files valid then");
    }

    /** The 404 for a variable no file has: the closest known names ("did you mean") and every known one. */
    public static ApiProblem unknownVariable(String variable, Collection<String> known, String when) {
        List<String> sorted = known.stream().sorted().toList();
        List<String> close = sorted.stream()
                .filter(k -> k.contains(variable) || variable.contains(k)
                        || Gazetteer.distance(variable, k) <= Math.max(2, k.length() / 3))
                .sorted(Comparator.comparingInt((String k) -> Gazetteer.distance(variable, k)))
                .limit(3).toList();
        return new ApiProblem(404, "not-found", "Not found", "Unknown variable '" + shorten(variable) + "': no file of it is"
                + when + "." + (close.isEmpty() ? "" : " Did you mean " + String.join(", ", close) + "?")
                + " Variables with files" + when + ": " + String.join(", ", sorted) + ".", Map.of(), close);
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    /** The 404 for no file of {@code variable} (of the model and run, if given) valid from {@code from} to {@code to}. */
    static ApiProblem noFileBetween(Optional<String> model, String variable, Optional<Instant> run, Instant from, Instant to) {
        return ApiProblem.notFound(noFile(model, variable, run) + "is valid from " + from + " to " + to
                + "; GET /v1/times lists the validity times that have files");
    }

    /** The 400 for a series longer than {@code max} validity times. */
    /** The 413 for a point question that would read more than {@link Limits#VALUES} values. */
    static ApiProblem tooManyValues(String model, long values) {
        return new ApiProblem(413, "too-large", "Request too large", "The " + model + " files would be read for " + values
                + " values (times x members x levels, four cells each for bilinear); the limit is "
                + Limits.VALUES + " per request: ask for one realization, height or pressure, or a shorter"
                + " series");
    }

    static ApiProblem tooManyTimes(String model, Instant from, Instant to, int max) {
        return ApiProblem.invalidParameter("From " + from + " to " + to + " " + model + " has more than " + max
                + " validity times; ask for a shorter range (at most " + max + " times per series)");
    }

    /** The point as the problems name it: latitude, longitude and the place's name when asked by name. */
    static String coordinates(Site where) {
        return String.format(Locale.ROOT, "%.4f, %.4f", where.latitude(), where.longitude())
                + (where.name() == null ? "" : " (" + where.name() + ")");
    }

    private static String noFile(Optional<String> model, String variable, Optional<Instant> run) {
        return "No " + model.map(m -> m + " ").orElse("") + variable + " file " + run.map(r -> "of the run " + r + " ").orElse("");
    }
}
