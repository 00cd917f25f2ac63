package io.isobar.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.isobar.aws.AwsSettings;
import io.isobar.index.IndexSchema;

/**
 * The job's settings: every key's default, every rejected value and its message, unknown keys refused, the secret
 * never printed, and the property group, a file and the builder giving the same configuration.
 */
class JobConfigTest {

    private static final String QUEUE = "https://sqs.eu-west-2.amazonaws.com/123456789012/isobar";

    /** The one required setting. */
    private static Properties required() {
        Properties p = new Properties();
        p.setProperty(JobConfig.ARCHIVE_BUCKET, "archive");
        return p;
    }

    /** Every key, none at its default. */
    private static Properties everyKey() {
        Properties p = new Properties();
        p.setProperty(JobConfig.REGION, "eu-west-1");
        p.setProperty(JobConfig.S3_ENDPOINT, "http://127.0.0.1:1");
        p.setProperty(JobConfig.SQS_ENDPOINT, "http://127.0.0.1:2");
        p.setProperty(JobConfig.DYNAMODB_ENDPOINT, "http://127.0.0.1:3");
        p.setProperty(JobConfig.ACCESS_KEY_ID, "AKIDEXAMPLE");
        p.setProperty(JobConfig.SECRET_ACCESS_KEY, "wJalrXUtnFEMI-secret");
        p.setProperty(JobConfig.QUEUE_URL, QUEUE);
        p.setProperty(JobConfig.QUEUE_MAX_MESSAGES, "5");
        p.setProperty(JobConfig.QUEUE_WAIT, "3");
        p.setProperty(JobConfig.QUEUE_VISIBILITY, "60");
        p.setProperty(JobConfig.QUEUE_MAX_VISIBILITY_EXTENSION, "600");
        p.setProperty(JobConfig.ARCHIVE_BUCKET, "archive");
        p.setProperty(JobConfig.ARCHIVE_PREFIX, "raw/");
        p.setProperty(JobConfig.TABLE_PREFIX, "isobar-test");
        p.setProperty(JobConfig.FILE_RETENTION, "30");
        p.setProperty(JobConfig.FILTER_MODELS, " UKV , mogreps-uk");
        p.setProperty(JobConfig.FILTER_VARIABLES, "air_temperature,,wind_speed ");
        p.setProperty(JobConfig.ENRICH_CONCURRENCY, "4");
        p.setProperty(JobConfig.ENRICH_TIMEOUT, "30");
        p.setProperty(JobConfig.ENRICH_RETRY_BUDGET, "0");
        p.setProperty(JobConfig.DEDUP_TTL, "15");
        return p;
    }

