package io.isobar.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.IndexSchema;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.query.QueryService;
import io.isobar.query.point.Gazetteer;
import io.isobar.query.point.Place;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code GET /v1/point} latency on files of the real size, on the local stack: p50/p99 with the chunk not cached
 * ("cold": the file's header and chunk index cached, its chunks not), with nothing cached ("cold file": header, index
 * and chunks read), and with everything cached ("warm"), plus the S3 GETs and bytes a cold query costs:
 * {@code ./isobar benchmark point}.
 *
 * <p>It starts the emulated S3 and DynamoDB Local on loopback (in a second JVM: see {@link Emulators}), writes
 * MOGREPS-UK air temperature files with the
 * simulator (3 members x 970 x 1042, float32, chunks 1 x 128 x 128, deflate level 1: the real layout), archives
 * and indexes them, starts the service and queries UK places from the gazetteer over HTTP, one request at a time
 * (latency), then with concurrent clients (throughput). Every query returns the three members, so a cold one reads
 * three chunks (in parallel). It writes its section of {@code docs/benchmarks.md}; its options ({@code --help}) set the
 * files, the cold and warm queries, the concurrent phase and its workers, and the document.
 */
@Command(name = "point", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"GET /v1/point latency cold, cold file and warm on real-size files, and S3 GETs per query.",
                "Writes its section of docs/benchmarks.md (--docs)."})
public final class PointBenchmark implements Callable<Integer> {

    static final String COMMAND = "./isobar benchmark point";
    private static final String SECTION = "## Point queries (GET /v1/point)";
    private static final Instant RUN = Instant.parse("2025-06-14T12:00:00Z");
    
    /**
     * One measured phase: latencies seen by the client, and by the service itself (from its
     * {@code http_server_requests_seconds} histogram on /metrics: the upper bound of the bucket holding the percentile).
     */
    record Phase(String name, int requests, long errors, double p50Ms, double p99Ms, double maxMs, double serverP50Ms,
            double serverP99Ms, double getsPerQuery, double bytesPerQuery) {}

    @Option(names = "--files", defaultValue = "6", description = "Archived files the queries read.") int fileCount;
    @Mixin Rounds rounds = new Rounds(300, 5000);
    @Option(names = "--seconds", defaultValue = "10", description = "Seconds of the concurrent phase.") int seconds;
    @Option(names = "--workers", defaultValue = "16", description = "Workers of the concurrent phase.") int workers;
    @Mixin ReportOption report;

