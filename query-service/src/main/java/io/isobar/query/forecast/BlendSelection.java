package io.isobar.query.forecast;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import io.isobar.model.FieldKind;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.http.ApiProblem;

/**
 * What {@code percentile} and {@code threshold} mean for the files that answer a query, decided from their index entries
 * ({@link FieldKind}) before any file is opened.
 *
 * <p>The IMPROVER blends' files have a percentile or a threshold dimension and no members: there {@code percentile=}
 * and {@code threshold=} choose a slice of the file, and so do {@code percentiles=} and {@code threshold=} given as
 * ensemble statistics (one value each), since a blend's percentiles and probabilities are those statistics, made by the
 * Met Office. A value the files do not have is a 400 listing the ones they do. On a model's files (no such dimension)
 * {@code threshold=} stays an ensemble statistic, and {@code percentile=} is a 400. Entries indexed before field kinds
 * were recorded are not checked: their headers decide ({@link Slices}).
 */
final class BlendSelection {

    private BlendSelection() {}

    /** {@code query} with its percentile and threshold resolved against {@code files}, all of {@code model}. */
    static ForecastQuery resolve(ForecastQuery query, String model, Collection<ForecastFile> files) {
        if (files.isEmpty()) {
            return query;
        }
        TreeSet<Double> percentiles = new TreeSet<>();
        TreeSet<Double> thresholds = new TreeSet<>();
        NetcdfHeader.Threshold threshold = null;
        boolean recorded = true;
        for (ForecastFile f : files) {
            FieldKind kind = f.kind();
            recorded &= kind.grid() != null;
            percentiles.addAll(kind.percentiles());
            if (kind.threshold() != null) {
                threshold = threshold == null ? kind.threshold() : threshold;
                thresholds.addAll(kind.threshold().values());
            }
        }
        Selection selection = query.selection();
        EnsembleStatistics statistics = query.statistics();
        String what = "Collection '" + model + "' (" + String.join(", ", query.variables()) + ")";
        if (!percentiles.isEmpty() || !thresholds.isEmpty()) {
            if (!statistics.names().isEmpty()) {
                throw ApiProblem.invalidParameter(what + " holds " + (percentiles.isEmpty() ? "probabilities" : "percentiles")
                        + " made by the Met Office's blend, not ensemble members: 'stats' has nothing to compute from; ask for "
                        + (percentiles.isEmpty() ? "'threshold'" : "'percentile'") + " instead");
            }
            EnsembleStatistics asked = statistics;
            Optional<Double> p = selection.percentile().or(() -> single("percentiles", asked.percentiles()));
            Optional<Double> t = selection.threshold().or(() -> single("threshold", asked.thresholds()));
            selection = selection.withBlend(p, t);
            statistics = statistics.withoutPercentilesAndThresholds();
        }
        if (recorded) {
            Optional<Double> p = selection.percentile();
            if (p.isPresent() && !contains(percentiles, p.get())) {
                throw unknown(what, "percentile", p.get(), percentiles, "%", percentiles.isEmpty()
                        ? " has no percentile dimension (the blends' percentile collections have one; percentiles of an"
                                + " ensemble's members are asked with 'percentiles')"
                        : "");
            }
            Optional<Double> t = selection.threshold();
            if (t.isPresent() && !contains(thresholds, t.get())) {
                throw unknown(what, "threshold", t.get(), thresholds, threshold == null ? "" : " " + threshold.units(),
                        threshold == null ? " has no threshold dimension" : "");
            }
        }
        return selection.equals(query.selection()) && statistics.equals(query.statistics()) ? query
                : query.with(selection, statistics);
    }

    private static Optional<Double> single(String parameter, List<Double> values) {
        if (values.size() > 1) {
            throw ApiProblem.invalidParameter("Query parameter '" + parameter + "' has " + values.size() + " values; a blend's"
                    + " file answers one at a time (ask again for each)");
        }
        return values.stream().findFirst();
    }

    private static boolean contains(Collection<Double> values, double v) {
        return values.stream().anyMatch(x -> Slices.same(x, v));
    }

    private static ApiProblem unknown(String what, String parameter, double asked, TreeSet<Double> valid, String units,
            String none) {
        if (valid.isEmpty()) {
            return ApiProblem.invalidParameter("Query parameter '" + parameter + "' is " + Slices.number(asked) + ", but " + what
                    + none);
        }
        List<String> values = new ArrayList<>();
        List<String> suggestions = new ArrayList<>();
        for (double v : valid) {
            values.add(Slices.number(v));
            suggestions.add(parameter + "=" + Slices.number(v));
        }
        return new ApiProblem(400, "invalid-parameter", "Invalid parameter", "Query parameter '" + parameter + "' is "
                + Slices.number(asked) + ", which " + what + " does not have; its " + parameter + "s are "
                + String.join(", ", values) + Objects.requireNonNullElse(units, ""), java.util.Map.of(), suggestions);
    }
}