    private static JobConfig expectedForEveryKey() {
        AwsSettings aws = new AwsSettings("eu-west-1", Optional.of(URI.create("http://127.0.0.1:1")),
                Optional.of(URI.create("http://127.0.0.1:2")), Optional.of(URI.create("http://127.0.0.1:3")),
                Optional.of(new AwsSettings.StaticCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI-secret")));
        return new JobConfig(aws,
                new QueueSettings(QUEUE, 5, Duration.ofSeconds(3), Duration.ofSeconds(60), Duration.ofMinutes(10)),
                new ArchiveSettings("archive", "raw/"),
                new IndexSettings("isobar-test", Duration.ofDays(30)),
                new FilterSettings(Set.of("ukv", "mogreps-uk"), Set.of("air_temperature", "wind_speed")),
                new IngestSettings(4, Duration.ofSeconds(30), Duration.ZERO, Duration.ofDays(15)));
    }

    @Test
    void everyKeyHasItsDefault() {
        JobConfig config = JobConfig.fromProperties(required());

        assertThat(config.aws()).isEqualTo(AwsSettings.aws(AwsSettings.LOCAL_REGION));
        assertThat(config.queue()).isEqualTo(new QueueSettings(null, 10, Duration.ofSeconds(20), Duration.ofSeconds(300),
                Duration.ofHours(1)));
        assertThat(config.archive()).isEqualTo(new ArchiveSettings("archive", ""));
        assertThat(config.index()).isEqualTo(new IndexSettings(IndexSchema.DEFAULT_PREFIX, Duration.ofDays(365)));
        assertThat(config.index().tables()).isEqualTo(IndexSchema.TableNames.defaults());
        assertThat(config.filter()).isEqualTo(new FilterSettings(Set.of(), Set.of()));
        assertThat(config.ingest()).isEqualTo(new IngestSettings(32, Duration.ofSeconds(120), Duration.ofSeconds(600),
                Duration.ofDays(21)));
        assertThat(config.ingest().timeoutWithRetries()).isEqualTo(Duration.ofSeconds(720));
    }

    @Test
    void readsEveryKey() {
        assertThat(JobConfig.fromProperties(everyKey())).isEqualTo(expectedForEveryKey());
        assertThat(JobConfig.KEYS).containsExactlyInAnyOrderElementsOf(everyKey().stringPropertyNames());
    }

    @Test
    void thePropertyGroupAFileAndTheBuilderGiveTheSameConfiguration(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ingest.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            everyKey().store(out, "the local form of the property group");
        }
        AwsSettings aws = expectedForEveryKey().aws();
        JobConfig built = JobConfig.builder()
                .aws(aws)
                .set(JobConfig.QUEUE_URL, QUEUE)
                .set(JobConfig.QUEUE_MAX_MESSAGES, 5)
                .set(JobConfig.QUEUE_WAIT, 3)
                .set(JobConfig.QUEUE_VISIBILITY, 60)
                .set(JobConfig.QUEUE_MAX_VISIBILITY_EXTENSION, 600)
                .set(JobConfig.ARCHIVE_BUCKET, "archive")
                .set(JobConfig.ARCHIVE_PREFIX, "raw/")
                .set(JobConfig.TABLE_PREFIX, "isobar-test")
                .set(JobConfig.FILE_RETENTION, 30)
                .set(JobConfig.FILTER_MODELS, "ukv,MOGREPS-UK")
                .set(JobConfig.FILTER_VARIABLES, "air_temperature,wind_speed")
                .set(JobConfig.ENRICH_CONCURRENCY, 4)
                .set(JobConfig.ENRICH_TIMEOUT, 30)
                .set(JobConfig.ENRICH_RETRY_BUDGET, 0)
                .set(JobConfig.DEDUP_TTL, 15)
                .build();

        JobConfig fromGroup = JobConfig.fromApplicationProperties(Map.of(JobConfig.PROPERTY_GROUP, everyKey(),
                "SomethingElse", new Properties()));

        assertThat(fromGroup).isEqualTo(expectedForEveryKey());
        assertThat(JobConfig.fromFile(file)).isEqualTo(fromGroup);
        assertThat(built).isEqualTo(fromGroup);
    }

    @Test
    void theBuilderAppliesTheSameDefaultsAndChecks() {
        assertThat(JobConfig.builder().aws(AwsSettings.aws(AwsSettings.LOCAL_REGION)).set(JobConfig.ARCHIVE_BUCKET, "archive")
                .build()).isEqualTo(JobConfig.fromProperties(required()));
        assertThatThrownBy(() -> JobConfig.builder().set(JobConfig.ARCHIVE_BUCKET, "archive")
                .set(JobConfig.QUEUE_MAX_MESSAGES, 11).build())
                .hasMessage("queue.max-messages-per-poll must be 1..10 (an SQS limit), got 11");
    }

    @Test
    void aMissingPropertyGroupIsNamed() {
        assertThatThrownBy(() -> JobConfig.fromApplicationProperties(Map.of("Other", required())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no property group 'IsobarIngest'").hasMessageContaining("Other");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            archive.bucket                         | ' '        | missing ingest setting 'archive.bucket'
            queue.max-messages-per-poll            | 0          | queue.max-messages-per-poll must be 1..10 (an SQS limit), got 0
            queue.max-messages-per-poll            | 11         | queue.max-messages-per-poll must be 1..10 (an SQS limit), got 11
            queue.max-messages-per-poll            | ten        | ingest setting 'queue.max-messages-per-poll' must be a whole number, got 'ten'
            queue.wait-seconds                     | 21         | queue.wait-seconds must be 0..20 seconds, got 21
            queue.wait-seconds                     | -1         | queue.wait-seconds must be 0..20 seconds, got -1
            queue.visibility-timeout-seconds       | 1          | queue.visibility-timeout-seconds must be 2..43200 seconds, got 1
            queue.visibility-timeout-seconds       | 43201      | queue.visibility-timeout-seconds must be 2..43200 seconds, got 43201
            queue.visibility-timeout-seconds       | 1.5        | ingest setting 'queue.visibility-timeout-seconds' must be a whole number, got '1.5'
            queue.max-visibility-extension-seconds | 299        | queue.max-visibility-extension-seconds must be at least the visibility timeout (300 s) and leave room for one more within SQS's 12 h limit (at most 42900 s), got 299
            queue.max-visibility-extension-seconds | 42901      | queue.max-visibility-extension-seconds must be at least the visibility timeout (300 s) and leave room for one more within SQS's 12 h limit (at most 42900 s), got 42901
            queue.url                              | isobar     | queue.url must be a queue URL such as https://sqs.<region>.amazonaws.com/<account>/<queue>, got isobar
            queue.url                              | https://sqs.eu-west-2.amazonaws.com/1/q.fifo | FIFO queues are not supported (the parallel readers would not keep message group order): https://sqs.eu-west-2.amazonaws.com/1/q.fifo
            aws.endpoint.s3                        | localhost  | ingest setting 'aws.endpoint.s3' must be a URL such as http://127.0.0.1:4566, got localhost
            aws.endpoint.dynamodb                  | http://a b | ingest setting 'aws.endpoint.dynamodb' is not a URL: http://a b
            aws.access-key-id                      | AKID       | ingest settings 'aws.access-key-id' and 'aws.secret-access-key' go together: set both (emulators) or neither (the default credentials chain)
            aws.secret-access-key                  | secret     | ingest settings 'aws.access-key-id' and 'aws.secret-access-key' go together: set both (emulators) or neither (the default credentials chain)
            index.file-retention-days              | 0          | index.file-retention-days must be at least 1 day, got 0
            enrich.concurrency                     | 0          | enrich.concurrency must be at least 1, got 0
            enrich.timeout-seconds                 | 0          | enrich.timeout-seconds must be at least 1 second, got 0
            enrich.retry-budget-seconds            | -1         | enrich.retry-budget-seconds must not be negative, got -1
            dedup.ttl-days                         | 14         | dedup.ttl-days must exceed the SQS retention limit of 14 days, got 14
            """)
    void rejectsABadValueNamingItsKey(String key, String value, String message) {
        Properties p = required();
        p.setProperty(key, value);

        assertThatThrownBy(() -> JobConfig.fromProperties(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void refusesUnknownKeysNamingThem() {
        Properties p = required();
        p.setProperty("aws.regoin", "eu-west-1");

        assertThatThrownBy(() -> JobConfig.fromProperties(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown ingest setting(s) [aws.regoin]").hasMessageContaining(JobConfig.REGION);
    }

    @Test
    void theStreamingJobNeedsAQueueUrl() {
        assertThatThrownBy(() -> JobConfig.fromProperties(required()).queue().requireUrl())
                .hasMessage("missing ingest setting 'queue.url'");
    }

    @Test
    void neverPrintsTheSecretKey() {
        JobConfig config = JobConfig.fromProperties(everyKey());

        assertThat(config.aws().credentials().orElseThrow().secretAccessKey()).isEqualTo("wJalrXUtnFEMI-secret");
        assertThat(config.toString()).doesNotContain("wJalrXUtnFEMI-secret")
                .contains("accessKeyId=AKIDEXAMPLE", "secretAccessKey=***", "bucket=archive");
        assertThat(config.aws().toString()).doesNotContain("wJalrXUtnFEMI-secret");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        JobConfig config = JobConfig.fromProperties(everyKey());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(config);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(config);
        }
    }

    @Test
    void theVisibilityExtensionRunsWellWithinTheTimeout() {
        QueueSettings queue = QueueSettings.of(QUEUE).withVisibilityTimeout(Duration.ofSeconds(30));

        assertThat(queue.extendVisibilityAfter()).isEqualTo(Duration.ofSeconds(15));
        assertThat(queue.visibilityCheckInterval()).isEqualTo(Duration.ofMillis(7_500));
        assertThat(queue.withVisibilityTimeout(Duration.ofSeconds(2)).visibilityCheckInterval())
                .as("never more often than twice a second").isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> queue.withPollWait(Duration.ofMillis(1_500)))
                .hasMessage("queue.wait-seconds must be whole seconds (SQS's unit), got PT1.5S");
    }
}
