package io.isobar.cli;

import static io.isobar.cli.InspectCommandTest.FIXTURES;
import static io.isobar.cli.InspectCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.notification.FileNotification;
import io.isobar.notification.NotificationParser;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** {@code isobar publish} and {@code isobar inspect s3://...} against emulated S3 and SQS. */
@ExtendWith(LocalAwsExtension.class)
class PublishCommandITCase {

    private LocalAws aws;
    private S3Client s3;
    private SqsClient sqs;
    private String bucket;
    private String queueUrl;

    @BeforeEach
    void setUp(LocalAws aws) {
        this.aws = aws;
        AwsSettings settings = AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint());
        s3 = AwsClients.s3(settings);
        sqs = AwsClients.sqs(settings);
        bucket = LocalAws.uniqueName("mo");
        s3.createBucket(b -> b.bucket(bucket));
        queueUrl = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("q"))).queueUrl();
    }

    private String[] args(String command, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(command, "--s3-endpoint", aws.s3Endpoint().toString(),
                "--sqs-endpoint", aws.sqsEndpoint().toString()));
        if (command.equals("publish")) {
            all.addAll(List.of("--bucket", bucket, "--queue-url", queueUrl));
        }
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    @Test
    void publishesTheFileAndANotificationBuiltFromItsHeader() throws Exception {
        Path ukv = FIXTURES.resolve("ukv-2d-air_temperature.nc");
        Path ensemble = FIXTURES.resolve("mogreps-uk-ensemble-wind_speed.nc");

        InspectCommandTest.Run run = run(args("publish", ukv.toString(), ensemble.toString()));

        assertThat(run.exit()).as(run.err()).isZero();
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(2)).messages();
        assertThat(messages).hasSize(2);
        NotificationParser parser = new NotificationParser();
        FileNotification first = parser.parse(messages.stream().filter(m -> m.body().contains("uk-deterministic-2km"))
                .findFirst().orElseThrow().body()).get(0);
        assertThat(first.shape()).isEqualTo(FileNotification.Shape.MET_OFFICE_SNS);
        assertThat(first.object().bucket()).isEqualTo(bucket);
        assertThat(first.object().key()).isEqualTo("uk-deterministic-2km/20250614T0000Z/20250614T0100Z-PT0001H00M-air_temperature.nc");
        assertThat(first.object().size()).isEqualTo(Files.size(ukv));
        assertThat(first.model()).isEqualTo("ukv");
        assertThat(first.variable()).isEqualTo("air_temperature");
        assertThat(first.forecastPeriod()).isEqualTo(3600L);
        assertThat(first.time()).isEqualTo(Instant.parse("2025-06-14T01:00:00Z"));
        assertThat(s3.headObject(b -> b.bucket(bucket).key(first.object().key())).contentLength()).isEqualTo(Files.size(ukv));

        InspectCommandTest.Run inspected = run(args("inspect", "s3://" + bucket + "/" + first.object().key()));
        assertThat(inspected.exit()).as(inspected.err()).isZero();
        assertThat(inspected.out()).contains("\"variable\" : \"air_temperature\"");
    }

    @Test
    void badFilesGiveOneLineEachAndTheRestArePublished(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.nc"), "plain text, not netCDF\n".repeat(20));
        Path missing = dir.resolve("missing.nc");
        Path good = FIXTURES.resolve("ukv-pressure-wind_speed.nc");

        InspectCommandTest.Run run = run(args("publish", text.toString(), missing.toString(), good.toString()));

        assertThat(run.exit()).isNotZero();
        assertThat(run.err().strip().lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("publish: "));
        assertThat(run.err()).contains("notes.nc").contains("missing.nc").doesNotContain("\tat ");
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(2)).messages()).hasSize(1);
    }

    @Test
    void inspectingAMissingObjectSaysSo() {
        InspectCommandTest.Run run = run(args("inspect", "s3://" + bucket + "/nope.nc"));
        assertThat(run.exit()).isNotZero();
        assertThat(run.err().strip().lines()).singleElement()
                .satisfies(line -> assertThat(line).startsWith("inspect: ").contains("nope.nc"));
    }
}
