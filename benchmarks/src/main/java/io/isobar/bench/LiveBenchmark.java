package io.isobar.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.IndexSchema;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.query.QueryService;
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
 * The live features' benchmark: {@code GET /v1/map.png} render time of a real-size UKV field (970 x 1042, chunks
 * 128 x 128, deflate) cold (nothing cached: header, chunk index and 72 chunks read from S3) and warm (chunks cached,
 * picture decoded, coloured and PNG-encoded again: each request asks for a slightly different range so the picture
 * cache does not answer), and event delivery latency (file item written to DynamoDB -> {@code event: file} received)
 * with 100 connected SSE clients: {@code ./isobar benchmark live}.
 *
 * <p>Emulators (local-s3, DynamoDB Local with its Streams) run in this JVM on loopback. Its options
 * ({@code --help}) set the cold and warm pictures, the SSE clients, the files written and their rate, and the document.
 */
@Command(name = "live", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"GET /v1/map.png render time cold and warm, and event delivery latency to many SSE clients.",
                "Writes its section of docs/benchmarks.md (--docs)."})
public final class LiveBenchmark implements Callable<Integer> {

    private static final String SECTION = "## Live: map pictures and events";
    private static final Instant RUN = Instant.parse("2025-06-14T12:00:00Z");
    private static final String BUCKET = "live-bench-archive";

    @Mixin Rounds rounds = new Rounds(10, 50);
    @Option(names = "--clients", defaultValue = "100", description = "SSE clients.") int clients;
    @Option(names = "--events", defaultValue = "200", description = "Files written while the clients listen.") int events;
    @Option(names = "--rate", defaultValue = "20", description = "Files written per second.") int rate;
    @Mixin ReportOption report;

