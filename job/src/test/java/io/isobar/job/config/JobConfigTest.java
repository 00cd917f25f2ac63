package io.isobar.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The job's settings: read from one property group, unknown keys refused, the secret never printed. */
class JobConfigTest {

    private static Properties settings() {
        Properties p = new Properties();
        p.setProperty(JobConfig.REGION, "eu-west-2");
        p.setProperty(JobConfig.ACCESS_KEY_ID, "AKIDEXAMPLE");
        p.setProperty(JobConfig.SECRET_ACCESS_KEY, "wJalrXUtnFEMI-secret");
        p.setProperty(JobConfig.QUEUE_URL, "https://sqs.eu-west-2.amazonaws.com/123456789012/isobar");
        p.setProperty(JobConfig.ARCHIVE_BUCKET, "archive");
        return p;
    }

    @Test
    void neverPrintsTheSecretKey() {
        JobConfig config = JobConfig.fromProperties(settings());

        assertThat(config.secretAccessKey()).isEqualTo("wJalrXUtnFEMI-secret");
        assertThat(config.toString()).doesNotContain("wJalrXUtnFEMI-secret")
                .contains("accessKeyId=AKIDEXAMPLE", "secretAccessKey=***", "archiveBucket=archive");
        assertThat(config.awsSettings().toString()).doesNotContain("wJalrXUtnFEMI-secret");
    }

    @Test
    void refusesUnknownKeysNamingThem() {
        Properties p = settings();
        p.setProperty("aws.regoin", "eu-west-1");
        assertThatThrownBy(() -> JobConfig.fromProperties(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aws.regoin");
    }
}
