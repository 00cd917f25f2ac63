package io.isobar.job.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.isobar.aws.AwsSettings;
import io.isobar.index.IndexSchema;
import io.isobar.model.ModelNames;

/**
 * The ingest job's settings, read from one property group: {@value #PROPERTY_GROUP} in the Managed
 * Flink application properties, or a properties file locally. Every key is a constant here; the keys
 * and defaults are listed in {@code docs/configuration.md}.
 *
 * <p>Serializable so operators can carry it; AWS clients are built from it inside each operator. The
 * streaming job needs {@value #QUEUE_URL}; a backfill reads no queue and may leave it out.
 */
public record JobConfig(
        String region,
        String s3Endpoint,
        String sqsEndpoint,
        String dynamoDbEndpoint,
        String accessKeyId,
        String secretAccessKey,
        String queueUrl,
        int maxMessagesPerPoll,
        Duration pollWait,
        Duration visibilityTimeout,
        String archiveBucket,
        String archivePrefix,
        String tablePrefix,
        Set<String> models,
        Set<String> variables,
        int enrichConcurrency,
        Duration enrichTimeout,
        Duration dedupTtl,
        Duration enrichRetryBudget,
        Duration fileRetention) implements Serializable {

    public static final String PROPERTY_GROUP = "IsobarIngest";

    public static final String REGION = "aws.region";
    public static final String S3_ENDPOINT = "aws.endpoint.s3";
    public static final String SQS_ENDPOINT = "aws.endpoint.sqs";
    public static final String DYNAMODB_ENDPOINT = "aws.endpoint.dynamodb";
    public static final String ACCESS_KEY_ID = "aws.access-key-id";
    public static final String SECRET_ACCESS_KEY = "aws.secret-access-key";
    public static final String QUEUE_URL = "queue.url";
    public static final String QUEUE_MAX_MESSAGES = "queue.max-messages-per-poll";
    public static final String QUEUE_WAIT = "queue.wait-seconds";
    public static final String QUEUE_VISIBILITY = "queue.visibility-timeout-seconds";
    public static final String ARCHIVE_BUCKET = "archive.bucket";
    public static final String ARCHIVE_PREFIX = "archive.prefix";
    public static final String TABLE_PREFIX = "index.table-prefix";
    public static final String FILTER_MODELS = "filter.models";
    public static final String FILTER_VARIABLES = "filter.variables";
    public static final String ENRICH_CONCURRENCY = "enrich.concurrency";
    public static final String ENRICH_TIMEOUT = "enrich.timeout-seconds";
    public static final String DEDUP_TTL = "dedup.ttl-days";
    /** How long a file's transient failures (S3 unreachable, throttled) are retried before the attempt fails. */
    public static final String ENRICH_RETRY_BUDGET = "enrich.retry-budget-seconds";
    /** How long files items are kept (DynamoDB TTL): the archive's retention, so entries expire with their files. */
    public static final String FILE_RETENTION = "index.file-retention-days";

    /** Keys that may appear in a property group; anything else is a typo and fails fast. */
    public static final Set<String> KEYS = Set.of(REGION, S3_ENDPOINT, SQS_ENDPOINT, DYNAMODB_ENDPOINT, ACCESS_KEY_ID,
            SECRET_ACCESS_KEY, QUEUE_URL, QUEUE_MAX_MESSAGES, QUEUE_WAIT, QUEUE_VISIBILITY, ARCHIVE_BUCKET, ARCHIVE_PREFIX,
            TABLE_PREFIX, FILTER_MODELS, FILTER_VARIABLES, ENRICH_CONCURRENCY, ENRICH_TIMEOUT, DEDUP_TTL, ENRICH_RETRY_BUDGET, FILE_RETENTION);

    public JobConfig {
        require(archiveBucket, ARCHIVE_BUCKET);
        require(region, REGION);
        if (maxMessagesPerPoll < 1 || maxMessagesPerPoll > 10) {
            throw new IllegalArgumentException(QUEUE_MAX_MESSAGES + " must be 1..10 (an SQS limit), got " + maxMessagesPerPoll);
        }
        if (enrichConcurrency < 1) {
            throw new IllegalArgumentException(ENRICH_CONCURRENCY + " must be at least 1, got " + enrichConcurrency);
        }
        // SQS keeps messages at most 14 days; the de-duplication memory must outlive any redelivery.
        if (dedupTtl.compareTo(Duration.ofDays(14)) <= 0) {
            throw new IllegalArgumentException(DEDUP_TTL + " must exceed the SQS retention limit of 14 days, got "
                    + dedupTtl.toDays());
        }
        if (enrichRetryBudget.isNegative()) {
            throw new IllegalArgumentException(ENRICH_RETRY_BUDGET + " must not be negative, got " + enrichRetryBudget.toSeconds());
        }
        if (fileRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException(FILE_RETENTION + " must be at least 1 day, got " + fileRetention.toDays());
        }
        models = Set.copyOf(models);
        variables = Set.copyOf(variables);
    }

    /** Reads the settings from properties, applying the documented defaults. */
    public static JobConfig fromProperties(Properties p) {
        Set<String> unknown = p.stringPropertyNames().stream().filter(k -> !KEYS.contains(k))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown ingest setting(s) " + unknown + "; known: " + new TreeSet<>(KEYS));
        }
        return new JobConfig(
                p.getProperty(REGION, AwsSettings.LOCAL_REGION),
                p.getProperty(S3_ENDPOINT),
                p.getProperty(SQS_ENDPOINT),
                p.getProperty(DYNAMODB_ENDPOINT),
                p.getProperty(ACCESS_KEY_ID),
                p.getProperty(SECRET_ACCESS_KEY),
                p.getProperty(QUEUE_URL),
                integer(p, QUEUE_MAX_MESSAGES, 10),
                Duration.ofSeconds(integer(p, QUEUE_WAIT, 20)),
                Duration.ofSeconds(integer(p, QUEUE_VISIBILITY, 300)),
                p.getProperty(ARCHIVE_BUCKET),
                p.getProperty(ARCHIVE_PREFIX, ""),
                p.getProperty(TABLE_PREFIX, IndexSchema.DEFAULT_PREFIX),
                list(p, FILTER_MODELS, ModelNames::normalise),
                list(p, FILTER_VARIABLES, Function.identity()),
                integer(p, ENRICH_CONCURRENCY, 32),
                Duration.ofSeconds(integer(p, ENRICH_TIMEOUT, 120)),
                Duration.ofDays(integer(p, DEDUP_TTL, 21)),
                Duration.ofSeconds(integer(p, ENRICH_RETRY_BUDGET, 600)),
                Duration.ofDays(integer(p, FILE_RETENTION, (int) IndexSchema.DEFAULT_FILE_RETENTION.toDays())));
    }

    /** Reads a properties file (the local form of the property group). */
    public static JobConfig fromFile(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return fromProperties(p);
    }

    /** Reads the property group from a Managed Flink runtime's application properties. */
    public static JobConfig fromApplicationProperties(Map<String, Properties> groups) {
        Properties p = groups.get(PROPERTY_GROUP);
        if (p == null) {
            throw new IllegalArgumentException("the application has no property group '" + PROPERTY_GROUP + "'; groups: "
                    + groups.keySet());
        }
        return fromProperties(p);
    }

    /** Every setting but the secret key, which is never printed: settings end up in logs and in the job graph. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ", "JobConfig[", "]");
        for (RecordComponent c : JobConfig.class.getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            out.add(c.getName() + "=" + (c.getName().equals("secretAccessKey") && value != null ? "***" : value));
        }
        return out.toString();
    }

    public AwsSettings awsSettings() {
        Optional<AwsSettings.StaticCredentials> credentials = accessKeyId == null
                ? Optional.empty()
                : Optional.of(new AwsSettings.StaticCredentials(accessKeyId, secretAccessKey));
        return new AwsSettings(region, uri(s3Endpoint), uri(sqsEndpoint), uri(dynamoDbEndpoint), credentials);
    }

    public IndexSchema.TableNames tables() {
        return IndexSchema.TableNames.withPrefix(tablePrefix);
    }

    private static Optional<URI> uri(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(URI.create(value));
    }

    /** The queue URL, failing with the setting's name when it is missing (the streaming job cannot run without it). */
    public String requireQueueUrl() {
        require(queueUrl, QUEUE_URL);
        return queueUrl;
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing ingest setting '" + key + "'");
        }
    }

    private static int integer(Properties p, String key, int defaultValue) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ingest setting '" + key + "' must be a whole number, got '" + v + "'");
        }
    }

    private static Set<String> list(Properties p, String key, Function<String, String> normalise) {
        String v = p.getProperty(key, "");
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(normalise)
                .collect(Collectors.toUnmodifiableSet());
    }
}
