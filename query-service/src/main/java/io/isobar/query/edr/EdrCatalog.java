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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import io.isobar.index.ParameterSummary;
import io.isobar.index.RunSummary;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.events.FileListener;
import io.isobar.query.files.FilesReader;
import io.isobar.query.forecast.ForecastIndex;
import io.isobar.query.forecast.ForecastReader;
import io.isobar.query.forecast.ModelPreference;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.TimeParam;
import io.isobar.query.index.Caches;
import io.isobar.query.index.ModelCatalog;
import io.isobar.query.index.RunSummaries;

/**
 * What each EDR collection (a model) holds, from the small items the job keeps beside the files, never from reading
 * a run's files: its parameters with their levels and members ({@link ParameterSummary}, one Query per model, renewed
 * every model-list TTL and at once when the files stream shows a variable it does not know), the validity times that
 * have files (the first and last valid-time markers), the newest run (one run marker), each run's times and variables
 * ({@link RunSummary}), and the spatial extent from the grid of one file of the newest run (its header is read once
 * per model and kept).
 *
 * <p>An index written before the job kept summaries has none: a run's times and variables, and a model's parameters
 * (from its newest run), are then read from the files, bounded by one run's size, and the log says so.
 */
final class EdrCatalog implements FileListener {

    private static final Logger LOG = LoggerFactory.getLogger(EdrCatalog.class);

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

    /** One run (an instance): its validity times and variables. */
    record Instance(String model, Instant run, List<Instant> times, List<String> variables) {}

    /** The grid's extent of a model. */
    private record Extent(double[] bbox, String grid) {}

    private final ModelCatalog models;
    private final ForecastReader engine;
    private final FilesReader files;
    private final RunSummaries summaries;
    private final LoadingCache<String, Optional<Extent>> extents;
    private final LoadingCache<String, Map<String, ParameterSummary>> fromFiles;

    EdrCatalog(ModelCatalog models, ForecastReader engine, FilesReader files, RunSummaries summaries, Caches caches,
            Executor executor) {
        this.models = models;
        this.engine = engine;
        this.files = files;
        this.summaries = summaries;
        this.extents = Caffeine.newBuilder().refreshAfterWrite(caches.modelsTtl()).ticker(caches.ticker()).executor(executor)
                .maximumSize(1_000).build(this::loadExtent);
        this.fromFiles = Caffeine.newBuilder().refreshAfterWrite(caches.modelsTtl()).ticker(caches.ticker()).executor(executor)
                .maximumSize(1_000).build(this::loadFromFiles);
    }

    /** The models that have files, preferred ones first. */
    List<String> models() {
        return ModelPreference.preferred(models.models());
    }

    /** The collection of {@code model}; a 404 naming the collections when it has no files. */
    Collection collection(String model) {
        return find(model).orElseThrow(() -> ApiProblem.notFound("No collection '" + EdrParams.shorten(model)
                + "'; the collections are the models that have files: " + String.join(", ", models())));
    }

    /** The collection of {@code model}, empty when it has no runs (yet). */
    Optional<Collection> find(String model) {
        Optional<Instant> newest = newestRun(model);
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        parametersOf(model).forEach((variable, p) -> parameters.put(variable, new Parameter(p.variable(), p.standardName(),
                p.longName(), p.units(), p.cellMethods(), p.heights(), p.pressures(), p.realizations())));
        Optional<ForecastIndex.Bounds> bounds = engine.index().validTimeBounds(model);
        Optional<Extent> extent = extents.get(model);
        return Optional.of(new Collection(model, parameters, bounds.map(ForecastIndex.Bounds::first).orElse(null),
                bounds.map(ForecastIndex.Bounds::last).orElse(null), newest.get(),
                extent.map(Extent::bbox).orElse(null), extent.map(Extent::grid).orElse(null)));
    }

    /** The newest run of {@code model}, if any (one run marker). */
    Optional<Instant> newestRun(String model) {
        return engine.index().runs(model, TimeParam.MIN, TimeParam.MAX, 1).stream().findFirst();
    }

    /** A page of instances, and whether older runs follow. */
    record Instances(List<Instance> instances, boolean more) {}

