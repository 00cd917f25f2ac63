package io.isobar.query.edr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.LoadingCache;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.forecast.ForecastIndex;
import io.isobar.query.forecast.ForecastReader;
import io.isobar.query.forecast.ModelPreference;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.TimeParam;
import io.isobar.query.index.Caches;
import io.isobar.query.index.ModelCatalog;

/**
 * What each EDR collection (a model) holds, built from the index: its parameters (the variables of its two newest
 * runs, so a new variable shows as soon as its first file is indexed), levels and members, the validity times that
 * have files, and its spatial extent from the grid of one of its files. Cached and refreshed in the background like
 * the rest of the index views.
 */
public final class EdrCatalog {

    /**
     * One parameter (variable) of a collection, as its files describe it.
     *
     * @param heights the height levels seen (m), @param pressures the pressure levels seen (Pa)
     */
    record Parameter(String variable, String standardName, String longName, String units, String cellMethods,
            TreeSet<Double> heights, TreeSet<Double> pressures, TreeSet<Integer> realizations) {}

    /**
     * One collection.
     *
     * @param bbox {@code [west, south, east, north]} in CRS84, or null when no file could be opened
     * @param grid the native grid's projection (proj4), or null
     */
    record Collection(String model, Map<String, Parameter> parameters, Instant firstTime, Instant lastTime,
            Instant newestRun, double[] bbox, String grid) {}

    private final ModelCatalog models;
    private final ForecastReader engine;
    private final LoadingCache<String, Optional<Collection>> collections;

    public EdrCatalog(ModelCatalog models, ForecastReader engine, Caches caches, Executor executor) {
        this.models = models;
        this.engine = engine;
        this.collections = caches.refreshing(1_000, executor).weigher((String k, Optional<Collection> v) -> 1).build(this::load);
    }

    /** The models that have files, preferred ones first. */
    List<String> models() {
        return ModelPreference.preferred(models.models());
    }

    /** The collection of {@code model}; a 404 naming the collections when it has no files. */
    Collection collection(String model) {
        return collections.get(model).orElseThrow(() -> ApiProblem.notFound("No collection '" + EdrParams.shorten(model)
                + "'; the collections are the models that have files: " + String.join(", ", models())));
    }

    /** The collection of {@code model}, empty when it has no runs (yet). */
    Optional<Collection> find(String model) {
        return collections.get(model);
    }

    /** The newest run of {@code model}, if any. */
    Optional<Instant> newestRun(String model) {
        return engine.index().runs(model, TimeParam.MIN, TimeParam.MAX).stream().findFirst();
    }

    /** The runs of {@code model} older than {@code before} (all when empty), newest first. */
    List<Instant> engineRuns(String model, Optional<Instant> before) {
        return engine.index().runs(model, TimeParam.MIN, before.map(b -> b.minusSeconds(1)).orElse(TimeParam.MAX));
    }

    /** The variables of one run (instance); a 404 when the run has no files. */
    List<String> variablesOfRun(String model, Instant run) {
        List<ForecastFile> files = engine.index().runFiles(model, run, TimeParam.MIN, TimeParam.MAX);
        if (files.isEmpty()) {
            throw unknownInstance(model, run);
        }
        return files.stream().map(ForecastFile::variable).distinct().sorted().toList();
    }

    /** The validity times of one run, in order; a 404 when the run has no files. */
    List<Instant> timesOfRun(String model, Instant run) {
        List<ForecastFile> files = engine.index().runFiles(model, run, TimeParam.MIN, TimeParam.MAX);
        if (files.isEmpty()) {
            throw unknownInstance(model, run);
        }
        return files.stream().map(ForecastFile::time).distinct().sorted().toList();
    }

    /** The run an instance id names; a 404 when the run has no files. */
    Instant instance(String model, String instanceId) {
        Instant run = EdrParams.instanceId(instanceId);
        variablesOfRun(model, run);
        return run;
    }

    static ApiProblem unknownInstance(String model, Instant run) {
        return ApiProblem.notFound("No instance " + EdrParams.instanceId(run) + " in " + model + ": no file of the run "
                + run + " is indexed; GET /edr/collections/" + model + "/instances lists the runs");
    }

    private Optional<Collection> load(String model) {
        List<Instant> runs = engine.index().runs(model, TimeParam.MIN, TimeParam.MAX);
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        List<ForecastFile> files = new ArrayList<>();
        for (Instant run : runs.subList(0, Math.min(2, runs.size()))) {
            files.addAll(engine.index().runFiles(model, run, TimeParam.MIN, TimeParam.MAX));
        }
        Map<String, Parameter> parameters = new TreeMap<>();
        for (ForecastFile f : files) {
            Parameter p = parameters.computeIfAbsent(f.variable(), v -> new Parameter(v, f.standardName(), f.longName(), f.units(),
                    f.cellMethods(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>()));
            p.heights().addAll(f.heights());
            p.pressures().addAll(f.pressures());
            p.realizations().addAll(f.realizations());
        }
        Optional<ForecastIndex.Bounds> bounds = engine.index().validTimeBounds(model);
        double[] bbox = null;
        String grid = null;
        if (!files.isEmpty()) {
            ForecastFile sample = files.get(0);
            try {
                NetcdfHeader header = engine.headers(List.of(sample)).get(sample);
                var g = engine.grid(sample, header);
                bbox = g.bboxCrs84();
                grid = g.projection().definition();
            } catch (ApiProblem e) {
                // The extent is left out rather than failing the whole listing: the file's problem shows on queries.
            }
        }
        return Optional.of(new Collection(model, new LinkedHashMap<>(parameters),
                bounds.map(ForecastIndex.Bounds::first).orElse(null), bounds.map(ForecastIndex.Bounds::last).orElse(null),
                runs.get(0), bbox, grid));
    }
}
