package io.isobar.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.cli.local.LocalDefaults;
import io.isobar.cli.local.LocalProcess;
import io.isobar.cli.ops.IndexAudit;
import io.isobar.cli.ops.Redriver;
import io.isobar.index.IndexSchema;
import io.isobar.json.Json;
import io.isobar.model.MetOfficeKey;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficePublisher;
import io.isobar.simulator.SimulatedFile;
import io.isobar.simulator.SimulatorConfig;
import io.isobar.simulator.SyntheticField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code isobar benchmark chaos}: does every announced file end up indexed exactly once when the whole local
 * system is killed mid-stream and its S3 and DynamoDB go away for a while? The local system
 * ({@code isobar local --data-dir --control-stdin}) runs as a child JVM; this process uploads N files (1 % of them
 * poison: not netCDF), announces them at a steady rate with 10 % of the notifications sent twice, and as the index
 * grows: kills the child with SIGKILL at a fifth and at two fifths of the files indexed (restarting it on the same
 * directory each time; the announcements pause until it is up again, so that every event meets a stream), stops the child's DynamoDB emulator for 10 s at three fifths and its S3 emulator for 10 s at
 * four fifths ({@link io.isobar.cli.local.LocalControl}: the port refuses connections, the data stays). Then it
 * reports files indexed once, missing, doubled, error records, dead-letter queue depth, the job's restarts and the
 * time to drain.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Kills the whole local system twice and stops its DynamoDB and its S3 for 10 s each while files stream in.",
                "The local system runs as a child JVM; N files (1 %% poison, 10 %% duplicate notifications) are announced;",
                "reports files indexed, missing, doubled, error records, DLQ depth and the time to drain."})
public final class ChaosBenchmark implements Callable<Integer> {

    @Option(names = "--files", defaultValue = "500", description = "Files to announce (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--rate", defaultValue = "5", description = "Notifications sent per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The local system's data directory (default: a new temporary one).")
    Path dataDir;

    @Option(names = "--drain-limit-seconds", defaultValue = "600",
            description = "Give up waiting for the index to be exact after this long (default: ${DEFAULT-VALUE}).")
    long drainLimitSeconds;

