package io.isobar.query.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.Marker;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.grid.PointReader;
import io.isobar.query.QueryService;
import io.isobar.query.QueryServiceConfig;
import io.isobar.query.auth.RateLimit;
import io.isobar.query.point.Gazetteer;
import io.isobar.query.point.Place;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variables;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code GET /v1/point} latency on files of the real size, on the local stack: p50/p99 with the chunk not cached
 * ("cold": the file's header and chunk index cached, its chunks not), with nothing cached ("cold file": header, index
 * and chunks read), and with everything cached ("warm"), plus the S3 GETs and bytes a cold query costs. Not a test:
 *
 * <pre>
 * mvn -B -o -pl query-service -am install -DskipTests &amp;&amp; mvn -B -o -pl query-service test-compile exec:exec@point-benchmark
 * </pre>
 *
 * <p>It starts the emulated S3 and DynamoDB Local on loopback (in a second JVM: see {@link Emulators}), writes
 * MOGREPS-UK air temperature files with the
 * simulator (3 members x 970 x 1042, float32, chunks 1 x 128 x 128, deflate level 1: the real layout), archives
 * and indexes them, starts the service and queries UK places from the gazetteer over HTTP, one request at a time
 * (latency), then with concurrent clients (throughput). Every query returns the three members, so a cold one reads
 * three chunks (in parallel). It writes its section of {@code docs/benchmarks.md}. Environment: {@code BENCH_FILES}
 * (default 6), {@code BENCH_COLD} (cold queries, default 300), {@code BENCH_WARM} (default 5000),
 * {@code BENCH_SECONDS} (concurrent phase, default 10), {@code BENCH_WORKERS} (default 16), {@code BENCH_DOCS}.
 */
public final class PointBenchmark {

    private static final String SECTION = "## Point queries (GET /v1/point)";
    private static final Instant RUN = Instant.parse("2025-06-14T12:00:00Z");
    private static final String BUCKET = "isobar-archive";

    /**
     * One measured phase: latencies seen by the client, and by the service itself (from its
     * {@code http_server_requests_seconds} histogram on /metrics: the upper bound of the bucket holding the percentile).
     */
    record Phase(String name, int requests, long errors, double p50Ms, double p99Ms, double maxMs, double serverP50Ms,
            double serverP99Ms, double getsPerQuery, double bytesPerQuery) {}

