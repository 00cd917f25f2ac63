package io.isobar.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.query.QueryService;
import io.isobar.query.QueryServiceConfig;
import io.isobar.query.events.EventHub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every endpoint of {@code /v1} and {@code /edr} on an index of the real feed's size ({@link ScaleShape}: about 402,000
 * files a day, written as the job writes them, {@link ScaleIndex}), measured at growing sizes (by default 10,000 and
 * 100,000 files and one whole day): latency p50/p99 cold (every index view read on the request: a service whose caches
 * expire after 1 ms, its chunk cache emptied before each read) and warm (a service with the default caches), response
 * bytes, the read units DynamoDB charged per request (as it reports them, {@code isobar_dynamodb_consumed_read_units_total})
 * and the archive GETs; and what an idle service reads in the background. {@code ./isobar benchmark scale}.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"Every /v1 and /edr endpoint on an index of the real feed's size (about 402,000 files a day), at "
                + "growing sizes: latency cold and warm, bytes, DynamoDB read units and archive GETs per request."})
public final class ScaleBenchmark implements Callable<Integer> {

    private static final String SECTION = "## Scale: every endpoint at the real feed's volume";
    private static final Instant FIRST = Instant.parse("2026-11-23T00:00:00Z");

    @Option(names = "--days", defaultValue = "1", description = "Days of the feed to seed (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--sizes", defaultValue = "10000,100000,day",
            description = "Index sizes (files) to measure at, in order: numbers, 'day' (one day) or 'all' (default: ${DEFAULT-VALUE}).")
    String sizes;

    @Option(names = "--samples", defaultValue = "40", description = "Requests per endpoint, warm and cold (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--threads", defaultValue = "8", description = "Seeding threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--idle-seconds", defaultValue = "30",
            description = "How long an idle service is watched for background reads (default: ${DEFAULT-VALUE}).")
    int idleSeconds;

    @Option(names = "--data-dir", description = "Keep DynamoDB Local's tables on disk here (for sizes beyond memory).")
    java.nio.file.Path dataDir;

