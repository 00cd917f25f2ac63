package io.isobar.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.aws.S3Uri;
import io.isobar.notification.MetOfficeNotifications.Announcement;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Plays the Met Office: writes forecast files in the real layout, uploads them to a bucket (each product's own, as
 * today's feed does, or one given bucket) and announces each on a queue as the feed does, run after run, on its own
 * thread. Used by {@code ./isobar local}, the tests and the benchmarks. {@link #status()} says what it is doing.
 *
 * <p>Failures (a write, an upload, a send) are logged, counted and reported to the listener; the simulator
 * carries on. A file whose upload failed is not announced. {@link #close()} stops it promptly (the
 * thread is interrupted and joined) and removes its temporary files. The bucket and queue must exist.
 */
public final class Simulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    private final SimulatorConfig config;
    private final S3Client s3;
    private final SqsClient sqs;
    private final MetOfficePublisher publisher;
    private final MetOfficeFileWriter writer;
    private final SimulatorListener listener;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);

    private final AtomicLong filesWritten = new AtomicLong();
    private final AtomicLong filesPublished = new AtomicLong();
    private final AtomicLong bytesPublished = new AtomicLong();
    private final AtomicLong notificationsSent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong runsCompleted = new AtomicLong();

    private final List<String> pending = new ArrayList<>();
    /** The one bucket every file goes to, or null: each product's own bucket. */
    private final String bucket;
    private final Map<MetOfficeModel, Progress> progress = new ConcurrentHashMap<>();
    private volatile FeedPlan plan;
    private volatile Instant startedAt;
    private volatile Instant nextDue;
    private volatile int backlog;
    private Thread thread;
    private Path workDir;
    private volatile boolean stopping;
    private long nextSlotNanos;

    /**
     * A simulator with its own S3 and SQS clients for {@code aws} (closed with it).
     *
     * @param bucket the bucket every file goes to, or null to put each product's files in its own bucket (today's
     *     names, {@link io.isobar.model.MetOfficeProduct#bucket()}), which must exist
     */
    public Simulator(AwsSettings aws, String bucket, String queueUrl, SimulatorConfig config) {
        this(aws, bucket, queueUrl, config, new SimulatorListener() {});
    }

    /** As {@link #Simulator(AwsSettings, String, String, SimulatorConfig)}, telling {@code listener} what happens. */
    public Simulator(AwsSettings aws, String bucket, String queueUrl, SimulatorConfig config, SimulatorListener listener) {
        this(AwsClients.s3(aws), AwsClients.sqs(aws), bucket, queueUrl, config, listener);
        owned.add(s3);
        owned.add(sqs);
    }

    /** A simulator on the given clients, which it does not close. */
    public Simulator(S3Client s3, SqsClient sqs, String bucket, String queueUrl, SimulatorConfig config,
                     SimulatorListener listener) {
        this.config = config;
        this.listener = listener;
        this.s3 = s3;
        this.sqs = sqs;
        this.bucket = bucket;
        this.publisher = new MetOfficePublisher(s3, sqs, bucket, queueUrl, config.notificationStyle());
        this.writer = new MetOfficeFileWriter(new SyntheticField(config.seed()));
    }

    public SimulatorConfig config() {
        return config;
    }

    /** The field the files' values come from, so callers can compute what a file holds. */
    public SyntheticField field() {
        return writer.field();
    }

    /**
     * Starts publishing on a new thread.
     *
     * @throws IllegalStateException when already started or closed
     * @throws UncheckedIOException when the temporary directory cannot be created
     */
    public synchronized Simulator start() {
        if (thread != null || stopping) {
            throw new IllegalStateException("simulator already " + (stopping ? "closed" : "started"));
        }
        try {
            workDir = Files.createTempDirectory("isobar-simulator-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the simulator's temporary directory", e);
        }
        startedAt = Instant.now();
        LOG.info("Simulator starting: {}", describe());
        thread = new Thread(this::runLoop, "isobar-simulator");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * Waits until every configured run is published (never, for endless runs) or the simulator is closed.
     *
     * @return true when finished within {@code timeout}
     */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True between {@link #start()} and the end of the last run or {@link #close()}. */
    public boolean isRunning() {
        return thread != null && done.getCount() > 0;
    }

    /** What the simulator publishes, in a sentence: for logs and the local stack's banner. */
    public String describe() {
        String products = config.models().stream().map(MetOfficeModel::shortName).collect(java.util.stream.Collectors.joining(", "));
        String rate = config.filesPerSecond() == 0 ? "as fast as possible" : "at most " + config.filesPerSecond() + " files/s";
        String where = (bucket != null ? "all in s3://" + bucket : "each product in its own bucket")
                + (config.keys() == ObjectKeys.KeyStyle.TODAY ? " under today's keys" : " under the retired <sha1>.nc keys");
        String how = switch (config.notificationStyle()) {
            case S3_EVENT_SNS -> "announced as S3 events on <bucket>-object_created";
            case S3_EVENT_RAW -> "announced as raw S3 events";
            case MET_OFFICE_SNS -> "announced in the retired Met Office JSON, SNS-wrapped";
            case MET_OFFICE_RAW -> "announced in the retired Met Office JSON, raw";
        };
        if (config.schedule() == SimulatorConfig.Schedule.FEED) {
            long perDay = filesPerDay();
            return String.format(java.util.Locale.ROOT, "%d product%s (%s) on their real run schedules at %s of the real"
                    + " feed: about %,d files a day (%.1f a minute), each run spread until the next, without end; %s while"
                    + " catching up; %s, %s", config.models().size(), config.models().size() == 1 ? "" : "s", products,
                    percent(config.scale()), perDay, perDay / 1440.0, rate, where, how);
        }
        return String.format(java.util.Locale.ROOT, "%s, variables %s, %d files a run, runs from %s every %s (%s%s), grid %s,"
                        + " %s; %s, %s", products, config.variables().stream().map(Variable::parameter).toList(),
                config.filesPerRun(), config.firstRun(), config.runInterval(),
                config.runCount() == 0 ? "endless" : config.runCount() + " runs", config.realTime() ? ", real time" : "",
                config.grid().describe(), rate, where, how);
    }

    /** How many files a day the FEED schedule publishes: every product's runs of a day. */
    public long filesPerDay() {
        Instant day = config.firstRun().truncatedTo(ChronoUnit.DAYS);
        long files = 0;
        for (MetOfficeModel model : config.models()) {
            for (int hour : model.product().runHours()) {
                files += config.filesOfRun(model, day.plus(Duration.ofHours(hour)), day).size();
            }
        }
        return files;
    }

    private static String percent(double scale) {
        return new java.math.BigDecimal(scale * 100).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString() + "%";
    }

    /** What the simulator is doing now: per product, what it has published and which run; what is due next. */
    public SimulatorStatus status() {
        Map<String, SimulatorStatus.Product> products = new java.util.LinkedHashMap<>();
        FeedPlan feed = plan;
        for (MetOfficeModel model : config.models()) {
            Progress p = progress.get(model);
            Instant run = p == null ? null : p.run;
            products.put(model.shortName(), new SimulatorStatus.Product(model.product().bucket(), p == null ? 0 : p.files.get(),
                    p == null ? null : p.last, run, p == null ? 0 : p.ofRun, p == null ? 0 : p.runSize,
                    feed == null ? null : feed.nextRun(model)));
        }
        SimulatorStats s = stats();
        return new SimulatorStatus(config.schedule(), isRunning(), startedAt, s.filesPublished(), s.failures(), nextDue,
                backlog, products);
    }

    public SimulatorStats stats() {
        return new SimulatorStats(filesWritten.get(), filesPublished.get(), bytesPublished.get(), notificationsSent.get(),
                failures.get(), runsCompleted.get());
    }

    /** Stops promptly: interrupts the thread, waits for it, deletes temporary files, closes owned clients. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            stopping = true;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("Simulator thread did not stop within {}", JOIN_TIMEOUT);
            }
        }
        done.countDown();
        deleteWorkDir();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Could not close {}: {}", c, e.toString());
            }
        }
        owned.clear();
        if (t != null) {
            SimulatorStats s = stats();
            LOG.info("Simulator stopped: {} files ({} MB) published, {} notifications, {} failures, {} runs",
                    s.filesPublished(), s.bytesPublished() / 1_000_000, s.notificationsSent(), s.failures(), s.runsCompleted());
        }
    }

    private void runLoop() {
        try {
            if (config.schedule() == SimulatorConfig.Schedule.FEED) {
                feedLoop();
                return;
            }
            for (long k = 0; config.runCount() == 0 || k < config.runCount(); k++) {
                Instant run = config.run(k);
                if (config.realTime()) {
                    sleepUntil(run);
                }
                if (stopping) {
                    return;
                }
                publishRun(run);
            }
            LOG.info("Simulator finished: all {} run(s) published", config.runCount());
        } catch (InterruptedException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            if (!stopping) {
                LOG.error("Simulator stopped by an unexpected error", e);
            }
        } finally {
            announcePending();
            done.countDown();
        }
    }

    /** Uploaded files must not go unannounced because we were asked to stop between batches. */
    private void announcePending() {
        if (pending.isEmpty()) {
            return;
        }
        int count = pending.size();
        boolean interrupted = Thread.interrupted();
        try {
            flush();
        } catch (InterruptedException | RuntimeException e) {
            LOG.warn("Simulator stopped with {} notification(s) of uploaded files unsent: {}", count, e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The FEED schedule: each product's files when they are due, for ever (see {@link FeedPlan}). */
    private void feedLoop() throws InterruptedException {
        FeedPlan feed = new FeedPlan(config, Instant.now());
        plan = feed;
        Map<MetOfficeModel, Long> runStarted = new java.util.EnumMap<>(MetOfficeModel.class);
        Map<MetOfficeModel, Long> failuresAtStart = new java.util.EnumMap<>(MetOfficeModel.class);
        while (!stopping) {
            FeedPlan.Due due = feed.next(Instant.now());
            nextDue = due.at();
            backlog = feed.backlog(Instant.now());
            if (due.at().isAfter(Instant.now())) {
                // Nothing is due: announce what waited, then wait for the next file's time.
                flush();
                long millis = Duration.between(Instant.now(), due.at()).toMillis();
                if (millis > 0) {
                    Thread.sleep(millis);
                }
            }
            if (due.index() == 0) {
                runStarted.put(due.model(), System.nanoTime());
                failuresAtStart.put(due.model(), failures.get());
            }
            publishFile(due.spec());
            Progress p = progress.computeIfAbsent(due.model(), m -> new Progress());
            p.run = due.run();
            p.ofRun = due.index() + 1;
            p.runSize = due.of();
            if (due.index() == due.of() - 1) {
                flush();
                runsCompleted.incrementAndGet();
                long started = runStarted.getOrDefault(due.model(), System.nanoTime());
                int failed = (int) (failures.get() - failuresAtStart.getOrDefault(due.model(), failures.get()));
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                LOG.info("Published {} run {}: {} files in {} s, {} failures", due.model().shortName(), due.run(), due.of(),
                        took.toSeconds(), failed);
                listener.runCompleted(due.run(), due.of(), failed, took);
            }
        }
    }

    private void publishRun(Instant run) throws InterruptedException {
        long started = System.nanoTime();
        long failuresBefore = failures.get();
        long bytesBefore = bytesPublished.get();
        List<ForecastFileSpec> files = config.filesOfRun(run, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        for (ForecastFileSpec spec : files) {
            if (stopping || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            publishFile(spec);
        }
        flush();
        runsCompleted.incrementAndGet();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        int failed = (int) (failures.get() - failuresBefore);
        LOG.info("Published run {}: {} files, {} MB in {} s, {} failures", run, files.size(),
                (bytesPublished.get() - bytesBefore) / 1_000_000, took.toMillis() / 1000.0, failed);
        listener.runCompleted(run, files.size(), failed, took);
    }

    private void publishFile(ForecastFileSpec spec) throws InterruptedException {
        // Each file gets a fresh creation time, as the real ones do.
        ForecastFileSpec stamped = new ForecastFileSpec(spec.model(), spec.variable(), spec.forecastReferenceTime(),
                spec.forecastPeriod(), spec.realizations(), spec.grid(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        String target = bucket != null ? bucket : stamped.model().product().bucket();
        String key = ObjectKeys.key(stamped, config.keys(), target);
        Path path = workDir.resolve(key.replace('/', '_'));
        SimulatedFile file;
        long started = System.nanoTime();
        try {
            SimulatedFile written = writer.write(stamped, path);
            file = new SimulatedFile(written.spec(), key, written.path(), written.size());
        } catch (IOException | RuntimeException e) {
            if (stopping) {
                throw new InterruptedException();
            }
            fail("writing " + key, e);
            return;
        }
        filesWritten.incrementAndGet();
        try {
            pace();
            String uri = new S3Uri(target, file.key()).toString();
            String eTag;
            long uploading = System.nanoTime();
            try {
                eTag = publisher.upload(target, file.key(), file.path());
            } catch (SdkException e) {
                if (stopping || e instanceof AbortedException) {
                    throw new InterruptedException();
                }
                fail("uploading " + uri, e);
                return;
            }
            filesPublished.incrementAndGet();
            bytesPublished.addAndGet(file.size());
            Progress p = progress.computeIfAbsent(stamped.model(), m -> new Progress());
            p.files.incrementAndGet();
            p.last = Instant.now();
            LOG.debug("Published {} ({} bytes): written in {} ms, uploaded in {} ms", uri, file.size(),
                    (uploading - started) / 1_000_000, (System.nanoTime() - uploading) / 1_000_000);
            Instant now = Instant.now();
            pending.add(publisher.notificationBody(announcement(file, target), eTag, now));
            if (!batching() || pending.size() >= MetOfficePublisher.MAX_BATCH) {
                flush();
            }
            listener.filePublished(file, target);
        } finally {
            try {
                Files.deleteIfExists(file.path());
            } catch (IOException e) {
                LOG.warn("Could not delete temporary file {}: {}", file.path(), e.toString());
            }
        }
    }

    private Announcement announcement(SimulatedFile file, String target) {
        ForecastFileSpec spec = file.spec();
        Variable v = spec.variable();
        List<Long> periodBounds = spec.hasBounds()
                ? List.of(spec.forecastPeriod().minus(v.cellPeriod()).getSeconds(), spec.forecastPeriod().getSeconds())
                : List.of();
        List<Double> heights = v.levels() != null && !v.levels().isPressure() ? v.levels().values() : List.of();
        List<Double> pressures = v.levels() != null && v.levels().isPressure() ? v.levels().values() : List.of();
        return new Announcement(spec.model().metOfficeId(), target, file.key(), file.size(), spec.dataVariable(),
                v.longName(), spec.forecastReferenceTime(), spec.forecastPeriod().getSeconds(), spec.time(), periodBounds,
                heights, pressures, spec.realizations(), v.cellMethods(), spec.createdTime());
    }

    private boolean batching() {
        return config.filesPerSecond() == 0 || config.filesPerSecond() > MetOfficePublisher.MAX_BATCH;
    }

    private void flush() throws InterruptedException {
        if (pending.isEmpty()) {
            return;
        }
        List<String> bodies = List.copyOf(pending);
        pending.clear();
        try {
            List<String> rejected = publisher.send(bodies);
            notificationsSent.addAndGet(bodies.size() - rejected.size());
            for (String r : rejected) {
                fail("sending a notification to " + publisher.queueUrl() + " (" + r + ")", null);
            }
        } catch (SdkException e) {
            if (stopping || e instanceof AbortedException) {
                throw new InterruptedException();
            }
            failures.addAndGet(bodies.size() - 1L); // fail() counts the last one
            fail("sending " + bodies.size() + " notification(s) to " + publisher.queueUrl(), e);
        }
    }

    private void fail(String what, Exception e) {
        failures.incrementAndGet();
        LOG.error("Simulator failed {}: {}", what, e == null ? "rejected by the queue" : e.toString());
        listener.failed(what, e);
    }

    /** Waits for the next upload slot; after a stall it does not burst to catch up. */
    private void pace() throws InterruptedException {
        if (config.filesPerSecond() <= 0) {
            return;
        }
        long interval = (long) (1e9 / config.filesPerSecond());
        long now = System.nanoTime();
        if (nextSlotNanos == 0 || nextSlotNanos < now - interval) {
            nextSlotNanos = now;
        }
        long wait = nextSlotNanos - now;
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        nextSlotNanos += interval;
    }

    /** What has been published of one product, for {@link #status()}. */
    private static final class Progress {
        final AtomicLong files = new AtomicLong();
        volatile Instant last;
        volatile Instant run;
        volatile int ofRun;
        volatile int runSize;
    }

    private void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            LOG.info("Simulator waiting {} s for run {}", millis / 1000, when);
            Thread.sleep(millis);
        }
    }

    private void deleteWorkDir() {
        if (workDir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(workDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("Could not delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not clean up {}: {}", workDir, e.toString());
        }
    }
}
