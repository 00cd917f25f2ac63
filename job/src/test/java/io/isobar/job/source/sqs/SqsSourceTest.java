package io.isobar.job.source.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isobar.aws.AwsSettings;
import io.isobar.job.config.QueueSettings;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.junit.jupiter.api.Test;

/** The source as Flink sees it before it runs: its type, its boundedness, its trip into the job graph. */
class SqsSourceTest {

    private static final String QUEUE_URL = "https://sqs.eu-west-2.amazonaws.com/123456789012/isobar-notifications";

    @Test
    void emitsSqsMessagesUnboundedByDefault() {
        SqsSource<SqsMessage> source = SqsSource.of(AwsSettings.aws("eu-west-2"), QueueSettings.of(QUEUE_URL));

        assertThat(source.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(source.getProducedType().getTypeClass()).isEqualTo(SqsMessage.class);
        assertThat(source.queue()).isEqualTo(QueueSettings.of(QUEUE_URL));
    }

    @Test
    void takesAnotherDeserializer() {
        SqsSource<String> source = SqsSource.of(AwsSettings.aws("eu-west-2"), QueueSettings.of(QUEUE_URL), new Bodies());

        assertThat(source.getProducedType()).isEqualTo(Types.STRING);
    }

    @Test
    void needsAQueueUrl() {
        assertThatThrownBy(() -> SqsSource.of(AwsSettings.aws("eu-west-2"), QueueSettings.of(null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queue.url");
    }

    @Test
    void survivesJavaSerializationWithItsSettings() throws Exception {
        AwsSettings local = AwsSettings.local(URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"),
                URI.create("http://127.0.0.1:3"));
        SqsSource<SqsMessage> source = SqsSource.of(local, QueueSettings.of(QUEUE_URL));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(source);
        }
        SqsSource<?> copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (SqsSource<?>) in.readObject();
        }

        assertThat(copy.queue()).isEqualTo(source.queue());
        assertThat(copy.getProducedType()).isEqualTo(source.getProducedType());
    }

    /** A deserializer of our own that emits each body, to check the source takes another record type. */
    private static final class Bodies implements SqsMessageDeserializer<String> {
        @Override
        public void deserialize(SqsMessage message, org.apache.flink.util.Collector<String> out) {
            out.collect(message.body());
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }
}
