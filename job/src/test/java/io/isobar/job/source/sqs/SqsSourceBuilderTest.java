package io.isobar.job.source.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isobar.aws.AwsSettings;
import io.isobar.job.source.sqs.config.SqsClientSettings;
import io.isobar.job.source.sqs.config.SqsSourceConfig;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.time.Duration;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.junit.jupiter.api.Test;

class SqsSourceBuilderTest {

    private static final String QUEUE_URL = "https://sqs.eu-west-2.amazonaws.com/123456789012/isobar-notifications";

    private static SqsSourceBuilder<SqsMessage> valid() {
        return SqsSource.builder().queueUrl(QUEUE_URL).awsSettings(AwsSettings.aws("eu-west-2"));
    }

    @Test
    void fillsInTheDefaults() {
        SqsSource<SqsMessage> source = valid().build();

        SqsSourceConfig config = source.config();
        assertThat(config.queueUrl()).isEqualTo(QUEUE_URL);
        assertThat(config.maxMessagesPerPoll()).isEqualTo(10);
        assertThat(config.waitTime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.visibilityTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.maxVisibilityExtension()).isEqualTo(Duration.ofHours(1));
        assertThat(config.client()).isEqualTo(new SqsClientSettings("eu-west-2", null, null, null));
        assertThat(source.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(source.getProducedType().getTypeClass()).isEqualTo(SqsMessage.class);
    }

    @Test
    void takesEverySetting() {
        SqsSource<String> source = valid()
                .maxMessagesPerPoll(3)
                .waitTime(Duration.ofSeconds(1))
                .visibilityTimeout(Duration.ofSeconds(30))
                .maxVisibilityExtension(Duration.ofMinutes(10))
                .deserializer(new Bodies())
                .build();

        SqsSourceConfig config = source.config();
        assertThat(config.maxMessagesPerPoll()).isEqualTo(3);
        assertThat(config.waitTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.visibilityTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxVisibilityExtension()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.extendVisibilityAfter()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.visibilityCheckInterval()).isEqualTo(Duration.ofMillis(7_500));
        assertThat(source.getProducedType()).isEqualTo(Types.STRING);
    }

    @Test
    void keepsTheEmulatorEndpointAndCredentials() {
        AwsSettings local = AwsSettings.local(URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"),
                URI.create("http://127.0.0.1:3"));

        SqsClientSettings client = valid().awsSettings(local).build().config().client();

        assertThat(client.endpoint()).isEqualTo(URI.create("http://127.0.0.1:2"));
        assertThat(client.toAwsSettings().sqsEndpoint()).contains(URI.create("http://127.0.0.1:2"));
        assertThat(client.toAwsSettings().credentials()).isEqualTo(local.credentials());
    }

    @Test
    void neverPrintsTheSecret() {
        SqsClientSettings client = new SqsClientSettings("eu-west-2", null, "AKIDEXAMPLE", "wJalrXUtnFEMIEXAMPLEKEY");

        assertThat(client.toString()).contains("AKIDEXAMPLE").doesNotContain("wJalrXUtnFEMIEXAMPLEKEY");
    }

    @Test
    void theSourceSurvivesJavaSerialization() throws Exception {
        SqsSource<SqsMessage> source = valid().awsSettings(AwsSettings.local(URI.create("http://127.0.0.1:1"),
                URI.create("http://127.0.0.1:2"), URI.create("http://127.0.0.1:3"))).build();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(source);
        }
        Object copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }

        assertThat(((SqsSource<?>) copy).config()).isEqualTo(source.config());
    }

    @Test
    void requiresTheQueueAndTheAwsSettings() {
        assertThatThrownBy(() -> SqsSource.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queueUrl is required")
                .hasMessageContaining("awsSettings is required");
    }

    @Test
    void namesEveryInvalidSettingAtOnce() {
        assertThatThrownBy(() -> valid()
                .maxMessagesPerPoll(11)
                .waitTime(Duration.ofSeconds(21))
                .visibilityTimeout(Duration.ofMillis(1_500))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(QUEUE_URL)
                .hasMessageContaining("maxMessagesPerPoll must be 1 to 10")
                .hasMessageContaining("waitTime must be 0 s to 20 s")
                .hasMessageContaining("visibilityTimeout must be 2 s to 43200 s");
    }

    @Test
    void rejectsFractionsOfSeconds() {
        assertThatThrownBy(() -> valid().waitTime(Duration.ofMillis(1_500)).build())
                .hasMessageContaining("waitTime must be whole seconds");
    }

    @Test
    void rejectsAMaxVisibilityExtensionOutsideItsRange() {
        assertThatThrownBy(() -> valid().visibilityTimeout(Duration.ofMinutes(5))
                .maxVisibilityExtension(Duration.ofMinutes(1)).build())
                .hasMessageContaining("maxVisibilityExtension must be at least the visibility timeout");
        assertThatThrownBy(() -> valid().maxVisibilityExtension(Duration.ofHours(12)).build())
                .hasMessageContaining("within SQS's 12 h limit");
    }

    @Test
    void rejectsWhatIsNotAQueueUrl() {
        assertThatThrownBy(() -> valid().queueUrl("isobar-notifications").build())
                .hasMessageContaining("queueUrl must be a queue URL");
        assertThatThrownBy(() -> valid().queueUrl("arn:aws:sqs:eu-west-2:123456789012:q").build())
                .hasMessageContaining("queueUrl must be a queue URL");
    }

    @Test
    void rejectsFifoQueues() {
        assertThatThrownBy(() -> valid().queueUrl(QUEUE_URL + ".fifo").build())
                .hasMessageContaining("FIFO queues are not supported");
    }

    @Test
    void rejectsNullsWhenTheyAreSet() {
        assertThatThrownBy(() -> valid().waitTime(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("waitTime");
    }

    /** A deserializer of our own that emits each body, to check the builder takes another record type. */
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
