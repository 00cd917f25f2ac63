package io.isobar.query;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Ticker;

import io.isobar.aws.AwsClients;
import io.isobar.index.Marker;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.query.admission.Admission;
import io.isobar.query.auth.ApiKeyAuthenticator;
import io.isobar.query.auth.ApiKeyRecord;
import io.isobar.query.auth.ApiKeys;
import io.isobar.query.auth.RateLimiter;
import io.isobar.query.docs.ApiDocs;
import io.isobar.query.edr.Edr;
import io.isobar.query.errors.ErrorsHandler;
import io.isobar.query.events.EventHub;
import io.isobar.query.events.EventsHandler;
import io.isobar.query.events.FilesStream;
import io.isobar.query.errors.ErrorsReader;
import io.isobar.query.files.FilePages;
import io.isobar.query.files.FilesReader;
import io.isobar.query.forecast.ArchiveFiles;
import io.isobar.query.forecast.ForecastEngine;
import io.isobar.query.forecast.ForecastIndex;
import io.isobar.query.forecast.ForecastReader;
import io.isobar.query.health.DynamoDbHealth;
import io.isobar.query.health.HealthHandler;
import io.isobar.query.http.AccessLog;
import io.isobar.query.http.ClientAddress;
import io.isobar.query.http.MetricsHandler;
import io.isobar.query.http.Problems;
import io.isobar.query.http.RequestIds;
import io.isobar.query.index.Caches;
import io.isobar.query.index.IndexClient;
import io.isobar.query.index.MarkerIndex;
import io.isobar.query.index.ModelCatalog;
import io.isobar.query.index.ReadUnits;
import io.isobar.query.index.RunSummaries;
import io.isobar.query.status.IngestStatistics;
import io.isobar.query.map.MapHandler;
import io.isobar.query.point.Gazetteer;
import io.isobar.query.point.PointForecasts;
import io.isobar.query.point.PointHandler;
import io.isobar.query.runs.RunsHandler;
import io.isobar.query.status.StatusHandler;
import io.isobar.query.times.TimesHandler;
import io.isobar.query.viewer.ViewerHandler;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The analysts' HTTP API over the DynamoDB index and the archived files: builds the AWS clients, the readers and
 * caches, the handlers and the {@link QueryApp}, and runs it until closed.
 *
 * <pre>{@code
 * try (QueryService service = new QueryService(QueryServiceConfig.defaults(aws, tables).withPort(0))) {
 *     int port = service.start();
 * }
 * }</pre>
 */
