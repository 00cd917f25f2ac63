package io.isobar.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.localaws.LocalAws;
import io.isobar.query.QueryService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code GET /v1/times/{time}} against the raw DynamoDB Query of the same data, both driven by {@code wrk} (the
 * Debian package) against the same DynamoDB Local, in one run, alternating rounds so that both see the same
 * machine: {@code ./isobar benchmark wrk} (needs wrk; see docs/benchmarks.md).
 *
 * <p>DynamoDB Local runs in a JVM of its own (as a real DynamoDB is another machine); the service runs in this JVM.
 * The raw path is a hand-made DynamoDB JSON-protocol {@code Query} (DynamoDB Local checks no signature) for the same
 * key condition the service sends: the UKV air temperature files valid at a time, rotating over 24 times, exactly
 * like the API requests. Its options ({@code --help}) set the seconds per round, the rounds, wrk's threads and
 * connections, and the document.
 */
@Command(name = "wrk", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"GET /v1/times/{time} against the raw DynamoDB Query of the same data, both under wrk (needs wrk).",
                "Writes its section of docs/benchmarks.md (--docs)."})
public final class WrkComparison implements Callable<Integer> {

    static final String SECTION = "## Read path: API vs raw DynamoDB under wrk (issue 12)";
    private static final Instant FIRST_RUN = Instant.parse("2025-06-14T00:00:00Z");
    private static final int TIMES = 24;

    /** One wrk run: requests/s, latency percentiles in ms, non-2xx answers. */
    record Run(String name, double perSecond, double p50Ms, double p90Ms, double p99Ms, double maxMs, long requests, long errors) {}

    @Option(names = "--seconds", defaultValue = "15", description = "Seconds per round.") int seconds;
    @Option(names = "--rounds", defaultValue = "2", description = "Rounds.") int rounds;
    @Option(names = "--threads", defaultValue = "2", description = "wrk threads (-t).") int threads;
    @Option(names = "--connections", defaultValue = "16", description = "wrk connections (-c).") int connections;
    @Mixin ReportOption report;

