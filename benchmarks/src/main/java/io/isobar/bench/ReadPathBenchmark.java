package io.isobar.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
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
import io.isobar.bench.PointBenchmark.Phase;
import io.isobar.index.IndexSchema;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.bytes.LocalFileSource;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.isobar.netcdf.layout.ChunkLayout;
import io.isobar.netcdf.layout.StoredLayout;
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
 * The read path with the chunk layout recorded at ingest: cold and warm {@code GET /v1/point} with the S3 GETs each
 * costs, against the same files indexed without their layout (opened from their header), and
 * {@code GET /v1/point/series} of 14 and 48 validity times, cold and warm: {@code ./isobar benchmark read-path}.
 *
 * <p>Emulated S3 and DynamoDB Local in a JVM of their own ({@link Emulators}), two services in this one
 * (one per index: with layouts, as the job now writes them; without, as files indexed before). Data: 48 hourly
 * MOGREPS-UK air temperature files written by the simulator (3 members x 970 x 1042 in 1 x 128 x 128 chunks, the
 * real layout). Its options ({@code --help}) set the cold, warm and series queries and the document whose own section it
 * writes (docs/benchmarks.md).
 */
@Command(name = "read-path", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Cold and warm points with the chunk layout in the index against without, and point series.",
                "Writes its section of docs/benchmarks.md (--docs)."})
public final class ReadPathBenchmark implements Callable<Integer> {

    static final String SECTION = "## Read path: chunk layout, cold and warm points, series (issue 12)";
    private static final Instant RUN = Instant.parse("2025-06-14T00:00:00Z");
        private static final int FILES = 48;

    @Mixin Rounds rounds = new Rounds(100, 2000);
    @Option(names = "--series", defaultValue = "30", description = "Point series per phase.") int series;
    @Mixin ReportOption report;