public final class QueryService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryService.class);
    private static final int QUERY_THREADS = 32;
    /** Point requests' parallel parts (the files of an ensemble run, the times of a series). */
    private static final int POINT_THREADS = 16;
    /** Chunk reads from S3: blocking I/O, one ranged GET each. */
    private static final int CHUNK_THREADS = 32;
    /**
     * Tasks each pool holds waiting. A task that finds its pool's queue full runs on the thread that submitted it (the
     * request's own), so a full queue slows the request that found it full and never queues more.
     */
    private static final int QUEUED_TASKS = 1_024;

    private final QueryServiceConfig config;
    private final DynamoDbClient dynamoDb;
    private final ExecutorService executor;
    private final ExecutorService pointExecutor;
    private final ExecutorService chunkExecutor;
    private final S3Client s3;
    private final ChunkCache chunkCache;
    private final PrometheusMeterRegistry registry;
    private final ApiKeys apiKeys;
    private final Javalin app;
    private final JvmGcMetrics gcMetrics;
    private final EventHub events;
    private final FilesStream filesStream;
    private boolean started;

    public QueryService(QueryServiceConfig config) {
        this(config, EventHub.Settings.defaults());
    }

    /** With the event stream's settings (tests shorten the run quiet period and the client buffer). */
    public QueryService(QueryServiceConfig config, EventHub.Settings live) {
        this(config, new ReadUnits(), Clock.systemUTC(), live);
    }

    private QueryService(QueryServiceConfig config, ReadUnits readUnits, Clock clock, EventHub.Settings live) {
        // Every read the service makes reports the read units DynamoDB charged for it.
        this(config, AwsClients.dynamoDb(config.aws(), o -> o.addExecutionInterceptor(readUnits)), readUnits, clock, live);
    }

    QueryService(QueryServiceConfig config, DynamoDbClient dynamoDb, Clock clock) {
        this(config, dynamoDb, null, clock, EventHub.Settings.defaults());
    }

    QueryService(QueryServiceConfig config, DynamoDbClient dynamoDb, ReadUnits readUnits, Clock clock, EventHub.Settings live) {
        this.config = config;
        this.dynamoDb = dynamoDb;
        this.executor = pool("isobar-query-", QUERY_THREADS);
        this.pointExecutor = pool("isobar-point-", POINT_THREADS);
        this.chunkExecutor = pool("isobar-chunk-", CHUNK_THREADS);
        this.s3 = AwsClients.s3(config.aws());
        this.chunkCache = new ChunkCache(config.chunkCache(), chunkExecutor);
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MetricsHandler.bindArchiveReads(registry, chunkCache);
        if (readUnits != null) {
            readUnits.bindTo(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);

        Ticker ticker = Ticker.systemTicker();
        Caches caches = new Caches(config.growingViewTtl(), config.modelListTtl(), ticker);
        IndexClient index = new IndexClient(dynamoDb, config.dynamoDbTimeout());
        ModelCatalog catalog = new ModelCatalog(index, config.tables().validTimes(), caches);
        FilesReader files = new FilesReader(index, config.tables().files(), executor, caches);
        FilePages filePages = new FilePages(index, config.tables().files(), caches);
        RunSummaries summaries = new RunSummaries(index, config.tables().validTimes(), caches, executor);
        MarkerIndex validTimes = new MarkerIndex(index, config.tables().validTimes(), Marker.Kind.VALID_TIME, executor, caches);
        MarkerIndex runMarkers = new MarkerIndex(index, config.tables().validTimes(), Marker.Kind.RUN, executor, caches);
        // The one engine from a request to bytes, behind /v1/point*, /edr and /v1/map*.
        ForecastIndex forecastIndex = new ForecastIndex(files, index, config.tables().files(), config.tables().validTimes(),
                validTimes, runMarkers, caches, executor);
        ForecastReader forecastFiles = new ForecastReader(forecastIndex, new ArchiveFiles(s3, chunkCache), pointExecutor);
        ForecastEngine engine = new ForecastEngine(forecastFiles, files, catalog, summaries);
        Gazetteer gazetteer = Gazetteer.load();
        this.apiKeys = new ApiKeys(dynamoDb, config.tables().apiKeys(), clock);
        RequestIds requestIds = new RequestIds();
        Edr edr = Edr.create(engine, forecastFiles, files, summaries, catalog, caches, executor, gazetteer);

        QueryApp.Handlers handlers = new QueryApp.Handlers(
                new TimesHandler(catalog, validTimes, filePages),
                new RunsHandler(catalog, runMarkers, filePages),
                new ErrorsHandler(new ErrorsReader(index, config.tables().errors(), caches), clock),
                new PointHandler(new PointForecasts(engine), gazetteer),
                new HealthHandler(new DynamoDbHealth(dynamoDb, config.tables().files(), Duration.ofSeconds(2),
                        Duration.ofSeconds(2), ticker)),
                new MetricsHandler(registry),
                new ApiDocs(),
                new ApiKeyAuthenticator(apiKeys, new RateLimiter(config.rateLimit(), ticker), config.keyCacheTtl(),
                        Duration.ofSeconds(2), ticker, ApiKeyAuthenticator.FAILED_KEYS, new ClientAddress(config.trustedProxies()),
                        registry),
                requestIds,
                new Problems(requestIds),
                new AccessLog(registry, requestIds),
                edr.catalogue(),
                edr.queries(),
                new Admission(config.admission(), ticker, registry));
        // Live and visual: every instance reads the files table's stream itself (no shortcut from the job).
        this.events = new EventHub(live, clock);
        IngestStatistics statistics = new IngestStatistics(clock);
        this.filesStream = new FilesStream(dynamoDb, AwsClients.dynamoDbStreams(config.aws()), config.tables().files(),
                live.streamPoll(), List.of(events, statistics, edr.variables(), (file, isLive) -> catalog.seen(file.model())));
        QueryApp.Live liveHandlers = new QueryApp.Live(
                new ViewerHandler(config.tileUrl()),
                new MapHandler(engine, gazetteer),
                new EventsHandler(events),
                new StatusHandler(catalog, runMarkers, events, statistics, () -> filesStream.caughtUp(), clock));
        this.app = new QueryApp(handlers, liveHandlers).create();
    }

    /**
     * Makes sure the bootstrap API key exists (if configured) and starts listening.
     *
     * @return the port it listens on
     */
    public synchronized int start() {
        if (started) {
            throw new IllegalStateException("The query service is already started on port " + app.port());
        }
        config.bootstrapApiKey().ifPresent(key -> {
            ApiKeyRecord record = apiKeys.ensure(key, "bootstrap");
            LOG.info("Bootstrap API key {} is {}", record.keyId(), record.revoked() ? "REVOKED: it will be refused" : "ready");
        });
        app.start(config.host(), config.port());
        filesStream.start();
        started = true;
        LOG.info("Isobar query service listening on http://{}:{} (tables {}, DynamoDB {})", config.host(), app.port(),
                config.tables().files().replaceAll("-files$", "-*"),
                config.aws().dynamoDbEndpoint().map(Object::toString).orElse("AWS " + config.aws().region()));
        return app.port();
    }

    /** The port the service listens on; only meaningful once started. */
    public int port() {
        return app.port();
    }

    /** The API key store the service verifies against (e.g. to create keys in tests and tools). */
    public ApiKeys apiKeys() {
        return apiKeys;
    }

    /** The reader of values from the archived files (its stats show chunk reads and cache hits). */
    public ChunkCache chunkCache() {
        return chunkCache;
    }

    /** The live event hub (its clients, its status). */
    public EventHub events() {
        return events;
    }

    /** Whether the files-table stream reader has caught up with the stream's history (events are live after). */
    public boolean eventsLive() {
        return filesStream.caughtUp();
    }

    /** The Javalin app, for tests that drive it with {@code JavalinTest}. */
    Javalin app() {
        return app;
    }

    /**
     * Stops: the event streams end (clients reconnect elsewhere), the server stops taking connections and finishes the
     * requests in flight (for up to {@link QueryApp#DRAIN}), then everything else closes. On SIGTERM (ECS stopping a
     * task, after the load balancer has deregistered it) {@link #main} does this from a shutdown hook.
     */
    @Override
    public synchronized void close() {
        try {
            filesStream.close();
            events.disconnectAll();
            app.stop();
        } finally {
            executor.shutdownNow();
            pointExecutor.shutdownNow();
            chunkExecutor.shutdownNow();
            chunkCache.dropAll();
            gcMetrics.close();
            registry.close();
            dynamoDb.close();
            s3.close();
        }
    }

    /** Runs the service alone, configured by environment variables ({@link QueryServiceConfig#fromEnv}), until stopped. */
    public static void main(String[] args) throws InterruptedException {
        QueryServiceConfig config = QueryServiceConfig.fromEnv(System.getenv());
        QueryService service = new QueryService(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "query-service-shutdown"));
        service.start();
        stopped.await();
    }

    /**
     * Daemon threads for blocking reads done in parallel (DynamoDB queries; point reads; S3 chunk reads), bounded like
     * the HTTP clients' connection pools, with a bounded queue ({@value #QUEUED_TASKS} tasks): a task that finds it full
     * runs on the thread that submitted it. Point work and chunk reads have pools of their own, so a point task waiting
     * for its chunks can never starve the threads that read them.
     */
    private static ExecutorService pool(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_TASKS), r -> {
                    Thread t = new Thread(r, name + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (task, full) -> {
                    if (full.isShutdown()) {
                        throw new RejectedExecutionException(name + "* pool is shut down");
                    }
                    task.run();
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
