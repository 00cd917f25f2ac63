package io.isobar.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSummaries;
import io.isobar.index.ErrorItems;
import io.isobar.index.IndexSchema;
import io.isobar.job.config.JobConfig;
import io.isobar.json.Json;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.model.IngestError;
import io.isobar.simulator.SimulatedFile;
import io.isobar.simulator.Simulator;
import io.isobar.simulator.SimulatorConfig;
import io.isobar.simulator.SimulatorListener;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One test's own slice of the emulated AWS: uniquely named buckets, queues and tables, the simulator to
 * fill them, and the checks the ingest ITCases make (index contents, queue depth, Flink metrics); with the
 * harness they share to run the job (the MiniCluster, the environment, submitting and waiting for it to run).
 */
final class IngestTestStack implements AutoCloseable {

    final AwsSettings settings;
    final S3Client s3;
    final SqsClient sqs;
    final DynamoDbClient dynamoDb;
    final String sourceBucket = LocalAws.uniqueName("source");
    final String archiveBucket = LocalAws.uniqueName("archive");
    final IndexSchema.TableNames tables;
    final String tablePrefix = LocalAws.uniqueName("idx");
    final String queueUrl;
    final String stagingQueueUrl;
    /** The ingest queue's dead-letter queue, after {@value #MAX_RECEIVES} receives as deployed. */
    final String deadLetterQueueUrl;
    static final int MAX_RECEIVES = 5;

