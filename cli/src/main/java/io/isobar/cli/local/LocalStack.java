package io.isobar.cli.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.IndexSchema;
import io.isobar.job.config.JobConfig;
import io.isobar.localaws.LocalAws;
import io.isobar.query.QueryService;
import io.isobar.query.QueryServiceConfig;
import io.isobar.simulator.Simulator;
import io.isobar.simulator.SimulatorConfig;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

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
     * @param dataDir where S3 objects and DynamoDB tables persist, or null for in memory
     * @param apiKey the API key the query service accepts
     * @param simulator the simulator's settings, or null for no simulator
     */
    public record Options(int apiPort, int flinkUiPort, int s3Port, int sqsPort, int dynamoDbPort, Path dataDir, String apiKey,
            SimulatorConfig simulator) {}

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final LocalAws aws;
    private final AwsSettings settings;
    private final String queueUrl;
    private final String deadLetterQueueUrl;
    private final JobConfig jobConfig;
    private final FlinkRunner flink;
    private final QueryService api;
    private final Simulator simulator;

    private LocalStack(Options options) throws Exception {
        try {
            aws = LocalAws.builder().host(LocalDefaults.HOST).s3Port(options.s3Port()).sqsPort(options.sqsPort())
                .dynamoDbPort(options.dynamoDbPort()).dataDir(options.dataDir()).start();
        started.push(aws);
        settings = AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint());

        try (S3Client s3 = AwsClients.s3(settings); SqsClient sqs = AwsClients.sqs(settings);
                DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
            createBucket(s3, LocalDefaults.SOURCE_BUCKET);
            createBucket(s3, LocalDefaults.ARCHIVE_BUCKET);
            deadLetterQueueUrl = sqs.createQueue(b -> b.queueName(LocalDefaults.DEAD_LETTER_QUEUE)).queueUrl();
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterQueueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            queueUrl = sqs.createQueue(b -> b.queueName(LocalDefaults.QUEUE).attributes(Map.of(
                    QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + LocalDefaults.MAX_RECEIVE_COUNT + "\"}",
                    QueueAttributeName.VISIBILITY_TIMEOUT, "120"))).queueUrl();
            IndexSchema.createTables(dynamoDb, IndexSchema.TableNames.defaults());
            IndexSchema.enableTimeToLive(dynamoDb, IndexSchema.TableNames.defaults());
        }

        jobConfig = JobConfig.fromProperties(jobProperties(settings, queueUrl));
        flink = FlinkRunner.start(options.flinkUiPort(), jobConfig);
        started.push(flink);
        api = own(new QueryService(QueryServiceConfig.defaults(settings, IndexSchema.TableNames.defaults())
                .withHost(LocalDefaults.HOST).withPort(options.apiPort()).withBootstrapApiKey(options.apiKey())));
        api.start();
        simulator = options.simulator() == null ? null
                : own(new Simulator(settings, LocalDefaults.SOURCE_BUCKET, queueUrl, options.simulator()));
        if (simulator != null) {
            simulator.start();
        }
        } catch (Exception e) {
            close();
            throw e;
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

    static Properties jobProperties(AwsSettings settings, String queueUrl) {
        Properties p = new Properties();
        p.setProperty(JobConfig.REGION, settings.region());
        p.setProperty(JobConfig.S3_ENDPOINT, settings.s3Endpoint().orElseThrow().toString());
        p.setProperty(JobConfig.SQS_ENDPOINT, settings.sqsEndpoint().orElseThrow().toString());
        p.setProperty(JobConfig.DYNAMODB_ENDPOINT, settings.dynamoDbEndpoint().orElseThrow().toString());
        p.setProperty(JobConfig.ACCESS_KEY_ID, settings.credentials().orElseThrow().accessKeyId());
        p.setProperty(JobConfig.SECRET_ACCESS_KEY, settings.credentials().orElseThrow().secretAccessKey());
        p.setProperty(JobConfig.QUEUE_URL, queueUrl);
        p.setProperty(JobConfig.QUEUE_VISIBILITY, "120");
        p.setProperty(JobConfig.ARCHIVE_BUCKET, LocalDefaults.ARCHIVE_BUCKET);
        p.setProperty(JobConfig.ENRICH_CONCURRENCY, "16");
        return p;
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

    private static void createBucket(S3Client s3, String bucket) {
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException alreadyThere) {
            // kept from an earlier run with --data-dir
        }
    }
}
