package io.isobar.aws;

import static org.assertj.core.api.Assertions.assertThat;

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
}
