package io.isobar.job.index;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.aws.config.AWSConfigConstants;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.dynamodb.sink.DynamoDbSink;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequest;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequestType;

import io.isobar.index.ErrorItems;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.job.config.JobConfig;
import io.isobar.job.pipeline.Marker;
import io.isobar.model.ForecastFile;
import io.isobar.model.IngestError;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The job's writes to the index, all through {@code flink-connector-dynamodb}'s {@link DynamoDbSink}:
 * files, valid-time and run markers, and error records, each a PutItem of an item whose key is derived from the
 * record, so a replay overwrites the same items.
 */
public final class IndexSinks {

    /** Small buffer time: freshness matters more than batch fullness at our rates. */
    private static final long MAX_TIME_IN_BUFFER_MS = 100;

    private IndexSinks() {}

    public static Sink<ForecastFile> files(JobConfig config) {
        return sink(config, config.tables().files(), FileItems::toItem,
                List.of(IndexSchema.FILES_PK, IndexSchema.FILES_SK));
    }

    /** Valid-time and run markers ({@link Marker}) into the valid-times table. */
    public static Sink<Marker> markers(JobConfig config) {
        return sink(config, config.tables().validTimes(),
                m -> FileItems.markerItem(m.partition(), m.sort()),
                List.of(IndexSchema.TIMES_PK, IndexSchema.TIMES_SK));
    }

    public static Sink<IngestError> errors(JobConfig config) {
        return sink(config, config.tables().errors(), ErrorItems::toItem,
                List.of(IndexSchema.ERRORS_PK, IndexSchema.ERRORS_SK));
    }

    /** The connector's client settings (region, endpoint, credentials) from the job's settings. */
    static Properties clientProperties(JobConfig config) {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, config.region());
        if (config.dynamoDbEndpoint() != null && !config.dynamoDbEndpoint().isBlank()) {
            p.setProperty(AWSConfigConstants.AWS_ENDPOINT, config.dynamoDbEndpoint());
        }
        if (config.accessKeyId() != null) {
            p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, AWSConfigConstants.CredentialProvider.BASIC.name());
            p.setProperty(AWSConfigConstants.accessKeyId(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER), config.accessKeyId());
            p.setProperty(AWSConfigConstants.secretKey(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER), config.secretAccessKey());
        }
        return p;
    }

    private static <T> Sink<T> sink(JobConfig config, String table,
            SerializableItemMapper<T> toItem, List<String> keys) {
        return DynamoDbSink.<T>builder()
                .setTableName(table)
                .setElementConverter(new PutConverter<>(toItem))
                // BatchWriteItem rejects two writes to one key in a batch; the newest wins.
                .setOverwriteByPartitionKeys(keys)
                .setDynamoDbProperties(clientProperties(config))
                .setMaxTimeInBufferMS(MAX_TIME_IN_BUFFER_MS)
                .setFailOnError(false)
                .build();
    }

    /** A serializable record-to-item function. */
    public interface SerializableItemMapper<T> extends Function<T, Map<String, AttributeValue>>, java.io.Serializable {}

    private static final class PutConverter<T> implements ElementConverter<T, DynamoDbWriteRequest> {
        private final SerializableItemMapper<T> toItem;

        PutConverter(SerializableItemMapper<T> toItem) {
            this.toItem = toItem;
        }

        @Override
        public DynamoDbWriteRequest apply(T element, SinkWriter.Context context) {
            return DynamoDbWriteRequest.builder().setType(DynamoDbWriteRequestType.PUT).setItem(toItem.apply(element)).build();
        }
    }
}
