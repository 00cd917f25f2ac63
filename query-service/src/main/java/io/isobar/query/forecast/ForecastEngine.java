package io.isobar.query.forecast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.isobar.model.ForecastFile;
import io.isobar.model.MetOfficeProducts;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.SpotSite;
import io.isobar.netcdf.grid.CellValue;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.query.files.FilesReader;
import io.isobar.query.forecast.ForecastQuery.Area;
import io.isobar.query.forecast.ForecastQuery.At;
import io.isobar.query.forecast.ForecastQuery.Between;
import io.isobar.query.forecast.ForecastQuery.Lagged;
import io.isobar.query.forecast.ForecastQuery.Points;
import io.isobar.query.forecast.ForecastQuery.Site;
import io.isobar.query.forecast.Slices.Slice;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.index.ModelCatalog;
import io.isobar.query.index.RunSummaries;

/**
 * The one way from a request to bytes: every face ({@code /v1/point*}, {@code /edr}, {@code /v1/map*}) turns its
 * parameters into a {@link ForecastQuery} and its answer from what this returns.
 *
 * <ol>
 *   <li>{@link #plans}: which model answers (the one named, else every model that has files, preferred first), and which
 *       files answer each variable and validity time ({@link ForecastIndex}: one run, or the newest run that has each
 *       time, or a {@link LaggedEnsemble}'s runs; within a run the instantaneous field before statistics): a
 *       {@link ForecastPlan}, from the index alone, whose cost is known before any file is opened;</li>
 *   <li>{@link #place}: the files' headers, the sites placed on each file's grid (or the area's cells), the slices the
 *       selection keeps: a {@link Readout} whose exact size is known before any value is read;</li>
 *   <li>{@link #read}: every value read at once through the chunk cache ({@link ForecastReader});</li>
 *   <li>{@link #field}: for pictures, which 2-D field of which file, read whole.</li>
 * </ol>
 */
public final class ForecastEngine {

    /** The file chosen for a whole-field question: the file, its header, and the slice (member, level) drawn. */
    public record FieldChoice(ForecastFile file, NetcdfHeader header, Slice slice) {}