    private PointBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(EMULATORS)) {
            runEmulators();
            return;
        }
        int fileCount = BenchmarkReport.setting("BENCH_FILES", 6);
        int cold = BenchmarkReport.setting("BENCH_COLD", 300);
        int warm = BenchmarkReport.setting("BENCH_WARM", 5000);
        Duration concurrentPhase = Duration.ofSeconds(BenchmarkReport.setting("BENCH_SECONDS", 10));
        int workers = BenchmarkReport.setting("BENCH_WORKERS", 16);
        Path docs = Path.of(Optional.ofNullable(System.getenv("BENCH_DOCS")).orElse("docs/benchmarks.md"));

        try (Emulators emulators = Emulators.start()) {
            AwsSettings aws = AwsSettings.local(emulators.s3(), emulators.s3(), emulators.dynamoDb());
            IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("pointbench"));
            List<Instant> times = new ArrayList<>();
            long fileBytes;
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws); S3Client s3 = AwsClients.s3(aws)) {
                IndexSchema.createTables(dynamoDb, tables);
                s3.createBucket(b -> b.bucket(BUCKET));
                long t0 = System.nanoTime();
                fileBytes = seed(dynamoDb, s3, tables, fileCount, times);
                System.out.printf(Locale.ROOT, "Wrote, archived and indexed %d files (%.1f MB each) in %.1f s%n", fileCount,
                        fileBytes / 1e6 / fileCount, (System.nanoTime() - t0) / 1e9);
            }

            QueryServiceConfig config = QueryServiceConfig.defaults(aws, tables).withPort(0)
                    .withRateLimit(new RateLimit(1_000_000, 1_000_000));
            try (QueryService service = new QueryService(config)) {
                int port = service.start();
                String key = service.apiKeys().create("benchmark").key();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                        .executor(Runnable::run).build();
                List<Place> places = Gazetteer.load().places();
                SplittableRandom random = new SplittableRandom(42);
                String base = "http://127.0.0.1:" + port + "/v1/point?variable=air_temperature&model=mogreps-uk";
                PointReader reader = service.pointReader();
                String loadBefore = BenchmarkReport.loadAverage();

                // Warm-up (JIT, connections, the index cache), cold and warm paths alike; then every phase starts from
                // empty caches.
                for (int i = 0; i < 2000; i++) {
                    if (i % 4 == 0) {
                        reader.dropChunks();
                    }
                    get(http, url(base, places, times, random) + (i % 2 == 0 ? "&realization=1" : ""), key);
                }
                reader.dropAll();

                List<Phase> phases = new ArrayList<>();
                phases.add(sequential("cold file: nothing cached (header, chunk index and chunks read)", cold / 3, http, key,
                        () -> url(base, places, times, random), reader, reader::dropAll));
                // Open every file once, so that the cold phase measures chunk reads alone.
                for (Instant t : times) {
                    get(http, base + "&place=London&time=" + t, key);
                }
                phases.add(sequential("cold: chunks not cached (header cached), 3 chunks per query", cold, http, key,
                        () -> url(base, places, times, random), reader, reader::dropChunks));
                phases.add(sequential("cold, one member (&realization=1): 1 chunk per query", cold, http, key,
                        () -> url(base, places, times, random) + "&realization=1", reader, reader::dropChunks));
                // Warm: a working set of 20 place-times, all cached after the first round.
                List<String> hot = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    hot.add(url(base, places, times, random));
                }
                hot.forEach(u -> get(http, u, key));
                AtomicInteger turn = new AtomicInteger();
                phases.add(sequential("warm: everything cached", warm, http, key,
                        () -> hot.get(Math.floorMod(turn.getAndIncrement(), hot.size())), reader, () -> { }));
                LoadRunner.Result concurrent = LoadRunner.max("warm", () -> get(http,
                        hot.get(Math.floorMod(turn.getAndIncrement(), hot.size())), key), workers, concurrentPhase, 5_000_000);

                String section = section(phases, concurrent, fileCount, fileBytes, workers, loadBefore, BenchmarkReport.loadAverage());
                System.out.println();
                System.out.println(section);
                BenchmarkReport.write(docs, SECTION, section);
                System.out.println("Wrote " + docs.toAbsolutePath());
            }
        }
        // DynamoDB Local leaves a non-daemon thread behind.
        System.exit(0);
    }

    private static final String EMULATORS = "--emulators";

    /**
     * The emulators (S3, DynamoDB Local) in a JVM of their own, so that their garbage (local-s3 copies the whole object
     * for every ranged GET) does not pause the service being measured, as it would not on AWS.
     */
    record Emulators(Process process, URI s3, URI dynamoDb) implements AutoCloseable {

        static Emulators start() throws IOException {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                    "-Dlog4j2.configurationFile=log4j2-test.xml", "-cp", System.getProperty("java.class.path"),
                    PointBenchmark.class.getName(), EMULATORS);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DDB_LOCAL_TELEMETRY", "0");
            Process process = builder.start();
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            URI s3 = null;
            URI dynamoDb = null;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("S3 ")) {
                    s3 = URI.create(line.substring(3).trim());
                } else if (line.startsWith("DYNAMODB ")) {
                    dynamoDb = URI.create(line.substring(9).trim());
                } else if (line.equals("READY")) {
                    break;
                }
            }
            if (s3 == null || dynamoDb == null) {
                process.destroyForcibly();
                throw new IOException("The emulator process ended before it was ready");
            }
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "emulator-output");
            drain.setDaemon(true);
            drain.start();
            return new Emulators(process, s3, dynamoDb);
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close(); // the emulator process stops when its stdin closes
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The child process: starts the emulators, prints their endpoints, runs until stdin closes. */
    private static void runEmulators() throws IOException {
        try (LocalAws localAws = LocalAws.builder().start()) {
            System.out.println("S3 " + localAws.s3Endpoint());
            System.out.println("DYNAMODB " + localAws.dynamoDbEndpoint());
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
        System.exit(0);
    }

    interface Url {
        String next();
    }

    /** {@code n} requests one after another, {@code before} run (untimed) before each. */
    static Phase sequential(String name, int n, HttpClient http, String key, Url url, PointReader reader, Runnable before) {
        long[] latencies = new long[n];
        long errors = 0;
        String metrics = url.next().replaceFirst("/v1/point\\?.*", "/metrics");
        java.util.TreeMap<Double, Long> histogramBefore = serverHistogram(http, metrics);
        PointReader.Stats start = reader.stats();
        for (int i = 0; i < n; i++) {
            before.run();
            String u = url.next();
            long t0 = System.nanoTime();
            boolean ok = get(http, u, key);
            latencies[i] = System.nanoTime() - t0;
            if (!ok) {
                errors++;
            }
        }
        PointReader.Stats end = reader.stats();
        java.util.TreeMap<Double, Long> histogramAfter = serverHistogram(http, metrics);
        Arrays.sort(latencies);
        Phase p = new Phase(name, n, errors, percentile(latencies, 0.50), percentile(latencies, 0.99), latencies[n - 1] / 1e6,
                serverPercentile(histogramBefore, histogramAfter, 0.50), serverPercentile(histogramBefore, histogramAfter, 0.99),
                (end.sourceReads() - start.sourceReads()) / (double) n, (end.sourceBytes() - start.sourceBytes()) / (double) n);
        System.out.printf(Locale.ROOT, "%-70s n=%d errors=%d p50=%.2f ms p99=%.2f ms max=%.1f ms (server p50<=%.2f p99<=%.2f)"
                + " GETs/query=%.2f bytes/query=%.0f%n", p.name(), p.requests(), p.errors(), p.p50Ms(), p.p99Ms(), p.maxMs(),
                p.serverP50Ms(), p.serverP99Ms(), p.getsPerQuery(), p.bytesPerQuery());
        return p;
    }

    /** Cumulative counts of the service's 200 answers to /v1/point by histogram bucket (upper bound in seconds). */
    private static java.util.TreeMap<Double, Long> serverHistogram(HttpClient http, String metricsUrl) {
        java.util.TreeMap<Double, Long> buckets = new java.util.TreeMap<>();
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith("http_server_requests_seconds_bucket{") && line.contains("route=\"/v1/point\"")
                        && line.contains("status=\"200\"")) {
                    String le = line.replaceFirst(".*le=\"([^\"]+)\".*", "$1");
                    double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                    long count = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    buckets.merge(bound, count, Long::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no server-side numbers then
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return buckets;
    }

    /** The upper bound (ms) of the bucket holding quantile {@code q} of the answers between two scrapes. */
    private static double serverPercentile(java.util.TreeMap<Double, Long> before, java.util.TreeMap<Double, Long> after, double q) {
        long total = after.getOrDefault(Double.POSITIVE_INFINITY, 0L) - before.getOrDefault(Double.POSITIVE_INFINITY, 0L);
        if (total <= 0) {
            return Double.NaN;
        }
        for (java.util.Map.Entry<Double, Long> e : after.entrySet()) {
            long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (delta >= q * total) {
                return e.getKey() * 1000;
            }
        }
        return Double.NaN;
    }

    private static String url(String base, List<Place> places, List<Instant> times, SplittableRandom random) {
        Place p = places.get(random.nextInt(places.size()));
        Instant t = times.get(random.nextInt(times.size()));
        return base + "&lat=" + p.latitude() + "&lon=" + p.longitude() + "&time=" + t;
    }

    static boolean get(HttpClient http, String url, String key) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Writes, archives and indexes one MOGREPS-UK 3-member file per forecast hour; returns the bytes written. */
    private static long seed(DynamoDbClient dynamoDb, S3Client s3, IndexSchema.TableNames tables, int count, List<Instant> times)
            throws IOException {
        MetOfficeFileWriter writer = new MetOfficeFileWriter(new SyntheticField(11));
        long total = 0;
        for (int i = 0; i < count; i++) {
            ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN,
                    Duration.ofHours(i + 1), List.of(0, 1, 2), GridSpec.uk(), RUN);
            byte[] bytes = writer.toBytes(spec);
            total += bytes.length;
            String objectKey = "mogreps-uk/" + RUN.getEpochSecond() + "/" + (i + 1) + "-air_temperature.nc";
            s3.putObject(b -> b.bucket(BUCKET).key(objectKey), RequestBody.fromBytes(bytes));
            ForecastFile file = new ForecastFile("bench-" + i, "mogreps-uk", "air_temperature", "air_temperature", null, "K", null,
                    RUN, spec.forecastPeriod().toSeconds(), spec.time(), List.of(0, 1, 2), List.of(1.5), List.of(),
                    List.of("realization=3", "projection_y_coordinate=970", "projection_x_coordinate=1042"),
                    "s3://" + BUCKET + "/" + objectKey, "s3://met-office/bench-" + i + ".nc", bytes.length, null, RUN);
            dynamoDb.putItem(b -> b.tableName(tables.files()).item(FileItems.toItem(file)));
            dynamoDb.putItem(b -> b.tableName(tables.validTimes()).item(Marker.validTime(file.model(), file.time()).toItem()));
            // The run marker too, as the job writes it: the engine finds a series' runs through it.
            dynamoDb.putItem(b -> b.tableName(tables.validTimes()).item(Marker.run(file.model(), file.forecastReferenceTime()).toItem()));
            times.add(spec.time());
        }
        return total;
    }

    private static String section(List<Phase> phases, LoadRunner.Result concurrent, int files, long fileBytes, int workers,
            String loadBefore, String loadAfter) {
        StringBuilder s = new StringBuilder();
        s.append(SECTION).append("\n\n");
        s.append("Run ").append(LocalDate.now(ZoneOffset.UTC)).append(" by `io.isobar.query.bench.PointBenchmark`. Command:\n\n```\n")
                .append("mvn -B -o -pl query-service -am install -DskipTests && mvn -B -o -pl query-service test-compile exec:exec@point-benchmark\n")
                .append("```\n\n");
        s.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ").append(BenchmarkReport.memory())
                .append(" RAM, ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append("; `java -version`: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(".\n");
        s.append("On loopback: the emulated S3 (local-s3 2.4) and DynamoDB Local 2.6.1 (in memory) in one JVM, the query service ")
                .append("(default settings, `-Xmx2g`) and the client (java.net.http, HTTP/1.1, one connection per client thread) in another; the emulators have a JVM of ")
                .append("their own because local-s3 copies the whole object for every ranged GET, garbage that would pause the ")
                .append("service and that AWS S3 does not make. The machine is shared with other builds (1-minute load ")
                .append("average ").append(loadBefore).append(" before, ").append(loadAfter).append(" after): treat the numbers as indicative.\n\n");
        s.append("Data: ").append(files).append(" MOGREPS-UK air temperature files written by the simulator, each 3 members x 970 x 1042 ")
                .append("float32 in chunks of 1 x 128 x 128, deflate level 1 (").append(String.format(Locale.ROOT, "%.1f", fileBytes / 1e6 / files))
                .append(" MB each), archived in S3 and indexed. Each query asks for a random gazetteer place and file ")
                .append("(`/v1/point?lat=&lon=&time=&variable=air_temperature&model=mogreps-uk`) and gets the three members, so a ")
                .append("cold query reads three chunks, in parallel. Latency is measured by the client, one request at a time; before ")
                .append("each cold query the service's chunk cache (or, for \"cold file\", its file cache too) is emptied. p50/p99/max are what ")
                .append("the client measured; \"service\" is the service's own time for the same requests, from its ")
                .append("`http_server_requests_seconds` histogram (the upper bound of the bucket holding the percentile): the ")
                .append("difference is the HTTP client and the two JVMs sharing two CPUs.\n\n");
        s.append("| phase | queries | p50 ms | p99 ms | max ms | service p50 / p99 ms | S3 GETs per query | S3 bytes per query | errors |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Phase p : phases) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.1f | <= %.1f / <= %.1f | %.2f | %,.0f | %d |%n", p.name(),
                    p.requests(), p.p50Ms(), p.p99Ms(), p.maxMs(), p.serverP50Ms(), p.serverP99Ms(), p.getsPerQuery(),
                    p.bytesPerQuery(), p.errors()));
        }
        s.append(String.format(Locale.ROOT, "| warm, %d concurrent clients for %.0f s: %.0f req/s | %d | %.2f | %.2f | %.1f | | 0 | 0 | %d |%n",
                workers, concurrent.seconds(), concurrent.perSecond(), concurrent.requests(), concurrent.p50Ms(), concurrent.p99Ms(),
                concurrent.maxMs(), concurrent.errors()));
        s.append("\nTargets: cold p99 <= 50 ms, warm p99 <= 5 ms (local stack).\n\n");
        s.append("Reading it: a cold query costs one ranged GET per chunk it needs (here one per member; the chunk's compressed ")
                .append("bytes exactly, never the variable); a file seen for the first time costs two more GETs, for the head and ")
                .append("the tail of the file where its header and chunk index lie (fetched in parallel, at most 256 KiB). Decoded ")
                .append("chunks (64 KiB each) are kept in a bounded cache (256 MiB by default) and concurrent requests for one ")
                .append("chunk share one read. The index lookup (files valid at a time) is cached and refreshed in the background ")
                .append("after 500 ms, so warm queries do not wait for DynamoDB.\n");
        return s.toString();
    }

    private static double percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
