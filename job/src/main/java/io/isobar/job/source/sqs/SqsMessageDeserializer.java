package io.isobar.job.source.sqs;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.io.Serializable;

/**
 * Turns one received SQS message into zero or more records of the source.
 *
 * <p>A message counts as handled once this method returns, whatever it emitted: it is deleted from the queue after
 * the next completed checkpoint. An exception fails the reader (and the job restarts); a message that always fails
 * is redelivered each time, so give the queue a dead-letter queue (redrive policy with a {@code maxReceiveCount})
 * or emit an error record instead of throwing.
 *
 * @param <T> the records emitted
 */
public interface SqsMessageDeserializer<T> extends Serializable, ResultTypeQueryable<T> {

    /** Called once per reader before the first message, e.g. to register metrics. */
    default void open(DeserializationSchema.InitializationContext context) throws Exception {}

    void deserialize(SqsMessage message, Collector<T> out) throws IOException;

    /** Emits each message as it is: an {@link SqsMessage}. */
    static SqsMessageDeserializer<SqsMessage> messages() {
        return new MessageDeserializer();
    }
}