    @Override
    public Integer call() throws Exception {
        int cold = rounds.cold;
        int warm = rounds.warm;
        Duration concurrentPhase = Duration.ofSeconds(seconds);

        try (Emulators emulators = Emulators.start()) {
            AwsSettings aws = AwsSettings.local(emulators.s3(), emulators.s3(), emulators.dynamoDb());
            IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("pointbench"));
            List<Instant> times = new ArrayList<>();
            long fileBytes;
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws); S3Client s3 = AwsClients.s3(aws)) {
                IndexSchema.createTables(dynamoDb, tables);
                s3.createBucket(b -> b.bucket(IndexSeeding.ARCHIVE));
                long t0 = System.nanoTime();
                fileBytes = seed(dynamoDb, s3, tables, fileCount, times);
                System.out.printf(Locale.ROOT, "Wrote, archived and indexed %d files (%.1f MB each) in %.1f s%n", fileCount,
                        fileBytes / 1e6 / fileCount, (System.nanoTime() - t0) / 1e9);
            }

            try (QueryService service = BenchService.over(aws, tables)) {
                int port = service.start();
                String key = BenchService.key(service);
                HttpClient http = BenchHttp.client(true);
                List<Place> places = Gazetteer.load().places();
                SplittableRandom random = new SplittableRandom(42);
                String base = "http://127.0.0.1:" + port + "/v1/point?variable=air_temperature&model=mogreps-uk";
                ChunkCache reader = service.chunkCache();
                String loadBefore = BenchmarkReport.loadAverage();

                // Warm-up (JIT, connections, the index cache), cold and warm paths alike; then every phase starts from
                // empty caches.
                for (int i = 0; i < 2000; i++) {
                    if (i % 4 == 0) {
                        reader.dropChunks();
                    }
                    BenchHttp.ok(http, url(base, places, times, random) + (i % 2 == 0 ? "&realization=1" : ""), key);
                }
                reader.dropAll();

                List<Phase> phases = new ArrayList<>();
                phases.add(sequential("cold file: nothing cached (header, chunk index and chunks read)", cold / 3, http, key,
                        () -> url(base, places, times, random), reader, reader::dropAll));
                // Open every file once, so that the cold phase measures chunk reads alone.
                for (Instant t : times) {
                    BenchHttp.ok(http, base + "&place=London&time=" + t, key);
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
                hot.forEach(u -> BenchHttp.ok(http, u, key));
                AtomicInteger turn = new AtomicInteger();
                phases.add(sequential("warm: everything cached", warm, http, key,
                        () -> hot.get(Math.floorMod(turn.getAndIncrement(), hot.size())), reader, () -> { }));
                LoadRunner.Result concurrent = LoadRunner.max("warm", () -> BenchHttp.ok(http,
                        hot.get(Math.floorMod(turn.getAndIncrement(), hot.size())), key), workers, concurrentPhase, 5_000_000);

                BenchmarkReport.publish(report.docs, SECTION, section(phases, concurrent, fileCount, fileBytes, workers, loadBefore,
                        BenchmarkReport.loadAverage()));
            }
        }
        return 0;
    }

    interface Url {
        String next();
    }

    /** {@code n} requests one after another, {@code before} run (untimed) before each. */
    static Phase sequential(String name, int n, HttpClient http, String key, Url url, ChunkCache reader, Runnable before) {
        long[] latencies = new long[n];
        long errors = 0;
        String first = url.next();
        String route = URI.create(first).getPath();
        ServerHistogram server = ServerHistogram.start(http, first.substring(0, first.indexOf(route)) + "/metrics", route);
        ChunkCache.Stats start = reader.stats();
        for (int i = 0; i < n; i++) {
            before.run();
            String u = url.next();
            long t0 = System.nanoTime();
            boolean ok = BenchHttp.ok(http, u, key);
            latencies[i] = System.nanoTime() - t0;
            if (!ok) {
                errors++;
            }
        }
        ChunkCache.Stats end = reader.stats();
        double[] serverMs = server.p50p99Ms();
        Phase p = new Phase(name, n, errors, Percentiles.ms(latencies, 0.50), Percentiles.ms(latencies, 0.99), Percentiles.maxMs(latencies),
                serverMs[0], serverMs[1], (end.sourceReads() - start.sourceReads()) / (double) n,
                (end.sourceBytes() - start.sourceBytes()) / (double) n);
        System.out.printf(Locale.ROOT, "%-70s n=%d errors=%d p50=%.2f ms p99=%.2f ms max=%.1f ms (server p50<=%.2f p99<=%.2f)"
                + " GETs/query=%.2f bytes/query=%.0f%n", p.name(), p.requests(), p.errors(), p.p50Ms(), p.p99Ms(), p.maxMs(),
                p.serverP50Ms(), p.serverP99Ms(), p.getsPerQuery(), p.bytesPerQuery());
        return p;
    }

    private static String url(String base, List<Place> places, List<Instant> times, SplittableRandom random) {
        Place p = places.get(random.nextInt(places.size()));
        Instant t = times.get(random.nextInt(times.size()));
        return base + "&lat=" + p.latitude() + "&lon=" + p.longitude() + "&time=" + t;
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
            IndexSeeding.archive(s3, IndexSeeding.ARCHIVE, objectKey, bytes);
            ForecastFile file = new ForecastFile("bench-" + i, "mogreps-uk", "air_temperature", "air_temperature", null, "K", null,
                    RUN, spec.forecastPeriod().toSeconds(), spec.time(), List.of(0, 1, 2), List.of(1.5), List.of(),
                    List.of("realization=3", "projection_y_coordinate=970", "projection_x_coordinate=1042"),
                    "s3://" + IndexSeeding.ARCHIVE + "/" + objectKey, "s3://met-office/bench-" + i + ".nc", bytes.length, null, RUN);
            IndexSeeding.index(dynamoDb, tables, file);
            times.add(spec.time());
        }
        return total;
    }

    private static String section(List<Phase> phases, LoadRunner.Result concurrent, int files, long fileBytes, int workers,
            String loadBefore, String loadAfter) {
        StringBuilder s = BenchmarkReport.header(SECTION, PointBenchmark.class, COMMAND);
        s.append("Machine: ").append(BenchmarkReport.machine()).append(".\n");
        s.append("On loopback: the emulated S3 (local-s3 2.4) and DynamoDB Local 2.6.1 (in memory) in one JVM, the query service ")
                .append("(default settings, `-Xms2g -Xmx2g`) and the client (java.net.http, HTTP/1.1, one connection per client thread) in another; the emulators have a JVM of ")
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
}
