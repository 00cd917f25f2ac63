package io.isobar.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.IndexSchema;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.query.QueryService;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variable;
import io.isobar.simulator.Variables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One EDR MULTIPOINT request (5 places x 3 parameters x 12 validity times) side by side with the 180
 * {@code GET /v1/point} requests it replaces, on files of the real size on the local stack: p50/p99 cold (chunks not
 * cached; headers cached) and warm, the S3 GETs each costs, and the 180 requests both one after another and from 16
 * concurrent clients: {@code ./isobar benchmark edr}.
 *
 * <p>Data: UKV screen temperature, 10 m wind speed and screen humidity written by the simulator on the 970 x 1042 UK
 * grid (chunks 1 x 128 x 128, deflate), one file per variable and hour for 12 hours, archived and indexed. Its options
 * ({@code --help}) set the cold and warm rounds and the document.
 */
@Command(name = "edr", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"One EDR MULTIPOINT request against the 180 GET /v1/point requests it replaces, cold and warm.",
                "Writes its section of docs/benchmarks.md (--docs)."})
public final class EdrBenchmark implements Callable<Integer> {

    private static final String SECTION = "## EDR MULTIPOINT vs /v1/point (issue 13)";
    static final Instant RUN = Instant.parse("2025-06-14T00:00:00Z");
    private static final List<Variable> VARIABLES = List.of(Variables.TEMPERATURE_AT_SCREEN_LEVEL, Variables.WIND_SPEED_AT_10M,
            Variables.RELATIVE_HUMIDITY_AT_SCREEN_LEVEL);
    /** London, Edinburgh, Cardiff, Belfast, Manchester: lon, lat. */
    private static final double[][] PLACES = {{-0.1278, 51.5074}, {-3.1883, 55.9533}, {-3.1791, 51.4816}, {-5.9301, 54.5973},
        {-2.2426, 53.4808}};
    private static final int HOURS = 12;
    private static final int CONCURRENT = 16;

    /**
     * p50/p99/max of one kind of unit of work, the S3 GETs each unit cost, and the service's own p50/p99 for each
     * request of the unit (from its {@code http_server_requests_seconds} histogram: the upper bound of the bucket).
     */
    record Row(String name, int units, double p50Ms, double p99Ms, double maxMs, double getsPerUnit, double serverP50Ms,
            double serverP99Ms) {}

    private static final String EDR_ROUTE = "/edr/collections/{collectionId}/position";
    private static final String POINT_ROUTE = "/v1/point";

    @Mixin Rounds rounds = new Rounds(20, 200);
    @Mixin ReportOption report;