    @Option(names = "--reconcile-on-restart", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Let the restarted system reconcile the source bucket (default: off: the durable queue and the"
                    + " checkpoint alone must keep every file; on, the first restart announces every staged object at once).")
    boolean reconcileOnRestart;

    private static final String KEY = "isb_chaos";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final Duration CONTROL_TIMEOUT = Duration.ofMinutes(1);

    /** A notification to send, and whether it is the second copy of one. */
    private record Notification(String body, boolean duplicate) {}

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("isobar-chaos-");
        Path log = dir.resolve("isobar-local.log");
        LocalProcess.Ports ports = LocalProcess.Ports.free();
        List<String> localArgs = List.of("--no-simulator", "--control-stdin",
                reconcileOnRestart ? "--reconcile-on-restart" : "--no-reconcile-on-restart");
        AwsSettings aws = ports.awsSettings();
        int poison = Math.max(1, files / 100);
        System.out.printf("isobar benchmark chaos: %d files (%d poison), 10 %% duplicate notifications at %.0f/s, 2 kill -9 of the"
                + " local system, 10 s outages of DynamoDB and S3, reconciliation on restart %s; data dir %s, its log %s%n", files, poison, rate,
                reconcileOnRestart ? "on" : "off", dir, log);

        long t0 = System.nanoTime();
        LocalProcess local = LocalProcess.start(dir, ports, KEY, localArgs, log, START_TIMEOUT);
        System.out.printf("local system up in %.1f s (pid %d)%n", (System.nanoTime() - t0) / 1e9, local.pid());
        try (S3Client s3 = AwsClients.s3(aws); SqsClient sqs = AwsClients.sqs(aws); DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws)) {
            List<Notification> notifications = stage(s3, files - poison, poison, dir);
            int duplicates = (int) notifications.stream().filter(Notification::duplicate).count();
            System.out.printf("staged %d objects, %d notifications (%d duplicates)%n", files, notifications.size(), duplicates);

            Sender sender = new Sender(sqs, ports.queueUrl(), notifications, rate);
            Thread sending = new Thread(sender, "chaos-sender");
            sending.setDaemon(true);
            long sendStart = System.nanoTime();
            sending.start();

            List<String> events = new ArrayList<>();
            for (int crash = 1; crash <= 2; crash++) {
                long indexed = waitForIndexed(dynamoDb, (long) files * crash / 5, Duration.ofMinutes(10));
                // Pause the announcements while the system is down: a restart on this loaded machine takes 40-160 s
                // (its queue is up long before its job), and sending on would leave no stream for the next events.
                sender.pause();
                local.kill();
                long killedAt = System.nanoTime();
                events.add(String.format("kill -9 #%d at %.1f s with %d files indexed, %d notifications sent", crash,
                        (killedAt - sendStart) / 1e9, indexed, sender.sent.get()));
                System.out.println(events.get(events.size() - 1));
                local = LocalProcess.start(dir, ports, KEY, localArgs, log, START_TIMEOUT);
                sender.resume();
                events.add(String.format("restart #%d up in %.1f s", crash, (System.nanoTime() - killedAt) / 1e9));
                System.out.println(events.get(events.size() - 1));
            }
            events.add(outage(local, "DynamoDB", dynamoDb, waitForIndexed(dynamoDb, (long) files * 3 / 5, Duration.ofMinutes(10)),
                    sendStart, sender));
            events.add(outage(local, "S3", dynamoDb, waitForIndexed(dynamoDb, (long) files * 4 / 5, Duration.ofMinutes(10)),
                    sendStart, sender));
            long lastRestart = System.nanoTime();

            sending.join(Duration.ofMinutes(30).toMillis());
            long sendEnd = System.nanoTime();
            System.out.printf("all %d notifications sent in %.1f s (%d send retries while the system was down)%n",
                    notifications.size(), (sendEnd - sendStart) / 1e9, sender.retries.get());

            IndexAudit.Result audit;
            long deadline = System.nanoTime() + Duration.ofSeconds(drainLimitSeconds).toNanos();
            do {
                Thread.sleep(1000);
                audit = IndexAudit.run(s3, dynamoDb, IndexSchema.TableNames.defaults(), LocalDefaults.SOURCE_BUCKET);
            } while (!(audit.missing() == 0 && audit.failed() >= poison && audit.indexedOnce() + audit.doubled() >= files - poison)
                    && System.nanoTime() < deadline);
            long drained = System.nanoTime();
            // The index can be exact while redelivered copies still wait in the queue (invisible until their
            // visibility timeout ends); they must be processed (de-duplicated) and deleted too.
            Redriver redriver = new Redriver(sqs, null);
            long queue;
            do {
                queue = redriver.depth(ports.queueUrl());
                if (queue > 0) {
                    Thread.sleep(1000);
                }
            } while (queue > 0 && System.nanoTime() < deadline);
            long emptied = System.nanoTime();
            long dlq = redriver.depth(LocalDefaults.queueUrl(LocalDefaults.endpoint(ports.sqs()), LocalDefaults.DEAD_LETTER_QUEUE));
            // Redelivered copies are de-duplicated: the audit again, once the queue is empty, finds no change.
            audit = IndexAudit.run(s3, dynamoDb, IndexSchema.TableNames.defaults(), LocalDefaults.SOURCE_BUCKET);

            System.out.println();
            System.out.println("| | |");
            System.out.println("|---|---|");
            System.out.printf("| files (good + poison) | %d + %d |%n", files - poison, poison);
            System.out.printf("| notifications (duplicates) | %d (%d) |%n", notifications.size(), duplicates);
            events.forEach(e -> System.out.printf("| event | %s |%n", e));
            System.out.printf("| indexed exactly once | %d of %d good |%n", audit.indexedOnce(), files - poison);
            System.out.printf("| missing | %d |%n", audit.missing());
            System.out.printf("| doubled | %d |%n", audit.doubled());
            System.out.printf("| files with an error record | %d (poison: %d) |%n", audit.failed(), poison);
            System.out.printf("| error records | %d (%d files with more than one) |%n", audit.errorRecords(), audit.repeatedErrors());
            System.out.printf("| DLQ depth | %d |%n", dlq);
            System.out.printf("| ingest queue depth at the end | %d |%n", queue);
            System.out.printf("| machine | %d CPUs, load average %.1f at the end |%n", Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf("| Flink job after the outages | %s |%n", jobHealth(ports.flinkUi()));
            System.out.printf("| time to drain: index exact | %.1f s after the S3 outage ended, %.1f s after the last send |%n",
                    (drained - lastRestart) / 1e9, Math.max(0, drained - sendEnd) / 1e9);
            System.out.printf("| time to drain: ingest queue empty | %.1f s after the S3 outage ended |%n", (emptied - lastRestart) / 1e9);
            if (!audit.missingSample().isEmpty()) {
                System.out.println("missing, e.g.: " + audit.missingSample());
            }
            boolean goal = audit.missing() == 0 && audit.doubled() == 0 && dlq == 0 && audit.failed() == poison
                    && audit.repeatedErrors() == 0 && audit.errorRecords() == poison;
            System.out.println(goal ? "GOAL MET: 0 missing, 0 doubled, one error record per poison file, DLQ empty"
                    : "GOAL NOT MET (see the table)");
            return goal ? 0 : 1;
        } finally {
            local.close();
        }
    }

