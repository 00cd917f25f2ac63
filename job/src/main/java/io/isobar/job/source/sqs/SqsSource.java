package io.isobar.job.source.sqs;

import io.isobar.job.source.sqs.config.SqsSourceConfig;
import io.isobar.job.source.sqs.enumerator.SqsEnumeratorState;
import io.isobar.job.source.sqs.enumerator.SqsEnumeratorStateSerializer;
import io.isobar.job.source.sqs.enumerator.SqsSplitEnumerator;
import io.isobar.job.source.sqs.reader.SqsSourceReader;
import io.isobar.job.source.sqs.split.SqsSplit;
import io.isobar.job.source.sqs.split.SqsSplitSerializer;

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

/**
 * An unbounded Flink source that consumes an Amazon SQS queue and deletes each message only after the checkpoint
 * that covers it has completed: at-least-once delivery (see {@code docs/sqs-source.md}).
 *
 * <p>Every parallel reader long-polls the same queue. Build one with {@link #builder()}; only the queue URL and the
 * AWS settings are required:
 *
 * <pre>{@code
 * env.enableCheckpointing(10_000);   // without checkpointing nothing is ever deleted
 * SqsSource<SqsMessage> source = SqsSource.builder()
 *         .queueUrl("https://sqs.eu-west-2.amazonaws.com/123456789012/isobar-notifications")
 *         .awsSettings(AwsSettings.aws("eu-west-2"))
 *         .build();
 * DataStream<SqsMessage> messages = env.fromSource(source, WatermarkStrategy.noWatermarks(), "sqs");
 * }</pre>
 *
 * @param <T> the records emitted; {@link SqsMessage} by default
 */
public final class SqsSource<T> implements Source<T, SqsSplit, SqsEnumeratorState>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final SqsSourceConfig config;
    private final SqsMessageDeserializer<T> deserializer;

    SqsSource(SqsSourceConfig config, SqsMessageDeserializer<T> deserializer) {
        this.config = config;
        this.deserializer = deserializer;
    }

    /** A builder for a source emitting {@link SqsMessage}s; {@link SqsSourceBuilder#deserializer} changes that. */
    public static SqsSourceBuilder<SqsMessage> builder() {
        return new SqsSourceBuilder<>(SqsMessageDeserializer.messages());
    }

    /** The settings this source was built with, defaults filled in. */
    public SqsSourceConfig config() {
        return config;
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
        return SqsSourceReader.create(config, deserializer, readerContext);
    }

    @Override
    public SplitEnumerator<SqsSplit, SqsEnumeratorState> createEnumerator(SplitEnumeratorContext<SqsSplit> context) {
        return new SqsSplitEnumerator(context, config.queueUrl());
    }

    @Override
    public SplitEnumerator<SqsSplit, SqsEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<SqsSplit> context, SqsEnumeratorState checkpoint) {
        return new SqsSplitEnumerator(context, config.queueUrl());
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