    @Override
    public Integer call() throws Exception {
        int coldRounds = rounds.cold;
        int warmRounds = rounds.warm;
        try (Emulators emulators = Emulators.start()) {
            AwsSettings aws = AwsSettings.local(emulators.s3(), emulators.s3(), emulators.dynamoDb());
            IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("edrbench"));
            long fileBytes;
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws); S3Client s3 = AwsClients.s3(aws)) {
                IndexSchema.createTables(dynamoDb, tables);
                s3.createBucket(b -> b.bucket(IndexSeeding.ARCHIVE));
                long t0 = System.nanoTime();
                fileBytes = seed(dynamoDb, s3, tables);
                System.out.printf(Locale.ROOT, "Wrote, archived and indexed %d files (%.1f MB each) in %.1f s%n", VARIABLES.size() * HOURS,
                        fileBytes / 1e6 / (VARIABLES.size() * HOURS), (System.nanoTime() - t0) / 1e9);
            }
            try (QueryService service = BenchService.over(aws, tables)) {
                int port = service.start();
                String key = BenchService.key(service);
                HttpClient http = BenchHttp.client(false);
                String base = "http://127.0.0.1:" + port;
                String edr = base + "/edr/collections/ukv/position?coords=" + enc(multipoint()) + "&parameter-name="
                        + enc("air_temperature,wind_speed,relative_humidity") + "&datetime="
                        + enc(RUN.plusSeconds(3600) + "/" + RUN.plusSeconds(3600L * HOURS));
                List<String> points = new ArrayList<>();
                for (int h = 1; h <= HOURS; h++) {
                    for (Variable v : VARIABLES) {
                        for (double[] p : PLACES) {
                            points.add(base + "/v1/point?lat=" + p[1] + "&lon=" + p[0] + "&time=" + RUN.plusSeconds(3600L * h)
                                    + "&variable=" + v.name() + "&model=ukv");
                        }
                    }
                }
                ChunkCache reader = service.chunkCache();
                String loadBefore = BenchmarkReport.loadAverage();
                ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT);

                // Warm-up: JIT, connections, the index caches; every file opened.
                for (int i = 0; i < 30; i++) {
                    check(BenchHttp.status(http, edr, key), edr);
                    reader.dropChunks();
                }
                for (int i = 0; i < 3; i++) {
                    for (String u : points) {
                        BenchHttp.status(http, u, key);
                    }
                    reader.dropChunks();
                }
                String metrics = base + "/metrics";
                List<Row> rows = new ArrayList<>();
                rows.add(measure("EDR MULTIPOINT, cold (chunks not cached)", coldRounds, reader, reader::dropChunks,
                        () -> check(BenchHttp.status(http, edr, key), edr), http, metrics, EDR_ROUTE));
                rows.add(measure("180 x /v1/point one after another, cold", coldRounds, reader, reader::dropChunks,
                        () -> points.forEach(u -> check(BenchHttp.status(http, u, key), u)), http, metrics, POINT_ROUTE));
                rows.add(measure("180 x /v1/point from 16 clients, cold", coldRounds, reader, reader::dropChunks,
                        () -> parallel(clients, points, http, key), http, metrics, POINT_ROUTE));
                rows.add(measure("EDR MULTIPOINT, warm", warmRounds, reader, () -> { }, () -> check(BenchHttp.status(http, edr, key), edr), http,
                        metrics, EDR_ROUTE));
                rows.add(measure("180 x /v1/point one after another, warm", Math.max(10, warmRounds / 10), reader, () -> { },
                        () -> points.forEach(u -> check(BenchHttp.status(http, u, key), u)), http, metrics, POINT_ROUTE));
                rows.add(measure("180 x /v1/point from 16 clients, warm", Math.max(10, warmRounds / 10), reader, () -> { },
                        () -> parallel(clients, points, http, key), http, metrics, POINT_ROUTE));
                clients.shutdownNow();
                BenchmarkReport.publish(report.docs, SECTION, section(rows, fileBytes, loadBefore, BenchmarkReport.loadAverage(),
                        edr.substring(base.length())));
            }
        }
        return 0;
    }

    private static Row measure(String name, int rounds, ChunkCache reader, Runnable before, Runnable unit, HttpClient http,
            String metrics, String route) {
        long[] latencies = new long[rounds];
        long gets = 0;
        ServerHistogram server = ServerHistogram.start(http, metrics, route);
        for (int i = 0; i < rounds; i++) {
            before.run();
            long reads = reader.stats().sourceReads();
            long t0 = System.nanoTime();
            unit.run();
            latencies[i] = System.nanoTime() - t0;
            gets += reader.stats().sourceReads() - reads;
        }
        double[] serverMs = server.p50p99Ms();
        Row r = new Row(name, rounds, Percentiles.ms(latencies, 0.50), Percentiles.ms(latencies, 0.99), Percentiles.maxMs(latencies),
                gets / (double) rounds, serverMs[0], serverMs[1]);
        System.out.printf(Locale.ROOT, "%-50s n=%d p50=%.2f ms p99=%.2f ms max=%.1f ms S3 GETs/unit=%.1f service p50<=%.1f p99<=%.1f%n",
                r.name(), rounds, r.p50Ms(), r.p99Ms(), r.maxMs(), r.getsPerUnit(), r.serverP50Ms(), r.serverP99Ms());
        return r;
    }

    private static void parallel(ExecutorService clients, List<String> urls, HttpClient http, String key) {
        List<Future<?>> futures = new ArrayList<>();
        for (String u : urls) {
            futures.add(clients.submit(() -> check(BenchHttp.status(http, u, key), u)));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void check(int status, String url) {
        if (status != 200) {
            throw new IllegalStateException(url + " answered " + status);
        }
    }

    /** Writes, archives and indexes the benchmark's files (also {@link EdrPathsBenchmark}'s); their total bytes. */
    static long seed(DynamoDbClient dynamoDb, S3Client s3, IndexSchema.TableNames tables) throws IOException {
        MetOfficeFileWriter writer = new MetOfficeFileWriter(new SyntheticField(17));
        long total = 0;
        for (Variable v : VARIABLES) {
            for (int h = 1; h <= HOURS; h++) {
                ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.UKV, v, RUN, Duration.ofHours(h), List.of(), GridSpec.uk(), RUN);
                byte[] bytes = writer.toBytes(spec);
                total += bytes.length;
                String objectKey = "ukv/" + RUN.getEpochSecond() + "/" + h + "-" + v.parameter() + ".nc";
                IndexSeeding.archive(s3, IndexSeeding.ARCHIVE, objectKey, bytes);
                ForecastFile file = new ForecastFile("bench-" + v.parameter() + "-" + h, "ukv", v.name(), v.standardName(),
                        v.longName(), v.units(), null, RUN, spec.forecastPeriod().toSeconds(), spec.time(), List.of(),
                        v.levels().values(), List.of(), List.of("projection_y_coordinate=970", "projection_x_coordinate=1042"),
                        "s3://" + IndexSeeding.ARCHIVE + "/" + objectKey, "s3://met-office/" + objectKey, bytes.length, null, RUN);
                IndexSeeding.index(dynamoDb, tables, file);
            }
        }
        return total;
    }

    private static String multipoint() {
        StringBuilder s = new StringBuilder("MULTIPOINT(");
        for (int i = 0; i < PLACES.length; i++) {
            s.append(i == 0 ? "" : ",").append('(').append(PLACES[i][0]).append(' ').append(PLACES[i][1]).append(')');
        }
        return s.append(')').toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String section(List<Row> rows, long fileBytes, String loadBefore, String loadAfter, String edrPath) {
        StringBuilder s = BenchmarkReport.header(SECTION, EdrBenchmark.class, "./isobar benchmark edr");
        s.append("Machine: ").append(BenchmarkReport.machine()).append(". Emulated S3 and DynamoDB Local in a JVM of their own, the service (`-Xms2g -Xmx2g`) and the client (java.net.http, ")
                .append("HTTP/1.1) in another, on loopback; the machine is shared with other builds (1-minute load average ")
                .append(loadBefore).append(" before, ").append(loadAfter).append(" after): treat the numbers as indicative.\n\n");
        s.append(String.format(Locale.ROOT, "Data: UKV screen temperature, 10 m wind speed and screen relative humidity, one file "
                + "per variable and hour for 12 hours of one run, written by the simulator on the 970 x 1042 UK grid (chunks 1 x 128 "
                + "x 128, deflate, %.1f MB each), archived in S3 and indexed. The EDR request is `%s` (5 places: London, Edinburgh, "
                + "Cardiff, Belfast, Manchester; 3 parameters; 12 validity times = 180 values); the 180 `/v1/point` requests ask for "
                + "the same values one at a time. A unit is one EDR request or one set of 180 `/v1/point` requests (its time is the "
                + "wall time of the whole set). Cold: before each unit the chunk cache is emptied (file headers stay cached, as "
                + "they do after the first query of a file); warm: nothing is emptied. S3 GETs per unit are counted by the "
                + "service's reader. p50/p99/max are the client's wall time per unit; the last column is the service's own time "
                + "per HTTP request (for the 180-request units: per `/v1/point` request), from its `http_server_requests_seconds` "
                + "histogram, so the difference is the client, HTTP and two JVMs sharing two busy CPUs.%n%n", fileBytes / 1e6 / (VARIABLES.size() * HOURS), edrPath.replace("|", "%7C")));
        s.append("| unit | units | p50 ms | p99 ms | max ms | S3 GETs per unit | service p50 / p99 ms per request |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.1f | %.1f | <= %.1f / <= %.1f |%n", r.name(), r.units(),
                    r.p50Ms(), r.p99Ms(), r.maxMs(), r.getsPerUnit(), r.serverP50Ms(), r.serverP99Ms()));
        }
        Row edrWarm = rows.get(3);
        Row seqWarm = rows.get(4);
        Row parWarm = rows.get(5);
        Row edrCold = rows.get(0);
        Row seqCold = rows.get(1);
        s.append(String.format(Locale.ROOT, "%nThe one EDR request against the 180 requests it replaces: warm p50 %.1fx faster than "
                + "one after another (%.1fx than 16 clients), cold p50 %.1fx. Targets: the EDR request warm p99 <= 20 ms on the local "
                + "stack and >= 10x faster than the 180 separate requests.%n", seqWarm.p50Ms() / edrWarm.p50Ms(),
                parWarm.p50Ms() / edrWarm.p50Ms(), seqCold.p50Ms() / edrCold.p50Ms()));
        s.append("\nWhy: the EDR request makes one pass through the engine: the 36 files' lookups come from one cached whole-run ")
                .append("index Query, the headers are cached, and the chunks of all 36 files are read at once (one ranged GET per ")
                .append("chunk not cached, on a bounded pool); 180 separate requests pay HTTP, authentication, parsing and JSON 180 ")
                .append("times and read their chunks one request at a time.\n");
        return s.toString();
    }
}
