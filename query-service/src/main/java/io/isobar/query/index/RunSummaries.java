package io.isobar.query.index;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.LoadingCache;

import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.index.ParameterSummary;
import io.isobar.index.RunSummary;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Reads what the job keeps about runs and parameters in the valid-times table ({@link RunSummary},
 * {@link ParameterSummary}): the summaries of a page of runs in one BatchGetItem, one run's summary, a model's
 * parameters in one Query. Each read is bounded by a page, a run or a model's parameters, never by the index; results
 * are cached (runs for the growing-view TTL, parameters for the model-list TTL).
 */
public final class RunSummaries {

    private record RunKey(String model, Instant run) {}

    private final IndexClient client;
    private final String table;
    private final LoadingCache<RunKey, Optional<RunSummary>> runs;
    private final LoadingCache<String, Map<String, ParameterSummary>> parameters;

    public RunSummaries(IndexClient client, String validTimesTable, Caches caches, Executor executor) {
        this.client = client;
        this.table = validTimesTable;
        this.runs = caches.refreshing(20_000, executor).weigher((RunKey k, Optional<RunSummary> v) -> 1).build(this::load);
        this.parameters = com.github.benmanes.caffeine.cache.Caffeine.newBuilder().refreshAfterWrite(caches.modelsTtl())
                .ticker(caches.ticker()).executor(executor).maximumSize(1_000).build(this::loadParameters);
    }

    /** The summary of one run, if the job has written one. */
    public Optional<RunSummary> run(String model, Instant run) {
        return runs.get(new RunKey(model, run.truncatedTo(ChronoUnit.SECONDS)));
    }

    /** The summaries of {@code runs} (of one model) that exist, in the order asked, read together. */
    public List<RunSummary> runs(String model, List<Instant> runsOfModel) {
        List<RunKey> keys = runsOfModel.stream().map(r -> new RunKey(model, r.truncatedTo(ChronoUnit.SECONDS))).toList();
        Map<RunKey, Optional<RunSummary>> found = runs.getAll(keys, this::loadAll);
        List<RunSummary> out = new ArrayList<>();
        keys.forEach(k -> found.get(k).ifPresent(out::add));
        return out;
    }

    /** The parameters of {@code model}, by variable. */
    public Map<String, ParameterSummary> parameters(String model) {
        return parameters.get(model);
    }

    /** Reads {@code model}'s parameters again on the next request (a variable the cache does not know has a file). */
    public void parametersChanged(String model) {
        parameters.invalidate(model);
    }

    private Optional<RunSummary> load(RunKey key) {
        return Optional.ofNullable(loadAll(List.of(key)).get(key)).flatMap(o -> o);
    }

    private Map<RunKey, Optional<RunSummary>> loadAll(Iterable<? extends RunKey> keys) {
        Map<RunKey, Optional<RunSummary>> out = new HashMap<>();
        List<Map<String, AttributeValue>> wanted = new ArrayList<>();
        for (RunKey k : keys) {
            out.put(k, Optional.empty());
            wanted.add(Map.of(IndexSchema.TIMES_PK, AttributeValue.fromS(RunSummary.partition(k.model())),
                    IndexSchema.TIMES_SK, AttributeValue.fromS(FileItems.iso(k.run()))));
        }
        // BatchGetItem takes 100 keys a call and may leave some unprocessed: ask again for those.
        for (int from = 0; from < wanted.size(); from += 100) {
            Map<String, KeysAndAttributes> request = Map.of(table,
                    KeysAndAttributes.builder().keys(wanted.subList(from, Math.min(wanted.size(), from + 100))).build());
            while (request != null && !request.isEmpty()) {
                Map<String, KeysAndAttributes> ask = request;
                BatchGetItemResponse response = client.dynamoDb().batchGetItem(b -> b.requestItems(ask)
                        .overrideConfiguration(o -> o.apiCallTimeout(client.timeout())));
                response.responses().getOrDefault(table, List.of()).forEach(item -> {
                    RunSummary s = RunSummary.fromItem(item);
                    out.put(new RunKey(s.model(), s.run()), Optional.of(s));
                });
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : null;
            }
        }
        return out;
    }

    private Map<String, ParameterSummary> loadParameters(String model) {
        Map<String, ParameterSummary> out = new java.util.TreeMap<>();
        client.queryAll(QueryRequest.builder().tableName(table)
                        .keyConditionExpression("#p = :p")
                        .expressionAttributeNames(Map.of("#p", IndexSchema.TIMES_PK))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(ParameterSummary.partition(model))))
                        .build())
                .forEach(item -> {
                    ParameterSummary p = ParameterSummary.fromItem(item);
                    out.put(p.variable(), p);
                });
        return out;
    }
}
