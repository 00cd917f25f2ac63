package io.isobar.job.source.sqs;

import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One SQS message as the source emits it by default (see {@link SqsMessageDeserializer#messages()}).
 *
 * <p>It travels through Flink as a POJO with a map field (its type information comes from {@link TypeInfoFactory}),
 * never through Kryo. The receipt handle is deliberately absent: it is only good for the reader that received the
 * message, which keeps it to itself.
 *
 * @param messageId               the SQS message id; SQS may deliver one id more than once
 * @param body                    the body as sent
 * @param sentTimestampMillis     when SQS accepted the message (SentTimestamp), epoch milliseconds
 * @param approximateReceiveCount how many times SQS has handed this message out, this delivery included
 * @param attributes              the message attributes: string and number values as sent, binary ones in Base64
 */
@TypeInfo(SqsMessage.SqsMessageTypeInfoFactory.class)
public record SqsMessage(
        String messageId,
        String body,
        long sentTimestampMillis,
        int approximateReceiveCount,
        Map<String, String> attributes) {

    public SqsMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(body, "body");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** Describes {@link SqsMessage} to Flink as a POJO whose attribute map is serialized field by field. */
    public static final class SqsMessageTypeInfoFactory extends TypeInfoFactory<SqsMessage> {
        @Override
        public TypeInformation<SqsMessage> createTypeInfo(Type type, Map<String, TypeInformation<?>> genericParameters) {
            Map<String, TypeInformation<?>> fields = new LinkedHashMap<>();
            fields.put("messageId", Types.STRING);
            fields.put("body", Types.STRING);
            fields.put("sentTimestampMillis", Types.LONG);
            fields.put("approximateReceiveCount", Types.INT);
            fields.put("attributes", Types.MAP(Types.STRING, Types.STRING));
            return Types.POJO(SqsMessage.class, fields);
        }
    }
}
