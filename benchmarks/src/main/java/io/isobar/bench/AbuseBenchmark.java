package io.isobar.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.IndexSchema;
import io.isobar.json.Json;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.query.QueryService;
import io.isobar.query.QueryServiceConfig;
import io.isobar.query.admission.Admission;
import io.isobar.query.http.Limits;
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
 * An ordinary client beside abusers, on the service's default limits (issue 20): {@code ./isobar benchmark abuse}.
 * The ordinary client polls {@code /v1/point} and an EDR position at a fixed rate, first alone (quiet), then while
 * bad-key clients send made-up keys from the same address and one heavy key sends the largest EDR requests the limits
 * allow (an area at the cell limit over every time, and POSTs of 1,000 points) as fast as its workers can. The
 * ordinary client's success rate and p50/p99 in both phases are the result; targets: 100 % and p99 at most 2x quiet.
 */
@Command(name = "abuse", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"An ordinary client's success and latency alone, then beside a bad-key flood and a heavy key.",
                "Writes its section of docs/benchmarks.md (--docs)."})
public final class AbuseBenchmark implements Callable<Integer> {

    private static final String SECTION = "## Abuse: an ordinary client beside a bad-key flood and a heavy key (issue 20)";
    private static final Instant RUN = Instant.parse("2025-06-14T00:00:00Z");
    private static final List<Variable> VARIABLES = List.of(Variables.TEMPERATURE_AT_SCREEN_LEVEL, Variables.WIND_SPEED_AT_10M,
            Variables.RELATIVE_HUMIDITY_AT_SCREEN_LEVEL);
    private static final Pattern PROBLEM_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"[^\"#]*#problem-([a-z-]+)\"");

    @Option(names = "--seconds", paramLabel = "S", description = "Length of each phase (quiet, then abused).")
    int seconds = 60;

    @Option(names = "--ordinary-rate", paramLabel = "N", description = "The ordinary client's requests per second.")
    int ordinaryRate = 10;

    @Option(names = "--bad-key-clients", paramLabel = "N", description = "Clients sending made-up keys.")
    int badKeyClients = 20;

    @Option(names = "--bad-key-rate", paramLabel = "N", description = "Made-up keys per second, all clients together.")
    int badKeyRate = 50;

    @Option(names = "--heavy-workers", paramLabel = "N", description = "The heavy key's concurrent requests, each sent again as soon as answered.")
    int heavyWorkers = 8;

    @Option(names = "--hours", paramLabel = "N", description = "Validity times written per variable (the area query asks for all).")
    int hours = 5;

    @Option(names = "--key-concurrency", paramLabel = "N", description = "Requests one key may have in progress (the service's default).")
    int keyConcurrency = Admission.Settings.DEFAULT.perKey();

    @Option(names = "--key-values-per-second", paramLabel = "VALUES",
            description = "Values one key may read per second, bursts of four times that (the service's default).")
    double keyValuesPerSecond = Admission.Settings.DEFAULT.cost().permitsPerSecond();

    @Mixin ReportOption report;

    /** The ordinary client's numbers in one phase. */
    record Ordinary(String phase, long requests, long ok, double p50Ms, double p99Ms, double maxMs, String loadAverage) {}

    /** Answers of one kind of client by status and problem type, e.g. "200" or "429 over-budget". */
    record Tally(ConcurrentMap<String, LongAdder> counts) {

        Tally() {
            this(new ConcurrentHashMap<>());
        }

        void add(String outcome) {
            counts.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        }

        long total() {
            return counts.values().stream().mapToLong(LongAdder::sum).sum();
        }

        long of(String outcome) {
            LongAdder a = counts.get(outcome);
            return a == null ? 0 : a.sum();
        }

        String describe() {
            StringBuilder s = new StringBuilder();
            new TreeMap<>(counts).forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d", v.sum()))
                    .append(" x ").append(k));
            return s.toString();
        }
    }

    @Override
    public Integer call() throws Exception {
        try (Emulators emulators = Emulators.start()) {
            AwsSettings aws = AwsSettings.local(emulators.s3(), emulators.s3(), emulators.dynamoDb());
            IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("abusebench"));
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws); S3Client s3 = AwsClients.s3(aws)) {
                IndexSchema.createTables(dynamoDb, tables);
                s3.createBucket(b -> b.bucket(IndexSeeding.ARCHIVE));
                long t0 = System.nanoTime();
                seed(dynamoDb, s3, tables);
                System.out.printf(Locale.ROOT, "Wrote, archived and indexed %d files in %.1f s%n", VARIABLES.size() * hours,
                        (System.nanoTime() - t0) / 1e9);
            }
            // The service's own defaults unless the options change them: the limits under test are a deployment's.
            Admission.Settings admission = Admission.Settings.DEFAULT.withPerKey(keyConcurrency).withCost(keyValuesPerSecond);
            try (QueryService service = new QueryService(QueryServiceConfig.defaults(aws, tables).withPort(0).withAdmission(admission))) {
                String base = "http://127.0.0.1:" + service.start();
                String ordinaryKey = service.apiKeys().create("ordinary").key();
                String heavyKey = service.apiKeys().create("heavy").key();
                HttpClient http = BenchHttp.client(false);

                String times = RUN.plusSeconds(3600) + "/" + RUN.plusSeconds(3600L * hours);
                String point = base + "/v1/point?lat=51.5074&lon=-0.1278&variable=air_temperature&model=ukv&time=" + RUN.plusSeconds(3600);
                String position = base + "/edr/collections/ukv/position?coords=" + enc("POINT(-3.1883 55.9533)")
                        + "&parameter-name=air_temperature&datetime=" + enc(RUN.plusSeconds(7200).toString());
                AtomicInteger turn = new AtomicInteger();
                LoadRunner.Call ordinary = () -> send(http, turn.getAndIncrement() % 2 == 0 ? point : position, ordinaryKey, null).status() == 200;

                Area largest = largestArea(http, base, service.apiKeys().create("calibration").key(), times);
                String area = largest.url();
                String pointsBody = "{\"coords\": \"" + multipoint(Limits.POINTS) + "\", \"parameter-name\": "
                        + "[\"air_temperature\", \"wind_speed\", \"relative_humidity\"], \"datetime\": \"" + times + "\"}";
                String postUrl = base + "/edr/collections/ukv/position";
                System.out.println("Heavy requests: GET " + area.substring(base.length()) + " (" + largest.values() + " values) and POST "
                        + postUrl.substring(base.length()) + " with " + Limits.POINTS + " points x 3 parameters x " + hours + " times");

                // Warm-up: JIT, connections, headers and chunks of the ordinary client's files, the heavy queries once.
                for (int i = 0; i < 100; i++) {
                    ordinary.call();
                }
                send(http, area, heavyKey, null);
                send(http, postUrl, heavyKey, pointsBody);
                Thread.sleep(5_000); // the heavy key's budget refills before the measurement

                String metrics = base + "/metrics";
                Ordinary quiet = ordinaryPhase("quiet (ordinary client alone)", ordinary);
                double keyReadsBefore = metric(http, metrics, "isobar_api_key_rejections_total", "reason=\"invalid\"");
                double floodRefusedBefore = metric(http, metrics, "isobar_api_key_rejections_total", "reason=\"failed_keys\"");
                Tally badKeys = new Tally();
                Tally heavy = new Tally();
                ExecutorService abusers = Executors.newFixedThreadPool(2);
                Duration phase = Duration.ofSeconds(seconds);
                Future<?> flood = abusers.submit(() -> LoadRunner.fixedRate("bad keys", () -> {
                    badKeys.add(send(http, position, madeUpKey(), null).outcome());
                    return true;
                }, badKeyRate, phase, badKeyClients));
                AtomicInteger heavyTurn = new AtomicInteger();
                Future<?> heavyLoad = abusers.submit(() -> LoadRunner.max("heavy key", () -> {
                    boolean post = heavyTurn.getAndIncrement() % 2 == 1;
                    heavy.add((post ? "POST 1,000 points: " : "GET area: ") + send(http, post ? postUrl : area, heavyKey,
                            post ? pointsBody : null).outcome());
                    return true;
                }, heavyWorkers, phase, 2_000_000));
                Ordinary abused = ordinaryPhase("beside the abusers", ordinary);
                flood.get();
                heavyLoad.get();
                abusers.shutdown();
                long keyReads = Math.round(metric(http, metrics, "isobar_api_key_rejections_total", "reason=\"invalid\"") - keyReadsBefore);
                long floodRefused = Math.round(metric(http, metrics, "isobar_api_key_rejections_total", "reason=\"failed_keys\"")
                        - floodRefusedBefore);
                long served = heavy.of("GET area: 200") * largest.values() + heavy.of("POST 1,000 points: 200") * 3L * Limits.POINTS * hours;
                BenchmarkReport.publish(report.docs, SECTION, section(quiet, abused, badKeys, heavy, keyReads, floodRefused,
                        area.substring(base.length()), admission, served / (double) seconds));
                return abused.ok() == abused.requests() && quiet.ok() == quiet.requests() ? 0 : 1;
            }
        }
    }

    /** The command that reruns this benchmark with these settings (the defaults left out). */
    private String command() {
        StringBuilder c = new StringBuilder("./isobar benchmark abuse");
        if (keyConcurrency != Admission.Settings.DEFAULT.perKey()) {
            c.append(" --key-concurrency ").append(keyConcurrency);
        }
        if (keyValuesPerSecond != Admission.Settings.DEFAULT.cost().permitsPerSecond()) {
            c.append(String.format(Locale.ROOT, " --key-values-per-second %.0f", keyValuesPerSecond));
        }
        if (seconds != 60) {
            c.append(" --seconds ").append(seconds);
        }
        if (heavyWorkers != 8) {
            c.append(" --heavy-workers ").append(heavyWorkers);
        }
        return c.toString();
    }

    private Ordinary ordinaryPhase(String name, LoadRunner.Call ordinary) throws InterruptedException {
        String load = BenchmarkReport.loadAverage();
        LoadRunner.Result r = LoadRunner.fixedRate(name, ordinary, ordinaryRate, Duration.ofSeconds(seconds), 16);
        Ordinary o = new Ordinary(name, r.requests(), r.requests() - r.errors(), r.p50Ms(), r.p99Ms(), r.maxMs(),
                load + " -> " + BenchmarkReport.loadAverage());
        System.out.printf(Locale.ROOT, "%-32s %d/%d ok p50=%.1f ms p99=%.1f ms max=%.1f ms (load %s)%n", name, o.ok(), o.requests(),
                o.p50Ms(), o.p99Ms(), o.maxMs(), o.loadAverage());
        return o;
    }

    /** One answer: its status and, for a problem, its type. */
    record Answer(int status, String type) {

        String outcome() {
            return type == null ? Integer.toString(status) : status + " " + type;
        }
    }

    /** GET {@code url}, or POST {@code json} to it, with {@code key}; status -1 when no answer came. */
    static Answer send(HttpClient http, String url, String key, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key).timeout(Duration.ofSeconds(60));
        if (json != null) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            String type = null;
            if (r.statusCode() >= 400) {
                Matcher m = PROBLEM_TYPE.matcher(new String(r.body(), StandardCharsets.UTF_8));
                type = m.find() ? m.group(1) : "not a problem";
            }
            return new Answer(r.statusCode(), type);
        } catch (IOException e) {
            return new Answer(-1, "no answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }

    /** An area query and the values its answer holds. */
    record Area(String url, long values) {}

    /**
     * The largest area query the limits allow here: a box centred on the UK grid, shrunk until the service takes it
     * (every validity time, one parameter: at most {@link Limits#CELLS} cells and {@link Limits#VALUES} values).
     */
    private Area largestArea(HttpClient http, String base, String key, String times) throws Exception {
        for (double half = 6; half > 0.5; half -= 0.125) {
            String url = base + "/edr/collections/ukv/cube?bbox=" + enc(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%.3f", -3 - half,
                    54.5 - half * 0.7, -3 + half, 54.5 + half * 0.7)) + "&parameter-name=air_temperature&datetime=" + enc(times);
            Answer a = send(http, url, key, null);
            if (a.status() == 200) {
                String body = http.send(HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                // The answer is the rows and columns around the box, cells outside it null: its numbers are the values read.
                long values = 0;
                for (JsonNode v : Json.mapper().readTree(body).at("/ranges/air_temperature/values")) {
                    values += v.isNumber() ? 1 : 0;
                }
                return new Area(url, values);
            }
            if (a.status() == 429) {
                Thread.sleep(5_000);
                half += 0.125;
            } else if (a.status() != 413) {
                throw new IllegalStateException(url + " answered " + a.outcome());
            }
        }
        throw new IllegalStateException("no area query was taken");
    }

    private static double metric(HttpClient http, String url, String name, String label) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            for (String line : body.split("\n")) {
                if (line.startsWith(name + "{") && line.contains(label)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private static String madeUpKey() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format(Locale.ROOT, "isb_%016x%016x", r.nextLong(), r.nextLong());
    }

    /** {@code n} points spread over Great Britain, as one WKT MULTIPOINT. */
    private static String multipoint(int n) {
        StringBuilder s = new StringBuilder("MULTIPOINT(");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "(%.4f %.4f)", -5.5 + (i % 40) * 0.12, 50.5 + (i / 40) * 0.18));
        }
        return s.append(')').toString();
    }

    private void seed(DynamoDbClient dynamoDb, S3Client s3, IndexSchema.TableNames tables) throws IOException {
        MetOfficeFileWriter writer = new MetOfficeFileWriter(new SyntheticField(23));
        for (Variable v : VARIABLES) {
            for (int h = 1; h <= hours; h++) {
                ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.UKV, v, RUN, Duration.ofHours(h), List.of(), GridSpec.uk(), RUN);
                byte[] bytes = writer.toBytes(spec);
                String objectKey = "ukv/" + RUN.getEpochSecond() + "/" + h + "-" + v.parameter() + ".nc";
                IndexSeeding.archive(s3, IndexSeeding.ARCHIVE, objectKey, bytes);
                IndexSeeding.index(dynamoDb, tables, new ForecastFile("abuse-" + v.parameter() + "-" + h, "ukv", v.name(),
                        v.standardName(), v.longName(), v.units(), null, RUN, spec.forecastPeriod().toSeconds(), spec.time(), List.of(),
                        v.levels().values(), List.of(), List.of("projection_y_coordinate=970", "projection_x_coordinate=1042"),
                        "s3://" + IndexSeeding.ARCHIVE + "/" + objectKey, "s3://met-office/" + objectKey, bytes.length, null, RUN));
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private String section(Ordinary quiet, Ordinary abused, Tally badKeys, Tally heavy, long keyReads, long floodRefused,
            String areaPath, Admission.Settings admission, double heavyValuesPerSecond) {
        StringBuilder s = BenchmarkReport.header(SECTION, AbuseBenchmark.class, command());
        s.append("Machine: ").append(BenchmarkReport.machine()).append(". Emulated S3 and DynamoDB Local in a JVM of their own; the ")
                .append(String.format(Locale.ROOT, "service (50 requests/s per key; admission %d in progress and %d waiting per key, "
                        + "%,.0f values/s per key in bursts of %,d) and every client share another JVM, on loopback, all from 127.0.0.1. ",
                        admission.perKey(), admission.perKeyQueue(), admission.cost().permitsPerSecond(), admission.cost().burst()))
                .append("The machine is shared with other builds: the 1-minute load average is given for each phase.\n\n");
        s.append(String.format(Locale.ROOT, "Data: UKV screen temperature, 10 m wind speed and screen relative humidity on the "
                + "970 x 1042 UK grid, %d validity times each, written by the simulator, archived and indexed. Each phase lasts "
                + "%d s. The ordinary client (one key) sends %d requests/s, alternating `/v1/point` at London and an EDR position at "
                + "Edinburgh; a request succeeds on a 200, and its latency counts from when it was due (open loop). Beside it in "
                + "the second phase: %d bad-key clients sending %d made-up keys/s in total from the same address, and one heavy "
                + "key whose %d workers send, each as soon as the last answer came, the largest EDR requests the limits allow, "
                + "alternately `GET %s` (the largest box the cell limit takes, every time) and a POST of %,d points x 3 parameters "
                + "x %d times.%n%n", hours, seconds, ordinaryRate, badKeyClients, badKeyRate, heavyWorkers, areaPath.replace("|", "%7C"),
                Limits.POINTS, hours));
        s.append("| phase | ordinary client: 200s | success | p50 ms | p99 ms | max ms | load average |\n")
                .append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Ordinary o : List.of(quiet, abused)) {
            s.append(String.format(Locale.ROOT, "| %s | %,d of %,d | %.1f %% | %.1f | %.1f | %.1f | %s |%n", o.phase(), o.ok(),
                    o.requests(), 100.0 * o.ok() / Math.max(1, o.requests()), o.p50Ms(), o.p99Ms(), o.maxMs(), o.loadAverage()));
        }
        double ratio = abused.p99Ms() / quiet.p99Ms();
        boolean allOk = abused.ok() == abused.requests() && quiet.ok() == quiet.requests();
        s.append(String.format(Locale.ROOT, "%nTargets: 100 %% success (%s) and p99 at most 2x the quiet run's (%.2fx: %s).%n%n",
                allOk ? "met" : "NOT met", ratio, ratio <= 2 ? "met" : "NOT met"));
        s.append(String.format(Locale.ROOT, "The bad-key clients: %s; DynamoDB key reads for them: %,d (`isobar_api_key_rejections_total`"
                + " `reason=\"invalid\"`; %,d refused by the failed-key budget with no read).%n%n", badKeys.describe(), keyReads, floodRefused));
        s.append("The heavy key: ").append(heavy.describe()).append(String.format(Locale.ROOT, "; its answers held %,.0f values/s "
                + "(its budget: %,.0f). Every 429 was refused before any file was read (the cost comes from the index).%n%n",
                heavyValuesPerSecond, admission.cost().permitsPerSecond()));
        s.append("Reading the numbers: one run is one sample, and with other builds loading the machine (the load averages "
                + "above, on 2 CPUs) the quiet p99 is mostly the machine's own noise, which moves from run to run by more than "
                + "the abusers do; rerun on a quiet machine before reading the ratio closely.\n");
        return s.toString();
    }
}