    @Override
    public Integer call() throws Exception {
        int cold = rounds.cold;
        int warm = rounds.warm;

        try (Emulators emulators = Emulators.start()) {
            AwsSettings aws = AwsSettings.local(emulators.s3(), emulators.s3(), emulators.dynamoDb());
            IndexSchema.TableNames withLayout = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("layout"));
            IndexSchema.TableNames withoutLayout = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("header"));
            List<Instant> times = new ArrayList<>();
            int layoutBytes;
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws); S3Client s3 = AwsClients.s3(aws)) {
                IndexSchema.createTables(dynamoDb, withLayout);
                IndexSchema.createTables(dynamoDb, withoutLayout);
                s3.createBucket(b -> b.bucket(IndexSeeding.ARCHIVE));
                long t0 = System.nanoTime();
                layoutBytes = seed(dynamoDb, s3, withLayout, withoutLayout, times);
                System.out.printf(Locale.ROOT, "Wrote, archived and indexed %d files in %.1f s%n", FILES, (System.nanoTime() - t0) / 1e9);
            }
            List<Phase> phases = new ArrayList<>();
            List<double[]> service = new ArrayList<>();
            String loadBefore = BenchmarkReport.loadAverage();
            try (QueryService layout = BenchService.over(aws, withLayout); QueryService header = BenchService.over(aws, withoutLayout)) {
                HttpClient http = BenchHttp.client(true);
                String layoutBase = "http://127.0.0.1:" + layout.start();
                String headerBase = "http://127.0.0.1:" + header.start();
                String layoutKey = BenchService.key(layout);
                String headerKey = BenchService.key(header);
                List<Place> places = Gazetteer.load().places();
                SplittableRandom random = new SplittableRandom(7);
                String point = "/v1/point?variable=air_temperature&model=mogreps-uk";

                // Warm-up: JIT and connections on both services, then empty caches.
                for (int i = 0; i < 600; i++) {
                    BenchHttp.ok(http, layoutBase + url(point, places, times, random), layoutKey);
                    BenchHttp.ok(http, headerBase + url(point, places, times, random), headerKey);
                    if (i % 3 == 0) {
                        layout.chunkCache().dropAll();
                        header.chunkCache().dropAll();
                    }
                }
                layout.chunkCache().dropAll();
                header.chunkCache().dropAll();

                measure(phases, service, http, layoutBase, () -> PointBenchmark.sequential("cold point, layout in the index, 1 member (1 chunk)", cold, http, layoutKey,
                        () -> layoutBase + url(point, places, times, random) + "&realization=1", layout.chunkCache(),
                        layout.chunkCache()::dropAll));
                measure(phases, service, http, layoutBase, () -> PointBenchmark.sequential("cold point, layout in the index, 3 members (3 chunks)", cold, http, layoutKey,
                        () -> layoutBase + url(point, places, times, random), layout.chunkCache(), layout.chunkCache()::dropAll));
                measure(phases, service, http, headerBase, () -> PointBenchmark.sequential("cold point, no layout (header read), 1 member", cold, http, headerKey,
                        () -> headerBase + url(point, places, times, random) + "&realization=1", header.chunkCache(),
                        header.chunkCache()::dropAll));
                measure(phases, service, http, headerBase, () -> PointBenchmark.sequential("cold point, no layout (header read), 3 members", cold, http, headerKey,
                        () -> headerBase + url(point, places, times, random), header.chunkCache(), header.chunkCache()::dropAll));
                List<String> hot = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    hot.add(layoutBase + url(point, places, times, random));
                }
                hot.forEach(u -> BenchHttp.ok(http, u, layoutKey));
                AtomicInteger turn = new AtomicInteger();
                measure(phases, service, http, layoutBase, () -> PointBenchmark.sequential("warm point, 3 members", warm, http, layoutKey,
                        () -> hot.get(Math.floorMod(turn.getAndIncrement(), hot.size())), layout.chunkCache(), () -> { }));

                for (int n : new int[] {14, 48}) {
                    String seriesUrl = "/v1/point/series?variable=air_temperature&model=mogreps-uk&realization=1&from=" + times.get(0)
                            + "&to=" + times.get(n - 1);
                    measure(phases, service, http, layoutBase, () -> PointBenchmark.sequential("series of " + n + " times, cold (1 member: " + n + " chunks)", series, http,
                            layoutKey, () -> layoutBase + seriesUrl + "&place=" + java.net.URLEncoder.encode(places.get(random.nextInt(places.size())).name(), java.nio.charset.StandardCharsets.UTF_8),
                            layout.chunkCache(), layout.chunkCache()::dropAll));
                    List<String> hotSeries = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        hotSeries.add(layoutBase + seriesUrl + "&place=" + java.net.URLEncoder.encode(places.get(random.nextInt(places.size())).name(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                    hotSeries.forEach(u -> BenchHttp.ok(http, u, layoutKey));
                    measure(phases, service, http, layoutBase, () -> PointBenchmark.sequential("series of " + n + " times, warm", series * 10, http, layoutKey,
                            () -> hotSeries.get(Math.floorMod(turn.getAndIncrement(), hotSeries.size())), layout.chunkCache(), () -> { }));
                }
            }
            BenchmarkReport.publish(report.docs, SECTION, section(phases, service, layoutBytes, loadBefore, BenchmarkReport.loadAverage()));
        }
        return 0;
    }

    /**
     * Runs one phase and keeps, beside it, the service's own p50 and p99 for the phase's route (from its
     * {@code http_server_requests_seconds} histogram: bucket upper bounds), to tell the service's time from the rest.
     */
    private static void measure(List<Phase> phases, List<double[]> service, HttpClient http, String base,
            java.util.function.Supplier<Phase> run) {
        // Every phase asks one route: the series phases /v1/point/series, the others /v1/point.
        ServerHistogram point = ServerHistogram.start(http, base + "/metrics", "/v1/point");
        ServerHistogram series = ServerHistogram.start(http, base + "/metrics", "/v1/point/series");
        Phase phase = run.get();
        phases.add(phase);
        service.add(phase.name().startsWith("series") ? series.p50p99Ms() : point.p50p99Ms());
    }

    private static String url(String point, List<Place> places, List<Instant> times, SplittableRandom random) {
        Place p = places.get(random.nextInt(places.size()));
        return point + "&lat=" + p.latitude() + "&lon=" + p.longitude() + "&time=" + times.get(random.nextInt(times.size()));
    }

    /** Writes and archives the files, and indexes each twice: with its layout (as the job does) and without. */
    private static int seed(DynamoDbClient dynamoDb, S3Client s3, IndexSchema.TableNames withLayout,
            IndexSchema.TableNames withoutLayout, List<Instant> times) throws Exception {
        MetOfficeFileWriter writer = new MetOfficeFileWriter(new SyntheticField(11));
        // Each file's layout is recorded from a local copy, as the job records it from S3.
        Path local = Files.createTempFile("isobar-read-path", ".nc");
        local.toFile().deleteOnExit();
        int layoutBytes = 0;
        for (int i = 0; i < FILES; i++) {
            ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN,
                    Duration.ofHours(i + 1), List.of(0, 1, 2), GridSpec.uk(), RUN);
            byte[] bytes = writer.toBytes(spec);
            String objectKey = "mogreps-uk/" + RUN.getEpochSecond() + "/" + (i + 1) + "-air_temperature.nc";
            IndexSeeding.archive(s3, IndexSeeding.ARCHIVE, objectKey, bytes);
            ChunkLayout layout;
            Files.write(local, bytes);
            try (ByteSource source = LocalFileSource.open(local)) {
                layout = new NetcdfHeaderReader().readWithLayout(source).layout();
            }
            byte[] encoded = layout.encode();
            layoutBytes = encoded.length;
            ForecastFile file = new ForecastFile("bench-" + i, "mogreps-uk", "air_temperature", "air_temperature", null, "K", null,
                    RUN, spec.forecastPeriod().toSeconds(), spec.time(), List.of(0, 1, 2), List.of(1.5), List.of(),
                    List.of("realization=3", "projection_y_coordinate=970", "projection_x_coordinate=1042"),
                    "s3://" + IndexSeeding.ARCHIVE + "/" + objectKey, "s3://met-office/bench-" + i + ".nc", bytes.length, null, RUN);
            for (IndexSchema.TableNames tables : List.of(withLayout, withoutLayout)) {
                ForecastFile entry = tables == withLayout ? file.withChunkLayout(StoredLayout.inline(encoded)) : file;
                IndexSeeding.index(dynamoDb, tables, entry);
            }
            times.add(spec.time());
        }
        return layoutBytes;
    }

    private static String section(List<Phase> phases, List<double[]> service, int layoutBytes, String loadBefore, String loadAfter) {
        StringBuilder s = BenchmarkReport.header(SECTION, ReadPathBenchmark.class, "./isobar benchmark read-path");
        s.append("Machine: ").append(BenchmarkReport.machine()).append("; 1-minute load average ").append(loadBefore).append(" before, ").append(loadAfter)
                .append(" after (the machine is shared with other builds: indicative numbers). Emulated S3 (local-s3) and ")
                .append("DynamoDB Local in a JVM of their own; two query services (`-Xms2g -Xmx2g`) in another, one on an index with the chunk ")
                .append("layouts the job now records, one on the same files indexed without (opened from their header); the client ")
                .append("(java.net.http, one request at a time) in the same JVM. Data: ").append(FILES)
                .append(" hourly MOGREPS-UK air temperature files by the simulator, 3 members x 970 x 1042 in 1 x 128 x 128 chunks, ")
                .append("deflate 1; each file's encoded layout is ").append(layoutBytes).append(" bytes, in its index item. Cold: the ")
                .append("service's open files and chunks dropped before each request (the index lookup stays cached). GETs: the ")
                .append("service's ranged S3 GETs per request (`isobar_archive_get_requests_total`). The last column is the service's own ")
                .append("time per request, from its `http_server_requests_seconds` histogram (bucket upper bounds): the rest of the ")
                .append("client's time is the client, HTTP and three JVMs sharing two CPUs.\n\n");
        s.append("| phase | requests | p50 ms | p99 ms | max ms | S3 GETs per request | S3 bytes per request | errors | service p50 / p99 ms |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < phases.size(); i++) {
            Phase p = phases.get(i);
            s.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.1f | %.2f | %,.0f | %d | <= %.1f / <= %.1f |%n", p.name(),
                    p.requests(), p.p50Ms(), p.p99Ms(), p.maxMs(), p.getsPerQuery(), p.bytesPerQuery(), p.errors(),
                    service.get(i)[0], service.get(i)[1]));
        }
        s.append("\nTargets (issue 12, local stack): cold point p99 <= 15 ms with one GET per chunk; series of 48 times warm ")
                .append("p99 <= 5 ms, cold <= 100 ms. The series are read by the shared reading engine: one index Query for ")
                .append("the validity times and one per run, then every chunk of the series at once.\n");
        return s.toString();
    }
}
