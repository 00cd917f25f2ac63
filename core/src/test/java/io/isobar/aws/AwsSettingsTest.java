package io.isobar.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {

    @Test
    void neverPrintsTheSecretKey() {
        AwsSettings settings = new AwsSettings("eu-west-2", Optional.of(URI.create("http://127.0.0.1:1")), Optional.empty(),
                Optional.empty(), Optional.of(new AwsSettings.StaticCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI-secret")));

        assertThat(settings.toString()).doesNotContain("wJalrXUtnFEMI-secret").contains("AKIDEXAMPLE", "secretAccessKey=***");
        assertThat(settings.credentials().orElseThrow().secretAccessKey()).isEqualTo("wJalrXUtnFEMI-secret");
    }

    /** Flink operators carry the settings in the job graph and build their clients on the task managers. */
    @Test
    void survivesJavaSerializationWithEveryPart() throws Exception {
        AwsSettings settings = AwsSettings.local(URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"),
                URI.create("http://127.0.0.1:3"));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        AwsSettings copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (AwsSettings) in.readObject();
        }

        assertThat(copy).isEqualTo(settings).hasSameHashCodeAs(settings);
        assertThat(copy.sqsEndpoint()).contains(URI.create("http://127.0.0.1:2"));
        assertThat(copy.credentials()).isEqualTo(settings.credentials()).isPresent();
        assertThat(copy.isLocal()).isTrue();
        assertThat(AwsSettings.aws("eu-west-1").isLocal()).isFalse();
    }

    @Test
    void needsARegion() {
        assertThatThrownBy(() -> AwsSettings.aws(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an AWS region is required");
    }
}
