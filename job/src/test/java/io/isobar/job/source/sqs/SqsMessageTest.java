package io.isobar.job.source.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SqsMessageTest {

    private static final SqsMessage MESSAGE = new SqsMessage("id-1", "{\"model\":\"ukv\"}", 1_750_000_000_123L, 2,
            Map.of("source", "met-office", "count", "3"));

    @Test
    void isAFlinkPojoWhateverAsksForItsType() {
        TypeInformation<SqsMessage> type = TypeInformation.of(SqsMessage.class);

        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        assertThat(type).isEqualTo(SqsMessageDeserializer.messages().getProducedType());
    }

    @Test
    void serializesWithoutKryo() throws Exception {
        ExecutionConfig config = new ExecutionConfig();
        config.disableGenericTypes();
        TypeSerializer<SqsMessage> serializer = TypeInformation.of(SqsMessage.class).createSerializer(config.getSerializerConfig());

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(MESSAGE, out);
        SqsMessage copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(copy).isEqualTo(MESSAGE);
        assertThat(serializer.copy(MESSAGE)).isEqualTo(MESSAGE);
    }

    @Test
    void holdsAnImmutableCopyOfTheAttributes() {
        Map<String, String> attributes = new HashMap<>(Map.of("a", "1"));
        SqsMessage message = new SqsMessage("id", "body", 0, 1, attributes);
        attributes.put("b", "2");

        assertThat(message.attributes()).containsOnlyKeys("a");
        assertThat(new SqsMessage("id", "body", 0, 1, null).attributes()).isEmpty();
    }
}
