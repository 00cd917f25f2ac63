package io.isobar.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.bench.LoadRunner.Result;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.index.IndexSummaries;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.query.QueryService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The query API under load, next to a raw DynamoDB Query of the same data against the same DynamoDB Local (the
 * "API Gateway straight to DynamoDB" baseline): requests per second and p50/p99 latency at a fixed 500 req/s and
 * at the maximum, for {@code GET /v1/times/{time}} and {@code GET /v1/times}: {@code ./isobar benchmark query}.
 *
 * <p>It starts DynamoDB Local on loopback, seeds a realistic index (UKV: 12 hourly runs x 30 variables x 13 steps;
 * MOGREPS-UK: 6 runs x 20 variables x 13 steps, realizations split over two files), starts the service, measures, and
 * writes its section of {@code docs/benchmarks.md}; its options ({@code --help}) set the phases' length, the fixed rate,
 * the workers of the maximum phase and the document.
 */
@Command(name = "query", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"The query API under load (fixed rate and maximum) next to a raw DynamoDB Query of the same data.",
                "Writes its section of docs/benchmarks.md (--docs)."})
public final class QueryBenchmark implements Callable<Integer> {

    private static final String SECTION = "## Query API (GET /v1/times/{time}, GET /v1/times)";
    private static final Instant FIRST_RUN = Instant.parse("2025-06-14T00:00:00Z");
    private static final int UKV_RUNS = 12;
    private static final int UKV_VARIABLES = 30;
    private static final int MOGREPS_RUNS = 6;
    private static final int MOGREPS_VARIABLES = 20;
    private static final int STEPS = 13;

    @Option(names = "--seconds", defaultValue = "15", description = "Seconds per phase.") int seconds;
    @Option(names = "--rate", defaultValue = "500", description = "Requests per second of the fixed-rate phase.") int rate;
    @Option(names = "--workers", defaultValue = "16", description = "Concurrent workers of the maximum phase.") int workers;
    @Mixin ReportOption report;