    /**
     * A 10 s outage of one emulator of the running child system: stopped (connections refused, data kept), then started
     * again on the same port. The job has to ride it out; the sender keeps announcing meanwhile.
     */
    private static String outage(LocalProcess local, String service, DynamoDbClient dynamoDb, long indexed, long sendStart,
            Sender sender) throws IOException, InterruptedException {
        String name = service.toLowerCase(Locale.ROOT);
        int sentBefore = sender.sent.get();
        long stoppedAt = System.nanoTime();
        local.control("stop " + name, CONTROL_TIMEOUT);
        Thread.sleep(OUTAGE.toMillis());
        local.control("restart " + name, CONTROL_TIMEOUT);
        long down = System.nanoTime() - stoppedAt;
        // What got through while it was down: with DynamoDB down nothing can be written (the sink holds it); with S3
        // down no header can be read, so only files read before the outage can have been written meanwhile.
        long indexedAfter = waitForIndexed(dynamoDb, 0, Duration.ofMinutes(1));
        String event = String.format("%d s outage of %s at %.1f s with %d files indexed, %d notifications sent (down %.1f s;"
                        + " %d more sent meanwhile; %d files indexed just after it)",
                OUTAGE.toSeconds(), service, (stoppedAt - sendStart) / 1e9, indexed, sentBefore, down / 1e9,
                sender.sent.get() - sentBefore, indexedAfter);
        System.out.println(event);
        return event;
    }

