package io.isobar.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.notification.FileNotification;
import io.isobar.notification.NotificationParser;
import io.jhdf.HdfFile;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The simulator against the in-process S3 and SQS emulators: what lands in the bucket and on the queue. */
@ExtendWith(LocalAwsExtension.class)
class SimulatorITCase {

    private static final Instant RUN = Instant.parse("2025-06-14T00:00:00Z");
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsSettings settings;
    private S3Client s3;
    private SqsClient sqs;
    private String bucket;
    private String queueUrl;

    SimulatorITCase(LocalAws aws) {
        this.settings = AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint());
    }

    @BeforeEach
    void createBucketAndQueue() {
        s3 = AwsClients.s3(settings);
        sqs = AwsClients.sqs(settings);
        bucket = LocalAws.uniqueName("met-office");
        s3.createBucket(b -> b.bucket(bucket));
        queueUrl = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("notifications"))).queueUrl();
    }

    @AfterEach
    void closeClients() {
        s3.close();
        sqs.close();
    }

    @Test
    void publishesEveryFileAndAnSnsEnvelopePerFile() throws Exception {
        SimulatorConfig config = SimulatorConfig.small(RUN);
        assertThat(config.filesPerRun()).isEqualTo(12);
        List<SimulatedFile> published = Collections.synchronizedList(new ArrayList<>());
        SimulatorListener listener = new SimulatorListener() {
            @Override
            public void filePublished(SimulatedFile file, String bucket) {
                published.add(file);
            }
        };
        try (Simulator simulator = new Simulator(settings, bucket, queueUrl, config, listener)) {
            simulator.start();
            assertThat(simulator.awaitCompletion(DEADLINE)).as("simulation finished").isTrue();
            assertThat(simulator.stats()).isEqualTo(new SimulatorStats(12, 12,
                    published.stream().mapToLong(SimulatedFile::size).sum(), 12, 0, 1));
            assertThat(simulator.isRunning()).isFalse();

            Map<String, S3Object> objects = s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                    .collect(Collectors.toMap(S3Object::key, Function.identity()));
            assertThat(objects).hasSize(12);
            assertThat(objects.keySet().stream().filter(k -> k.startsWith("uk-deterministic-2km/20250614T0000Z/"))).hasSize(6);
            assertThat(objects.keySet().stream().filter(k -> k.startsWith("uk-ensemble/2025/06/14/T0000Z/"))).hasSize(6);
            assertThat(objects).containsKey(
                    "uk-deterministic-2km/20250614T0000Z/20250614T0200Z-PT0002H00M-temperature_at_screen_level.nc");

            List<Message> messages = receive(12);
            assertThat(messages).hasSize(12);
            for (Message m : messages) {
                JsonNode envelope = JSON.readTree(m.body());
                assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
                assertThat(envelope.get("Message").isTextual()).as("Message is a JSON string").isTrue();
                JsonNode inner = JSON.readTree(envelope.get("Message").asText());
                assertThat(inner.get("bucket").asText()).isEqualTo(bucket);
                String key = inner.get("key").asText();
                assertThat(objects).containsKey(key);
                assertThat(inner.get("object_size").isNumber()).isTrue();
                assertThat(inner.get("object_size").asLong()).isEqualTo(objects.get(key).size());
                assertThat(inner.get("forecast_period").isTextual()).as("forecast_period is a string").isTrue();
                assertThat(inner.get("forecast_period_units").asText()).isEqualTo("seconds");
                assertThat(inner.get("forecast_reference_time").asText()).isEqualTo("2025-06-14T00:00:00Z");
                long period = Long.parseLong(inner.get("forecast_period").asText());
                assertThat(Instant.parse(inner.get("time").asText())).isEqualTo(RUN.plusSeconds(period));
                String model = inner.get("model").asText();
                assertThat(model).isIn("mo-atmospheric-ukv-prd", "mo-atmospheric-mogreps-uk-prd");
                assertThat(inner.has("realization")).isEqualTo(model.contains("mogreps"));
                if (model.contains("mogreps")) {
                    assertThat(inner.get("realization").asText()).isEqualTo("0 1 2");
                }
                assertThat(inner.get("height").asText()).isIn("1.5", "10.0");
                assertThat(envelope.at("/MessageAttributes/name/Value").asText()).isEqualTo(inner.get("name").asText());
                assertThat(envelope.at("/MessageAttributes/model/Value").asText()).isEqualTo(model);
            }

            // The bytes in the bucket hold the field's values.
            String key = "uk-deterministic-2km/20250614T0000Z/20250614T0100Z-PT0001H00M-temperature_at_screen_level.nc";
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.UKV, Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN,
                    Duration.ofHours(1), List.of(), config.grid(), RUN);
            try (HdfFile file = HdfFile.fromBytes(bytes)) {
                float[][] values = (float[][]) file.getDatasetByPath("air_temperature").getData();
                assertThat(values[17][42]).isEqualTo(simulator.field().value(spec, 0, 1.5, 17, 42));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(NotificationStyle.class)
    void everyNotificationStyleIsReadByCoresParser(NotificationStyle style) throws Exception {
        SimulatorConfig config = SimulatorConfig.small(RUN).withModels(List.of(MetOfficeModel.UKV))
                .withVariables(List.of(Variables.RELATIVE_HUMIDITY_AT_SCREEN_LEVEL))
                .withNotificationStyle(style);
        try (Simulator simulator = new Simulator(settings, bucket, queueUrl, config)) {
            simulator.start();
            assertThat(simulator.awaitCompletion(DEADLINE)).isTrue();
        }
        List<Message> messages = receive(3);
        assertThat(messages).hasSize(3);
        NotificationParser parser = new NotificationParser();
        for (Message m : messages) {
            List<FileNotification> parsed = parser.parse(m.body());
            assertThat(parsed).hasSize(1);
            FileNotification n = parsed.get(0);
            assertThat(n.shape().name()).isEqualTo(style.name());
            assertThat(n.object().bucket()).isEqualTo(bucket);
            assertThat(n.object().key()).startsWith("uk-deterministic-2km/20250614T0000Z/")
                    .endsWith("-relative_humidity_at_screen_level.nc");
            long size = s3.headObject(b -> b.bucket(bucket).key(n.object().key())).contentLength();
            assertThat(n.object().size()).isEqualTo(size);
        }
    }

    @Test
    void closeStopsAnEndlessSimulationPromptly() throws Exception {
        SimulatorConfig config = SimulatorConfig.small(RUN).withRuns(RUN, Duration.ofHours(1), 0, false)
                .withFilesPerSecond(20);
        Simulator simulator = new Simulator(settings, bucket, queueUrl, config).start();
        try {
            Instant deadline = Instant.now().plus(DEADLINE);
            while (simulator.stats().filesPublished() < 3 && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertThat(simulator.stats().filesPublished()).isGreaterThanOrEqualTo(3);
            assertThat(simulator.isRunning()).isTrue();
        } finally {
            simulator.close();
        }
        assertThat(simulator.isRunning()).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("isobar-simulator") && t.isAlive());
        SimulatorStats stopped = simulator.stats();
        assertThat(stopped.failures()).isZero();
        // Every uploaded file was announced, even though close() came in the middle of a run.
        assertThat(stopped.notificationsSent()).isEqualTo(stopped.filesPublished());
        assertThat(simulator.stats()).isEqualTo(stopped);
    }

    @Test
    void uploadFailuresAreCountedAndNotAnnounced() throws Exception {
        SimulatorConfig config = SimulatorConfig.small(RUN).withModels(List.of(MetOfficeModel.UKV))
                .withVariables(List.of(Variables.RAINFALL_RATE));
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        SimulatorListener listener = new SimulatorListener() {
            @Override
            public void failed(String what, Exception cause) {
                failures.add(what);
            }
        };
        String missing = LocalAws.uniqueName("no-such-bucket");
        try (Simulator simulator = new Simulator(settings, missing, queueUrl, config, listener)) {
            simulator.start();
            assertThat(simulator.awaitCompletion(DEADLINE)).isTrue();
            SimulatorStats stats = simulator.stats();
            assertThat(stats.filesWritten()).isEqualTo(3);
            assertThat(stats.filesPublished()).isZero();
            assertThat(stats.notificationsSent()).isZero();
            assertThat(stats.failures()).isEqualTo(3);
            assertThat(stats.runsCompleted()).isEqualTo(1);
        }
        assertThat(failures).hasSize(3).allMatch(f -> f.startsWith("uploading s3://" + missing + "/uk-deterministic-2km/"));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages()).isEmpty();
    }

    /**
     * The FEED schedule, as {@code ./isobar local} runs it (on the small grids): every product of today's feed lands in
     * its own bucket under its own key layout, announced as an S3 event on its bucket's {@code -object_created} topic,
     * and the status says so.
     */
    @Test
    void theFeedPublishesEveryProductToItsOwnBucketOnItsOwnTopic() throws Exception {
        for (MetOfficeModel model : MetOfficeModel.values()) {
            try {
                s3.createBucket(b -> b.bucket(model.product().bucket()));
            } catch (software.amazon.awssdk.services.s3.model.S3Exception alreadyThere) {
                // another test of this class made it
            }
        }
        SimulatorConfig config = SimulatorConfig.local(Instant.now()).withGrids(Grids.small()).withFilesPerSecond(0);
        Map<String, String> topics = new java.util.HashMap<>();
        try (Simulator simulator = new Simulator(settings, null, queueUrl, config)) {
            simulator.start();
            Instant deadline = Instant.now().plus(DEADLINE);
            while (Instant.now().isBefore(deadline)
                    && simulator.status().products().values().stream().anyMatch(p -> p.published() == 0)) {
                Thread.sleep(100);
            }
            SimulatorStatus status = simulator.status();
            assertThat(status.products()).hasSize(12).allSatisfy((name, p) -> {
                assertThat(p.published()).as(name).isPositive();
                assertThat(p.run()).as(name).isNotNull().isBeforeOrEqualTo(Instant.now());
                assertThat(p.nextRun()).as(name).isAfter(p.run());
            });
            assertThat(status.line(Instant.now())).contains("files published", "last");
            assertThat(simulator.describe()).contains("12 products", "on their real run schedules", "0.5% of the real feed");
        }
        NotificationParser parser = new NotificationParser();
        for (Message m : receive(12)) {
            JsonNode envelope = JSON.readTree(m.body());
            FileNotification n = parser.parse(m.body()).get(0);
            assertThat(n.shape()).isEqualTo(FileNotification.Shape.S3_EVENT_SNS);
            assertThat(n.model()).as(n.object().key()).isNotNull();
            topics.put(n.model(), envelope.get("TopicArn").asText());
            MetOfficeModel model = MetOfficeModel.fromName(n.model());
            assertThat(n.object().bucket()).isEqualTo(model.product().bucket());
            assertThat(s3.headObject(b -> b.bucket(n.object().bucket()).key(n.object().key())).contentLength())
                    .isEqualTo(n.object().size());
        }
        for (Map.Entry<String, String> e : topics.entrySet()) {
            assertThat(e.getValue()).isEqualTo(MetOfficeModel.fromName(e.getKey()).product().topicArn());
        }
    }

    /** Receives until {@code expected} messages arrived or the deadline passed; deletes what it received. */
    private List<Message> receive(int expected) {
        List<Message> all = new ArrayList<>();
        Instant deadline = Instant.now().plus(DEADLINE);
        while (all.size() < expected && Instant.now().isBefore(deadline)) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            for (Message m : batch) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
            all.addAll(batch);
        }
        return all;
    }
}
