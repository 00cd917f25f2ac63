package io.isobar.job.source.sqs;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/** The default deserializer: every message becomes one {@link SqsMessage} record. */
final class MessageDeserializer implements SqsMessageDeserializer<SqsMessage> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(SqsMessage message, Collector<SqsMessage> out) {
        out.collect(message);
    }

    @Override
    public TypeInformation<SqsMessage> getProducedType() {
        return TypeInformation.of(SqsMessage.class);
    }
}