    /**
     * The state of the local system's job and the failures in its exception history (since its last start, so both
     * outages are included; an outage ridden out inside the job leaves none), from the Flink REST API.
     */
    private static String jobHealth(int flinkUiPort) {
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI rest = LocalDefaults.endpoint(flinkUiPort);
            JsonNode job = get(http, rest.resolve("/jobs/overview")).get("jobs").get(0);
            JsonNode history = get(http, rest.resolve("/jobs/" + job.get("jid").asText() + "/exceptions?maxExceptions=100"))
                    .path("exceptionHistory").path("entries");
            StringBuilder out = new StringBuilder(job.get("state").asText()).append(", ").append(history.size())
                    .append(" failure(s) in its exception history since its last start");
            for (JsonNode entry : history) {
                out.append("; ").append(entry.path("exceptionName").asText());
            }
            return out.toString();
        } catch (IOException | RuntimeException e) {
            return "not readable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not read (interrupted)";
        }
    }

    private static JsonNode get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return Json.mapper().readTree(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Uploads the good files (small grid) and the poison ones, and returns their notifications, 10 % twice, shuffled. */
    private static List<Notification> stage(S3Client s3, int good, int poison, Path dir) throws IOException {
        Path work = Files.createDirectories(dir.resolve("chaos-files"));
        Instant firstRun = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));
        SimulatorConfig config = SimulatedRuns.runs(firstRun);
        MetOfficeFileWriter writer = new MetOfficeFileWriter(new SyntheticField(config.seed()));
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Notification> out = new ArrayList<>();
        Random random = new Random(42);
        int made = 0;
        for (long run = 0; made < good; run++) {
            for (ForecastFileSpec spec : config.filesOfRun(config.run(run), created)) {
                if (made == good) {
                    break;
                }
                SimulatedFile file = writer.write(spec, work.resolve("f.nc"));
                s3.putObject(b -> b.bucket(LocalDefaults.SOURCE_BUCKET).key(file.key()), file.path());
                add(out, s3, file.key(), random);
                made++;
            }
        }
        for (int i = 0; i < poison; i++) {
            // Named like a real file (it passes the allow-list), but not netCDF: the job must record it, once.
            String key = MetOfficeKey.path(MetOfficeKey.UK_DETERMINISTIC_FOLDER, firstRun.minus(Duration.ofDays(1)), 3600L * i,
                    "temperature_at_screen_level");
            s3.putObject(b -> b.bucket(LocalDefaults.SOURCE_BUCKET).key(key),
                    RequestBody.fromString("poison " + i + ": this is not a netCDF file", StandardCharsets.UTF_8));
            add(out, s3, key, random);
        }
        Collections.shuffle(out, random);
        return out;
    }

    private static void add(List<Notification> out, S3Client s3, String key, Random random) {
        var head = s3.headObject(b -> b.bucket(LocalDefaults.SOURCE_BUCKET).key(key));
        String body = MetOfficePublisher.s3Event(LocalDefaults.SOURCE_BUCKET, key, head.contentLength(), head.eTag(), Instant.now());
        out.add(new Notification(body, false));
        if (random.nextInt(10) == 0) {
            out.add(new Notification(body, true));
        }
    }

    private static long waitForIndexed(DynamoDbClient dynamoDb, long atLeast, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long indexed = 0;
        while (System.nanoTime() < deadline) {
            try {
                indexed = dynamoDb.scanPaginator(b -> b.tableName(IndexSchema.TableNames.defaults().files()).select("COUNT"))
                        .stream().mapToLong(page -> page.count()).sum();
                if (indexed >= atLeast) {
                    return indexed;
                }
            } catch (RuntimeException notReachable) {
                // the local system is restarting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("only " + indexed + " files indexed after " + limit + ", expected " + atLeast);
    }

    /**
     * Sends the notifications at a steady rate, waiting while paused (the local system is being restarted); a send
     * that fails is retried until the queue takes it.
     */
    private static final class Sender implements Runnable {
        private final SqsClient sqs;
        private final String queueUrl;
        private final List<Notification> notifications;
        private final long intervalNanos;
        final AtomicInteger sent = new AtomicInteger();
        final AtomicLong retries = new AtomicLong();
        private final Semaphore running = new Semaphore(1);

        Sender(SqsClient sqs, String queueUrl, List<Notification> notifications, double rate) {
            this.sqs = sqs;
            this.queueUrl = queueUrl;
            this.notifications = notifications;
            this.intervalNanos = rate <= 0 ? 0 : (long) (1e9 / rate);
        }

        void pause() throws InterruptedException {
            running.acquire();
        }

        void resume() {
            running.release();
        }

        @Override
        public void run() {
            long next = System.nanoTime();
            for (Notification notification : notifications) {
                try {
                    running.acquire();
                    running.release();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (System.nanoTime() - next > 1_000_000_000L) {
                    // After a pause, carry on at the same rate rather than catch up in one burst.
                    next = System.nanoTime();
                }
                while (true) {
                    try {
                        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(notification.body()));
                        sent.incrementAndGet();
                        break;
                    } catch (RuntimeException down) {
                        retries.incrementAndGet();
                        sleep(500_000_000L);
                    }
                }
                next += intervalNanos;
                sleep(next - System.nanoTime());
            }
        }

        private static void sleep(long nanos) {
            if (nanos > 0) {
                try {
                    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
