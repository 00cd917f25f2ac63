package io.isobar.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.isobar.aws.AwsClients;
import io.isobar.aws.S3Uri;
import io.isobar.cli.local.LocalDefaults;
import io.isobar.cli.local.LocalStack;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.json.Json;
import io.isobar.simulator.SimulatedFile;
import io.isobar.simulator.SimulatorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * {@code isobar benchmark ingest}: the ingest path's throughput, freshness and header cost on the local
 * stack (emulators, the Flink job on a MiniCluster, the query API), all in this JVM on free ports.
 *
 * <ol>
 *   <li>The simulator writes the files and uploads them; their notifications go to a staging queue, so the
 *       cost of making files is not billed to the pipeline.</li>
 *   <li><b>Throughput</b>: all notifications are moved to the ingest queue at once; files/s is the count
 *       over the time from the first send to the last index entry.</li>
 *   <li><b>Freshness</b>: a second set is sent at a fixed rate; for each file, the time from its send to
 *       the moment {@code GET /v1/times/{time}} lists it.</li>
 *   <li><b>Header cost</b>: S3 GETs and bytes per header read, from the job's own metrics.</li>
 * </ol>
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Measures ingest throughput, freshness (notification sent -> visible in the API) and header cost.")
public final class IngestBenchmark implements Callable<Integer> {

    @Option(names = "--files", defaultValue = "1000", description = "Files for the throughput phase (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--freshness-files", defaultValue = "300",
            description = "Files for the freshness phase (default: ${DEFAULT-VALUE}).")
    int freshnessFiles;

    @Option(names = "--rate", defaultValue = "20", description = "Offered load in the freshness phase, files/s (default: ${DEFAULT-VALUE}).")
    double rate;

    @Mixin
    SimulatedRuns.GridOption grid;

    @Option(names = "--mixed", description = "A mixed-product burst: whole runs of UKV, MOGREPS-UK, global and MOGREPS-G, "
            + "with files/s per product (default: UKV and MOGREPS-UK).")
    boolean mixed;

    private static final String KEY = "isb_benchmark";