    IngestTestStack(LocalAws aws) {
        settings = AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint());
        s3 = AwsClients.s3(settings);
        sqs = AwsClients.sqs(settings);
        dynamoDb = AwsClients.dynamoDb(settings);
        s3.createBucket(b -> b.bucket(sourceBucket));
        s3.createBucket(b -> b.bucket(archiveBucket));
        deadLetterQueueUrl = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("ingest-dlq"))).queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterQueueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        queueUrl = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("ingest"))
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30",
                        QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"" + MAX_RECEIVES
                                + "\",\"deadLetterTargetArn\":\"" + deadLetterArn + "\"}"))).queueUrl();
        stagingQueueUrl = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("staging"))).queueUrl();
        tables = IndexSchema.TableNames.withPrefix(tablePrefix);
        IndexSchema.createTables(dynamoDb, tables);
    }

    JobConfig jobConfig() {
        return JobConfig.fromProperties(jobProperties());
    }

    /** The job's settings as properties, for a test that changes one of them. */
    Properties jobProperties() {
        Properties p = new Properties();
        p.setProperty(JobConfig.REGION, settings.region());
        p.setProperty(JobConfig.S3_ENDPOINT, settings.s3Endpoint().orElseThrow().toString());
        p.setProperty(JobConfig.SQS_ENDPOINT, settings.sqsEndpoint().orElseThrow().toString());
        p.setProperty(JobConfig.DYNAMODB_ENDPOINT, settings.dynamoDbEndpoint().orElseThrow().toString());
        p.setProperty(JobConfig.ACCESS_KEY_ID, "test");
        p.setProperty(JobConfig.SECRET_ACCESS_KEY, "test");
        p.setProperty(JobConfig.QUEUE_URL, queueUrl);
        p.setProperty(JobConfig.QUEUE_WAIT, "1");
        p.setProperty(JobConfig.QUEUE_VISIBILITY, "30");
        p.setProperty(JobConfig.ARCHIVE_BUCKET, archiveBucket);
        p.setProperty(JobConfig.TABLE_PREFIX, tablePrefix);
        p.setProperty(JobConfig.ENRICH_CONCURRENCY, "4");
        return p;
    }

    /**
     * Runs the simulator (small grids) for {@code runs} model runs into the source bucket, with the
     * notifications going to a staging queue; returns the files and the notification bodies, so a test can
     * send them to the ingest queue as often as it likes.
     */
    Published simulate(int runs, Instant firstRun) throws Exception {
        return simulate(SimulatorConfig.small(firstRun).withRuns(firstRun, Duration.ofHours(1), runs, false));
    }

    /** As {@link #simulate(int, Instant)}, with the simulation {@code config} describes. */
    Published simulate(SimulatorConfig config) throws Exception {
        return simulate(config, sourceBucket);
    }

    /** As {@link #simulate(SimulatorConfig)}, into {@code bucket}, or each product's own bucket (null), which must exist. */
    Published simulate(SimulatorConfig config, String bucket) throws Exception {
        List<SimulatedFile> files = new ArrayList<>();
        try (Simulator simulator = new Simulator(settings, bucket, stagingQueueUrl, config, new SimulatorListener() {
            @Override
            public synchronized void filePublished(SimulatedFile file, String bucket) {
                files.add(file);
            }
        })) {
            simulator.start();
            assertThat(simulator.awaitCompletion(Duration.ofMinutes(2))).as("simulator finished").isTrue();
            assertThat(simulator.stats().failures()).isZero();
        }
        List<String> bodies = new ArrayList<>();
        while (bodies.size() < files.size()) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(stagingQueueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            for (Message m : batch) {
                bodies.add(m.body());
                sqs.deleteMessage(b -> b.queueUrl(stagingQueueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return new Published(List.copyOf(files), List.copyOf(bodies));
    }

    record Published(List<SimulatedFile> files, List<String> bodies) {}

    void send(List<String> bodies) {
        for (String body : bodies) {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        }
    }

    List<ForecastFile> indexedFiles() {
        return dynamoDb.scanPaginator(b -> b.tableName(tables.files())).items().stream().map(FileItems::fromItem).toList();
    }

    List<Map<String, AttributeValue>> validTimes() {
        return dynamoDb.scanPaginator(b -> b.tableName(tables.validTimes())).items().stream().toList();
    }

    /**
     * Whether the valid-times table holds exactly what the indexed files imply (markers with their counts, run
     * summaries, parameters, models), as {@link IndexSummaries} computes it from the files table: the job's running
     * summaries counted each file once, whatever was delivered twice or replayed after a failure.
     */
    boolean summariesMatchTheFiles() {
        return java.util.Set.copyOf(validTimes()).equals(expectedSummaries());
    }

    private java.util.Set<Map<String, AttributeValue>> expectedSummaries() {
        return java.util.Set.copyOf(IndexSummaries.items(indexedFiles(), jobConfig().index().fileRetention()));
    }

    /** Waits for {@link #summariesMatchTheFiles}, and shows what differs if it never does. */
    void awaitSummaries(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!summariesMatchTheFiles() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        org.assertj.core.api.Assertions.assertThat(validTimes()).as("the valid-times table: the summaries of the files")
                .containsExactlyInAnyOrderElementsOf(expectedSummaries());
    }

    List<IngestError> errors() {
        return dynamoDb.scanPaginator(b -> b.tableName(tables.errors())).items().stream().map(ErrorItems::fromItem).toList();
    }

    /** Visible plus in-flight messages: zero once every message has been deleted. */
    int queueDepth() {
        return depth(queueUrl);
    }

    /** Messages moved to the dead-letter queue. */
    int deadLetterDepth() {
        return depth(deadLetterQueueUrl);
    }

    private int depth(String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /**
     * A MiniCluster with two slots per TaskManager, metrics fetched every 300 ms (the tests read them) and up to
     * {@code restartAttempts} restarts 500 ms apart (a test that makes the job fail sees it recover).
     */
    static MiniClusterExtension miniCluster(int taskManagers, int restartAttempts) {
        Configuration conf = new Configuration();
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(300));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restartAttempts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(taskManagers)
                .setNumberSlotsPerTaskManager(2)
                .setConfiguration(conf)
                .build());
    }

    /** The environment of the MiniCluster, with this parallelism and a checkpoint every 300 ms (0: none). */
    static StreamExecutionEnvironment environment(int parallelism, long checkpointMillis) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        if (checkpointMillis > 0) {
            env.enableCheckpointing(checkpointMillis);
        }
        return env;
    }

    /** Submits the job built on {@code env}, named for this stack, and waits until it runs. */
    JobClient run(StreamExecutionEnvironment env, String name, Duration patience) throws Exception {
        JobClient client = env.executeAsync(name + "-" + tablePrefix);
        await("the job to run", patience, () -> {
            try {
                return client.getJobStatus().get() == JobStatus.RUNNING;
            } catch (Exception e) {
                return false;
            }
        });
        return client;
    }

    /** A Met Office notification without the SNS envelope, for an object this test put in the source bucket. */
    String rawNotification(String model, String key) {
        return "{\"model\": \"" + model + "\", \"name\": \"air_temperature\", \"bucket\": \"" + sourceBucket
                + "\", \"key\": \"" + key + "\", \"forecast_period\": \"3600\"}";
    }

    /** A test's tear-down: cancels its job, if one still runs, then closes the stack (if it was made). */
    static void tearDown(JobClient job, IngestTestStack stack) throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /**
     * The sum over subtasks of an operator metric, read through the MiniCluster's REST API the way the
     * web UI reads it.
     */
    static long operatorMetric(URI rest, String jobId, String vertexNameContains, String metric) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode job = get(http, rest.resolve("/jobs/" + jobId));
        for (JsonNode vertex : job.get("vertices")) {
            if (!vertex.get("name").asText().contains(vertexNameContains)) {
                continue;
            }
            String base = "/jobs/" + jobId + "/vertices/" + vertex.get("id").asText() + "/subtasks/metrics";
            for (JsonNode available : get(http, rest.resolve(base))) {
                String id = available.get("id").asText();
                if (id.endsWith("." + metric) || id.equals(metric)) {
                    JsonNode values = get(http, rest.resolve(base + "?get=" + id + "&agg=sum"));
                    return values.get(0).get("sum").asLong();
                }
            }
            return 0; // not reported yet
        }
        throw new AssertionError("no vertex named like '" + vertexNameContains + "' in " + job.get("vertices"));
    }

    /** A job-level metric (e.g. {@code numRestarts}), read through the REST API. */
    static long jobMetric(URI rest, String jobId, String metric) throws IOException, InterruptedException {
        JsonNode values = null;
        // The web monitor fetches metrics in the background: the first answers may be empty.
        for (int i = 0; i < 100 && (values == null || !values.isArray() || values.isEmpty()); i++) {
            if (values != null) {
                Thread.sleep(200);
            }
            values = get(HttpClient.newHttpClient(), rest.resolve("/jobs/" + jobId + "/metrics?get=" + metric));
        }
        if (!values.isArray() || values.isEmpty()) {
            throw new AssertionError("job metric " + metric + " not reported: " + values);
        }
        return values.get(0).get("value").asLong();
    }

    /** How many failures the job's exception history holds (each one made it restart or fail). */
    static int failures(URI rest, String jobId) throws IOException, InterruptedException {
        return Json.mapper().readTree(exceptionHistory(rest, jobId)).path("exceptionHistory").path("entries").size();
    }

    /** The job's exception history (the failures that made it restart), as the web UI shows it. */
    static String exceptionHistory(URI rest, String jobId) throws IOException, InterruptedException {
        return get(HttpClient.newHttpClient(), rest.resolve("/jobs/" + jobId + "/exceptions")).toString();
    }

    /** When the job's newest completed checkpoint was triggered (epoch ms), or -1 before the first completes. */
    static long latestCheckpointTriggeredAt(URI rest, String jobId) throws IOException, InterruptedException {
        JsonNode completed = get(HttpClient.newHttpClient(), rest.resolve("/jobs/" + jobId + "/checkpoints"))
                .path("latest").path("completed");
        return completed.isObject() ? completed.path("trigger_timestamp").asLong(-1) : -1;
    }

    private static JsonNode get(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(r.body());
    }

    @Override
    public void close() {
        s3.close();
        sqs.close();
        dynamoDb.close();
    }
}
