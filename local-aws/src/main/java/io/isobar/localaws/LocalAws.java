package io.isobar.localaws;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process S3, SQS and DynamoDB emulators listening on loopback, for the local stack and integration tests.
 *
 * <pre>{@code
 * try (LocalAws aws = LocalAws.builder().start()) {       // free ports, in memory
 *     S3Client s3 = S3Client.builder()
 *             .endpointOverride(aws.s3Endpoint()).forcePathStyle(true)
 *             .region(Region.of(LocalAws.REGION))
 *             .credentialsProvider(StaticCredentialsProvider.create(
 *                     AwsBasicCredentials.create(LocalAws.ACCESS_KEY_ID, LocalAws.SECRET_ACCESS_KEY)))
 *             .build();
 * }
 * }</pre>
 *
 * <p>Clients may use any region and any credentials: no emulator checks signatures. (DynamoDB Local does check the
 * shape of the access key id: letters and digits only, so {@code AKIA...}-style ids and {@link #ACCESS_KEY_ID} work
 * but {@code "my-key"} is rejected as invalid.) S3 clients must use path-style addressing
 * ({@code forcePathStyle(true)}), since bucket host names do not resolve to loopback. Every emulator listens on the
 * builder's host only ({@code 127.0.0.1} by default), never on all interfaces.
 *
 * <p>What each emulator is, and how it differs from AWS:
 * <ul>
 *   <li><b>S3</b>: <a href="https://github.com/Robothy/local-s3">local-s3</a> 2.4. ETags come back
 *       <em>unquoted</em> (AWS quotes them): compare them after stripping quotes. {@code UploadPartCopy} answers
 *       501 Not Implemented, so copies must use {@code CopyObject} (fine below S3's 5 GB single-copy limit).
 *       Ranged GETs answer 206 with a {@code Content-Range: bytes first-last/total} header. Request bodies are
 *       held in memory while they are handled. local-s3 logs every error answer, even a 404 to a HEAD, as an ERROR
 *       with a stack trace on logger {@code com.robothy.netty.codec.HttpMessageHandler}: turn that logger off.
 *       With a data directory, objects persist under {@code s3/}; each bucket's object list is one JSON file that local-s3
 *       rewrites in place, so {@link LocalS3Services} makes those writes atomic (a {@code kill -9} mid-write would
 *       otherwise lose the bucket).</li>
 *   <li><b>SQS</b>: ElasticMQ 1.7.1 (AWS JSON and query protocols, dead-letter queues, long polling, FIFO).
 *       In memory without a data directory; with one, queues and messages (with their receive counts and
 *       visibility) are kept in an H2 database under {@code sqs/} through ElasticMQ's own SQL message store, each
 *       change written before the request is answered, so they survive a restart and a {@code kill -9}. ElasticMQ's
 *       store is JVM-wide: only one emulator per JVM at a time may have a data directory.
 *       Queue URLs and ARNs use region {@link #REGION} and account {@link #ACCOUNT_ID}.</li>
 *   <li><b>DynamoDB</b>: DynamoDB Local 2.6.1, always with {@code -disableTelemetry} (whatever
 *       {@code DDB_LOCAL_TELEMETRY} says) and {@code -sharedDb} (one database for every access key and region).
 *       {@code -inMemory} without a data directory, else tables persist in {@code dynamodb/}. It finds its
 *       SQLite native library itself (it extracts it from its own jar into {@code java.io.tmpdir}).</li>
 * </ul>
 *
 * <p>{@link #close()} stops all three within a few seconds and leaves no non-daemon thread behind, so a JVM that
 * used it can exit normally.
 */
public final class LocalAws implements AutoCloseable {

    /** The region the SQS emulator puts in queue ARNs; clients may use any region. */
    public static final String REGION = "eu-west-2";
    /** The account id in SQS queue URLs and ARNs. */
    public static final String ACCOUNT_ID = "000000000000";
    /** An access key id for clients; the emulators accept any made of letters and digits. */
    public static final String ACCESS_KEY_ID = "local";
    /** A secret access key for clients; the emulators accept any. */
    public static final String SECRET_ACCESS_KEY = "local";

    private static final Logger LOG = LoggerFactory.getLogger(LocalAws.class);
    private static final int MAX_NAME_LENGTH = 63;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final LocalS3Emulator s3;
    private final SqsEmulator sqs;
    private final DynamoDbEmulator dynamoDb;
    private final Path dataDir;
    private final Object closeLock = new Object();
    private boolean closed;

    private LocalAws(LocalS3Emulator s3, SqsEmulator sqs, DynamoDbEmulator dynamoDb, Path dataDir) {
        this.s3 = s3;
        this.sqs = sqs;
        this.dynamoDb = dynamoDb;
        this.dataDir = dataDir;
    }

    /** A builder with the defaults: host {@code 127.0.0.1}, free ports, in memory. */
    public static Builder builder() {
        return new Builder();
    }

    /** The S3 endpoint, e.g. {@code http://127.0.0.1:41234}; use path-style addressing. */
    public URI s3Endpoint() {
        return s3.endpoint();
    }

    /** The SQS endpoint, e.g. {@code http://127.0.0.1:41235}. */
    public URI sqsEndpoint() {
        return sqs.endpoint();
    }

    /** The DynamoDB endpoint, e.g. {@code http://127.0.0.1:41236}. */
    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    /** The directory S3 objects, SQS messages and DynamoDB tables persist in, or empty when everything is in memory. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /**
     * A fresh name, unique with overwhelming probability, that is valid as an S3 bucket, an SQS queue and a
     * DynamoDB table name: the prefix lower-cased with anything but letters, digits and hyphens turned into
     * hyphens, then a hyphen and 12 random hex digits, at most 63 characters in all.
     */
    public static String uniqueName(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        String cleaned = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        int room = MAX_NAME_LENGTH - suffix.length() - 1;
        if (cleaned.length() > room) {
            cleaned = cleaned.substring(0, room).replaceAll("-+$", "");
        }
        // Bucket names must start with a letter or digit and be at least 3 characters long.
        return cleaned.isEmpty() ? "t-" + suffix : cleaned + "-" + suffix;
    }

    /**
     * Makes S3 unreachable, as in an outage: the port refuses connections and open ones are dropped; the data stays.
     * {@link #restartS3()} ends the outage.
     */
    public void stopS3() {
        s3.stop();
    }

    /** Ends an outage begun with {@link #stopS3()}: S3 listens again on the same endpoint, with the same data. */
    public void restartS3() {
        s3.restart();
    }

    /**
     * Makes DynamoDB unreachable, as in an outage: the port refuses connections and open ones are dropped; the tables
     * stay. {@link #restartDynamoDb()} ends the outage.
     */
    public void stopDynamoDb() {
        try {
            dynamoDb.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Local DynamoDB failed to stop: " + e.getMessage(), e);
        }
    }

    /** Ends an outage begun with {@link #stopDynamoDb()}: DynamoDB listens again on the same endpoint, same tables. */
    public void restartDynamoDb() {
        try {
            dynamoDb.restart();
        } catch (Exception e) {
            throw new IllegalStateException("Local DynamoDB failed to restart: " + e.getMessage(), e);
        }
    }

    /** Stops the three emulators (in parallel); calling it again does nothing. */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long startNanos = System.nanoTime();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> stoppers = List.of(
                stopper("S3", s3::close, failures),
                stopper("SQS", sqs::close, failures),
                stopper("DynamoDB", dynamoDb::close, failures));
        stoppers.forEach(Thread::start);
        for (Thread stopper : stoppers) {
            try {
                // Each emulator bounds its own shutdown; this only guards against one that hangs regardless.
                stopper.join(STOP_TIMEOUT.toMillis());
                if (stopper.isAlive()) {
                    LOG.warn("{} still running after {}; giving up waiting for it", stopper.getName(), STOP_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.info("Local AWS emulators stopped in {} ms", Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
        synchronized (failures) {
            if (!failures.isEmpty()) {
                IllegalStateException failure = new IllegalStateException("Some local AWS emulators failed to stop");
                failures.forEach(failure::addSuppressed);
                throw failure;
            }
        }
    }

    private interface Stop {
        void run() throws Exception;
    }

    private static Thread stopper(String name, Stop stop, List<Throwable> failures) {
        Thread thread = new Thread(() -> {
            try {
                stop.run();
            } catch (Exception e) {
                synchronized (failures) {
                    failures.add(new IllegalStateException("Local " + name + " failed to stop: " + e.getMessage(), e));
                }
            }
        }, "local-aws-stop-" + name.toLowerCase(Locale.ROOT));
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public String toString() {
        return "LocalAws[s3=" + s3Endpoint() + ", sqs=" + sqsEndpoint() + ", dynamodb=" + dynamoDbEndpoint()
                + ", dataDir=" + (dataDir == null ? "in memory" : dataDir) + "]";
    }

    /** Configures and starts a {@link LocalAws}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int s3Port;
        private int sqsPort;
        private int dynamoDbPort;
        private Path dataDir;
        private Path s3ObjectsDir;

        private Builder() {
        }

        /** The address every emulator listens on; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The S3 port; 0 (the default) picks a free one. */
        public Builder s3Port(int port) {
            this.s3Port = checkPort(port);
            return this;
        }

        /** The SQS port; 0 (the default) picks a free one. */
        public Builder sqsPort(int port) {
            this.sqsPort = checkPort(port);
            return this;
        }

        /** The DynamoDB port; 0 (the default) picks a free one. */
        public Builder dynamoDbPort(int port) {
            this.dynamoDbPort = checkPort(port);
            return this;
        }

        /**
         * Where S3 objects ({@code s3/}), SQS queues and messages ({@code sqs/}) and DynamoDB tables
         * ({@code dynamodb/}) persist across restarts; {@code null} (the default) keeps everything in memory.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * Without a data directory: where S3 keeps its objects, on disk rather than in the heap (a local run holds
         * hundreds of megabytes of forecast files an hour), e.g. a scratch directory the caller deletes after
         * {@link LocalAws#close()}. Ignored with a {@link #dataDir}; {@code null} (the default) keeps them in memory.
         */
        public Builder s3ObjectsDir(Path s3ObjectsDir) {
            this.s3ObjectsDir = s3ObjectsDir;
            return this;
        }

        /**
         * Starts the three emulators in parallel and returns once all listen.
         *
         * @throws IllegalStateException naming the emulator that failed (e.g. its port is taken); the others are
         *                               stopped again
         */
        public LocalAws start() {
            long startNanos = System.nanoTime();
            Path s3Dir = dataDir == null ? s3ObjectsDir : dataDir.resolve("s3");
            Path dynamoDbDir = dataDir == null ? null : dataDir.resolve("dynamodb");
            Path sqsDir = dataDir == null ? null : dataDir.resolve("sqs");
            CompletableFuture<LocalS3Emulator> s3 = inThread("s3", () -> LocalS3Emulator.start(host, s3Port, s3Dir));
            CompletableFuture<SqsEmulator> sqs = inThread("sqs",
                    () -> SqsEmulator.start(host, sqsPort, REGION, ACCOUNT_ID, sqsDir));
            CompletableFuture<DynamoDbEmulator> dynamoDb = inThread("dynamodb",
                    () -> DynamoDbEmulator.start(host, dynamoDbPort, dynamoDbDir));
            try {
                CompletableFuture.allOf(s3, sqs, dynamoDb).get();
            } catch (InterruptedException e) {
                stopStarted(s3, sqs, dynamoDb);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting the local AWS emulators", e);
            } catch (ExecutionException e) {
                stopStarted(s3, sqs, dynamoDb);
                Throwable cause = e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("Local AWS emulators failed to start: " + cause, cause);
            }
            LocalAws aws = new LocalAws(s3.join(), sqs.join(), dynamoDb.join(), dataDir);
            LOG.info("Local AWS emulators started in {} ms: {}",
                    Duration.ofNanos(System.nanoTime() - startNanos).toMillis(), aws);
            return aws;
        }

        private static <T> CompletableFuture<T> inThread(String name, Supplier<T> starter) {
            CompletableFuture<T> result = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    result.complete(starter.get());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            }, "local-aws-start-" + name);
            thread.setDaemon(true);
            thread.start();
            return result;
        }

        /** Stops whichever emulators did start, once all attempts have finished (uninterruptibly: none may leak). */
        @SafeVarargs
        private static void stopStarted(CompletableFuture<? extends AutoCloseable>... starting) {
            for (CompletableFuture<? extends AutoCloseable> future : starting) {
                try {
                    future.join().close();
                } catch (Exception e) {
                    // Failed to start, or failed to stop: the start failure is what the caller needs to see.
                    LOG.debug("While stopping after a failed start", e);
                }
            }
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("Port must be 0 (any free port) to 65535, not " + port);
            }
            return port;
        }
    }
}
