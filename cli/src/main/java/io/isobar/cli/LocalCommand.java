package io.isobar.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

import io.isobar.cli.local.AccessLogFile;
import io.isobar.cli.local.LocalControl;
import io.isobar.cli.local.LocalDefaults;
import io.isobar.cli.local.LocalStack;
import io.isobar.index.IndexSchema;
import io.isobar.simulator.Grids;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.Simulator;
import io.isobar.simulator.SimulatorConfig;
import io.isobar.simulator.SimulatorStatus;
import io.isobar.simulator.Variables;
import io.isobar.query.admission.Admission;
import io.isobar.query.auth.ApiKeys;
import io.isobar.query.auth.RateLimit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code isobar local}: the whole system on this machine, on in-process emulators, fed by the Met Office
 * simulator, until Ctrl-C.
 */
@Command(name = "local", mixinStandardHelpOptions = true, defaultValueProvider = LocalCommand.ServiceDefaults.class,
        description = {"Runs the whole system locally, on in-process emulators, fed by the Met Office simulator.",
                "Starts S3, SQS and DynamoDB emulators, the Flink ingest job (with its web UI), the query API and the",
                "simulator, prints where they are, and runs until Ctrl-C."})
public final class LocalCommand implements Callable<Integer> {

    @Option(names = "--api-port", defaultValue = "${env:ISOBAR_API_PORT:-" + LocalDefaults.API_PORT + "}",
            description = "Query API port (default: ${DEFAULT-VALUE}; env ISOBAR_API_PORT).")
    int apiPort;

    @Option(names = "--flink-ui-port", defaultValue = "${env:ISOBAR_FLINK_UI_PORT:-" + LocalDefaults.FLINK_UI_PORT + "}",
            description = "Flink web UI port (default: ${DEFAULT-VALUE}; env ISOBAR_FLINK_UI_PORT).")
    int flinkUiPort;

    @Option(names = "--s3-port", defaultValue = "${env:ISOBAR_S3_PORT:-" + LocalDefaults.S3_PORT + "}",
            description = "S3 emulator port (default: ${DEFAULT-VALUE}; env ISOBAR_S3_PORT).")
    int s3Port;

    @Option(names = "--sqs-port", defaultValue = "${env:ISOBAR_SQS_PORT:-" + LocalDefaults.SQS_PORT + "}",
            description = "SQS emulator port (default: ${DEFAULT-VALUE}; env ISOBAR_SQS_PORT).")
    int sqsPort;

