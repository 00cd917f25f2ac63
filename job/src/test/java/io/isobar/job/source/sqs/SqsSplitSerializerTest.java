package io.isobar.job.source.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class SqsSplitSerializerTest {

    private final SqsSplitSerializer serializer = new SqsSplitSerializer();

    @Test
    void aSplitIsItsIdAndNothingElse() throws IOException {
        SqsSplit split = SqsSplit.forSubtask(3);

        byte[] bytes = serializer.serialize(split);

        assertThat(split.splitId()).isEqualTo("sqs-3");
        assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(split);
        assertThat(bytes).hasSize(2 + "sqs-3".length());
    }

    @Test
    void refusesAnUnknownVersion() {
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 99");
    }

    @Test
    void theEnumeratorStateIsEmpty() throws IOException {
        SqsEnumeratorStateSerializer stateSerializer = new SqsEnumeratorStateSerializer();

        byte[] bytes = stateSerializer.serialize(new SqsEnumeratorState());

        assertThat(bytes).isEmpty();
        assertThat(stateSerializer.deserialize(stateSerializer.getVersion(), bytes)).isEqualTo(new SqsEnumeratorState());
    }
}
