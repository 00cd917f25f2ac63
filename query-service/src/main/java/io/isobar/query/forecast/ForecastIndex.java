package io.isobar.query.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.LoadingCache;

import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.model.ForecastFile;
import io.isobar.query.files.FilesReader;
import io.isobar.query.index.Caches;
import io.isobar.query.index.IndexClient;
import io.isobar.index.Marker;
import io.isobar.query.index.MarkerIndex;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Which files answer: the index side of the reading engine. For one validity time it is the Query of that time's
 * partition; a short range of few variables (at most {@link #FEW_LOOKUPS} variable-times) is the same, time by time;
 * a longer one reads runs through the {@code by-run} index, one Query per run for the times still open (never one per
 * time; a run left with one open time is asked for the wanted variables' files at it):
 *
 * <ul>
 *   <li><b>An instance</b> ({@code run} given): that run's files valid in the range, one Query.</li>
 *   <li><b>The best estimate</b>: for each variable and validity time, the newest run that has it. Runs are taken
 *       newest first (from the run markers) until every validity time of the range (from the valid-time markers) is
 *       answered; for forecasts ahead of now that is usually the newest run alone.</li>
 * </ul>
 * Within a run, when a variable comes both as an instantaneous field and as a statistic ({@code cell_methods}), the
 * instantaneous one answers. Every lookup is cached and refreshed in the background ({@link Caches#refreshing}), so
 * warm requests make no DynamoDB call and new files show within about a second.
 */
public final class ForecastIndex {

    /** The most runs the best estimate looks through for one range. */
    static final int MAX_RUNS_SCANNED = 48;
    /** The longest forecast looked back for: global runs reach 7 days ahead. */
    static final Duration LONGEST_FORECAST = Duration.ofDays(8);
    private static final int MAX_TIMES = 10_000;
    /** Up to this many variables, one time of a run is read variable by variable (one or two items each). */
    private static final int FEW_VARIABLES = 4;
    /** Up to this many (variable, time) pairs, a range is looked up pair by pair (a Query of a few items each). */
    static final int FEW_LOOKUPS = 48;

    private record RunRange(String model, Instant run, String from, String to) {}

    /** Markers of one partition in a range: the first {@code limit}, oldest or newest first. */
    private record Span(String partition, String from, String to, int limit, boolean newestFirst) {}

    /** The first and last validity times that have files. */
    public record Bounds(Instant first, Instant last) {}

    private final FilesReader files;
    private final IndexClient client;
    private final String filesTable;
    private final MarkerIndex validTimes;
    private final MarkerIndex runMarkers;
    private final LoadingCache<RunRange, List<ForecastFile>> runFiles;
    private final LoadingCache<Span, List<Instant>> markers;
    private final LoadingCache<String, Optional<Bounds>> bounds;
    private final String validTimesTable;

    public ForecastIndex(FilesReader files, IndexClient client, String filesTable, String validTimesTable,
            MarkerIndex validTimes, MarkerIndex runMarkers, Caches caches, Executor executor) {
        this.files = files;
        this.validTimesTable = validTimesTable;
        this.bounds = caches.refreshing(10_000, executor).weigher((String k, Optional<Bounds> v) -> 1).build(this::loadBounds);
        this.client = client;
        this.filesTable = filesTable;
        this.validTimes = validTimes;
        this.runMarkers = runMarkers;
        this.runFiles = caches.refreshing(200_000, executor).weigher((RunRange k, List<ForecastFile> v) -> 1 + v.size())
                .build(this::loadRunFiles);
        this.markers = caches.refreshing(200_000, executor).weigher((Span k, List<Instant> v) -> 1 + v.size())
                .build(this::loadMarkers);
    }

    /** The files of {@code variable} valid at {@code time}: of {@code run} if given, else of the newest run. */
    public List<ForecastFile> at(String model, String variable, Instant time, Optional<Instant> run) {
        return choose(files.answeringAt(time, model, variable, run));
    }

    /**
     * For each of {@code variables}, the files answering each validity time from {@code from} to {@code to}: of
     * {@code run} if given, else the best estimate. Variables without any file are left out.
     */
    public Map<String, NavigableMap<Instant, List<ForecastFile>>> range(String model, Collection<String> variables,
            Instant from, Instant to, Optional<Instant> run) {
        Set<String> wanted = Set.copyOf(variables);
        Map<String, NavigableMap<Instant, List<ForecastFile>>> answer = new LinkedHashMap<>();
        List<Instant> times = validTimes(model, from, to);
        if (times.size() * wanted.size() <= FEW_LOOKUPS) {
            // A short range of few variables: each variable at each time from the time's partition, newest run first
            // (an item or two each), not runs' files of every variable over the range (~100 items a time).
            for (String v : wanted) {
                for (Instant t : times) {
                    List<ForecastFile> chosen = choose(files.answeringAt(t, model, v, run));
                    if (!chosen.isEmpty()) {
                        answer.computeIfAbsent(v, k -> new TreeMap<>()).put(t, chosen);
                    }
                }
            }
            return ordered(answer, variables);
        }
        if (run.isPresent()) {
            fill(answer, runFiles(model, run.get(), from, to), wanted, Set.of());
            return ordered(answer, variables);
        }
        // The newest runs that can reach the range, newest first (never the oldest of a long retention).
        List<Instant> runs = runs(model, from.minus(LONGEST_FORECAST), to, MAX_RUNS_SCANNED);
        for (Instant r : runs) {
            if (complete(answer, wanted, times)) {
                break;
            }
            Instant earliest = earliestOpen(answer, wanted, times);
            if (earliest == null) {
                break;
            }
            // Times this run cannot have (before it started) or already answered by a newer run are not asked for: a
            // range of past times, each answered by a different run, reads each run's one time, not the whole range.
            Instant lo = earliest.isAfter(r) ? earliest : r;
            Instant hi = latestOpen(answer, wanted, times);
            if (lo.isAfter(hi)) {
                continue;
            }
            if (lo.equals(hi) && wanted.size() <= FEW_VARIABLES) {
                // One time left: the wanted variables' files at it (an item or two each), not every variable's.
                for (String v : wanted) {
                    NavigableMap<Instant, List<ForecastFile>> got = answer.get(v);
                    if (got == null || !got.containsKey(lo)) {
                        fill(answer, runFiles.get(new RunRange(model, r.truncatedTo(ChronoUnit.SECONDS),
                                FileItems.iso(lo) + IndexSchema.SEP + v + IndexSchema.SEP, FileItems.iso(lo) + IndexSchema.SEP + v)),
                                wanted, Set.of());
                    }
                }
            } else {
                fill(answer, runFiles(model, r, lo, hi), wanted, Set.of());
            }
        }
        return ordered(answer, variables);
    }

    /**
     * The files of {@code variable} valid at {@code time} in {@code ensemble}'s lagged set: of the newest run that has it
     * ({@code latest} or older, when given) and of the runs before it that the set takes, newest run first.
     */
    public List<ForecastFile> lagged(String model, String variable, Instant time, Optional<Instant> latest,
            LaggedEnsemble ensemble) {
        // The time's files of the variable newest run first, up to the first run outside the set: never every run's.
        return chooseLagged(files.answeringWithin(time, model, variable, latest, ensemble.interval().multipliedBy(ensemble.runs())),
                ensemble);
    }

    /**
     * For each of {@code variables}, the files of {@code ensemble}'s lagged set at each validity time from {@code from}
     * to {@code to} (see {@link #lagged}). Runs are read newest first, as for the best estimate, and then on until the
     * next run is too old to belong to any time's set.
     */
    public Map<String, NavigableMap<Instant, List<ForecastFile>>> rangeLagged(String model, Collection<String> variables,
            Instant from, Instant to, Optional<Instant> latest, LaggedEnsemble ensemble) {
        Set<String> wanted = Set.copyOf(variables);
        Instant newestRun = latest.map(r -> r.truncatedTo(ChronoUnit.SECONDS)).filter(r -> r.isBefore(to)).orElse(to);
        List<Instant> times = validTimes(model, from, to);
        List<Instant> runs = runs(model, from.minus(LONGEST_FORECAST), newestRun, MAX_RUNS_SCANNED + ensemble.runs());
        // The newest run's files of each time (completeness, as for the best estimate), and every run's (the sets).
        Map<String, NavigableMap<Instant, List<ForecastFile>>> newest = new LinkedHashMap<>();
        Map<String, Map<Instant, List<ForecastFile>>> all = new HashMap<>();
        for (Instant r : runs) {
            if (complete(newest, wanted, times) && newest.values().stream().flatMap(m -> m.values().stream())
                    .map(fs -> fs.get(0).forecastReferenceTime()).noneMatch(n -> ensemble.holds(n, r))) {
                break;
            }
            Instant lo = from.isAfter(r) ? from : r;
            if (lo.isAfter(to)) {
                continue;
            }
            List<ForecastFile> run = runFiles(model, r, lo, to);
            fill(newest, run, wanted, Set.of());
            for (ForecastFile f : run) {
                if (wanted.contains(f.variable())) {
                    all.computeIfAbsent(f.variable(), v -> new HashMap<>()).computeIfAbsent(f.time(), t -> new ArrayList<>()).add(f);
                }
            }
        }
        Map<String, NavigableMap<Instant, List<ForecastFile>>> answer = new LinkedHashMap<>();
        newest.forEach((variable, byTime) -> byTime.keySet().forEach(t -> answer.computeIfAbsent(variable, v -> new TreeMap<>())
                .put(t, chooseLagged(all.get(variable).get(t), ensemble))));
        return ordered(answer, variables);
    }

    /**
     * The files that answer among {@code candidates} (one variable at one time) for a lagged set: of the newest run and
     * of each older run the set takes, each run's as {@link #choose} picks them, newest run first.
     */
    public static List<ForecastFile> chooseLagged(List<ForecastFile> candidates, LaggedEnsemble ensemble) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        Instant newest = candidates.stream().map(ForecastFile::forecastReferenceTime).max(Comparator.naturalOrder()).orElseThrow();
        TreeMap<Instant, List<ForecastFile>> byRun = candidates.stream()
                .filter(f -> ensemble.holds(newest, f.forecastReferenceTime()))
                .collect(Collectors.groupingBy(ForecastFile::forecastReferenceTime, () -> new TreeMap<>(Comparator.reverseOrder()),
                        Collectors.toList()));
        List<ForecastFile> out = new ArrayList<>();
        byRun.values().forEach(run -> out.addAll(choose(run)));
        return List.copyOf(out);
    }

    /**
     * The newest {@code limit} runs of {@code model} from {@code from} to {@code to} (forecast_reference_time), newest
     * first: one Query of at most {@code limit} run markers, however many runs the retention holds.
     */
    public List<Instant> runs(String model, Instant from, Instant to, int limit) {
        return markers.get(new Span(FileItems.runsPartition(model), FileItems.iso(from), FileItems.iso(to), limit, true));
    }

    /** The validity times of {@code model} that have files from {@code from} to {@code to} (at most 10,000), in order. */
    public List<Instant> validTimes(String model, Instant from, Instant to) {
        return markers.get(new Span(model, FileItems.iso(from), FileItems.iso(to), MAX_TIMES, false));
    }

    /** The first and last validity times of {@code model} (two Queries of one item each); empty when it has none. */
    public Optional<Bounds> validTimeBounds(String model) {
        return bounds.get(model);
    }

    /** Every file of one run (all variables and times), cached like the rest. */
    public List<ForecastFile> runFiles(String model, Instant run, Instant from, Instant to) {
        return runFiles.get(new RunRange(model, run.truncatedTo(ChronoUnit.SECONDS), FileItems.iso(from), FileItems.iso(to)));
    }

    /**
     * The files that answer among {@code candidates} (one variable at one time): the newest run; within it the
     * instantaneous field if there is one (else the first statistic by name); several files when the run's ensemble
     * members are split over files.
     */
    public static List<ForecastFile> choose(List<ForecastFile> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        if (candidates.size() == 1) {
            // The usual case, on every series' path once per time: no grouping needed.
            return List.of(candidates.get(0));
        }
        Instant newest = candidates.stream().map(ForecastFile::forecastReferenceTime).max(Comparator.naturalOrder()).orElseThrow();
        Map<String, List<ForecastFile>> byCellMethods = candidates.stream()
                .filter(f -> f.forecastReferenceTime().equals(newest))
                .collect(Collectors.groupingBy(f -> f.cellMethods() == null ? "" : f.cellMethods(), TreeMap::new, Collectors.toList()));
        return byCellMethods.values().iterator().next().stream().sorted(Comparator.comparing(ForecastFile::objectId)).toList();
    }

    private static void fill(Map<String, NavigableMap<Instant, List<ForecastFile>>> answer, List<ForecastFile> run,
            Set<String> wanted, Set<String> unused) {
        Map<String, Map<Instant, List<ForecastFile>>> found = new HashMap<>();
        for (ForecastFile f : run) {
            if (wanted.contains(f.variable())) {
                found.computeIfAbsent(f.variable(), v -> new HashMap<>()).computeIfAbsent(f.time(), t -> new ArrayList<>()).add(f);
            }
        }
        found.forEach((variable, byTime) -> {
            NavigableMap<Instant, List<ForecastFile>> target = answer.computeIfAbsent(variable, v -> new TreeMap<>());
            byTime.forEach((time, candidates) -> target.putIfAbsent(time, choose(candidates)));
        });
    }

    private static boolean complete(Map<String, NavigableMap<Instant, List<ForecastFile>>> answer, Set<String> wanted,
            List<Instant> times) {
        return earliestOpen(answer, wanted, times) == null;
    }

    /** The latest validity time some wanted variable still lacks, or null. */
    private static Instant latestOpen(Map<String, NavigableMap<Instant, List<ForecastFile>>> answer, Set<String> wanted,
            List<Instant> times) {
        for (int i = times.size() - 1; i >= 0; i--) {
            for (String v : wanted) {
                NavigableMap<Instant, List<ForecastFile>> got = answer.get(v);
                if (got == null || !got.containsKey(times.get(i))) {
                    return times.get(i);
                }
            }
        }
        return null;
    }

    /** The earliest validity time some wanted variable still lacks, or null. */
    private static Instant earliestOpen(Map<String, NavigableMap<Instant, List<ForecastFile>>> answer, Set<String> wanted,
            List<Instant> times) {
        for (Instant t : times) {
            for (String v : wanted) {
                NavigableMap<Instant, List<ForecastFile>> got = answer.get(v);
                if (got == null || !got.containsKey(t)) {
                    return t;
                }
            }
        }
        return null;
    }

    private static Map<String, NavigableMap<Instant, List<ForecastFile>>> ordered(
            Map<String, NavigableMap<Instant, List<ForecastFile>>> answer, Collection<String> variables) {
        Map<String, NavigableMap<Instant, List<ForecastFile>>> out = new LinkedHashMap<>();
        for (String v : variables) {
            if (answer.containsKey(v)) {
                out.put(v, answer.get(v));
            }
        }
        return out;
    }

    private List<ForecastFile> loadRunFiles(RunRange key) {
        QueryRequest request = QueryRequest.builder().tableName(filesTable).indexName(IndexSchema.BY_RUN_INDEX)
                .keyConditionExpression("#r = :r AND #s BETWEEN :lo AND :hi")
                .expressionAttributeNames(Map.of("#r", IndexSchema.BY_RUN_PK, "#s", IndexSchema.BY_RUN_SK))
                .expressionAttributeValues(Map.of(
                        ":r", AttributeValue.fromS(FileItems.runKey(key.model(), key.run())),
                        ":lo", AttributeValue.fromS(key.from()),
                        // run_sort is time#variable#object_id: '~' sorts after every character of a name.
                        ":hi", AttributeValue.fromS(key.to() + IndexSchema.SEP + "~")))
                .scanIndexForward(true)
                .build();
        return client.queryAll(request).stream().map(FileItems::fromItem).toList();
    }

    private Optional<Bounds> loadBounds(String model) {
        Optional<Instant> first = edge(model, true);
        Optional<Instant> last = edge(model, false);
        return first.isEmpty() || last.isEmpty() ? Optional.empty() : Optional.of(new Bounds(first.get(), last.get()));
    }

    private Optional<Instant> edge(String partition, boolean forward) {
        QueryRequest request = QueryRequest.builder().tableName(validTimesTable)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", IndexSchema.TIMES_PK))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition)))
                .scanIndexForward(forward)
                .limit(1)
                .build();
        return client.query(request, 1).stream().findFirst().map(item -> Instant.parse(item.get(IndexSchema.TIMES_SK).s()));
    }

    private List<Instant> loadMarkers(Span span) {
        // MarkerIndex takes model names and maps them to partitions; the run-marker index maps model -> model#runs.
        boolean runs = span.partition().endsWith(IndexSchema.RUNS_PARTITION_SUFFIX);
        String model = runs ? span.partition().substring(0, span.partition().length() - IndexSchema.RUNS_PARTITION_SUFFIX.length())
                : span.partition();
        MarkerIndex index = runs ? runMarkers : validTimes;
        return index.page(List.of(model), Instant.parse(span.from()), Instant.parse(span.to()), span.limit(), Optional.empty(),
                        span.newestFirst() ? MarkerIndex.Order.NEWEST_FIRST : MarkerIndex.Order.OLDEST_FIRST)
                .markers().stream().map(Marker::time).toList();
    }
}
