package io.isobar.job.index;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSink;
import org.apache.flink.connector.aws.config.AWSConfigConstants;
import org.apache.flink.connector.aws.util.AWSGeneralUtil;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.dynamodb.sink.DynamoDbClientOverride;
import org.apache.flink.connector.dynamodb.sink.DynamoDbSink;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequest;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequestType;
import org.apache.flink.connector.dynamodb.sink.client.SdkClientProvider;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.index.ErrorItems;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.index.ItemGuard;
import io.isobar.index.Marker;
import io.isobar.index.ParameterSummary;
import io.isobar.index.RunSummary;
import io.isobar.job.config.JobConfig;
import io.isobar.model.ForecastFile;
import io.isobar.model.IngestError;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The job's writes to the index: valid-time and run markers and error records through {@code
 * flink-connector-dynamodb}'s {@link DynamoDbSink}, files through {@link VersionedFilesSink} (the connector's request
 * and state types, written with a conditional PutItem each), every item's key derived from the record, so a replay
 * overwrites the same items.
 *
 * <p>Two things keep a sink from ever failing the job:
 * <ul>
 *   <li>Every item passes {@link ItemGuard} on its way in (long values trimmed, unusable numbers dropped), and
 *       entries it could not make safe were already turned into error records by the enricher, so DynamoDB never
 *       answers {@code ValidationException} (which the connector treats as fatal).</li>
 *   <li>The connector also treats every {@link SdkClientException} as fatal, and a connection refused or a timeout
 *       is one: a DynamoDB outage would restart the job again and again, each restart handing the queue's
 *       messages back and counting a receive towards the dead-letter queue. So the sinks use a client of ours
 *       whose SDK retry strategy retries connection errors and timeouts with backoff (up to
 *       {@link #WRITE_RETRY_BUDGET}) before the connector ever sees them: the sink applies backpressure, the job
 *       waits, and resumes when DynamoDB answers again.</li>
 * </ul>
 */
public final class IndexSinks {

    /** Small buffer time: freshness matters more than batch fullness at our rates. */
    private static final long MAX_TIME_IN_BUFFER_MS = 100;
    /** The connector's own defaults (DynamoDbSinkBuilder), which its protected constructor wants spelled out. */
    private static final int MAX_BATCH_SIZE = 25;
    private static final int MAX_IN_FLIGHT_REQUESTS = 50;
    private static final int MAX_BUFFERED_REQUESTS = 10_000;
    private static final long MAX_BATCH_SIZE_BYTES = 16_000_000;
    private static final long MAX_RECORD_SIZE_BYTES = 400_000;

    /** How long a write keeps being retried when DynamoDB cannot be reached, before the job is failed. */
    public static final Duration WRITE_RETRY_BUDGET = Duration.ofMinutes(10);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** One attempt of a write: a batch of 25 items answers in milliseconds when DynamoDB is there. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

    private IndexSinks() {}

    /**
     * Files entries, each a conditional PutItem ({@link VersionedFilesSink}): an older version of a file finishing late
     * does not overwrite a newer one's entry.
     */
    public static StatefulSink<ForecastFile, BufferedRequestState<DynamoDbWriteRequest>> files(JobConfig config) {
        Duration retention = config.index().fileRetention();
        AwsSettings aws = config.aws();
        return new VersionedFilesSink(new PutConverter<>(f -> FileItems.toItem(f, retention), ItemGuard.FILES),
                MAX_BATCH_SIZE, MAX_IN_FLIGHT_REQUESTS, MAX_BUFFERED_REQUESTS, MAX_BATCH_SIZE_BYTES, MAX_TIME_IN_BUFFER_MS,
                MAX_RECORD_SIZE_BYTES, config.index().tables().files(),
                retries -> new PatientClientProvider(aws, WRITE_RETRY_BUDGET, retries));
    }

    /** Model, run and valid-time markers ({@link Marker}, with their counts) into the valid-times table, in order. */
    public static StatefulSink<Marker, BufferedRequestState<DynamoDbWriteRequest>> markers(JobConfig config) {
        return sink(config, config.index().tables().validTimes(), Marker::toItem,
                ItemGuard.VALID_TIMES, List.of(IndexSchema.TIMES_PK, IndexSchema.TIMES_SK), IN_ORDER);
    }

    /** Run summaries into the valid-times table, in order. */
    public static StatefulSink<RunSummary, BufferedRequestState<DynamoDbWriteRequest>> runSummaries(JobConfig config) {
        return sink(config, config.index().tables().validTimes(), RunSummary::toItem,
                ItemGuard.VALID_TIMES, List.of(IndexSchema.TIMES_PK, IndexSchema.TIMES_SK), IN_ORDER);
    }

    /** Parameter summaries into the valid-times table, in order. */
    public static StatefulSink<ParameterSummary, BufferedRequestState<DynamoDbWriteRequest>> parameters(JobConfig config) {
        return sink(config, config.index().tables().validTimes(), ParameterSummary::toItem,
                ItemGuard.VALID_TIMES, List.of(IndexSchema.TIMES_PK, IndexSchema.TIMES_SK), IN_ORDER);
    }

    /**
     * One batch in flight at a time, for the summary items: a summary is rewritten whole as it grows, and with one
     * batch in flight a write never lands after a later write of the same item (a failed entry goes back to the head
     * of the buffer, and two writes of one key in a batch keep the later). Summary writes are few (a burst of files
     * is one write per item), so one in flight keeps up.
     */
    private static final int IN_ORDER = 1;

    public static StatefulSink<IngestError, BufferedRequestState<DynamoDbWriteRequest>> errors(JobConfig config) {
        return sink(config, config.index().tables().errors(), ErrorItems::toItem, ItemGuard.ERRORS,
                List.of(IndexSchema.ERRORS_PK, IndexSchema.ERRORS_SK), MAX_IN_FLIGHT_REQUESTS);
    }

    /**
     * The job's AWS settings in the connector's own form: its constructor insists on it, though the client it would
     * build is replaced by ours ({@link PatientClientProvider}), which takes its HTTP settings from it.
     */
    static Properties clientProperties(AwsSettings aws) {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, aws.region());
        aws.dynamoDbEndpoint().ifPresent(e -> p.setProperty(AWSConfigConstants.AWS_ENDPOINT, e.toString()));
        aws.credentials().ifPresent(c -> {
            p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, AWSConfigConstants.CredentialProvider.BASIC.name());
            p.setProperty(AWSConfigConstants.accessKeyId(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER), c.accessKeyId());
            p.setProperty(AWSConfigConstants.secretKey(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER), c.secretAccessKey());
        });
        return p;
    }

    /** How many attempts the write backoff needs to keep trying for {@link #WRITE_RETRY_BUDGET}. */
    static int writeAttempts() {
        long total = 0;
        long delay = FIRST_BACKOFF.toMillis();
        int attempts = 1;
        // The SDK's backoff has full jitter: count on half of each delay.
        while (total < WRITE_RETRY_BUDGET.toMillis()) {
            total += delay / 2;
            delay = Math.min(delay * 2, MAX_BACKOFF.toMillis());
            attempts++;
        }
        return attempts;
    }

    private static <T> StatefulSink<T, BufferedRequestState<DynamoDbWriteRequest>> sink(JobConfig config, String table,
            SerializableItemMapper<T> toItem, ItemGuard.Keys keys, List<String> overwriteKeys, int maxInFlightRequests) {
        // BatchWriteItem rejects two writes to one key in a batch (overwriteKeys): the newest wins.
        return new PatientDynamoDbSink<>(new PutConverter<>(toItem, keys), MAX_BATCH_SIZE, maxInFlightRequests,
                MAX_BUFFERED_REQUESTS, MAX_BATCH_SIZE_BYTES, MAX_TIME_IN_BUFFER_MS, MAX_RECORD_SIZE_BYTES, false, table,
                overwriteKeys, clientProperties(config.aws()), config.aws());
    }

    /** A serializable record-to-item function. */
    public interface SerializableItemMapper<T> extends Function<T, Map<String, AttributeValue>>, java.io.Serializable {}

    /** Maps a record to a PutItem of its item, made safe by {@link ItemGuard}. */
    static final class PutConverter<T> implements ElementConverter<T, DynamoDbWriteRequest> {
        private static final long serialVersionUID = 1L;

        private final SerializableItemMapper<T> toItem;
        private final ItemGuard.Keys keys;

        PutConverter(SerializableItemMapper<T> toItem, ItemGuard.Keys keys) {
            this.toItem = toItem;
            this.keys = keys;
        }

        @Override
        public DynamoDbWriteRequest apply(T element, SinkWriter.Context context) {
            return DynamoDbWriteRequest.builder().setType(DynamoDbWriteRequestType.PUT).setItem(safeItem(element)).build();
        }

        Map<String, AttributeValue> safeItem(T element) {
            try {
                return ItemGuard.fit(toItem.apply(element), keys);
            } catch (ItemGuard.UnsafeItemException e) {
                // Entries are checked by the enricher, and markers and error records are safe by construction.
                throw new IllegalStateException("an item that cannot be stored reached the sink: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The connector's sink with a DynamoDB client that rides out outages (see the class comment), handed to it through
     * {@link DynamoDbClientOverride} on the task manager right before each writer is made. One client per writer: the
     * connector's {@code createWriter} goes through {@code restoreWriter} (with no state), so this is the only place
     * a client is made, and the writer closes it with itself.
     */
    static final class PatientDynamoDbSink<T> extends DynamoDbSink<T> {
        private static final long serialVersionUID = 1L;

        private final AwsSettings aws;

        PatientDynamoDbSink(ElementConverter<T, DynamoDbWriteRequest> converter, int maxBatchSize, int maxInFlightRequests,
                int maxBufferedRequests, long maxBatchSizeInBytes, long maxTimeInBufferMS, long maxRecordSizeInBytes,
                boolean failOnError, String tableName, List<String> overwriteByPartitionKeys, Properties properties,
                AwsSettings aws) {
            super(converter, maxBatchSize, maxInFlightRequests, maxBufferedRequests, maxBatchSizeInBytes, maxTimeInBufferMS,
                    maxRecordSizeInBytes, failOnError, tableName, overwriteByPartitionKeys, properties);
            this.aws = aws;
        }

        @Override
        public StatefulSinkWriter<T, BufferedRequestState<DynamoDbWriteRequest>> restoreWriter(InitContext context,
                Collection<BufferedRequestState<DynamoDbWriteRequest>> recoveredState) throws IOException {
            PatientClientProvider client = new PatientClientProvider(aws, WRITE_RETRY_BUDGET,
                    context.metricGroup().counter(RETRIES, new ThreadSafeSimpleCounter()));
            try {
                DynamoDbClientOverride.use(this, client);
                return super.restoreWriter(context, recoveredState);
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
        }
    }

    /** Writes the SDK retried (each attempt after a call's first): the metric that shows an outage being ridden out. */
    public static final String RETRIES = "dynamoDbRetries";

    /** Counts attempts after the first of each call. */
    static final class RetryCounter implements ExecutionInterceptor {
        private static final ExecutionAttribute<Boolean> SENT = new ExecutionAttribute<>("isobar.index.sent");

        private final Counter retries;

        RetryCounter(Counter retries) {
            this.retries = retries;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (attributes.getAttribute(SENT) != null) {
                retries.inc();
            } else {
                attributes.putAttribute(SENT, Boolean.TRUE);
            }
        }
    }

    /** A DynamoDB async client whose retries outlast an outage, configured like the connector's own otherwise. */
    static final class PatientClientProvider implements SdkClientProvider<DynamoDbAsyncClient> {
        private final SdkAsyncHttpClient http;
        private final DynamoDbAsyncClient client;

        /**
         * @param budget how long one write may take, retries and backoff included ({@code apiCallTimeout}): each attempt
         *     gives up after 30 s, and without this bound a black-holed endpoint would keep one batch in flight for
         *     every attempt's 30 s plus its backoff, over an hour
         */
        PatientClientProvider(AwsSettings aws, Duration budget) {
            this(aws, budget, null);
        }

        /** As above, counting every attempt after a call's first in {@code retries} (a metric; null: not counted). */
        PatientClientProvider(AwsSettings aws, Duration budget, Counter retries) {
            Properties properties = clientProperties(aws);
            properties.putIfAbsent(AWSConfigConstants.HTTP_PROTOCOL_VERSION, "HTTP1_1");
            http = AWSGeneralUtil.createAsyncHttpClient(properties);
            var builder = DynamoDbAsyncClient.builder()
                    .httpClient(http)
                    .region(Region.of(aws.region()))
                    .credentialsProvider(AwsClients.credentials(aws))
                    .overrideConfiguration(ClientOverrideConfiguration.builder()
                            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                    .maxAttempts(writeAttempts())
                                    .backoffStrategy(BackoffStrategy.exponentialDelay(FIRST_BACKOFF, MAX_BACKOFF))
                                    .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(FIRST_BACKOFF, MAX_BACKOFF))
                                    // Connection refused or reset, timeouts: an outage, not a bad request.
                                    .retryOnException(e -> e instanceof SdkClientException)
                                    // The token bucket would stop retrying after a burst of failures: the very
                                    // moment (an outage) the retries are for.
                                    .circuitBreakerEnabled(false)
                                    .build())
                            .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                            .apiCallTimeout(budget)
                            .executionInterceptors(retries == null ? List.of() : List.of(new RetryCounter(retries)))
                            .build());
            aws.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
            client = builder.build();
        }

        @Override
        public DynamoDbAsyncClient getClient() {
            return client;
        }

        @Override
        public void close() {
            client.close();
            http.close();
        }
    }
}