    @Override
    public Integer call() throws Exception {
        if (!wrkInstalled()) {
            System.err.println("isobar benchmark wrk: wrk is not installed (Debian: apt-get install -y wrk)");
            return 2;
        }
        Path work = Files.createTempDirectory("isobar-wrk");

        try (Emulators emulators = Emulators.start()) {
            AwsSettings aws = AwsSettings.local(emulators.s3(), emulators.s3(), emulators.dynamoDb());
            IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName("wrk"));
            int seeded;
            try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws)) {
                IndexSchema.createTables(dynamoDb, tables);
                seeded = QueryBenchmark.seed(dynamoDb, tables);
            }
            try (QueryService service = BenchService.over(aws, tables)) {
                int port = service.start();
                String key = BenchService.key(service);
                Path api = write(work.resolve("api.lua"), apiScript(key));
                Path raw = write(work.resolve("raw.lua"), rawScript(tables.files()));
                String apiUrl = "http://127.0.0.1:" + port;
                String rawUrl = emulators.dynamoDb().toString();
                String loadBefore = BenchmarkReport.loadAverage();

                // Warm-up of both paths (JIT, connections, caches), not reported.
                wrk("warm-up", api, apiUrl, threads, connections, 10);
                wrk("warm-up", raw, rawUrl, threads, connections, 10);
                List<Run> runs = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    runs.add(wrk("API GET /v1/times/{time}?model=ukv&variable=air_temperature", api, apiUrl, threads, connections, seconds));
                    runs.add(wrk("DynamoDB Query files (same data)", raw, rawUrl, threads, connections, seconds));
                }
                BenchmarkReport.publish(report.docs, SECTION, section(runs, seeded, seconds, threads, connections, loadBefore,
                        BenchmarkReport.loadAverage()));
            }
        }
        return 0;
    }

    private static boolean wrkInstalled() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Rotates over the validity times, as the raw script does. */
    private static String apiScript(String key) {
        StringBuilder s = new StringBuilder("local paths = {\n");
        for (int h = 0; h < TIMES; h++) {
            s.append("  \"/v1/times/").append(FIRST_RUN.plusSeconds(3600L * h)).append("?model=ukv&variable=air_temperature\",\n");
        }
        s.append("}\nlocal i = 0\nwrk.headers[\"x-api-key\"] = \"").append(key).append("\"\n")
                .append("request = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n");
        return s.toString();
    }

    /**
     * The DynamoDB JSON protocol Query the service sends for those files (key condition on the time partition and
     * the model#variable prefix, newest first), with a well-formed but unchecked SigV4 header.
     */
    private static String rawScript(String table) {
        StringBuilder s = new StringBuilder("local bodies = {\n");
        for (int h = 0; h < TIMES; h++) {
            String t = FileItems.iso(FIRST_RUN.plusSeconds(3600L * h));
            String body = "{\"TableName\":\"" + table + "\",\"KeyConditionExpression\":\"#t = :t AND begins_with(#k, :p)\","
                    + "\"ExpressionAttributeNames\":{\"#t\":\"" + IndexSchema.FILES_PK + "\",\"#k\":\"" + IndexSchema.FILES_SK + "\"},"
                    + "\"ExpressionAttributeValues\":{\":t\":{\"S\":\"" + t + "\"},\":p\":{\"S\":\""
                    + FileItems.fileKeyPrefix("ukv", "air_temperature") + "\"}},\"ScanIndexForward\":false}";
            s.append("  [[").append(body).append("]],\n");
        }
        s.append("}\nlocal i = 0\n")
                .append("wrk.method = \"POST\"\n")
                .append("wrk.headers[\"Content-Type\"] = \"application/x-amz-json-1.0\"\n")
                .append("wrk.headers[\"X-Amz-Target\"] = \"DynamoDB_20120810.Query\"\n")
                .append("wrk.headers[\"X-Amz-Date\"] = \"20250614T000000Z\"\n")
                .append("wrk.headers[\"Authorization\"] = \"AWS4-HMAC-SHA256 Credential=isobarlocal/20250614/")
                .append(AwsSettings.LOCAL_REGION).append("/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, ")
                .append("Signature=0000000000000000000000000000000000000000000000000000000000000000\"\n")
                .append("request = function()\n  i = i % #bodies + 1\n  return wrk.format(nil, \"/\", nil, bodies[i])\nend\n");
        return s.toString();
    }

    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern MAX = Pattern.compile("^\\s*Latency\\s+\\S+\\s+\\S+\\s+([0-9.]+)(us|ms|s)", Pattern.MULTILINE);
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private static Run wrk(String name, Path script, String url, int threads, int connections, int seconds) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency",
                "-s", script.toString(), url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("wrk failed:\n" + out);
        }
        double p50 = Double.NaN;
        double p90 = Double.NaN;
        double p99 = Double.NaN;
        Matcher m = PERCENTILE.matcher(out);
        while (m.find()) {
            double ms = ms(m.group(2), m.group(3));
            switch (m.group(1)) {
                case "50" -> p50 = ms;
                case "90" -> p90 = ms;
                default -> p99 = ms;
            }
        }
        Matcher max = MAX.matcher(out);
        Matcher rate = RATE.matcher(out);
        Matcher total = TOTAL.matcher(out);
        Matcher non2xx = NON_2XX.matcher(out);
        Matcher socket = SOCKET.matcher(out);
        long errors = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        Run run = new Run(name, rate.find() ? Double.parseDouble(rate.group(1)) : Double.NaN, p50, p90, p99,
                max.find() ? ms(max.group(1), max.group(2)) : Double.NaN, total.find() ? Long.parseLong(total.group(1)) : 0, errors);
        System.out.printf(Locale.ROOT, "%-60s %8.0f req/s p50 %6.2f ms p90 %6.2f ms p99 %6.2f ms max %7.1f ms errors %d%n",
                run.name(), run.perSecond(), run.p50Ms(), run.p90Ms(), run.p99Ms(), run.maxMs(), run.errors());
        return run;
    }

    private static double ms(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    private static String section(List<Run> runs, int seeded, int seconds, int threads, int connections, String loadBefore,
            String loadAfter) {
        StringBuilder s = BenchmarkReport.header(SECTION, WrkComparison.class, "./isobar benchmark wrk");
        s.append("Machine: ").append(BenchmarkReport.machine()).append("; 1-minute load average ").append(loadBefore).append(" before, ").append(loadAfter).append(" after. ")
                .append("DynamoDB Local 2.6.1 (in memory) in a JVM of its own; the query service (default settings) in another; ")
                .append("`wrk -t").append(threads).append(" -c").append(connections).append(" -d").append(seconds)
                .append("s --latency` against each in turn, all on loopback and the same 2 CPUs. Data: ").append(seeded)
                .append(" files (the query benchmark's). Both paths ask for the UKV air temperature files valid at one of 24 times, ")
                .append("in rotation; the raw path is the DynamoDB Query the service itself sends.\n\n");
        s.append("| request | round | req/s | p50 ms | p90 ms | p99 ms | max ms | requests | errors |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            s.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.2f | %.1f | %d | %d |%n", r.name(), i / 2 + 1,
                    r.perSecond(), r.p50Ms(), r.p90Ms(), r.p99Ms(), r.maxMs(), r.requests(), r.errors()));
        }
        s.append("\n| round | API / raw throughput | API / raw p50 | API / raw p99 |\n|---:|---:|---:|---:|\n");
        for (int i = 0; i + 1 < runs.size(); i += 2) {
            Run a = runs.get(i);
            Run r = runs.get(i + 1);
            s.append(String.format(Locale.ROOT, "| %d | %.2fx | %.2fx | %.2fx |%n", i / 2 + 1, a.perSecond() / r.perSecond(),
                    a.p50Ms() / r.p50Ms(), a.p99Ms() / r.p99Ms()));
        }
        s.append("\nTargets: API throughput >= 2x the raw path's, API p99 <= the raw path's p99.\n");
        return s.toString();
    }
}