    /**
     * Up to {@code limit} runs of {@code model} older than {@code before} (all when empty), newest first: one Query of
     * {@code limit + 1} run markers and one BatchGetItem of the shown runs' summaries.
     */
    Instances instances(String model, Optional<Instant> before, int limit) {
        List<Instant> runs = engine.index().runs(model, TimeParam.MIN,
                before.map(b -> b.minusSeconds(1)).orElse(TimeParam.MAX), limit + 1);
        List<Instant> shown = runs.subList(0, Math.min(limit, runs.size()));
        Map<Instant, RunSummary> found = new TreeMap<>();
        summaries.runs(model, shown).forEach(s -> found.put(s.run(), s));
        List<Instance> out = new ArrayList<>();
        for (Instant run : shown) {
            RunSummary s = found.get(run);
            out.add(s != null ? instance(s) : instanceFromFiles(model, run));
        }
        return new Instances(out, runs.size() > limit);
    }

    /** One run; a 404 when it has no files. */
    Instance instance(String model, Instant run) {
        Instance i = summaries.run(model, run).map(EdrCatalog::instance).orElseGet(() -> instanceFromFiles(model, run));
        if (i.times().isEmpty()) {
            throw unknownInstance(model, run);
        }
        return i;
    }

    /** The run an instance id names; a 404 when the run has no files. */
    Instant instance(String model, String instanceId) {
        Instant run = EdrParams.instanceId(instanceId);
        instance(model, run);
        return run;
    }

    /** The variables of one run (instance); a 404 when the run has no files. */
    List<String> variablesOfRun(String model, Instant run) {
        return instance(model, run).variables();
    }

    static ApiProblem unknownInstance(String model, Instant run) {
        return ApiProblem.notFound("No instance " + EdrParams.instanceId(run) + " in " + model + ": no file of the run "
                + run + " is indexed; GET /edr/collections/" + model + "/instances lists the runs");
    }

    /** A file of a variable the cached parameters do not know: read them again. */
    @Override
    public void fileIndexed(ForecastFile file, boolean live) {
        if (!summaries.parameters(file.model()).containsKey(file.variable())) {
            summaries.parametersChanged(file.model());
        }
    }

    private Map<String, ParameterSummary> parametersOf(String model) {
        Map<String, ParameterSummary> stored = summaries.parameters(model);
        return stored.isEmpty() ? fromFiles.get(model) : stored;
    }

    /**
     * A model without parameter summaries (an index written before the job kept them): its parameters from the files
     * of its newest run, read once per model-list TTL (bounded by the run's size), as the catalogue did before.
     */
    private Map<String, ParameterSummary> loadFromFiles(String model) {
        Map<String, ParameterSummary> out = new TreeMap<>();
        Optional<Instant> newest = newestRun(model);
        if (newest.isEmpty()) {
            return out;
        }
        List<ForecastFile> ofRun = engine.index().runFiles(model, newest.get(), TimeParam.MIN, TimeParam.MAX);
        LOG.info("{} has no parameter summaries (indexed before the job kept them): its parameters from the {} files of "
                + "its newest run", model, ofRun.size());
        for (ForecastFile f : ofRun) {
            ParameterSummary p = ParameterSummary.of(f, java.time.Duration.ZERO);
            out.merge(p.variable(), p, ParameterSummary::merge);
        }
        return out;
    }

    private static Instance instance(RunSummary s) {
        return new Instance(s.model(), s.run(), s.times(), List.copyOf(s.variables()));
    }

    /** A run without a summary (indexed before the job kept them): from its files, once per refresh. */
    private Instance instanceFromFiles(String model, Instant run) {
        List<ForecastFile> ofRun = engine.index().runFiles(model, run, TimeParam.MIN, TimeParam.MAX);
        if (!ofRun.isEmpty()) {
            LOG.info("Run {} of {} has no run summary (indexed before the job kept them): read its {} files", run, model,
                    ofRun.size());
        }
        return new Instance(model, run, ofRun.stream().map(ForecastFile::time).distinct().sorted().toList(),
                ofRun.stream().map(ForecastFile::variable).distinct().sorted().toList());
    }

    private Optional<Extent> loadExtent(String model) {
        Optional<ForecastFile> sample = newestRun(model).flatMap(run -> files.firstOf(model, run));
        if (sample.isEmpty()) {
            return Optional.empty();
        }
        try {
            NetcdfHeader header = engine.headers(List.of(sample.get())).get(sample.get());
            var g = engine.grid(sample.get(), header);
            return Optional.of(new Extent(g.bboxCrs84(), g.projection().definition()));
        } catch (ApiProblem e) {
            // The extent is left out rather than failing the whole listing: the file's problem shows on queries.
            return Optional.empty();
        }
    }
}