    @Option(names = "--docs", defaultValue = "${env:BENCH_DOCS:-docs/benchmarks.md}",
            description = "Where to write the section (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path docs;

    /** One endpoint: its name and its URL for the i-th request (cold requests vary it where the endpoint can vary). */
    private record Probe(String name, IntFunction<String> url) {}

    /** What one endpoint measured. */
    record Result(String name, double warmP50, double warmP99, double coldP50, double coldP99, long bytes, int status,
            double coldUnits, double warmUnits, double coldGets) {}

    /** One size measured. */
    record Size(long files, long fileBytes, double seedSeconds, String busiest, long busiestFiles, List<Result> results,
            double idleUnitsPerSecond) {}

    @Override
    public Integer call() throws Exception {
        LocalAws.Builder builder = LocalAws.builder();
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        List<Size> measured = new ArrayList<>();
        String loadBefore = BenchmarkReport.loadAverage();
        ScaleIndex index;
        try (LocalAws localAws = builder.start()) {
            AwsSettings aws = AwsSettings.local(localAws.s3Endpoint(), localAws.sqsEndpoint(), localAws.dynamoDbEndpoint());
            IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("scale"));
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws); S3Client s3 = AwsClients.s3(aws)) {
                IndexSchema.createTables(dynamoDb, tables);
                s3.createBucket(b -> b.bucket(IndexSeeding.ARCHIVE));
                index = new ScaleIndex(s3, IndexSeeding.ARCHIVE, FIRST, days);
                long seeded = 0;
                long fileBytes = 0;
                for (long size : sizes(index)) {
                    long t0 = System.nanoTime();
                    fileBytes += index.seed(dynamoDb, tables, seeded, size, threads);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    System.out.printf(Locale.ROOT, "Seeded files %d to %d in %.1f s (%.0f files/s)%n", seeded, size, seconds,
                            (size - seeded) / seconds);
                    seeded = size;
                    measured.add(measure(aws, tables, index, size, fileBytes, seconds));
                }
            }
        }
        BenchmarkReport.write(docs, SECTION, section(index, measured, loadBefore, BenchmarkReport.loadAverage()));
        System.out.println("Wrote " + docs.toAbsolutePath());
        return 0;
    }

    private List<Long> sizes(ScaleIndex index) {
        long perDay = index.runs().stream().filter(r -> r.start().isBefore(FIRST.plus(Duration.ofDays(1))))
                .mapToLong(ScaleShape.Run::files).sum();
        List<Long> out = new ArrayList<>();
        for (String s : sizes.split(",")) {
            long n = switch (s.trim()) {
                case "day" -> perDay;
                case "all" -> index.files();
                default -> Long.parseLong(s.trim());
            };
            out.add(Math.min(n, index.files()));
        }
        return out;
    }

    private Size measure(AwsSettings aws, IndexSchema.TableNames tables, ScaleIndex index, long size, long fileBytes,
            double seedSeconds) throws Exception {
        // The index at this size: the times with most files, the runs, a time UKV has.
        Map<Instant, Long> perTime = new HashMap<>();
        List<Instant> mogrepsRuns = new ArrayList<>();
        List<Instant> ukvTimes = new ArrayList<>();
        for (ForecastFile f : index.first(size)) {
            perTime.merge(f.time(), 1L, Long::sum);
            if (f.model().equals("mogreps-uk") && (mogrepsRuns.isEmpty() || !mogrepsRuns.get(mogrepsRuns.size() - 1).equals(f.forecastReferenceTime()))) {
                mogrepsRuns.add(f.forecastReferenceTime());
            }
            if (f.model().equals("ukv") && f.variable().equals("air_temperature") && !ukvTimes.contains(f.time())) {
                ukvTimes.add(f.time());
            }
        }
        List<Instant> busiest = perTime.entrySet().stream().sorted(Map.Entry.<Instant, Long>comparingByValue().reversed())
                .map(Map.Entry::getKey).limit(samples).toList();
        List<Probe> probes = probes(busiest, mogrepsRuns.isEmpty() ? List.of(FIRST) : mogrepsRuns, ukvTimes);

        QueryServiceConfig defaults = BenchService.config(aws, tables);
        QueryServiceConfig uncached = defaults.withCacheTtls(Duration.ofMillis(1), Duration.ofMillis(1));
        // The files stream is parked: DynamoDB Local has one shard, and catching up on the seeded history is not what is
        // measured here (status answers from what it has read).
        EventHub.Settings parked = EventHub.Settings.defaults().withStreamPoll(Duration.ofHours(1));
        List<Result> results = new ArrayList<>();
        double idle;
        try (QueryService warm = new QueryService(defaults, parked); QueryService cold = new QueryService(uncached, parked)) {
            String warmBase = "http://127.0.0.1:" + warm.start();
            String coldBase = "http://127.0.0.1:" + cold.start();
            String warmKey = BenchService.key(warm);
            String coldKey = BenchService.key(cold);
            HttpClient http = BenchHttp.client(true);
            for (Probe p : probes) {
                results.add(probe(http, p, warm, warmBase, warmKey, cold, coldBase, coldKey));
                System.out.println(results.get(results.size() - 1));
            }
            double before = units(http, warmBase);
            Thread.sleep(Duration.ofSeconds(idleSeconds).toMillis());
            idle = (units(http, warmBase) - before) / idleSeconds;
        }
        Instant top = busiest.get(0);
        return new Size(size, fileBytes, seedSeconds, FileItems.iso(top), perTime.get(top), results, idle);
    }

    private List<Probe> probes(List<Instant> busiest, List<Instant> runs, List<Instant> ukvTimes) {
        IntFunction<Instant> time = i -> busiest.get(i % busiest.size());
        IntFunction<Instant> run = i -> runs.get(runs.size() - 1 - (i % runs.size()));
        IntFunction<Instant> ukv = i -> ukvTimes.get(i % ukvTimes.size());
        String edinburgh = URLEncoder.encode("POINT(-3.1883 55.9533)", StandardCharsets.UTF_8);
        return List.of(
                new Probe("GET /v1/times", i -> "/v1/times"),
                new Probe("GET /v1/times?model=mogreps-uk", i -> "/v1/times?model=mogreps-uk"),
                new Probe("GET /v1/times?model=ukv", i -> "/v1/times?model=ukv"),
                new Probe("GET /v1/times/{busiest T} (first page)", i -> "/v1/times/" + time.apply(i)),
                new Probe("GET /v1/times/{T}?model=mogreps-uk&latest=true", i -> "/v1/times/" + time.apply(i) + "?model=mogreps-uk&latest=true"),
                new Probe("GET /v1/runs?model=mogreps-uk&order=newest", i -> "/v1/runs?model=mogreps-uk&order=newest"),
                new Probe("GET /v1/runs/{frt}?model=mogreps-uk (first page)", i -> "/v1/runs/" + run.apply(i) + "?model=mogreps-uk"),
                new Probe("GET /v1/status", i -> "/v1/status"),
                new Probe("GET /v1/ingest/errors", i -> "/v1/ingest/errors"),
                new Probe("GET /edr/collections", i -> "/edr/collections"),
                new Probe("GET /edr/collections/mogreps-uk", i -> "/edr/collections/mogreps-uk"),
                new Probe("GET /edr/collections/mogreps-uk/instances", i -> "/edr/collections/mogreps-uk/instances"),
                new Probe("GET /edr/collections/mogreps-uk/instances/{id}", i -> "/edr/collections/mogreps-uk/instances/"
                        + FileItems.iso(run.apply(i)).replace("-", "").replace(":", "")),
                new Probe("GET /v1/point (ukv, Edinburgh)", i -> "/v1/point?place=Edinburgh&variable=air_temperature&model=ukv&time="
                        + ukv.apply(i)),
                new Probe("GET /v1/point (mogreps-uk, Edinburgh, busiest T)", i -> "/v1/point?place=Edinburgh&variable=air_temperature"
                        + "&model=mogreps-uk&time=" + time.apply(i)),
                new Probe("GET /v1/point/series (ukv, 12 h)", i -> "/v1/point/series?place=Edinburgh&variable=air_temperature&model=ukv&from="
                        + ukv.apply(i) + "&to=" + ukv.apply(i).plus(Duration.ofHours(11))),
                new Probe("GET /edr/collections/ukv/position", i -> "/edr/collections/ukv/position?coords=" + edinburgh
                        + "&parameter-name=air_temperature&datetime=" + ukv.apply(i)),
                new Probe("GET /v1/map.png (ukv)", i -> "/v1/map.png?model=ukv&variable=air_temperature&time=" + ukv.apply(i)));
    }

    private Result probe(HttpClient http, Probe p, QueryService warm, String warmBase, String warmKey, QueryService cold,
            String coldBase, String coldKey) throws Exception {
        // Warm: the same few URLs, asked once before.
        int variants = Math.min(5, samples);
        for (int i = 0; i < variants; i++) {
            get(http, warmBase + p.url().apply(i), warmKey);
        }
        double unitsBefore = units(http, warmBase);
        long[] warmNanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            get(http, warmBase + p.url().apply(i % variants), warmKey);
            warmNanos[i] = System.nanoTime() - t0;
        }
        double warmUnits = (units(http, warmBase) - unitsBefore) / samples;
        // Cold: caches expire after 1 ms and the chunk cache is emptied before each request.
        double coldBefore = units(http, coldBase);
        double getsBefore = gets(http, coldBase);
        long[] coldNanos = new long[samples];
        Answer first = null;
        for (int i = 0; i < samples; i++) {
            cold.chunkCache().dropAll();
            Thread.sleep(2); // past the 1 ms TTL of every view
            long t0 = System.nanoTime();
            Answer a = get(http, coldBase + p.url().apply(i), coldKey);
            coldNanos[i] = System.nanoTime() - t0;
            first = first == null ? a : first;
        }
        double coldUnits = (units(http, coldBase) - coldBefore) / samples;
        double coldGets = (gets(http, coldBase) - getsBefore) / samples;
        return new Result(p.name(), Percentiles.ms(warmNanos, 0.50), Percentiles.ms(warmNanos, 0.99),
                Percentiles.ms(coldNanos, 0.50), Percentiles.ms(coldNanos, 0.99), first.bytes(), first.status(), coldUnits,
                warmUnits, coldGets);
    }

    private record Answer(int status, long bytes) {}

    private static Answer get(HttpClient http, String url, String key) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key)
                .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), r.body().length);
    }

    /** The read units the service has consumed so far (its metric). */
    private static double units(HttpClient http, String base) throws Exception {
        return metric(http, base, "isobar_dynamodb_consumed_read_units_total");
    }

    /** The archive GETs the service has made so far (its metric). */
    private static double gets(HttpClient http, String base) throws Exception {
        return metric(http, base, "isobar_archive_get_requests_total");
    }

    private static double metric(HttpClient http, String base, String name) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private String section(ScaleIndex index, List<Size> measured, String loadBefore, String loadAfter) {
        StringBuilder s = BenchmarkReport.header(SECTION, ScaleBenchmark.class, "./isobar benchmark scale --days " + days
                + " --sizes " + sizes + " --samples " + samples);
        s.append("Machine: ").append(BenchmarkReport.machine()).append("; 1-minute load average ").append(loadBefore)
                .append(" before, ").append(loadAfter).append(" after (shared with other builds: indicative latencies). ")
                .append("DynamoDB Local and local-s3 in the benchmark's JVM, two query services beside them: *cold* (every ")
                .append("index view expires after 1 ms and the chunk cache is emptied before each request, so each request ")
                .append("reads what it needs) and *warm* (the default caches). Index: the feed of `ScaleShape` (UKV hourly, ")
                .append("812 to 4,732 files a run; MOGREPS-UK hourly, 14,364 files a run of 3 members; global 4 runs a day; ")
                .append(String.format(Locale.ROOT, "%,d files a day", index.files() / Math.max(1, days)))
                .append("), written as the job writes it, each entry with the chunk layout of a real file (")
                .append(index.layoutBytes().get(1)).append(" bytes for one member, ").append(index.layoutBytes().get(3))
                .append(" for three). Read units: what DynamoDB Local reported (ReturnConsumedCapacity), per request; ")
                .append("GETs: archive reads per cold request. ").append(samples).append(" requests per endpoint and mode.\n\n");
        for (Size size : measured) {
            s.append(String.format(Locale.ROOT, "### %,d files (%.0f MB of files items; seeded in %.0f s; busiest time %s: %,d files)%n%n",
                    size.files(), size.fileBytes() / 1e6, size.seedSeconds(), size.busiest(), size.busiestFiles()));
            s.append("| request | status | bytes | cold p50 ms | cold p99 ms | warm p50 ms | warm p99 ms | read units cold | read units warm | archive GETs cold |\n");
            s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Result r : size.results()) {
                s.append(String.format(Locale.ROOT, "| `%s` | %d | %,d | %.1f | %.1f | %.2f | %.2f | %.1f | %.2f | %.1f |%n",
                        r.name(), r.status(), r.bytes(), r.coldP50(), r.coldP99(), r.warmP50(), r.warmP99(), r.coldUnits(),
                        r.warmUnits(), r.coldGets()));
            }
            s.append(String.format(Locale.ROOT, "%nAn idle service (default caches, no request for %d s) read %.2f read units a second.%n%n",
                    idleSeconds, size.idleUnitsPerSecond()));
        }
        if (measured.size() > 1) {
            s.append("Side by side (cold p99 ms / read units per cold request):\n\n| request |");
            measured.forEach(m -> s.append(String.format(Locale.ROOT, " %,d files |", m.files())));
            s.append("\n|---|");
            measured.forEach(m -> s.append("---:|"));
            s.append('\n');
            for (int i = 0; i < measured.get(0).results().size(); i++) {
                s.append("| `").append(measured.get(0).results().get(i).name()).append("` |");
                for (Size m : measured) {
                    Result r = m.results().get(i);
                    s.append(String.format(Locale.ROOT, " %.1f / %.1f |", r.coldP99(), r.coldUnits()));
                }
                s.append('\n');
            }
            s.append('\n');
        }
        return s.toString();
    }
}