    /** No file of a plan has the members or levels asked for; the message says what the files have. */
    public static final class NothingSelected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NothingSelected(String available) {
            super(available, null, false, false);
        }
    }

    private final ForecastIndex index;
    private final ForecastReader reader;
    private final FilesReader files;
    private final ModelCatalog models;
    private final RunSummaries summaries;

    /**
     * @param reader reads the files, and knows which answer ({@link ForecastReader#index()})
     * @param files the files valid at a time, to tell which models could answer it
     * @param models every model with files, for ranges
     * @param summaries each model's parameters, to name the variables a time has
     */
    public ForecastEngine(ForecastReader reader, FilesReader files, ModelCatalog models, RunSummaries summaries) {
        this.index = reader.index();
        this.reader = reader;
        this.files = files;
        this.models = models;
        this.summaries = summaries;
    }

    /** How many validity times {@code model} has files for from {@code from} to {@code to} (the index's markers only). */
    public int validTimeCount(String model, Instant from, Instant to) {
        return index.validTimes(model, from, to).size();
    }

    /** The variables that have files valid at {@code time}, of any model (for "did you mean" answers). */
    public Set<String> variablesAt(Instant time) {
        return variablesAt(time, Optional.empty());
    }

    /**
     * The variables of the models (of {@code model} if given) that have files valid at {@code time}: each model's
     * parameters (a small summary item per variable, kept for a minute) when its valid-time marker shows files then,
     * never a read of the time's files (~16,000 at the real feed's steady state, for an answer that only names
     * variables). A model without parameter summaries (indexed before the job kept them) reads its own files at the time.
     */
    public Set<String> variablesAt(Instant time, Optional<String> model) {
        Set<String> out = new java.util.TreeSet<>();
        for (String m : model.map(List::of).orElseGet(models::models)) {
            if (index.validTimes(m, time, time).isEmpty()) {
                continue;
            }
            Set<String> known = summaries.parameters(m).keySet();
            if (known.isEmpty()) {
                files.validAt(time, Optional.of(m), Optional.empty()).forEach(f -> out.add(f.variable()));
            } else {
                out.addAll(known);
            }
        }
        return out;
    }

    /**
     * The plans of the models that could answer, in the order they are tried: the model asked for, else every model
     * with files (of one of the variables, valid then, for one time), preferred first. Models without a file are left
     * out, so an empty list means no file answers.
     */
    public List<ForecastPlan> plans(ForecastQuery query) {
        List<ForecastPlan> plans = new ArrayList<>();
        for (String m : query.model().map(List::of).orElseGet(() -> candidates(query))) {
            ForecastPlan plan = lookup(query.ofModel(m));
            if (plan.isEmpty()) {
                continue;
            }
            try {
                plans.add(resolved(plan));
            } catch (ApiProblem e) {
                // A model none of whose files has the percentile or threshold asked for cannot answer; one named must.
                if (query.model().isPresent()) {
                    throw e;
                }
            }
        }
        return plans;
    }

    /**
     * The plan of a query that names its model, from the index, its percentile and threshold resolved against the
     * files' index entries ({@link BlendSelection}); for an area also the cells it covers on each grid of the answering
     * files, counted on a grid placed before (the catalogue places one file of each collection; every query places its
     * files), else on the header of one of the files: one read per grid for the life of the service, whatever the
     * query's size.
     *
     * @throws ApiProblem 400 when the files have no such percentile or threshold
     * @throws Grid.TooManyCells when an area covers more than its {@link Area#maxCells()}
     */
    public ForecastPlan plan(ForecastQuery query) {
        return resolved(lookup(query));
    }

    private static ForecastPlan resolved(ForecastPlan found) {
        ForecastQuery q = BlendSelection.resolve(found.query(), found.model(), found.allFiles());
        return q == found.query() ? found : new ForecastPlan(q, found.model(), found.files());
    }

    private ForecastPlan lookup(ForecastQuery query) {
        String model = query.model().orElseThrow(() -> new IllegalArgumentException("plan(query) needs a model; use plans"));
        Map<String, NavigableMap<Instant, List<ForecastFile>>> found = new LinkedHashMap<>();
        // A lagged set of a model without one is its newest run alone (the faces refuse to ask for it).
        Optional<LaggedEnsemble> lagged = query.runs() instanceof Lagged ? LaggedEnsemble.of(model) : Optional.empty();
        Optional<Instant> latest = query.runs() instanceof Lagged l ? l.latest() : query.run();
        if (query.where() instanceof ForecastQuery.Track || query.where() instanceof ForecastQuery.Corridor) {
            found.putAll(Tracks.files(index, model, query));
        } else if (query.when() instanceof At at) {
            for (String v : query.variables()) {
                List<ForecastFile> answering = lagged.isPresent() ? index.lagged(model, v, at.time(), latest, lagged.get())
                        : index.at(model, v, at.time(), query.run());
                if (!answering.isEmpty()) {
                    found.computeIfAbsent(v, k -> new TreeMap<>()).put(at.time(), answering);
                }
            }
        } else {
            Between range = (Between) query.when();
            found.putAll(lagged.isPresent()
                    ? index.rangeLagged(model, query.variables(), range.from(), range.to(), latest, lagged.get())
                    : index.range(model, query.variables(), range.from(), range.to(), query.run()));
        }
        ForecastPlan plan = new ForecastPlan(query, model, found);
        return query.where() instanceof Area a ? new ForecastPlan(query, model, found, areaCells(plan, a)) : plan;
    }

    /** The area's cells on each grid of the plan's files (a grid's cells are the same for all of its files). */
    private Map<List<String>, ForecastPlan.AreaCells> areaCells(ForecastPlan plan, Area a) {
        Map<List<String>, ForecastPlan.AreaCells> cells = new LinkedHashMap<>();
        for (ForecastFile f : plan.allFiles()) {
            List<String> yx = Grid.sizeInIndex(f);
            if (!yx.isEmpty() && !cells.containsKey(yx)) {
                Grid g = reader.knownGrid(f).orElseGet(() -> reader.grid(f, reader.headers(List.of(f)).get(f)));
                cells.put(yx, new ForecastPlan.AreaCells(g, g.inside(a.area(), a.maxCells())));
            }
        }
        return cells;
    }

    /**
     * Places a plan of points or an area: every header at once, each site on each file's grid (or the area's cells on
     * the grid of the first file), and the slices kept. Nothing is read yet: {@link Readout#values()} says how much
     * reading would.
     *
     * @throws OffGrid when a point is off a file's grid, or no cell centre of the area lies inside it
     * @throws Grid.TooManyCells when the area covers more than its {@link Area#maxCells()}
     */
    public Readout place(ForecastPlan plan) {
        List<ForecastFile> all = plan.allFiles();
        Map<ForecastFile, NetcdfHeader> headers = reader.headers(all);
        Selection wanted = plan.query().reads();
        if (plan.query().where() instanceof Points p) {
            return points(plan, p, all, headers, wanted);
        }
        if (plan.query().where() instanceof Area a) {
            return area(plan, a, all, headers, wanted);
        }
        if (plan.query().where() instanceof ForecastQuery.Track t) {
            return Tracks.place(plan, t, headers, reader::grid, wanted);
        }
        if (plan.query().where() instanceof ForecastQuery.Corridor c) {
            ForecastFile first = all.get(0);
            ForecastQuery.Track cells = Tracks.corridor(c, reader.grid(first, headers.get(first)), first);
            return Tracks.place(plan, cells, headers, reader::grid, wanted);
        }
        throw new IllegalArgumentException("a whole field is read with field(plan, variable)");
    }

    /** Reads the values of a placed readout: every file's cells at once. */
    public Readout read(Readout placed) {
        List<FileRead> files = List.copyOf(placed.reads().values());
        List<List<CellValue>> values = reader.read(files.stream().map(r -> new ForecastReader.CellRead(r.file(), r.indices()))
                .toList());
        Map<ForecastFile, FileRead> reads = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            reads.put(files.get(i).file(), files.get(i).withValues(values.get(i)));
        }
        return new Readout(placed.plan(), placed.sites(), placed.cells(), placed.grid(), reads, placed.waypoints());
    }

    /** Places and reads a plan of points or an area ({@link #place}, then {@link #read(Readout)}). */
    public Readout read(ForecastPlan plan) {
        return read(place(plan));
    }

    /**
     * The field a picture of {@code variable} at its first validity time shows: the first file (of the plan's order)
     * that has the member and level asked for, and the first such slice of it (the first member, the lowest level
     * index, unless asked).
     *
     * @throws NothingSelected when no file has them
     */
    public FieldChoice field(ForecastPlan plan, String variable) {
        List<ForecastFile> answering = plan.byTime(variable).get(0);
        Map<ForecastFile, NetcdfHeader> headers = reader.headers(answering);
        for (ForecastFile f : answering) {
            List<Slice> kept = Slices.of(headers.get(f)).select(plan.query().selection());
            if (!kept.isEmpty()) {
                return new FieldChoice(f, headers.get(f), kept.get(0));
            }
        }
        throw new NothingSelected(answering.stream().map(f -> Slices.of(headers.get(f)).describe()).distinct()
                .reduce((a, b) -> a + "; " + b).orElse(""));
    }

    /** The whole 2-D field a {@link FieldChoice} names (row-major, NaN where missing), through the chunk cache. */
    public ChunkCache.Field readField(FieldChoice choice) {
        return reader.field(choice.file(), choice.slice().index());
    }

    /**
     * The sites of {@code model}'s spot files, from the newest file the index has for it (they share their sites);
     * empty when the model has no file or its files are grids.
     */
    public List<SpotSite> sites(String model) {
        // A Met Office product known to be gridded needs no index or file read (the gazetteer answers its locations).
        if (MetOfficeProducts.byName(model).map(p -> !p.spot()).orElse(false)) {
            return List.of();
        }
        Optional<ForecastFile> newest = index.validTimeBounds(model)
                .flatMap(b -> files.validAt(b.last(), Optional.of(model), Optional.empty()).stream()
                        .max(java.util.Comparator.comparing(ForecastFile::forecastReferenceTime)));
        if (newest.isEmpty()) {
            return List.of();
        }
        if (newest.get().kind().grid() != null && !newest.get().kind().spot()) {
            return List.of();
        }
        NetcdfHeader h = reader.headers(List.of(newest.get())).get(newest.get());
        return h.sites() > 0 ? reader.sites(newest.get()) : List.of();
    }

    private List<String> candidates(ForecastQuery query) {
        // Every known model, each asked in turn for the variable at its time (the index narrows a time to a model and a
        // variable): never a read of a whole time, which holds ~16,000 files at the real feed's steady state.
        List<String> all = ModelPreference.preferred(models.models());
        // A lagged set is asked of the models that have one.
        return query.runs() instanceof Lagged ? all.stream().filter(m -> LaggedEnsemble.of(m).isPresent()).toList() : all;
    }

    private Readout points(ForecastPlan plan, Points p, List<ForecastFile> all, Map<ForecastFile, NetcdfHeader> headers,
            Selection wanted) {
        List<Site> sites = p.sites();
        // The files of a model share their grid: each site is placed once per grid, not once per file.
        Map<Grid, List<Grid.Located>> placed = new HashMap<>();
        // A spot file's sites are its "grid": the sites of one file version are one cached list, placed once.
        Map<List<SpotSite>, List<SpotPlacement>> atSites = new IdentityHashMap<>();
        Map<ForecastFile, FileRead> reads = new LinkedHashMap<>();
        for (ForecastFile f : all) {
            NetcdfHeader h = headers.get(f);
            Slices slices = Slices.of(h);
            List<Slice> selected = slices.select(wanted);
            if (h.sites() > 0) {
                List<SpotPlacement> at = atSites.computeIfAbsent(reader.sites(f),
                        list -> sites.stream().map(s -> SpotPlacement.nearest(list, s.latitude(), s.longitude())).toList());
                List<PointSample> samples = new ArrayList<>(sites.size());
                List<int[]> indices = new ArrayList<>();
                for (SpotPlacement p1 : at) {
                    PointSample sample = PointSample.ofSite(f, h, p1, slices, selected);
                    samples.add(sample);
                    indices.addAll(sample.indices());
                }
                reads.put(f, new FileRead(f, h, null, slices, selected, samples, indices, null, sites.size()));
                continue;
            }
            Grid g = reader.grid(f, h);
            List<Grid.Located> at = placed.computeIfAbsent(g, k -> place(k, f, sites));
            List<PointSample> samples = new ArrayList<>(sites.size());
            List<int[]> indices = new ArrayList<>();
            for (Grid.Located located : at) {
                PointSample sample = PointSample.of(f, h, g, located, p.method(), slices, selected);
                samples.add(sample);
                indices.addAll(sample.indices());
            }
            reads.put(f, new FileRead(f, h, g, slices, selected, samples, indices, null, sites.size()));
        }
        return new Readout(plan, sites, List.of(), null, reads);
    }

    private Readout area(ForecastPlan plan, Area a, List<ForecastFile> all, Map<ForecastFile, NetcdfHeader> headers,
            Selection wanted) {
        ForecastFile first = all.get(0);
        Grid grid = reader.grid(first, headers.get(first));
        // The cells the plan counted, when they were counted on this very grid.
        List<Grid.Cell> cells = plan.areaCells(first).filter(c -> c.grid().equals(grid)).map(ForecastPlan.AreaCells::cells)
                .orElseGet(() -> grid.inside(a.area(), a.maxCells()));
        if (cells.isEmpty()) {
            throw new OffGrid(null, first, grid);
        }
        Map<ForecastFile, FileRead> reads = new LinkedHashMap<>();
        for (ForecastFile f : all) {
            NetcdfHeader h = headers.get(f);
            Grid g = reader.grid(f, h);
            if (!g.x().equals(grid.x()) || !g.y().equals(grid.y())) {
                throw new ApiProblem(422, "mixed-grids", "Files on different grids", "The files that answer lie on different"
                        + " grids (" + ArchiveFiles.describe(first) + ": " + grid.describe() + "; " + ArchiveFiles.describe(f) + ": "
                        + g.describe() + "); ask for one parameter at a time").withLog(first.uri() + ", " + f.uri());
            }
            Slices slices = Slices.of(h);
            List<Slice> selected = slices.select(wanted);
            // Slice by slice, each slice's cells row by row: neighbouring cells share chunks.
            List<int[]> indices = new ArrayList<>(selected.size() * cells.size());
            for (Slice s : selected) {
                for (Grid.Cell c : cells) {
                    indices.add(s.at(c.row(), c.column()));
                }
            }
            reads.put(f, new FileRead(f, h, g, slices, selected, null, indices, null, cells.size()));
        }
        return new Readout(plan, List.of(), cells, grid, reads);
    }

    /** Where each site falls on a grid; an {@link OffGrid} naming the first site off it. */
    private static List<Grid.Located> place(Grid g, ForecastFile f, List<Site> sites) {
        List<Grid.Located> out = new ArrayList<>(sites.size());
        for (Site s : sites) {
            out.add(g.locate(s.latitude(), s.longitude()).orElseThrow(() -> new OffGrid(s, f, g)));
        }
        return out;
    }
}
