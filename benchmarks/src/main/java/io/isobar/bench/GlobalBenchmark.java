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
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.IndexSchema;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.model.ObjectIdentity;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.bytes.S3ByteSource;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.netcdf.header.NetcdfHeaderReader;
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
 * {@code ./isobar benchmark global}: {@code GET /v1/point} cold and warm, and {@code GET /v1/map.png}, on global
 * deterministic files of the real size (2560 x 1920 regular latitude/longitude, chunks of 128 x 128), with the S3 GETs
 * each costs, on the local stack (emulated S3 and DynamoDB Local in a second JVM, as {@link PointBenchmark}).
 */
@Command(name = "global", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"GET /v1/point (cold, warm) and GET /v1/map.png (cold, chunks cached, warm) on real-size global lat/lon files,",
                "with S3 GETs per request. Writes its section of docs/benchmarks.md (--docs)."})
public final class GlobalBenchmark implements Callable<Integer> {

    static final String COMMAND = "./isobar benchmark global";
    private static final String SECTION = "## Global lat/lon grid (GET /v1/point, GET /v1/map.png)";
    private static final Instant RUN = Instant.parse("2026-01-14T00:00:00Z");
    private static final int ROWS = 1920;
    private static final int COLUMNS = 2560;

    @Option(names = "--files", defaultValue = "3", description = "Archived global files the queries read.") int fileCount;
    @Mixin Rounds rounds = new Rounds(300, 3000);
    @Option(names = "--maps", defaultValue = "10", description = "Map pictures per map phase.") int maps;
    @Mixin ReportOption report;

    /** One map phase: client latency, picture bytes and S3 GETs per picture. */
    record MapPhase(String name, int requests, long errors, double p50Ms, double maxMs, double bytes, double getsPerPicture) {}

