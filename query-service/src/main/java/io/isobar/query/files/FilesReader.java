package io.isobar.query.files;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.LoadingCache;

import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.model.ForecastFile;
import io.isobar.query.index.Caches;
import io.isobar.query.index.IndexClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Reads forecast files from the {@code files} table for the reading engine: the files valid at a time of one model and
 * variable (bounded by the runs that forecast it), or of a whole time, and the first file of a run. Cached for the
 * growing-view TTL and refreshed in the background after it (see {@link Caches#refreshing}). Listings page through
 * {@link FilePages} instead.
 */
public final class FilesReader {

    /** A time partition, optionally narrowed with begins_with(file_key, "model#") or "model#variable#". */
    private record AtTime(String time, String model, String variable) {}

    private record Run(String model, Instant forecastReferenceTime) {}

    /**
     * The files of one model and variable valid at a time: of {@code run} (an ISO time), or of the newest run (null) not
     * after {@code upTo} (an ISO time, or null) and, when {@code windowSeconds} is positive, of every run less than that
     * much older than it.
     */
    private record Answering(String time, String model, String variable, String run, String upTo, long windowSeconds) {}

    /** Items asked for at a time when only the newest run's files are wanted: a run's files of one variable at one time. */
    private static final int NEWEST_PAGE = 4;

    /** Items asked for at a time when a window of runs is wanted (a lagged ensemble: 12 runs, a file or two each). */
    private static final int WINDOW_PAGE = 16;

    private final IndexClient client;
    private final String table;
    private final LoadingCache<AtTime, List<ForecastFile>> atTime;
    private final LoadingCache<Run, Optional<ForecastFile>> firstOfRun;
    private final LoadingCache<Answering, List<ForecastFile>> answering;

    public FilesReader(IndexClient client, String filesTable, Executor executor, Caches caches) {
        this.client = client;
        this.table = filesTable;
        // The files valid at a time answer every point query: refreshed in the background so hot ones never wait.
        this.atTime = caches.refreshing(500_000, executor).weigher((AtTime k, List<ForecastFile> v) -> 1 + v.size())
                .build(this::loadAtTime);
        this.answering = caches.refreshing(100_000, executor).weigher((Answering k, List<ForecastFile> v) -> 1 + v.size())
                .build(this::loadAnswering);
        this.firstOfRun = caches.growing(10_000).weigher((Run k, Optional<ForecastFile> v) -> 1).build(this::loadFirst);
    }

    /**
     * Files valid at {@code time}, of {@code model} (and {@code variable}, which needs a model) if given, in key
     * order reversed: by model, variable and newest run first (the sort key is
     * {@code model#variable#forecast_reference_time#object_id}).
     */
    public List<ForecastFile> validAt(Instant time, Optional<String> model, Optional<String> variable) {
        if (model.isEmpty() && variable.isPresent()) {
            throw new IllegalArgumentException("A variable narrows the key only after a model");
        }
        return atTime.get(new AtTime(FileItems.iso(time), model.orElse(null), variable.orElse(null)));
    }

    /**
     * The files of {@code model}'s {@code variable} valid at {@code time} of {@code run}, or when empty of the newest
     * run that has one: the time's partition read newest run first, a few items at a time, up to the first file of an
     * older run. What one point costs is then one run's files, however many runs reach the time.
     */
    public List<ForecastFile> answeringAt(Instant time, String model, String variable, Optional<Instant> run) {
        return answering.get(new Answering(FileItems.iso(time), model, variable,
                run.map(r -> FileItems.iso(r.truncatedTo(ChronoUnit.SECONDS))).orElse(null), null, 0));
    }

    /**
     * The files of {@code model}'s {@code variable} valid at {@code time} of the newest run that has one (not after
     * {@code upTo}, when given) and of every run less than {@code window} older: the time's partition read newest run
     * first, up to the first file of a run outside the window. What a lagged ensemble's point costs is then its runs'
     * files, however many runs reach the time.
     */
    public List<ForecastFile> answeringWithin(Instant time, String model, String variable, Optional<Instant> upTo,
            Duration window) {
        return answering.get(new Answering(FileItems.iso(time), model, variable, null,
                upTo.map(r -> FileItems.iso(r.truncatedTo(ChronoUnit.SECONDS))).orElse(null), window.toSeconds()));
    }

    /** One file of a run (the first by validity time), for what every file of the run shares: its grid. */
    public Optional<ForecastFile> firstOf(String model, Instant forecastReferenceTime) {
        return firstOfRun.get(new Run(model, forecastReferenceTime.truncatedTo(ChronoUnit.SECONDS)));
    }

    private QueryRequest atTimeRequest(AtTime key) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).scanIndexForward(false);
        if (key.model() == null) {
            return request.keyConditionExpression("#t = :t")
                    .expressionAttributeNames(Map.of("#t", IndexSchema.FILES_PK))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(key.time())))
                    .build();
        }
        return request.keyConditionExpression("#t = :t AND begins_with(#k, :prefix)")
                .expressionAttributeNames(Map.of("#t", IndexSchema.FILES_PK, "#k", IndexSchema.FILES_SK))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(key.time()),
                        ":prefix", AttributeValue.fromS(FileItems.fileKeyPrefix(key.model(), key.variable()))))
                .build();
    }

    private List<ForecastFile> loadAtTime(AtTime key) {
        return client.queryAll(atTimeRequest(key)).stream().map(FileItems::fromItem).toList();
    }

    private List<ForecastFile> loadAnswering(Answering key) {
        String prefix = FileItems.fileKeyPrefix(key.model(), key.variable()) + (key.run() == null ? "" : key.run() + IndexSchema.SEP);
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).scanIndexForward(false)
                .limit(key.windowSeconds() > 0 ? WINDOW_PAGE : NEWEST_PAGE)
                .expressionAttributeNames(Map.of("#t", IndexSchema.FILES_PK, "#k", IndexSchema.FILES_SK));
        if (key.upTo() == null) {
            request.keyConditionExpression("#t = :t AND begins_with(#k, :prefix)")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(key.time()), ":prefix", AttributeValue.fromS(prefix)));
        } else {
            // Runs not after upTo: the keys from the prefix up to upTo's run (keys are model#variable#run#object).
            request.keyConditionExpression("#t = :t AND #k BETWEEN :lo AND :hi")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(key.time()), ":lo", AttributeValue.fromS(prefix),
                            ":hi", AttributeValue.fromS(prefix + key.upTo() + IndexSchema.SEP + "\uffff")));
        }
        Duration window = Duration.ofSeconds(key.windowSeconds());
        List<ForecastFile> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest page = start == null ? request.build() : request.exclusiveStartKey(start).build();
            IndexClient.Page answer = client.page(page);
            for (Map<String, AttributeValue> item : answer.items()) {
                ForecastFile f = FileItems.fromItem(item);
                if (!out.isEmpty() && outside(out.get(0).forecastReferenceTime(), f.forecastReferenceTime(), window)) {
                    return out; // a run older than wanted: the wanted runs' files are all read
                }
                out.add(f);
            }
            start = answer.lastEvaluatedKey();
        } while (start != null);
        return out;
    }

    /** Whether {@code run} falls outside the runs wanted after {@code newest}: another run, or one a window or more older. */
    private static boolean outside(Instant newest, Instant run, Duration window) {
        return window.isZero() ? !run.equals(newest) : Duration.between(run, newest).compareTo(window) >= 0;
    }

    private Optional<ForecastFile> loadFirst(Run key) {
        QueryRequest request = QueryRequest.builder().tableName(table).indexName(IndexSchema.BY_RUN_INDEX)
                .keyConditionExpression("#r = :r")
                .expressionAttributeNames(Map.of("#r", IndexSchema.BY_RUN_PK))
                .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(FileItems.runKey(key.model(), key.forecastReferenceTime()))))
                .scanIndexForward(true)
                .build();
        return client.first(request).map(FileItems::fromItem);
    }
}
