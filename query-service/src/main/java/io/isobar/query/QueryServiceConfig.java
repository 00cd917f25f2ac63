package io.isobar.query;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.isobar.aws.AwsSettings;
import io.isobar.index.IndexSchema;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.query.admission.Admission;
import io.isobar.query.auth.RateLimit;
import io.isobar.query.http.ClientAddress;

/**
 * How a {@link QueryService} runs: where DynamoDB (and S3, for point values read from the archived files) is and
 * which tables to read, where to listen, the per-key rate limit, an optional API key to make sure exists at start (the
 * local stack's), and the cache and timeout settings.
 *
 * <p>{@link #defaults(AwsSettings, IndexSchema.TableNames)} gives {@code 127.0.0.1:7070}, 50 req/s bursts of 100,
 * 500 ms for views that grow, 60 s for the model list, 30 s for key verification, a 5 s DynamoDB timeout, for
 * point values 256 MiB of decoded chunks and 512 open files ({@link ChunkCache.Settings#defaults()}), no trusted proxy,
 * the default admission limits and no basemap for the viewer.
 *
 * @param port 0 picks a free port ({@link QueryService#port()} tells which)
 * @param growingViewTtl how long results that new files can change are reused (new data shows within it)
 * @param modelListTtl how long the list of models (for listings without {@code model}) is reused
 * @param keyCacheTtl how long a verified key is trusted without asking DynamoDB (a revocation takes this long)
 * @param dynamoDbTimeout the longest a single DynamoDB call may take before the request fails with 503
 * @param chunkCache how many decoded chunks and opened files the point endpoints keep
 * @param trustedProxies CIDRs of our own load balancer, whose {@code X-Forwarded-For} names the client
 *     ({@link ClientAddress}); default none: the socket's peer is the client
 * @param admission work in progress per key and per instance, and each key's cost budget
 *     ({@link Admission.Settings#DEFAULT})
 * @param tileUrl the viewer's basemap tiles ({@code https://.../{z}/{x}/{y}.png}), or empty: no tiles are fetched
 */