    @Override
    public Integer call() throws Exception {
        try (Emulators emulators = Emulators.start()) {
            AwsSettings aws = AwsSettings.local(emulators.s3(), emulators.s3(), emulators.dynamoDb());
            IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("globalbench"));
            List<Instant> times = new ArrayList<>();
            long fileBytes;
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws); S3Client s3 = AwsClients.s3(aws)) {
                IndexSchema.createTables(dynamoDb, tables);
                s3.createBucket(b -> b.bucket(IndexSeeding.ARCHIVE));
                long t0 = System.nanoTime();
                fileBytes = seed(dynamoDb, s3, tables, fileCount, times);
                System.out.printf(Locale.ROOT, "Wrote, archived and indexed %d global files (%.1f MB each) in %.1f s%n", fileCount,
                        fileBytes / 1e6 / fileCount, (System.nanoTime() - t0) / 1e9);
            }
            try (QueryService service = BenchService.over(aws, tables)) {
                int port = service.start();
                String key = BenchService.key(service);
                HttpClient http = BenchHttp.client(true);
                ChunkCache reader = service.chunkCache();
                SplittableRandom random = new SplittableRandom(42);
                String root = "http://127.0.0.1:" + port;
                String base = root + "/v1/point?variable=air_temperature&model=global";
                PointBenchmark.Url anywhere = () -> url(base, times, random);
                String loadBefore = BenchmarkReport.loadAverage();

                for (int i = 0; i < 1000; i++) {
                    if (i % 4 == 0) {
                        reader.dropChunks();
                    }
                    BenchHttp.ok(http, anywhere.next(), key);
                }
                reader.dropAll();
                List<PointBenchmark.Phase> phases = new ArrayList<>();
                phases.add(PointBenchmark.sequential("cold file: nothing cached (header, chunk index and chunk read)", rounds.cold / 3,
                        http, key, anywhere, reader, reader::dropAll));
                for (Instant t : times) {
                    BenchHttp.ok(http, base + "&lat=51.5&lon=-0.1&time=" + t, key);
                }
                phases.add(PointBenchmark.sequential("cold: chunk not cached (header cached), 1 chunk per query", rounds.cold, http, key,
                        anywhere, reader, reader::dropChunks));
                phases.add(PointBenchmark.sequential("cold, across the antimeridian (lon 179.99 or 0..360 input), bilinear", rounds.cold,
                        http, key, () -> base + "&lat=" + (random.nextDouble() * 170 - 85) + "&lon=" + (random.nextBoolean() ? "179.99" : "180.01")
                                + "&method=bilinear&time=" + times.get(random.nextInt(times.size())), reader, reader::dropChunks));
                List<String> hot = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    hot.add(anywhere.next());
                }
                hot.forEach(u -> BenchHttp.ok(http, u, key));
                AtomicInteger turn = new AtomicInteger();
                phases.add(PointBenchmark.sequential("warm: everything cached", rounds.warm, http, key,
                        () -> hot.get(Math.floorMod(turn.getAndIncrement(), hot.size())), reader, () -> { }));

                String map = root + "/v1/map.png?variable=air_temperature&model=global&time=";
                List<MapPhase> mapPhases = new ArrayList<>();
                AtomicInteger width = new AtomicInteger(COLUMNS);
                // A width never asked before misses the service's picture cache, so the picture is drawn and encoded again.
                mapPhases.add(maps("cold: nothing cached (every chunk of the field read), full size", http, key, reader,
                        () -> map + times.get(random.nextInt(times.size())) + "&width=" + width.decrementAndGet(), reader::dropAll));
                mapPhases.add(maps("chunks cached, picture drawn and encoded, full size", http, key, reader,
                        () -> map + times.get(0) + "&width=" + width.decrementAndGet(), () -> { }));
                mapPhases.add(maps("chunks cached, picture drawn and encoded, width=1024", http, key, reader,
                        () -> map + times.get(0) + "&width=" + (1024 - width.decrementAndGet() % 8), () -> { }));
                String same = map + times.get(0);
                mapPhases.add(maps("warm: the same picture again (picture cached)", http, key, reader, () -> same, () -> { }));

                String command = String.format(Locale.ROOT, "%s --files %d --cold %d --warm %d --maps %d", COMMAND, fileCount,
                        rounds.cold, rounds.warm, maps);
                BenchmarkReport.publish(report.docs, SECTION, section(command, phases, mapPhases, fileCount, fileBytes, loadBefore,
                        BenchmarkReport.loadAverage()));
            }
        }
        return 0;
    }

    private MapPhase maps(String name, HttpClient http, String key, ChunkCache reader, PointBenchmark.Url url, Runnable before) {
        long[] latencies = new long[maps];
        long errors = 0;
        long bytes = 0;
        ChunkCache.Stats start = reader.stats();
        for (int i = 0; i < maps; i++) {
            before.run();
            String u = url.next();
            long t0 = System.nanoTime();
            byte[] body = get(http, u, key);
            latencies[i] = System.nanoTime() - t0;
            if (body == null) {
                errors++;
            } else {
                bytes += body.length;
            }
        }
        ChunkCache.Stats end = reader.stats();
        MapPhase p = new MapPhase(name, maps, errors, Percentiles.ms(latencies, 0.50), Percentiles.maxMs(latencies),
                bytes / (double) Math.max(1, maps - errors), (end.sourceReads() - start.sourceReads()) / (double) maps);
        System.out.printf(Locale.ROOT, "map %-60s n=%d errors=%d p50=%.1f ms max=%.1f ms bytes=%.0f GETs/picture=%.1f%n", p.name(),
                p.requests(), p.errors(), p.p50Ms(), p.maxMs(), p.bytes(), p.getsPerPicture());
        return p;
    }

    /** The body of a 200 answer, or null. */
    private static byte[] get(HttpClient http, String url, String key) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key)
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** A random place anywhere on the globe (longitudes -180..180), at a random file's time. */
    private static String url(String base, List<Instant> times, SplittableRandom random) {
        double lat = Math.toDegrees(Math.asin(random.nextDouble() * 2 - 1)); // uniform over the sphere's area
        double lon = random.nextDouble() * 360 - 180;
        return base + "&lat=" + lat + "&lon=" + lon + "&time=" + times.get(random.nextInt(times.size()));
    }

    /** Writes, archives and indexes one global air temperature file per forecast hour; returns the bytes written. */
    private static long seed(DynamoDbClient dynamoDb, S3Client s3, IndexSchema.TableNames tables, int count, List<Instant> times)
            throws IOException {
        MetOfficeFileWriter writer = new MetOfficeFileWriter(new SyntheticField(11));
        long total = 0;
        for (int i = 0; i < count; i++) {
            ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.GLOBAL, Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN,
                    Duration.ofHours(i + 1), List.of(), GridSpec.globe(ROWS, COLUMNS), RUN);
            byte[] bytes = writer.toBytes(spec);
            total += bytes.length;
            String objectKey = "global/" + RUN.getEpochSecond() + "/" + (i + 1) + "-air_temperature.nc";
            IndexSeeding.archive(s3, IndexSeeding.ARCHIVE, objectKey, bytes);
            // The index entry from the header read back from S3, as the job builds it.
            NetcdfHeader header = new NetcdfHeaderReader().read(S3ByteSource.of(s3, IndexSeeding.ARCHIVE, objectKey));
            ForecastFile file = ForecastFile.of(header, new ObjectIdentity("s3", "met-office", "bench-global-" + i, bytes.length, null),
                    "s3://" + IndexSeeding.ARCHIVE + "/" + objectKey, "global", RUN);
            IndexSeeding.index(dynamoDb, tables, file);
            times.add(spec.time());
        }
        return total;
    }

    private static String section(String command, List<PointBenchmark.Phase> phases, List<MapPhase> mapPhases, int files, long fileBytes,
            String loadBefore, String loadAfter) {
        StringBuilder s = BenchmarkReport.header(SECTION, GlobalBenchmark.class, command);
        s.append("Machine: ").append(BenchmarkReport.machine()).append(". The machine is shared with other builds (1-minute load ")
                .append("average ").append(loadBefore).append(" before, ").append(loadAfter).append(" after): treat the numbers as indicative. ")
                .append("Stack as for the point queries above (emulators in a second JVM, on loopback).\n\n");
        s.append("Data: ").append(files).append(" global deterministic air temperature files written by the simulator on the real grid, ")
                .append(COLUMNS).append(" x ").append(ROWS).append(" regular latitude/longitude, float32 in chunks of 128 x 128, deflate level 1 (")
                .append(String.format(Locale.ROOT, "%.1f", fileBytes / 1e6 / files)).append(" MB each), archived and indexed from the header ")
                .append("read back from S3. Point queries ask for a random place anywhere on the globe (uniform over the sphere) and a random file ")
                .append("(`/v1/point?lat=&lon=&time=&variable=air_temperature&model=global`), one at a time.\n\n");
        s.append("| point phase | queries | p50 ms | p99 ms | max ms | service p50 / p99 ms | S3 GETs per query | S3 bytes per query | errors |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PointBenchmark.Phase p : phases) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.1f | <= %.1f / <= %.1f | %.2f | %,.0f | %d |%n", p.name(),
                    p.requests(), p.p50Ms(), p.p99Ms(), p.maxMs(), p.serverP50Ms(), p.serverP99Ms(), p.getsPerQuery(),
                    p.bytesPerQuery(), p.errors()));
        }
        s.append("\n| map picture (`/v1/map.png?variable=air_temperature&model=global&time=`) | pictures | p50 ms | max ms | PNG bytes | S3 GETs per picture | errors |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (MapPhase p : mapPhases) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %,.0f | %.1f | %d |%n", p.name(), p.requests(), p.p50Ms(),
                    p.maxMs(), p.bytes(), p.getsPerPicture(), p.errors()));
        }
        s.append("\nTargets: the same S3 GETs per point as UKV (one per chunk a query needs: one for a deterministic field, two ")
                .append("more for a file seen the first time, its header and chunk index); warm global map picture <= 300 ms.\n");
        return s.toString();
    }
}
