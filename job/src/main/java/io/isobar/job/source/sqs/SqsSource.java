package io.isobar.job.source.sqs;

import io.isobar.aws.AwsSettings;
import io.isobar.job.config.QueueSettings;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

import java.util.Objects;

/**
 * An unbounded Flink source that consumes an Amazon SQS queue and deletes each message only after the checkpoint
 * that covers it has completed: at-least-once delivery (see {@code docs/sqs-source.md}).
 *
 * <p>Every parallel reader long-polls the same queue. It takes the job's typed queue settings, already validated
 * (defaults and limits are in {@link QueueSettings}), and the AWS settings to reach SQS with:
 *
 * <pre>{@code
 * env.enableCheckpointing(10_000);   // without checkpointing nothing is ever deleted
 * SqsSource<SqsMessage> source = SqsSource.of(AwsSettings.aws("eu-west-2"),
 *         QueueSettings.of("https://sqs.eu-west-2.amazonaws.com/123456789012/isobar-notifications"));
 * DataStream<SqsMessage> messages = env.fromSource(source, WatermarkStrategy.noWatermarks(), "sqs");
 * }</pre>
 *
 * @param <T> the records emitted; {@link SqsMessage} by default
 */
public final class SqsSource<T> implements Source<T, SqsSplit, SqsEnumeratorState>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final AwsSettings aws;
    private final QueueSettings queue;
    private final SqsMessageDeserializer<T> deserializer;

    private SqsSource(AwsSettings aws, QueueSettings queue, SqsMessageDeserializer<T> deserializer) {
        this.aws = Objects.requireNonNull(aws, "aws");
        this.queue = Objects.requireNonNull(queue, "queue");
        queue.requireUrl();
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    }

    /** A source emitting {@link SqsMessage}s of {@code queue}, whose URL is required. */
    public static SqsSource<SqsMessage> of(AwsSettings aws, QueueSettings queue) {
        return of(aws, queue, SqsMessageDeserializer.messages());
    }

    /** A source emitting what {@code deserializer} makes of each message of {@code queue}. */
    public static <T> SqsSource<T> of(AwsSettings aws, QueueSettings queue, SqsMessageDeserializer<T> deserializer) {
        return new SqsSource<>(aws, queue, deserializer);
    }

    /** The queue settings this source polls with. */
    public QueueSettings queue() {
        return queue;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<T, SqsSplit> createReader(SourceReaderContext readerContext) throws Exception {
        deserializer.open(new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return readerContext.metricGroup();
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return readerContext.getUserCodeClassLoader();
            }
        });
        return SqsSourceReader.create(aws, queue, deserializer, readerContext);
    }

    @Override
    public SplitEnumerator<SqsSplit, SqsEnumeratorState> createEnumerator(SplitEnumeratorContext<SqsSplit> context) {
        return new SqsSplitEnumerator(context, queue.url());
    }

    @Override
    public SplitEnumerator<SqsSplit, SqsEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<SqsSplit> context, SqsEnumeratorState checkpoint) {
        return new SqsSplitEnumerator(context, queue.url());
    }

    @Override
    public SimpleVersionedSerializer<SqsSplit> getSplitSerializer() {
        return new SqsSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<SqsEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new SqsEnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializer.getProducedType();
    }
}
