package io.isobar.job.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.isobar.aws.AwsSettings;

/**
 * The ingest job's settings: one typed tree of parts, read from one property group, {@value #PROPERTY_GROUP} in the
 * Managed Flink application properties, a properties file locally, or {@link #builder()} (the local system), all
 * through {@link #fromProperties}. Every key is a constant here; each part parses its keys with their defaults and
 * validates them in its constructor. Keys and defaults are listed in {@code docs/configuration.md}.
 *
 * <p>Serializable so operators can carry it; AWS clients are built from {@link #aws()} inside each operator.
 * {@link #toString} never prints the secret key. The streaming job needs {@value #QUEUE_URL}; a backfill reads no
 * queue and may leave it out.
 *
 * @param aws     region, endpoint overrides and credentials
 * @param queue   the queue and how the SQS source polls it
 * @param archive where accepted files are copied
 * @param index   the index tables and how long files items live
 * @param filter  the model and variable allow-lists
 * @param ingest  concurrency, timeouts, retries and de-duplication of the ingest step
 */
public record JobConfig(
        AwsSettings aws,
        QueueSettings queue,
        ArchiveSettings archive,
        IndexSettings index,
        FilterSettings filter,
        IngestSettings ingest) implements Serializable {

    private static final long serialVersionUID = 1L;

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
    public static final String QUEUE_MAX_VISIBILITY_EXTENSION = "queue.max-visibility-extension-seconds";
    public static final String ARCHIVE_BUCKET = "archive.bucket";
    public static final String ARCHIVE_PREFIX = "archive.prefix";
    public static final String TABLE_PREFIX = "index.table-prefix";
    public static final String FILE_RETENTION = "index.file-retention-days";
    public static final String FILTER_MODELS = "filter.models";
    public static final String FILTER_VARIABLES = "filter.variables";
    public static final String ENRICH_CONCURRENCY = "enrich.concurrency";
    public static final String ENRICH_TIMEOUT = "enrich.timeout-seconds";
    public static final String ENRICH_RETRY_BUDGET = "enrich.retry-budget-seconds";
    public static final String DEDUP_TTL = "dedup.ttl-days";

    /** Keys that may appear in a property group; anything else is a typo and fails fast. */
    public static final Set<String> KEYS = Set.of(REGION, S3_ENDPOINT, SQS_ENDPOINT, DYNAMODB_ENDPOINT, ACCESS_KEY_ID,
            SECRET_ACCESS_KEY, QUEUE_URL, QUEUE_MAX_MESSAGES, QUEUE_WAIT, QUEUE_VISIBILITY, QUEUE_MAX_VISIBILITY_EXTENSION,
            ARCHIVE_BUCKET, ARCHIVE_PREFIX, TABLE_PREFIX, FILE_RETENTION, FILTER_MODELS, FILTER_VARIABLES,
            ENRICH_CONCURRENCY, ENRICH_TIMEOUT, ENRICH_RETRY_BUDGET, DEDUP_TTL);

    public JobConfig {
        if (Stream.of(aws, queue, archive, index, filter, ingest).anyMatch(Objects::isNull)) {
            throw new NullPointerException("every part of the job's configuration is required");
        }
    }

    /** Reads the settings from one property group, applying the documented defaults. */
    public static JobConfig fromProperties(Properties properties) {
        Set<String> unknown = properties.stringPropertyNames().stream().filter(k -> !KEYS.contains(k))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown ingest setting(s) " + unknown + "; known: " + new TreeSet<>(KEYS));
        }
        PropertyReader p = new PropertyReader(properties);
        return new JobConfig(readAws(p), QueueSettings.read(p), ArchiveSettings.read(p), IndexSettings.read(p),
                FilterSettings.read(p), IngestSettings.read(p));
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

    /** A builder of the same property group, for code that starts the job itself (the local system, tests). */
    public static Builder builder() {
        return new Builder();
    }

    private static AwsSettings readAws(PropertyReader p) {
        String accessKeyId = p.string(ACCESS_KEY_ID, null);
        String secret = p.string(SECRET_ACCESS_KEY, null);
        if ((accessKeyId == null) != (secret == null)) {
            throw new IllegalArgumentException("ingest settings '" + ACCESS_KEY_ID + "' and '" + SECRET_ACCESS_KEY
                    + "' go together: set both (emulators) or neither (the default credentials chain)");
        }
        return new AwsSettings(p.string(REGION, AwsSettings.LOCAL_REGION), uri(p, S3_ENDPOINT), uri(p, SQS_ENDPOINT),
                uri(p, DYNAMODB_ENDPOINT), Optional.ofNullable(accessKeyId)
                        .map(id -> new AwsSettings.StaticCredentials(id, secret)));
    }

    private static Optional<URI> uri(PropertyReader p, String key) {
        String value = p.string(key, null);
        if (value == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ingest setting '" + key + "' is not a URL: " + value, e);
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("ingest setting '" + key + "' must be a URL such as http://127.0.0.1:4566, got "
                    + value);
        }
        return Optional.of(uri);
    }

    /**
     * Sets keys of the property group and builds the {@link JobConfig} through {@link #fromProperties}, so the local
     * system gets the same defaults and validation as a deployment.
     */
    public static final class Builder {
        private final Properties properties = new Properties();

        private Builder() {}

        /** The region, endpoint overrides and credentials of {@code settings}. */
        public Builder aws(AwsSettings settings) {
            properties.setProperty(REGION, settings.region());
            settings.s3Endpoint().ifPresent(e -> properties.setProperty(S3_ENDPOINT, e.toString()));
            settings.sqsEndpoint().ifPresent(e -> properties.setProperty(SQS_ENDPOINT, e.toString()));
            settings.dynamoDbEndpoint().ifPresent(e -> properties.setProperty(DYNAMODB_ENDPOINT, e.toString()));
            settings.credentials().ifPresent(c -> {
                properties.setProperty(ACCESS_KEY_ID, c.accessKeyId());
                properties.setProperty(SECRET_ACCESS_KEY, c.secretAccessKey());
            });
            return this;
        }

        /** Sets one key of the property group (one of {@link #KEYS}) to {@code value}'s text. */
        public Builder set(String key, Object value) {
            properties.setProperty(key, String.valueOf(value));
            return this;
        }

        /** The configuration, defaults filled in; fails like {@link #fromProperties} on a bad or unknown setting. */
        public JobConfig build() {
            return fromProperties(properties);
        }
    }
}
