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
 * Plays the Met Office: writes forecast files in the real layout, uploads them to a bucket and announces
 * each on a queue as the feed does, run after run, on its own thread. Used by {@code ./isobar local}, the
 * tests and the benchmarks.
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
    private Thread thread;
    private Path workDir;
    private volatile boolean stopping;
    private long nextSlotNanos;

    /** A simulator with its own S3 and SQS clients for {@code aws} (closed with it). */
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
        LOG.info("Simulator starting: models {}, variables {}, steps {}..{}, {} files per run, runs from {} every {}"
                        + " ({}), grid {} x {}, {}, notifications {} to s3://{} / {}",
                config.models().stream().map(MetOfficeModel::shortName).toList(),
                config.variables().stream().map(Variable::parameter).toList(),
                config.forecastPeriods().get(0), config.forecastPeriods().get(config.forecastPeriods().size() - 1),
                config.filesPerRun(), config.firstRun(), config.runInterval(),
                (config.runCount() == 0 ? "endless" : config.runCount() + " runs") + (config.realTime() ? ", real time" : ""),
                config.grid().rows(), config.grid().columns(),
                config.filesPerSecond() == 0 ? "as fast as possible" : config.filesPerSecond() + " files/s",
                config.notificationStyle(), publisher.bucket(), publisher.queueUrl());
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
        Path path = workDir.resolve(ObjectKeys.key(stamped).replace('/', '_'));
        SimulatedFile file;
        long started = System.nanoTime();
        try {
            file = writer.write(stamped, path);
        } catch (IOException | RuntimeException e) {
            if (stopping) {
                throw new InterruptedException();
            }
            fail("writing " + ObjectKeys.key(stamped), e);
            return;
        }
        filesWritten.incrementAndGet();
        try {
            pace();
            String uri = new S3Uri(publisher.bucket(), file.key()).toString();
            String eTag;
            long uploading = System.nanoTime();
            try {
                eTag = publisher.upload(file.key(), file.path());
            } catch (SdkException e) {
                if (stopping || e instanceof AbortedException) {
                    throw new InterruptedException();
                }
                fail("uploading " + uri, e);
                return;
            }
            filesPublished.incrementAndGet();
            bytesPublished.addAndGet(file.size());
            LOG.debug("Published {} ({} bytes): written in {} ms, uploaded in {} ms", uri, file.size(),
                    (uploading - started) / 1_000_000, (System.nanoTime() - uploading) / 1_000_000);
            Instant now = Instant.now();
            pending.add(publisher.notificationBody(announcement(file), eTag, now));
            if (!batching() || pending.size() >= MetOfficePublisher.MAX_BATCH) {
                flush();
            }
            listener.filePublished(file, publisher.bucket());
        } finally {
            try {
                Files.deleteIfExists(file.path());
            } catch (IOException e) {
                LOG.warn("Could not delete temporary file {}: {}", file.path(), e.toString());
            }
        }
    }

    private Announcement announcement(SimulatedFile file) {
        ForecastFileSpec spec = file.spec();
        Variable v = spec.variable();
        List<Long> periodBounds = spec.hasBounds()
                ? List.of(spec.forecastPeriod().minus(v.cellPeriod()).getSeconds(), spec.forecastPeriod().getSeconds())
                : List.of();
        List<Double> heights = v.levels() != null && !v.levels().isPressure() ? v.levels().values() : List.of();
        List<Double> pressures = v.levels() != null && v.levels().isPressure() ? v.levels().values() : List.of();
        return new Announcement(spec.model().metOfficeId(), publisher.bucket(), file.key(), file.size(), v.name(),
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
