package io.isobar.cli.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.cli.ops.Reconciler;
import io.isobar.index.IndexSchema;
import io.isobar.job.config.JobConfig;
import io.isobar.localaws.LocalAws;
import io.isobar.query.QueryService;
import io.isobar.query.QueryServiceConfig;
import io.isobar.query.admission.Admission;
import io.isobar.query.auth.RateLimit;
import io.isobar.simulator.Simulator;
import io.isobar.simulator.SimulatorConfig;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * The whole system on one machine: S3, SQS and DynamoDB emulators, the buckets, queues and tables,
 * the Flink MiniCluster running the ingest job, the query service and the Met Office simulator. Started
 * in dependency order and closed in reverse.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    /**
     * What to start and where; port 0 picks a free port.
     *
     * @param dataDir where S3 objects, queued messages, DynamoDB tables and Flink checkpoints persist, or null for
     *                in memory
     * @param apiKey the API key the query service accepts
     * @param simulator the simulator's settings, or null for no simulator
     * @param rateLimit the query service's per-key rate limit
     * @param admission the query service's work limits per key and per instance (its admission control)
     * @param reconcileOnRestart on a restart on a data directory, announce again the source objects the index lacks
     */
    public record Options(int apiPort, int flinkUiPort, int s3Port, int sqsPort, int dynamoDbPort, Path dataDir, String apiKey,
            SimulatorConfig simulator, RateLimit rateLimit, Admission.Settings admission, boolean reconcileOnRestart,
            Optional<String> tileUrl) {

        /**
         * With the service's default rate limit and admission limits and no basemap, reconciling the source bucket on a
         * restart on a data directory.
         */
        public Options(int apiPort, int flinkUiPort, int s3Port, int sqsPort, int dynamoDbPort, Path dataDir, String apiKey,
                SimulatorConfig simulator) {
            this(apiPort, flinkUiPort, s3Port, sqsPort, dynamoDbPort, dataDir, apiKey, simulator, RateLimit.DEFAULT,
                    Admission.Settings.DEFAULT, true, Optional.empty());
        }
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final LocalAws aws;
    private final AwsSettings settings;
    private final String queueUrl;
    private final String deadLetterQueueUrl;
    private final JobConfig jobConfig;
    private final FlinkRunner flink;
    private final QueryService api;
    private final Simulator simulator;
    private boolean restarted;

    private LocalStack(Options options) throws Exception {
        try {
            // Without a data directory the forecast files (about 400 MB an hour with the simulator's defaults) go to a
            // scratch directory, deleted at close, rather than into the heap: memory stays flat as runs accumulate.
            Path scratch = options.dataDir() == null ? Files.createTempDirectory("isobar-local-s3-") : null;
            if (scratch != null) {
                started.push(() -> deleteTree(scratch));
            }
            aws = LocalAws.builder().host(LocalDefaults.HOST).s3Port(options.s3Port()).sqsPort(options.sqsPort())
                .dynamoDbPort(options.dynamoDbPort()).dataDir(options.dataDir()).s3ObjectsDir(scratch).start();
        started.push(aws);
        settings = AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint());

        try (S3Client s3 = AwsClients.s3(settings); SqsClient sqs = AwsClients.sqs(settings);
                DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
            restarted = options.dataDir() != null && s3.listBuckets().buckets().stream()
                    .anyMatch(b -> b.name().equals(LocalDefaults.SOURCE_BUCKET));
            for (String bucket : LocalDefaults.sourceBuckets()) {
                createBucket(s3, bucket);
            }
            createBucket(s3, LocalDefaults.ARCHIVE_BUCKET);
            deadLetterQueueUrl = createQueue(sqs, LocalDefaults.DEAD_LETTER_QUEUE, Map.of());
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterQueueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            queueUrl = createQueue(sqs, LocalDefaults.QUEUE, Map.of(
                    QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + LocalDefaults.MAX_RECEIVE_COUNT + "\"}",
                    QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(LocalDefaults.VISIBILITY_TIMEOUT_SECONDS)));
            IndexSchema.createTables(dynamoDb, IndexSchema.TableNames.defaults());
            IndexSchema.enableTimeToLive(dynamoDb, IndexSchema.TableNames.defaults());
        }

        jobConfig = jobConfig(settings, queueUrl);
        // With a data directory the job checkpoints there and resumes from its newest checkpoint.
        flink = FlinkRunner.start(options.flinkUiPort(), jobConfig,
                options.dataDir() == null ? null : options.dataDir().resolve(LocalDefaults.CHECKPOINTS_DIR));
        started.push(flink);
        if (restarted && options.reconcileOnRestart()) {
            reconcileAfterRestart();
        }
        api = own(new QueryService(QueryServiceConfig.defaults(settings, IndexSchema.TableNames.defaults())
                .withHost(LocalDefaults.HOST).withPort(options.apiPort()).withBootstrapApiKey(options.apiKey())
                .withRateLimit(options.rateLimit()).withAdmission(options.admission())
                .withTileUrl(options.tileUrl().orElse(null))));
        api.start();
        // Each product's files go to its own bucket, under today's names, as the Met Office's do.
        simulator = options.simulator() == null ? null
                : own(new Simulator(settings, null, queueUrl, options.simulator()));
        if (simulator != null) {
            simulator.start();
        }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Starts everything; on failure, stops what was started and rethrows. */
    public static LocalStack start(Options options) throws Exception {
        return new LocalStack(options);
    }

    /** Adds a component to stop (in reverse order of adding) when the stack closes. */
    public <T extends AutoCloseable> T own(T component) {
        started.push(component);
        return component;
    }

    /** The local job's settings: the deployment's defaults but for the emulators, a short visibility timeout and less concurrency. */
    static JobConfig jobConfig(AwsSettings settings, String queueUrl) {
        return JobConfig.builder()
                .aws(settings)
                .set(JobConfig.QUEUE_URL, queueUrl)
                .set(JobConfig.QUEUE_VISIBILITY, LocalDefaults.VISIBILITY_TIMEOUT_SECONDS)
                .set(JobConfig.ARCHIVE_BUCKET, LocalDefaults.ARCHIVE_BUCKET)
                .set(JobConfig.ENRICH_CONCURRENCY, 16)
                .build();
    }

    public AwsSettings settings() {
        return settings;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    /** The emulators, e.g. for an outage drill ({@link LocalControl}). */
    public LocalAws aws() {
        return aws;
    }

    public URI s3Endpoint() {
        return aws.s3Endpoint();
    }

    public URI sqsEndpoint() {
        return aws.sqsEndpoint();
    }

    public URI dynamoDbEndpoint() {
        return aws.dynamoDbEndpoint();
    }

    public int apiPort() {
        return api.port();
    }

    /** The simulator, or null when it is off. */
    public Simulator simulator() {
        return simulator;
    }

    public FlinkRunner flink() {
        return flink;
    }

    public String jobStatus() throws Exception {
        return flink.jobStatus();
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", component.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /**
     * A restart on a data directory: the queue kept its messages and the job its state, but a file uploaded in the
     * instant before a crash may never have been announced (the simulator uploads, then announces). Reconciling every
     * source bucket (small, and local) against the index announces exactly those; anything announced twice is
     * de-duplicated by the job.
     */
    private void reconcileAfterRestart() {
        try (S3Client s3 = AwsClients.s3(settings); SqsClient sqs = AwsClients.sqs(settings);
                DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
            Reconciler reconciler = new Reconciler(s3, dynamoDb, sqs, IndexSchema.TableNames.defaults(), queueUrl, null);
            for (String bucket : LocalDefaults.sourceBuckets()) {
                Reconciler.Report report = reconciler.run(new Reconciler.Options(bucket, Instant.EPOCH, true, false,
                        Duration.ZERO, false));
                LOG.info("Restarted on a data directory; reconciled s3://{}: {} object(s), {} indexed, {} with an error record,"
                        + " {} missing and {} replaced announced again", bucket, report.listed(), report.indexed(),
                        report.errored(), report.missing(), report.stale());
            }
        } catch (RuntimeException e) {
            LOG.warn("Reconciling after the restart failed (run ./isobar reconcile): {}", e.toString());
        }
    }

    /** Creates a queue, or brings an existing one (kept in the data directory) to these attributes. */
    private static String createQueue(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        try {
            return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        } catch (QueueNameExistsException differentAttributes) {
            String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(attributes));
            return url;
        }
    }

    private static void createBucket(S3Client s3, String bucket) {
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException alreadyThere) {
            // kept from an earlier run with --data-dir
        }
    }
}