    @Option(names = "--dynamodb-port", defaultValue = "${env:ISOBAR_DYNAMODB_PORT:-" + LocalDefaults.DYNAMODB_PORT + "}",
            description = "DynamoDB emulator port (default: ${DEFAULT-VALUE}; env ISOBAR_DYNAMODB_PORT).")
    int dynamoDbPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = {"Keep S3 objects, queued messages, DynamoDB tables and Flink checkpoints in DIR (default: in memory).",
                    "A restart on the same DIR, even after kill -9, resumes the job from its newest checkpoint and loses no file."})
    Path dataDir;

    @Option(names = "--reconcile-on-restart", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = {"On a restart on a data directory, announce again the source objects the index lacks, e.g. a file",
                    "uploaded just before a crash and never announced (default: on; see ./isobar reconcile)."})
    boolean reconcileOnRestart;

    @Option(names = "--api-key", defaultValue = "${env:ISOBAR_API_KEY}",
            description = "The API key to accept (default: env ISOBAR_API_KEY, else a new random key printed at start-up).")
    String apiKey;

    @Option(names = "--simulator", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the Met Office simulator (default: on; --no-simulator to publish only with `isobar publish`).")
    boolean simulator;

    @Option(names = "--rate", defaultValue = "${env:ISOBAR_SIMULATOR_RATE:-5}",
            description = "Simulator files per second at most (while catching up), 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--products", split = ",", paramLabel = "PRODUCT",
            description = {"Simulated products, by canonical name (default: all of today's feed: ukv, mogreps-uk, global,",
                    "mogreps-g, bpf-uk-percentiles, bpf-uk-probabilities, bpf-uk-spot-percentiles, bpf-uk-spot-probabilities,",
                    "bpf-global-percentiles, bpf-global-probabilities, bpf-global-spot-percentiles, bpf-global-spot-probabilities)."})
    List<String> products;

    @Option(names = "--scale", defaultValue = "" + SimulatorConfig.LOCAL_SCALE, paramLabel = "FRACTION",
            description = {"Fraction of the real feed's files the simulator publishes, each product on its real run schedule",
                    "(default: ${DEFAULT-VALUE}, about 6 files a minute; at least T+0..T+12 h of every run; 1 is the whole feed, ~1.1 million a day)."})
    double scale;

    @Option(names = "--variables", split = ",", paramLabel = "PARAMETER",
            description = "Simulated variables, as Met Office file-name parameters (default: temperature_at_screen_level,"
                    + "wind_speed_at_10m,relative_humidity_at_screen_level,rainfall_rate).")
    List<String> variables;

    @Option(names = "--steps", paramLabel = "HOURS",
            description = "Simulated forecast steps: T+0 to T+N hours in every run (default: each run's real steps, as many as --scale makes).")
    Integer steps;

    @Option(names = "--grid", defaultValue = "real",
            description = {"Simulated grids: real (each product's real grid: 970 x 1042 UK, 1920 x 2560 and 960 x 1280 global,",
                    "7,213 and 5,956 sites; uk is the old name) or small (stand-ins: 60 x 64, 48 x 64, 24 x 40, 37 and 43 sites)",
                    "(default: ${DEFAULT-VALUE})."})
    String grid;

    @Spec
    CommandSpec spec;

    @Option(names = "--rate-limit", paramLabel = "PER_SECOND",
            description = "Query API requests per second per key, on average (default: ${DEFAULT-VALUE}; env ISOBAR_RATE_LIMIT).")
    double rateLimit;

    @Option(names = "--rate-burst", paramLabel = "REQUESTS",
            description = "Query API requests per key at once (default: ${DEFAULT-VALUE}; env ISOBAR_RATE_BURST).")
    int rateBurst;

    @Option(names = "--key-concurrency", paramLabel = "REQUESTS",
            description = "Query API requests one key may have in progress at once (default: ${DEFAULT-VALUE}; env ISOBAR_KEY_CONCURRENCY).")
    int keyConcurrency;

    @Option(names = "--key-values-per-second", paramLabel = "VALUES",
            description = "Values one key may read per second (its cost budget; bursts of four times that) (default: ${DEFAULT-VALUE};"
                    + " env ISOBAR_KEY_VALUES_PER_SECOND).")
    double keyValuesPerSecond;

    @Option(names = "--tile-url", paramLabel = "URL", defaultValue = "${env:ISOBAR_TILE_URL}",
            description = "Basemap tiles for the viewer, https://.../{z}/{x}/{y}.png (default: none, nothing is fetched; env ISOBAR_TILE_URL).")
    String tileUrl;

    /** Hidden: for the chaos benchmark, which stops and restarts the emulators of its child system through stdin. */
    @Option(names = "--control-stdin", hidden = true,
            description = "Read outage commands (stop|restart s3|dynamodb) from standard input; see LocalControl.")
    boolean controlStdin;

    @Option(names = "--verbose", description = "Print stack traces on failure.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        String key = apiKey == null || apiKey.isBlank() ? randomKey() : apiKey;
        LocalStack stack = LocalStack.start(new LocalStack.Options(apiPort, flinkUiPort, s3Port, sqsPort, dynamoDbPort, dataDir,
                key, simulator ? simulatorConfig() : null, rateLimit(), admission(), reconcileOnRestart, Optional.ofNullable(tileUrl)));
        if (dataDir != null) {
            AccessLogFile.writeTo(dataDir.resolve(AccessLogFile.NAME));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("\nisobar local: stopping...");
            long t = System.nanoTime();
            stack.close();
            System.err.printf("isobar local: stopped in %.1f s%n", (System.nanoTime() - t) / 1e9);
            stopped.countDown();
        }, "isobar-shutdown"));
        System.out.println(banner(stack, key, apiKey == null || apiKey.isBlank(), (System.nanoTime() - started) / 1e9));
        if (controlStdin) {
            LocalControl.watch(System.in, System.out, stack.aws());
        }
        // The banner is printed once: a line a minute says what the simulator has done since, so a quiet moment
        // never looks like a stall.
        while (!stopped.await(PROGRESS_EVERY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            if (stack.simulator() != null) {
                System.out.println("simulator: " + stack.simulator().status().line(Instant.now()));
            }
        }
        return 0;
    }

    /**
     * The query service's defaults for {@code --rate-limit} and {@code --rate-burst} ({@link RateLimit#DEFAULT}),
     * {@code --key-concurrency} and {@code --key-values-per-second} ({@link Admission.Settings#DEFAULT}), unless the
     * environment sets them (the same variables as the service's own configuration): defined once, shown by {@code --help}.
     */
    static final class ServiceDefaults implements CommandLine.IDefaultValueProvider {

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--rate-limit" -> environment("ISOBAR_RATE_LIMIT", BigDecimal.valueOf(RateLimit.DEFAULT.permitsPerSecond())
                        .stripTrailingZeros().toPlainString());
                case "--rate-burst" -> environment("ISOBAR_RATE_BURST", Integer.toString(RateLimit.DEFAULT.burst()));
                case "--key-concurrency" -> environment("ISOBAR_KEY_CONCURRENCY", Integer.toString(Admission.Settings.DEFAULT.perKey()));
                case "--key-values-per-second" -> environment("ISOBAR_KEY_VALUES_PER_SECOND",
                        BigDecimal.valueOf(Admission.Settings.DEFAULT.cost().permitsPerSecond()).stripTrailingZeros().toPlainString());
                default -> null;
            };
        }

        private static String environment(String name, String otherwise) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? otherwise : value;
        }
    }

    private RateLimit rateLimit() {
        try {
            return new RateLimit(rateLimit, rateBurst);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate-limit / --rate-burst: " + e.getMessage());
        }
    }

    private Admission.Settings admission() {
        try {
            return Admission.Settings.DEFAULT.withPerKey(keyConcurrency).withCost(keyValuesPerSecond);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--key-concurrency / --key-values-per-second: " + e.getMessage());
        }
    }

    /** How often the simulator's progress line is printed. */
    private static final java.time.Duration PROGRESS_EVERY = java.time.Duration.ofMinutes(1);

    private String banner(LocalStack stack, String key, boolean generated, double seconds) throws Exception {
        String api = "http://" + LocalDefaults.HOST + ":" + stack.apiPort();
        boolean simulating = stack.simulator() != null;
        return String.join("\n",
                "",
                "Isobar is running locally (started in " + String.format("%.1f", seconds) + " s; Flink job " + stack.jobStatus() + ")",
                "",
                "  Query API       " + api + "   (docs: " + api + "/docs; access log: "
                        + (dataDir == null ? "off, on with --data-dir" : dataDir.resolve(AccessLogFile.NAME)) + ")",
                "  Viewer          " + api + "/#key=" + key + "   (the key stays in the URL fragment: never sent)",
                "  API key         " + key + (generated ? "   (generated; set ISOBAR_API_KEY to choose one)" : ""),
                "  Rate limit      " + rateLimit + " requests/s per key, bursts of " + rateBurst
                        + "   (--rate-limit, --rate-burst; env ISOBAR_RATE_LIMIT, ISOBAR_RATE_BURST)",
                "  Work per key    " + keyConcurrency + " requests in progress, " + BigDecimal.valueOf(keyValuesPerSecond)
                        .stripTrailingZeros().toPlainString() + " values read/s   (--key-concurrency, --key-values-per-second)",
                "  Flink web UI    " + stack.flink().restAddress(),
                "  S3              " + stack.s3Endpoint() + "   buckets: " + LocalDefaults.ARCHIVE_BUCKET + " (archive), "
                        + LocalDefaults.SOURCE_BUCKET + " (isobar publish), and the feed's: "
                        + String.join(", ", LocalDefaults.sourceBuckets().subList(1, LocalDefaults.sourceBuckets().size())),
                "  SQS             " + stack.queueUrl() + "   (dead letters: " + LocalDefaults.DEAD_LETTER_QUEUE + ")",
                "  DynamoDB        " + stack.dynamoDbEndpoint() + "   tables: " + String.join(", ", IndexSchema.TableNames.defaults().all()),
                "  Simulator       " + (simulating ? simulatorLine(stack) : "off (publish with ./isobar publish FILE...)"),
                "",
                "Try:",
                "  curl -H 'x-api-key: " + key + "' " + api + "/v1/times",
                "  ./isobar publish path/to/file.nc        # publish your own netCDF files",
                "",
                "Ctrl-C stops everything.");
    }

    /** What the simulator publishes and what it is doing at start, in two lines under the banner's heading. */
    private static String simulatorLine(LocalStack stack) {
        Simulator simulator = stack.simulator();
        SimulatorStatus status = simulator.status();
        return simulator.describe() + "\n                  now: " + status.line(Instant.now())
                + "\n                  (a progress line every minute below; per model: GET /v1/status)";
    }

    private SimulatorConfig simulatorConfig() {
        SimulatorConfig config;
        try {
            config = SimulatorConfig.local(Instant.now()).withFilesPerSecond(rate).withFeed(Instant.now(), scale);
            if (products != null && !products.isEmpty()) {
                config = config.withModels(products.stream().map(MetOfficeModel::fromName).distinct().toList());
            }
            if (steps != null) {
                config = config.withForecastPeriods(SimulatorConfig.hourly(0, steps));
            }
            if (variables != null && !variables.isEmpty()) {
                config = config.withVariables(variables.stream().map(Variables::require).toList());
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return switch (grid) {
            case "real", "uk" -> config.withGrids(Grids.real());
            case "small" -> config.withGrids(Grids.small());
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--grid must be real (or uk) or small, not '" + grid + "'");
        };
    }

    /** A key of the documented form, {@code isb_} + 32 random bytes in base64url, as {@code keys create} makes. */
    static String randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return ApiKeys.KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