    @Override
    public Integer call() throws Exception {
        Duration phase = Duration.ofSeconds(seconds);

        try (LocalAws localAws = LocalAws.builder().start()) {
            AwsSettings aws = new AwsSettings(AwsSettings.LOCAL_REGION, Optional.empty(), Optional.empty(),
                    Optional.of(localAws.dynamoDbEndpoint()), AwsSettings.local(localAws.s3Endpoint(), localAws.sqsEndpoint(),
                            localAws.dynamoDbEndpoint()).credentials());
            IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("bench"));
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws)) {
                IndexSchema.createTables(dynamoDb, tables);
                long t0 = System.nanoTime();
                int seeded = seed(dynamoDb, tables);
                System.out.printf("Seeded %d files in %.1f s%n", seeded, (System.nanoTime() - t0) / 1e9);

                try (QueryService service = BenchService.over(aws, tables)) {
                    int port = service.start();
                    String key = BenchService.key(service);
                    String loadBefore = BenchmarkReport.loadAverage();
                    List<Result> results = run(dynamoDb, tables, port, key, phase, rate, workers);
                    BenchmarkReport.publish(report.docs, SECTION, section(results, seeded, phase, rate, workers, loadBefore,
                            BenchmarkReport.loadAverage()));
                }
            }
        }
        return 0;
    }

    private static List<Result> run(DynamoDbClient dynamoDb, IndexSchema.TableNames tables, int port, String key,
            Duration phase, int rate, int workers) throws Exception {
        HttpClient http = BenchHttp.client(false);
        String base = "http://127.0.0.1:" + port;
        List<Instant> times = new ArrayList<>();
        for (int h = 0; h < UKV_RUNS + STEPS - 1; h++) {
            times.add(FIRST_RUN.plusSeconds(3600L * h));
        }
        AtomicInteger turn = new AtomicInteger();

        // What an analyst asks: the UKV air temperature files valid at a time, newest run first.
        LoadRunner.Call apiFiles = () -> {
            Instant t = times.get(Math.floorMod(turn.getAndIncrement(), times.size()));
            return get(http, base + "/v1/times/" + t + "?model=ukv&variable=air_temperature", key);
        };
        LoadRunner.Call rawFiles = () -> {
            Instant t = times.get(Math.floorMod(turn.getAndIncrement(), times.size()));
            return !dynamoDb.query(QueryRequest.builder().tableName(tables.files())
                    .keyConditionExpression("#t = :t AND begins_with(#k, :p)")
                    .expressionAttributeNames(Map.of("#t", IndexSchema.FILES_PK, "#k", IndexSchema.FILES_SK))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(FileItems.iso(t)),
                            ":p", AttributeValue.fromS(FileItems.fileKeyPrefix("ukv", "air_temperature"))))
                    .scanIndexForward(false).build()).items().isEmpty();
        };
        // The list of validity times of a model, with the file count each marker carries.
        LoadRunner.Call apiTimes = () -> get(http, base + "/v1/times?model=ukv&limit=100", key);
        LoadRunner.Call rawTimes = () -> !dynamoDb.query(QueryRequest.builder().tableName(tables.validTimes())
                .keyConditionExpression("#m = :m")
                .expressionAttributeNames(Map.of("#m", IndexSchema.TIMES_PK))
                .expressionAttributeValues(Map.of(":m", AttributeValue.fromS("ukv")))
                .limit(100).build()).items().isEmpty();

        // Warm up both paths (JIT, connections, caches) before measuring.
        LoadRunner.max("warm-up", apiFiles, workers, Duration.ofSeconds(5), 1_000_000);
        LoadRunner.max("warm-up", rawFiles, workers, Duration.ofSeconds(5), 1_000_000);
        LoadRunner.max("warm-up", apiTimes, workers, Duration.ofSeconds(5), 1_000_000);
        LoadRunner.max("warm-up", rawTimes, workers, Duration.ofSeconds(5), 1_000_000);

        int maxRequests = 2_000_000;
        // Enough to absorb hiccups at 500 req/s without a thread storm on a small machine.
        int inFlight = 32;
        List<Result> results = new ArrayList<>();
        // Maximum first: it also finishes warming the JIT and the caches before the latency-sensitive fixed-rate runs.
        String files = "API GET /v1/times/{time}?model=ukv&variable=air_temperature";
        String rawFilesName = "DynamoDB Query files (same data)";
        String list = "API GET /v1/times?model=ukv&limit=100";
        String rawTimesName = "DynamoDB Query valid-times (same data)";
        results.add(report(LoadRunner.max(files, apiFiles, workers, phase, maxRequests)));
        results.add(report(LoadRunner.max(rawFilesName, rawFiles, workers, phase, maxRequests)));
        results.add(report(LoadRunner.fixedRate(files, apiFiles, rate, phase, inFlight)));
        results.add(report(LoadRunner.fixedRate(rawFilesName, rawFiles, rate, phase, inFlight)));
        results.add(report(LoadRunner.max(list, apiTimes, workers, phase, maxRequests)));
        results.add(report(LoadRunner.max(rawTimesName, rawTimes, workers, phase, maxRequests)));
        results.add(report(LoadRunner.fixedRate(list, apiTimes, rate, phase, inFlight)));
        results.add(report(LoadRunner.fixedRate(rawTimesName, rawTimes, rate, phase, inFlight)));
        return results;
    }

    private static Result report(Result r) {
        System.out.printf(Locale.ROOT, "%-62s %-18s %8d req %6.0f req/s p50 %7.2f ms p99 %7.2f ms errors %d%n",
                r.name(), r.mode(), r.requests(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.errors());
        return r;
    }

    private static boolean get(HttpClient http, String url, String key) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode() == 200 && r.body().length > 20;
    }

    /** Writes the files of every run and step, with their summaries, 25 items per BatchWriteItem, in parallel. */
    static int seed(DynamoDbClient dynamoDb, IndexSchema.TableNames tables) throws Exception {
        List<ForecastFile> files = new ArrayList<>();
        addRuns(files, "ukv", UKV_RUNS, 1, UKV_VARIABLES, 1);
        addRuns(files, "mogreps-uk", MOGREPS_RUNS, 2, MOGREPS_VARIABLES, 2);
        List<WriteRequest> fileWrites = files.stream().map(f -> put(FileItems.toItem(f))).toList();
        // Markers (with their counts), run summaries and parameters, as the job's summaries hold them.
        List<WriteRequest> markerWrites = IndexSummaries.items(files).stream().map(QueryBenchmark::put).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> batches = new ArrayList<>();
            submitBatches(pool, batches, dynamoDb, tables.files(), fileWrites);
            submitBatches(pool, batches, dynamoDb, tables.validTimes(), markerWrites);
            for (Future<?> f : batches) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return files.size();
    }

    private static void submitBatches(ExecutorService pool, List<Future<?>> batches, DynamoDbClient dynamoDb, String table,
            List<WriteRequest> writes) {
        for (int i = 0; i < writes.size(); i += 25) {
            List<WriteRequest> batch = writes.subList(i, Math.min(writes.size(), i + 25));
            batches.add(pool.submit(() -> {
                Map<String, List<WriteRequest>> pending = Map.of(table, batch);
                while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> request = pending;
                    Map<String, List<WriteRequest>> left = dynamoDb.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
                    pending = left == null ? Map.of() : left;
                }
                return null;
            }));
        }
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    /** Hourly runs ({@code everyHours} apart) with {@code variables} variables at 13 hourly steps, {@code split} files per step. */
    private static void addRuns(List<ForecastFile> files, String model, int runs, int everyHours, int variables, int split) {
        for (int r = 0; r < runs; r++) {
            Instant frt = FIRST_RUN.plusSeconds(3600L * everyHours * r);
            for (int v = 0; v < variables; v++) {
                String variable = v == 0 ? "air_temperature" : "variable_" + v;
                for (int step = 0; step < STEPS; step++) {
                    Instant time = frt.plusSeconds(3600L * step);
                    for (int part = 0; part < split; part++) {
                        String id = Integer.toHexString((model + frt + variable + step + part).hashCode()) + "-" + part;
                        files.add(new ForecastFile(id, model, variable, variable, variable.replace('_', ' '),
                                v == 0 ? "K" : "1", v % 3 == 0 ? "time: mean" : null, frt, 3600L * step, time,
                                split > 1 ? List.of(part * 3, part * 3 + 1, part * 3 + 2) : List.of(), List.of(1.5), List.of(),
                                List.of("projection_y_coordinate=970", "projection_x_coordinate=1042"),
                                "s3://isobar-archive/" + model + "/" + frt + "/" + id + ".nc",
                                "s3://aws-earth-mo-atmospheric-" + model + "-prd/" + id + ".nc",
                                4_000_000L + step, "\"" + id + "\"", frt.plusSeconds(5400)));
                    }
                }
            }
        }
    }

    private static String section(List<Result> results, int seeded, Duration phase, int rate, int workers, String loadBefore,
            String loadAfter) {
        StringBuilder s = BenchmarkReport.header(SECTION, QueryBenchmark.class, "./isobar benchmark query");
        s.append("Machine: ").append(BenchmarkReport.machine()).append(".\n");
        s.append("Everything in one JVM on loopback: DynamoDB Local 2.6.1 (in memory), the query service, and the load generator ")
                .append("(java.net.http, HTTP/1.1), so all three share the CPUs. The machine is shared with other builds ")
                .append("(1-minute load average ").append(loadBefore).append(" before the measurements, ").append(loadAfter)
                .append(" after): treat the numbers as indicative, and compare rows of the same run.\n\n");
        s.append("Data: ").append(seeded).append(" files (UKV ").append(UKV_RUNS).append(" hourly runs x ").append(UKV_VARIABLES)
                .append(" variables x ").append(STEPS).append(" steps; MOGREPS-UK ").append(MOGREPS_RUNS).append(" runs x ")
                .append(MOGREPS_VARIABLES).append(" variables x ").append(STEPS).append(" steps x 2 files), their valid-time and run markers.\n");
        s.append("Each phase lasts ").append(phase.toSeconds()).append(" s: fixed rate ").append(rate)
                .append(" req/s (open loop, latency from each request's intended start, at most 32 in flight) and maximum (")
                .append(workers).append(" closed-loop workers, run first), after a 5 s warm-up of each. Baseline: the same DynamoDB Query the API needs, sent by the same JVM ")
                .append("with the SDK's sync client (what API Gateway -> DynamoDB would do), without the API's cache.\n\n");
        s.append("| request | mode | requests | req/s | p50 ms | p99 ms | max ms | errors |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.2f | %.2f | %.1f | %d |%n", r.name(), r.mode(),
                    r.requests(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.errors()));
        }
        s.append("\nReading it: the API answers hot views from its in-memory cache (500 ms TTL, so each distinct view costs ")
                .append("DynamoDB at most 2 queries/s whatever the request rate), which is why it can beat a raw Query; ")
                .append("`GET /v1/times` also returns a file count per time, which the job keeps on each marker (the raw ")
                .append("baseline reads the same markers).\n");
        return s.toString();
    }
}