    @Override
    public Integer call() throws Exception {
        int cold = rounds.cold;
        int warm = rounds.warm;
        String loadBefore = BenchmarkReport.loadAverage();
        try (LocalAws aws = LocalAws.builder().start()) {
            AwsSettings settings = AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint());
            IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("live-bench"));
            S3Client s3 = AwsClients.s3(settings);
            DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings);
            IndexSchema.createTables(dynamoDb, tables);
            MetOfficeFileWriter writer = new MetOfficeFileWriter(new SyntheticField(7));
            ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.UKV, Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN,
                    Duration.ofHours(3), List.of(), GridSpec.uk(), RUN);
            byte[] bytes = writer.toBytes(spec);
            String uri = "s3://" + BUCKET + "/archive/ukv-t3.nc";
            s3.createBucket(b -> b.bucket(BUCKET));
            IndexSeeding.archive(s3, BUCKET, "archive/ukv-t3.nc", bytes);
            Instant time = RUN.plus(Duration.ofHours(3));
            IndexSeeding.index(dynamoDb, tables, new ForecastFile("ukv-t3", "ukv", "air_temperature", "air_temperature", null, "K",
                    null, RUN, 10800, time, List.of(), List.of(1.5), List.of(), List.of(), uri, "s3://met-office/ukv-t3.nc",
                    bytes.length, "etag-t3", Instant.now()));
            try (QueryService service = BenchService.over(settings, tables); s3; dynamoDb) {
                int port = service.start();
                String base = "http://127.0.0.1:" + port;
                String key = BenchService.key(service);
                HttpClient http = BenchHttp.client(false);
                await("the stream is live", Duration.ofSeconds(60), service::eventsLive);
                String map = base + "/v1/map.png?variable=air_temperature&model=ukv&time=" + time;
                int n = 0;
                double[] coldMs = new double[cold];
                for (int i = 0; i < cold; i++) {
                    service.chunkCache().dropAll();
                    coldMs[i] = timed(http, key, map + "&range=250," + (310 + 0.001 * n++));
                }
                for (int i = 0; i < 5; i++) {
                    timed(http, key, map + "&range=250," + (310 + 0.001 * n++));
                }
                double[] warmMs = new double[warm];
                for (int i = 0; i < warm; i++) {
                    warmMs[i] = timed(http, key, map + "&range=250," + (310 + 0.001 * n++));
                }
                double[] cachedMs = new double[warm];
                for (int i = 0; i < warm; i++) {
                    cachedMs[i] = timed(http, key, map);
                }
                int pngBytes = get(http, key, map).body().length;
                // The same warm render in-process, timed by the thread's CPU clock: what it costs, apart from the wait
                // for a CPU on a loaded machine.
                java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
                io.isobar.netcdf.grid.FileKey fileKey = new io.isobar.netcdf.grid.FileKey(uri, "etag-t3");
                io.isobar.netcdf.grid.FileOpener opener = () -> io.isobar.netcdf.bytes.S3ByteSource.of(s3, BUCKET,
                        "archive/ukv-t3.nc", bytes.length, null);
                // As the service draws it: the palette (canonical degC) in the file's units.
                io.isobar.query.map.Palette palette = io.isobar.query.map.Palettes.forField("air_temperature", "K",
                        () -> new double[] {0, 1});
                double[] cpuMs = new double[warm];
                double[] wallMs = new double[warm];
                for (int i = -5; i < warm; i++) {
                    long c0 = cpu.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    io.isobar.netcdf.grid.ChunkCache.Field field = service.chunkCache().field(fileKey, opener, new int[0]);
                    io.isobar.query.map.MapRenderer.png(field, palette, true, field.columns());
                    if (i >= 0) {
                        cpuMs[i] = (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
                        wallMs[i] = (System.nanoTime() - w0) / 1e6;
                    }
                }

                // Events: clients connected, then files written at a steady rate with indexed_at = the write time.
                List<FileEvents> readers = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    readers.add(new FileEvents(http, base, key, "wind_speed"));
                }
                await(clients + " clients connected", Duration.ofSeconds(120), () -> service.events().clients() >= clients);
                List<ForecastFile> written = new ArrayList<>();
                long start = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    long due = start + (long) (i * 1e9 / rate);
                    while (System.nanoTime() < due) {
                        Thread.sleep(1);
                    }
                    Instant t = RUN.plus(Duration.ofHours(1 + i % 48));
                    ForecastFile f = new ForecastFile("bench-" + i, "ukv", "wind_speed", "wind_speed", null, "m s-1", null, RUN,
                            Duration.between(RUN, t).toSeconds(), t, List.of(), List.of(10.0), List.of(), List.of(),
                            "s3://live-bench-archive/bench-" + i + ".nc", "s3://met-office/bench-" + i + ".nc", 1, "e" + i, Instant.now());
                    dynamoDb.putItem(b -> b.tableName(tables.files()).item(io.isobar.index.FileItems.toItem(f)));
                    written.add(f);
                }
                await("every client has every event", Duration.ofSeconds(180),
                        () -> readers.stream().allMatch(r -> r.latencies().size() >= events));
                List<Double> latencies = new ArrayList<>();
                for (FileEvents r : readers) {
                    r.latencies().forEach(ms -> latencies.add((double) ms));
                    r.close();
                }
                double[] lat = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                String section = section(coldMs, warmMs, cachedMs, cpuMs, wallMs, pngBytes, clients, events, rate, lat, service.events().droppedClients(),
                        loadBefore, BenchmarkReport.loadAverage());
                BenchmarkReport.publish(report.docs, SECTION, section);
            }
        }
        return 0;
    }

    private static double timed(HttpClient http, String key, String url) throws Exception {
        long t = System.nanoTime();
        HttpResponse<byte[]> r = get(http, key, url);
        double ms = (System.nanoTime() - t) / 1e6;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + ": " + r.statusCode() + " " + new String(r.body()));
        }
        return ms;
    }

    private static HttpResponse<byte[]> get(HttpClient http, String key, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Waits until {@code condition} holds, at most {@code limit}. */
    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + limit + " waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String section(double[] cold, double[] warm, double[] cached, double[] cpuMs, double[] wallMs, int pngBytes, int clients, int events, int rate,
            double[] latencies, long dropped, String loadBefore, String loadAfter) {
        StringBuilder s = BenchmarkReport.header(SECTION, LiveBenchmark.class, "./isobar benchmark live");
        s.append("Machine: ").append(BenchmarkReport.machine()).append("; 1-minute load ").append(loadBefore).append(" before, ")
                .append(loadAfter).append(" after (the machine is shared with other builds). Emulators (local-s3, DynamoDB Local")
                .append(" with Streams) in the same JVM on loopback.\n\n");
        s.append("Map picture of a real-size UKV screen temperature field (970 x 1042 float32, 72 chunks of 128 x 128, deflate),")
                .append(" over HTTP, one request at a time; PNG ").append(pngBytes / 1024).append(" KiB:\n\n");
        s.append("| case | requests | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
        row(s, "cold: nothing cached (header, chunk index, 72 chunk GETs, decode, colour, encode)", cold);
        row(s, "warm: chunks cached; field assembled, coloured and PNG-encoded again", warm);
        row(s, "picture cached (same parameters again)", cached);
        row(s, "warm render in-process, thread CPU time (field from cached chunks, colour, PNG encode)", cpuMs);
        row(s, "warm render in-process, wall time", wallMs);
        s.append("\nTarget: warm render <= 150 ms.\n\n");
        s.append(String.format(Locale.ROOT, "Event delivery with %d connected `/v1/events` clients: %d files written one PutItem at a time at"
                + " %d/s; latency = client receive time - the item's `indexed_at` (set just before its PutItem; same clock):"
                + " %d deliveries, p50 %.0f ms, p99 %.0f ms, max %.0f ms; slow clients dropped: %d. Target: p99 <= 2 s. The stream is"
                + " polled every 200 ms, which bounds the floor.%n", clients, events, rate, latencies.length, Percentiles.of(latencies, 0.5),
                Percentiles.of(latencies, 0.99), latencies[latencies.length - 1], dropped));
        return s.toString();
    }

    private static void row(StringBuilder s, String name, double[] ms) {
        s.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |%n", name, ms.length, Percentiles.of(ms, 0.5), Percentiles.of(ms, 0.99),
                Arrays.stream(ms).max().orElse(0)));
    }
}
