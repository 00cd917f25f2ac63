package io.isobar.job.source.sqs;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Adapts a Flink {@link DeserializationSchema} to SQS messages: it reads the UTF-8 bytes of the body. */
final class BodyDeserializer<T> implements SqsMessageDeserializer<T> {

    private static final long serialVersionUID = 1L;

    private final DeserializationSchema<T> schema;

    BodyDeserializer(DeserializationSchema<T> schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        schema.open(context);
    }

    @Override
    public void deserialize(SqsMessage message, Collector<T> out) throws IOException {
        schema.deserialize(message.body().getBytes(StandardCharsets.UTF_8), out);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return schema.getProducedType();
    }
}
