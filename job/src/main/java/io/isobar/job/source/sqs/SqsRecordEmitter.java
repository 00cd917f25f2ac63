package io.isobar.job.source.sqs;

import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.util.Collector;

/**
 * Hands each received message to the deserializer and on downstream, timestamped with its SentTimestamp (which
 * also drives Flink's {@code currentEmitEventTimeLag} metric), then marks it emitted so that the next checkpoint
 * files it for deletion. Runs on the task thread, like the checkpoint calls, so "emitted before the snapshot" is
 * exact.
 */
final class SqsRecordEmitter<T> implements RecordEmitter<ReceivedMessage, T, SqsSplit> {

    private final SqsMessageDeserializer<T> deserializer;
    private final InFlightMessages inFlight;
    private final TimestampingCollector<T> collector = new TimestampingCollector<>();

    public SqsRecordEmitter(SqsMessageDeserializer<T> deserializer, InFlightMessages inFlight) {
        this.deserializer = deserializer;
        this.inFlight = inFlight;
    }

    @Override
    public void emitRecord(ReceivedMessage element, SourceOutput<T> output, SqsSplit split) throws Exception {
        collector.output = output;
        collector.timestamp = element.message().sentTimestampMillis();
        deserializer.deserialize(element.message(), collector);
        inFlight.emitted(element.receiptHandle(), System.currentTimeMillis());
    }

    /** Lets a deserializer emit any number of records, all with the message's timestamp. */
    private static final class TimestampingCollector<T> implements Collector<T> {
        private SourceOutput<T> output;
        private long timestamp;

        @Override
        public void collect(T record) {
            output.collect(record, timestamp);
        }

        @Override
        public void close() {}
    }
}