    @Override
    public Integer call() throws Exception {
        System.out.printf("isobar benchmark ingest: %d + %d files on a %s grid, freshness at %.0f files/s%n", files, freshnessFiles,
                grid.grid, rate);
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(0, 0, 0, 0, 0, null, KEY, null));
                SqsClient sqs = AwsClients.sqs(stack.settings());
                DynamoDbClient dynamoDb = AwsClients.dynamoDb(stack.settings())) {
            int apiPort = stack.apiPort();
            FlinkMetrics metrics = new FlinkMetrics(stack.flink().restAddress(), stack.flink().jobId().toHexString());
            String staging = sqs.createQueue(b -> b.queueName("benchmark-staging")).queueUrl();

            System.out.println("generating " + (files + freshnessFiles) + " files...");
            List<Staged> throughputSet = stage(stack, sqs, staging, files, Instant.parse("2026-01-01T00:00:00Z"));
            List<Staged> freshnessSet = stage(stack, sqs, staging, freshnessFiles, Instant.parse("2027-01-01T00:00:00Z"));

            // Throughput
            long start = System.nanoTime();
            sendAll(sqs, stack.queueUrl(), throughputSet.stream().map(Staged::body).toList());
            long sent = System.nanoTime();
            waitForCount(dynamoDb, metrics, files, Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("throughput: %d files indexed in %.1f s = %.1f files/s (notifications sent in %.1f s)%n", files,
                    seconds, files / seconds, (sent - start) / 1e9);
            perProduct(dynamoDb, Instant.now().minusNanos(System.nanoTime() - start));

            Thread.sleep(2_000); // metrics reach the REST API once a second (flink-conf/local)
            long reads = metrics.sum("Read header", "headerReads");
            long gets = metrics.sum("Read header", "s3GetRequests");
            long bytes = metrics.sum("Read header", "s3BytesRead");
            System.out.printf("header cost: %d header reads, %.2f GETs and %.0f bytes per header%n", reads,
                    (double) gets / reads, (double) bytes / reads);

            // Freshness
            double[] latencies = freshness(sqs, stack.queueUrl(), freshnessSet, apiPort);
            System.out.printf("freshness at %.0f files/s (%d files): p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms%n", rate,
                    latencies.length, Percentiles.of(latencies, 0.50), Percentiles.of(latencies, 0.95), Percentiles.of(latencies, 0.99),
                    Percentiles.of(latencies, 1.0));
        }
        return 0;
    }

    /**
     * Each product's files of the throughput phase and its rate: its files over the time from the first notification
     * sent to its last file indexed (the products share the job, so the rates add up to about the total).
     */
    private static void perProduct(DynamoDbClient dynamoDb, Instant started) {
        Map<String, List<Instant>> indexed = new java.util.TreeMap<>();
        dynamoDb.scanPaginator(b -> b.tableName(IndexSchema.TableNames.defaults().files())).items().stream()
                .map(FileItems::fromItem).filter(f -> f.indexedAt() != null)
                .forEach(f -> indexed.computeIfAbsent(f.model(), k -> new ArrayList<>()).add(f.indexedAt()));
        indexed.forEach((model, times) -> {
            Instant last = times.stream().max(Instant::compareTo).orElseThrow();
            double seconds = Duration.between(started, last).toMillis() / 1e3;
            System.out.printf("  %-12s %5d files, last indexed after %.1f s: %.1f files/s%n", model, times.size(), seconds,
                    times.size() / seconds);
        });
    }

    private record Staged(SimulatedFile file, String body) {
        String sourceUri() {
            return new S3Uri(LocalDefaults.SOURCE_BUCKET, file.key()).toString();
        }
    }

    /** Publishes {@code count} files with the simulator, their notifications parked on the staging queue. */
    private List<Staged> stage(LocalStack stack, SqsClient sqs, String staging, int count, Instant firstRun) throws Exception {
        Map<String, SimulatedFile> byKey = new ConcurrentHashMap<>();
        SimulatorConfig config = grid.covering(firstRun, count, mixed ? SimulatedRuns.MIXED : SimulatedRuns.UK);
        SimulatedRuns.publish(stack.settings(), LocalDefaults.SOURCE_BUCKET, staging, config,
                file -> byKey.put(file.key(), file));
        List<Staged> staged = new ArrayList<>();
        while (staged.size() < byKey.size()) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(staging).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                JsonNode inner = Json.mapper().readTree(Json.mapper().readTree(m.body()).get("Message").asText());
                staged.add(new Staged(byKey.get(inner.get("key").asText()), m.body()));
                sqs.deleteMessage(b -> b.queueUrl(staging).receiptHandle(m.receiptHandle()));
            }
        }
        return staged.subList(0, Math.min(count, staged.size()));
    }

    private static void sendAll(SqsClient sqs, String queueUrl, List<String> bodies) {
        for (int i = 0; i < bodies.size(); i += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int j = i; j < Math.min(i + 10, bodies.size()); j++) {
                batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(j)).messageBody(bodies.get(j)).build());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
        }
    }

    /**
     * Waits until {@code expected} entries are in the files table. The job's own counter is watched first (a
     * cheap REST call), so the COUNT scans, which load DynamoDB Local, only run for the last stretch.
     */
    private static void waitForCount(DynamoDbClient dynamoDb, FlinkMetrics metrics, int expected, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (metrics.sum("Split outcomes", "filesIndexed") < expected * 0.9 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        String table = IndexSchema.TableNames.defaults().files();
        while (true) {
            int count = dynamoDb.scanPaginator(b -> b.tableName(table).select("COUNT")).stream().mapToInt(r -> r.count()).sum();
            if (count >= expected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + count + " of " + expected + " files indexed after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** Sends at the fixed rate while polling the API; returns each file's sent-to-visible latency in ms. */
    private double[] freshness(SqsClient sqs, String queueUrl, List<Staged> set, int apiPort) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> visibleAt = new ConcurrentHashMap<>();
        Map<String, String> timeOf = new ConcurrentHashMap<>();
        HttpClient http = HttpClient.newHttpClient();
        Thread poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted() && visibleAt.size() < set.size()) {
                Set<String> times = new HashSet<>();
                sentAt.keySet().stream().filter(u -> !visibleAt.containsKey(u)).forEach(u -> times.add(timeOf.get(u)));
                for (String time : times) {
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                                "http://" + LocalDefaults.HOST + ":" + apiPort + "/v1/times/" + time + "?limit=1000")).header("x-api-key", KEY).build(),
                                HttpResponse.BodyHandlers.ofString());
                        long now = System.nanoTime();
                        if (r.statusCode() == 200) {
                            for (String uri : Json.mapper().readTree(r.body()).findValuesAsText("source_uri")) {
                                if (sentAt.containsKey(uri)) {
                                    visibleAt.putIfAbsent(uri, now);
                                }
                            }
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // keep polling; a failed poll only delays what we see
                    }
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "freshness-poller");
        poller.start();
        long intervalNanos = (long) (1e9 / rate);
        long next = System.nanoTime();
        for (Staged s : set) {
            while (System.nanoTime() < next) {
                Thread.sleep(1);
            }
            timeOf.put(s.sourceUri(), FileItems.iso(s.file().time()));
            sentAt.put(s.sourceUri(), System.nanoTime());
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(s.body()));
            next += intervalNanos;
        }
        poller.join(Duration.ofMinutes(5).toMillis());
        poller.interrupt();
        if (visibleAt.size() < set.size()) {
            throw new IllegalStateException("only " + visibleAt.size() + " of " + set.size() + " files became visible");
        }
        return set.stream().mapToDouble(s -> (visibleAt.get(s.sourceUri()) - sentAt.get(s.sourceUri())) / 1e6).toArray();
    }
}
