package io.isobar.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.IndexSchema;
import io.isobar.localaws.LocalAws;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.query.QueryService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The EDR queries of issue 23 on files of the real size: a 50-vertex trajectory across 12 hourly files, a 20 km corridor along
 * 212 km, and a cube of about 100 x 100 cells x 12 times x 3 variables as netCDF against the same cube as CoverageJSON
 * (bytes, time to first byte, total), cold and warm: {@code ./isobar benchmark edr-paths}. Same data as
 * {@link EdrBenchmark} (UKV, 3 variables, 12 hours, the 970 x 1042 UK grid).
 */
@Command(name = "edr-paths", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"EDR trajectory, corridor and netCDF cube (against CoverageJSON), cold and warm.",
                "Writes its section of docs/benchmarks.md (--docs)."})
public final class EdrPathsBenchmark implements Callable<Integer> {

    private static final String SECTION = "## EDR trajectory, corridor and netCDF (issue 23)";

    /** One request measured: client wall time to the first byte of the body and to its end, the bytes, the S3 GETs. */
    record Row(String name, int rounds, double ttfbP50, double p50, double p99, long bytes, double gets) {}

    @Mixin Rounds rounds = new Rounds(10, 50);
    @Mixin ReportOption report;

    @Override
    public Integer call() throws Exception {
        try (Emulators emulators = Emulators.start()) {
            AwsSettings aws = AwsSettings.local(emulators.s3(), emulators.s3(), emulators.dynamoDb());
            IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("edrpaths"));
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws); S3Client s3 = AwsClients.s3(aws)) {
                IndexSchema.createTables(dynamoDb, tables);
                s3.createBucket(b -> b.bucket(IndexSeeding.ARCHIVE));
                EdrBenchmark.seed(dynamoDb, s3, tables);
            }
            try (QueryService service = BenchService.over(aws, tables)) {
                int port = service.start();
                String key = BenchService.key(service);
                HttpClient http = BenchHttp.client(false);
                String base = "http://127.0.0.1:" + port + "/edr/collections/ukv/";
                String parameters = "&parameter-name=" + enc("air_temperature,wind_speed,relative_humidity");
                String trajectory = base + "trajectory?coords=" + enc(trajectory()) + parameters + "&method=bilinear";
                String corridor = base + "corridor?coords=" + enc("LINESTRING(-2.2426 53.4808, -1.2 54.2, -0.6 55.1)")
                        + "&corridor-width=20&width-units=km" + parameters + "&datetime=" + enc(EdrBenchmark.RUN.plusSeconds(5400).toString());
                String cube = base + "cube?bbox=-4.0,54.0,-1.0,55.8" + parameters + "&datetime="
                        + enc(EdrBenchmark.RUN.plusSeconds(3600) + "/" + EdrBenchmark.RUN.plusSeconds(3600L * 12));
                ChunkCache reader = service.chunkCache();
                String loadBefore = BenchmarkReport.loadAverage();
                for (String u : List.of(trajectory, corridor, cube, cube + "&f=NetCDF")) {
                    for (int i = 0; i < 5; i++) {
                        fetch(http, u, key);
                    }
                }
                List<Row> rows = new ArrayList<>();
                rows.addAll(measure(List.of("trajectory, 50 vertices over 10 h 40 min, 3 parameters, bilinear: cold"), List.of(trajectory),
                        true, http, key, reader));
                rows.addAll(measure(List.of("trajectory: warm"), List.of(trajectory), false, http, key, reader));
                rows.addAll(measure(List.of("corridor, 20 km x 212 km, 3 parameters: cold"), List.of(corridor), true, http, key, reader));
                rows.addAll(measure(List.of("corridor: warm"), List.of(corridor), false, http, key, reader));
                // The two formats of the cube in turn, so that the shared machine's load swings weigh on both alike.
                rows.addAll(measure(List.of("cube as CoverageJSON: cold", "cube as NetCDF: cold"), List.of(cube, cube + "&f=NetCDF"),
                        true, http, key, reader));
                rows.addAll(measure(List.of("cube as CoverageJSON: warm", "cube as NetCDF: warm"), List.of(cube, cube + "&f=NetCDF"),
                        false, http, key, reader));
                String shape = new String(fetch(http, cube, key).body, StandardCharsets.UTF_8).replaceAll("(?s).*\"shape\":\\[([0-9,]+)].*", "$1");
                BenchmarkReport.publish(report.docs, SECTION, section(rows, shape, loadBefore, BenchmarkReport.loadAverage(),
                        trajectory.substring(trajectory.indexOf("/edr")), corridor.substring(corridor.indexOf("/edr")),
                        cube.substring(cube.indexOf("/edr"))));
            }
        }
        return 0;
    }

    /** 50 vertices from Cardiff towards Edinburgh, zig-zagging, at times spread over RUN + 1 h 10 min .. RUN + 11 h 50 min. */
    static String trajectory() {
        StringBuilder s = new StringBuilder("LINESTRINGM(");
        long start = EdrBenchmark.RUN.plusSeconds(4200).getEpochSecond();
        long end = EdrBenchmark.RUN.plusSeconds(42600).getEpochSecond();
        for (int i = 0; i < 50; i++) {
            double f = i / 49.0;
            double lon = -3.18 + f * (-3.19 + 3.18) + (i % 2 == 0 ? -0.3 : 0.3);
            double lat = 51.48 + f * (55.95 - 51.48);
            s.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f %.4f %d", lon, lat, start + Math.round(f * (end - start))));
        }
        return s.append(')').toString();
    }

    /** Measures {@code urls} (named {@code names}) in turn, round after round: one row each. */
    private List<Row> measure(List<String> names, List<String> urls, boolean cold, HttpClient http, String key, ChunkCache reader) {
        int n = cold ? rounds.cold : rounds.warm;
        int k = urls.size();
        long[][] ttfb = new long[k][n];
        long[][] total = new long[k][n];
        long[] gets = new long[k];
        long[] bytes = new long[k];
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < k; u++) {
                if (cold) {
                    reader.dropChunks();
                }
                long before = reader.stats().sourceReads();
                Fetched f = fetch(http, urls.get(u), key);
                ttfb[u][i] = f.ttfbNanos;
                total[u][i] = f.totalNanos;
                bytes[u] = f.body.length;
                gets[u] += reader.stats().sourceReads() - before;
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int u = 0; u < k; u++) {
            Row r = new Row(names.get(u), n, Percentiles.ms(ttfb[u], 0.5), Percentiles.ms(total[u], 0.5), Percentiles.ms(total[u], 0.99),
                    bytes[u], gets[u] / (double) n);
            System.out.printf(Locale.ROOT, "%-70s n=%d ttfb p50=%.1f ms total p50=%.1f p99=%.1f ms %d bytes %.1f GETs%n", r.name(), n,
                    r.ttfbP50(), r.p50(), r.p99(), r.bytes(), r.gets());
            rows.add(r);
        }
        return rows;
    }

    private record Fetched(long ttfbNanos, long totalNanos, byte[] body) {}

    /** GETs {@code url}: the time to the body's first byte and to its end, and the body; fails on anything but a 200. */
    private static Fetched fetch(HttpClient http, String url, String key) {
        try {
            long t0 = System.nanoTime();
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key)
                    .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                int first = in.read();
                long ttfb = System.nanoTime() - t0;
                byte[] rest = in.readAllBytes();
                long totalNanos = System.nanoTime() - t0;
                if (r.statusCode() != 200 || first < 0) {
                    throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + new String(rest, StandardCharsets.UTF_8));
                }
                byte[] body = new byte[rest.length + 1];
                body[0] = (byte) first;
                System.arraycopy(rest, 0, body, 1, rest.length);
                return new Fetched(ttfb, totalNanos, body);
            }
        } catch (IOException e) {
            throw new IllegalStateException(url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String section(List<Row> rows, String cubeShape, String loadBefore, String loadAfter, String trajectory,
            String corridor, String cube) {
        StringBuilder s = BenchmarkReport.header(SECTION, EdrPathsBenchmark.class, "./isobar benchmark edr-paths");
        s.append("Machine: ").append(BenchmarkReport.machine()).append(". Emulated S3 and DynamoDB Local, the service and the ")
                .append("client (java.net.http, HTTP/1.1, loopback) as for `edr` above; the machine is shared with other builds ")
                .append("(1-minute load average ").append(loadBefore).append(" before, ").append(loadAfter)
                .append(" after): treat the numbers as indicative.\n\n");
        s.append("Data: as `edr` (UKV screen temperature, 10 m wind speed, screen humidity; 12 hourly files each on the 970 x 1042 ")
                .append("UK grid, chunks 1 x 128 x 128, deflate). Requests:\n\n")
                .append("- trajectory: 50 vertices zig-zagging 0.6 degrees of longitude from Cardiff to Edinburgh (2,000 km of path, 500 km as "
                        + "the crow flies), each at its own time from ")
                .append("RUN + 1 h 10 min to RUN + 11 h 50 min (the 12 hourly files span RUN + 1 h to RUN + 12 h; every value is interpolated "
                        + "between two of them), bilinear, ")
                .append("3 parameters: `").append(trajectory.length() > 160 ? trajectory.substring(0, 160) + "..." : trajectory)
                .append("`;\n- corridor: 20 km wide along 212 km (3 vertices, Manchester to Northumberland), 3 parameters, one time between two ")
                .append("files: `").append(corridor).append("`;\n- cube: `").append(cube).append("`, shape (time, y, x) ")
                .append(cubeShape.replace(',', 'x')).append(" per parameter, 3 parameters, once as CoverageJSON and once as NetCDF ")
                .append("(`&f=NetCDF`).\n\n")
                .append("Cold: the chunk cache emptied before each request (headers stay cached); warm: nothing emptied. The cube's two ")
                .append("formats are asked in turn (CoverageJSON, NetCDF, CoverageJSON, ...) so the machine's load weighs on both alike. Time to ")
                .append("first byte and total are the client's, from sending the request to the body's first byte and to its end.\n\n");
        s.append("| request | n | TTFB p50 ms | total p50 ms | total p99 ms | bytes | S3 GETs per request |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %,d | %.1f |%n", r.name(), r.rounds(), r.ttfbP50(),
                    r.p50(), r.p99(), r.bytes(), r.gets()));
        }
        s.append(String.format(Locale.ROOT, "%nNetCDF against CoverageJSON for the same cube: total p50 %.2fx cold and %.2fx warm "
                + "(below 1: netCDF faster), %.2fx the bytes. Target: netCDF no slower than CoverageJSON. Cold, both formats wait for the "
                + "same chunk reads (the GETs column) before writing a byte; warm, the difference is the writing: CoverageJSON's "
                + "numbers as text in a JSON tree, netCDF's as 4-byte floats straight from the arrays.%n",
                rows.get(5).p50() / rows.get(4).p50(), rows.get(7).p50() / rows.get(6).p50(),
                (double) rows.get(7).bytes() / rows.get(6).bytes()));
        return s.toString();
    }
}