public record QueryServiceConfig(
        AwsSettings aws,
        IndexSchema.TableNames tables,
        String host,
        int port,
        RateLimit rateLimit,
        Optional<String> bootstrapApiKey,
        Duration growingViewTtl,
        Duration modelListTtl,
        Duration keyCacheTtl,
        Duration dynamoDbTimeout,
        ChunkCache.Settings chunkCache,
        List<String> trustedProxies,
        Admission.Settings admission,
        Optional<String> tileUrl) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7070;

    public QueryServiceConfig {
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(bootstrapApiKey, "bootstrapApiKey");
        Objects.requireNonNull(chunkCache, "chunkCache");
        tileUrl = Objects.requireNonNull(tileUrl, "tileUrl").filter(u -> !u.isBlank());
        Objects.requireNonNull(admission, "admission");
        trustedProxies = List.copyOf(trustedProxies);
        new ClientAddress(trustedProxies); // fails now, naming the entry, rather than at the first request
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("The query service port must be 0 (any free port) to 65535, not " + port);
        }
        for (Duration d : new Duration[] {growingViewTtl, modelListTtl, keyCacheTtl, dynamoDbTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("Query service cache TTLs and timeouts must be positive, not " + d);
            }
        }
    }

    public static QueryServiceConfig defaults(AwsSettings aws, IndexSchema.TableNames tables) {
        return new QueryServiceConfig(aws, tables, DEFAULT_HOST, DEFAULT_PORT, RateLimit.DEFAULT, Optional.empty(),
                Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(5),
                ChunkCache.Settings.defaults(), List.of(), Admission.Settings.DEFAULT, Optional.empty());
    }

    public QueryServiceConfig withHost(String newHost) {
        return new QueryServiceConfig(aws, tables, newHost, port, rateLimit, bootstrapApiKey, growingViewTtl, modelListTtl,
                keyCacheTtl, dynamoDbTimeout, chunkCache, trustedProxies, admission, tileUrl);
    }

    public QueryServiceConfig withPort(int newPort) {
        return new QueryServiceConfig(aws, tables, host, newPort, rateLimit, bootstrapApiKey, growingViewTtl, modelListTtl,
                keyCacheTtl, dynamoDbTimeout, chunkCache, trustedProxies, admission, tileUrl);
    }

    public QueryServiceConfig withRateLimit(RateLimit newRateLimit) {
        return new QueryServiceConfig(aws, tables, host, port, newRateLimit, bootstrapApiKey, growingViewTtl, modelListTtl,
                keyCacheTtl, dynamoDbTimeout, chunkCache, trustedProxies, admission, tileUrl);
    }

    public QueryServiceConfig withBootstrapApiKey(String key) {
        return new QueryServiceConfig(aws, tables, host, port, rateLimit, Optional.ofNullable(key), growingViewTtl,
                modelListTtl, keyCacheTtl, dynamoDbTimeout, chunkCache, trustedProxies, admission, tileUrl);
    }

    public QueryServiceConfig withKeyCacheTtl(Duration ttl) {
        return new QueryServiceConfig(aws, tables, host, port, rateLimit, bootstrapApiKey, growingViewTtl, modelListTtl,
                ttl, dynamoDbTimeout, chunkCache, trustedProxies, admission, tileUrl);
    }

    /**
     * With the CIDRs our load balancer's nodes connect from: a request from an address in one of them is taken to be
     * from the right-most {@code X-Forwarded-For} entry ({@link ClientAddress}); none (the default): from its socket.
     */
    public QueryServiceConfig withTrustedProxies(List<String> cidrs) {
        return new QueryServiceConfig(aws, tables, host, port, rateLimit, bootstrapApiKey, growingViewTtl, modelListTtl,
                keyCacheTtl, dynamoDbTimeout, chunkCache, cidrs, admission, tileUrl);
    }

    /** With the admission control's limits (per-key and per-instance work in progress, per-key cost budget). */
    public QueryServiceConfig withAdmission(Admission.Settings settings) {
        return new QueryServiceConfig(aws, tables, host, port, rateLimit, bootstrapApiKey, growingViewTtl, modelListTtl,
                keyCacheTtl, dynamoDbTimeout, chunkCache, trustedProxies, settings, tileUrl);
    }

    /** With how long growing views and the model list are reused (a benchmark of cold reads makes both tiny). */
    public QueryServiceConfig withCacheTtls(Duration growing, Duration models) {
        return new QueryServiceConfig(aws, tables, host, port, rateLimit, bootstrapApiKey, growing, models,
                keyCacheTtl, dynamoDbTimeout, chunkCache, trustedProxies, admission, tileUrl);
    }

    public QueryServiceConfig withChunkCache(ChunkCache.Settings settings) {
        return new QueryServiceConfig(aws, tables, host, port, rateLimit, bootstrapApiKey, growingViewTtl, modelListTtl,
                keyCacheTtl, dynamoDbTimeout, settings, trustedProxies, admission, tileUrl);
    }

    public QueryServiceConfig withTileUrl(String url) {
        return new QueryServiceConfig(aws, tables, host, port, rateLimit, bootstrapApiKey, growingViewTtl, modelListTtl,
                keyCacheTtl, dynamoDbTimeout, chunkCache, trustedProxies, admission, Optional.ofNullable(url));
    }

    /**
     * The configuration from environment variables, for running the service on its own:
     * {@code ISOBAR_AWS_REGION} (default {@value AwsSettings#LOCAL_REGION}), {@code ISOBAR_DYNAMODB_ENDPOINT}
     * (default: AWS), {@code ISOBAR_TABLE_PREFIX} (default {@value IndexSchema#DEFAULT_PREFIX}), {@code ISOBAR_HOST}
     * (default {@value #DEFAULT_HOST}; {@code 0.0.0.0} in a container), {@code PORT} (default {@value #DEFAULT_PORT}),
     * {@code ISOBAR_API_KEY} (a key to make sure exists), {@code ISOBAR_RATE_LIMIT} and {@code ISOBAR_RATE_BURST};
     * for point values {@code ISOBAR_S3_ENDPOINT} (default: AWS) and {@code ISOBAR_CHUNK_CACHE_MB} (default 256);
     * {@code ISOBAR_TRUSTED_PROXIES} (comma-separated CIDRs of the load balancer, default none),
     * {@code ISOBAR_KEY_CONCURRENCY} (requests of one key in progress at once, default 4) and
     * {@code ISOBAR_KEY_VALUES_PER_SECOND} (each key's cost budget, default 250,000; bursts of four times that); for the
     * viewer's basemap {@code ISOBAR_TILE_URL} (default: none).
     */
    public static QueryServiceConfig fromEnv(Map<String, String> env) {
        String region = env.getOrDefault("ISOBAR_AWS_REGION", AwsSettings.LOCAL_REGION);
        Optional<URI> endpoint = Optional.ofNullable(env.get("ISOBAR_DYNAMODB_ENDPOINT")).filter(s -> !s.isBlank()).map(URI::create);
        IndexSchema.TableNames tables = IndexSchema.TableNames.withPrefix(env.getOrDefault("ISOBAR_TABLE_PREFIX", IndexSchema.DEFAULT_PREFIX));
        RateLimit rate = new RateLimit(
                number(env, "ISOBAR_RATE_LIMIT", RateLimit.DEFAULT.permitsPerSecond()),
                (int) number(env, "ISOBAR_RATE_BURST", RateLimit.DEFAULT.burst()));
        Optional<URI> s3 = Optional.ofNullable(env.get("ISOBAR_S3_ENDPOINT")).filter(s -> !s.isBlank()).map(URI::create);
        AwsSettings dynamoDb = dynamoDbSettings(region, endpoint);
        AwsSettings aws = new AwsSettings(region, s3, Optional.empty(), endpoint,
                dynamoDb.credentials().or(() -> s3.filter(QueryServiceConfig::isLoopback)
                        .flatMap(e -> AwsSettings.local(e, e, e).credentials())));
        ChunkCache.Settings point = new ChunkCache.Settings(
                (long) (number(env, "ISOBAR_CHUNK_CACHE_MB", ChunkCache.Settings.defaults().maxChunkBytes() >> 20) * 1024 * 1024),
                ChunkCache.Settings.defaults().maxOpenFiles());
        return defaults(aws, tables)
                .withChunkCache(point)
                .withHost(env.getOrDefault("ISOBAR_HOST", DEFAULT_HOST))
                .withPort((int) number(env, "PORT", DEFAULT_PORT))
                .withRateLimit(rate)
                .withBootstrapApiKey(Optional.ofNullable(env.get("ISOBAR_API_KEY")).filter(s -> !s.isBlank()).orElse(null))
                .withTrustedProxies(Arrays.stream(env.getOrDefault("ISOBAR_TRUSTED_PROXIES", "").split(","))
                        .map(String::strip).filter(c -> !c.isEmpty()).toList())
                .withAdmission(Admission.Settings.DEFAULT
                        .withPerKey((int) number(env, "ISOBAR_KEY_CONCURRENCY", Admission.Settings.DEFAULT.perKey()))
                        .withCost(number(env, "ISOBAR_KEY_VALUES_PER_SECOND", Admission.Settings.DEFAULT.cost().permitsPerSecond())))
                .withTileUrl(env.get("ISOBAR_TILE_URL"));
    }

    /**
     * Settings to reach DynamoDB alone: AWS in {@code region}, or {@code endpoint}. An endpoint on this machine is
     * taken to be the emulator, which gets throw-away credentials; any other uses the default credentials chain.
     */
    private static AwsSettings dynamoDbSettings(String region, Optional<URI> endpoint) {
        // The emulators' throw-away credentials are defined once, in AwsSettings.local.
        Optional<AwsSettings.StaticCredentials> credentials = endpoint.filter(QueryServiceConfig::isLoopback)
                .flatMap(e -> AwsSettings.local(e, e, e).credentials());
        return new AwsSettings(region, Optional.empty(), Optional.empty(), endpoint, credentials);
    }

    private static boolean isLoopback(URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            return false;
        }
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static double number(Map<String, String> env, String name, double def) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Environment variable " + name + " must be a number, not '" + v + "'", e);
        }
    }
}
