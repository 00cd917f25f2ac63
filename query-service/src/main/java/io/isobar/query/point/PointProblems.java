package io.isobar.query.point;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import io.isobar.model.ForecastFile;
import io.isobar.query.forecast.ForecastQuery.Site;
import io.isobar.query.forecast.Grid;
import io.isobar.query.forecast.Selection;
import io.isobar.query.http.ApiProblem;

/** The point endpoints' problems, worded to say what was asked, what the files have instead and where to look. */
final class PointProblems {

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
        return new OutsideGrid("The point " + coordinates(where) + " is outside the " + file.model() + " grid"
                + (xy == null ? "" : String.format(Locale.ROOT, " (it is at x %.0f m, y %.0f m", xy[0], xy[1])
                        + "; the grid covers " + grid.describe() + ")"));
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

    /** The 404 for no file of {@code variable} (of the model and run, if given) valid at {@code time}. */
    static ApiProblem noFileAt(Optional<String> model, String variable, Optional<Instant> run, Instant time) {
        return ApiProblem.notFound(noFile(model, variable, run) + "is valid at " + time + "; GET /v1/times/" + time
                + " lists the files valid then");
    }

    /** The 404 for no file of {@code variable} (of the model and run, if given) valid from {@code from} to {@code to}. */
    static ApiProblem noFileBetween(Optional<String> model, String variable, Optional<Instant> run, Instant from, Instant to) {
        return ApiProblem.notFound(noFile(model, variable, run) + "is valid from " + from + " to " + to
                + "; GET /v1/times lists the validity times that have files");
    }

    /** The 400 for a series longer than {@code max} validity times. */
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
