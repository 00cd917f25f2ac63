package io.isobar.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.isobar.notification.FileNotification;
import io.isobar.notification.MetOfficeMessage;
import io.isobar.notification.MetOfficeNotifications;
import io.isobar.notification.MetOfficeNotifications.Announcement;
import io.isobar.notification.NotificationParser;

/**
 * The notifications match the real feed's format: compared with a real SQS message from the MOGREPS-UK feed
 * (src/test/resources/reference), field names and JSON types alike.
 */
class NotificationFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RUN = Instant.parse("2020-05-28T20:00:00Z");
    private static final Instant PUBLISHED = Instant.parse("2020-05-29T22:36:29.333Z");

    /** The same object the reference message announces. */
    private static Announcement referenceLike() {
        return new Announcement("mo-atmospheric-mogreps-uk-prd", "aws-earth-mo-atmospheric-mogreps-uk-prd",
                "fd0640a8c5570a63424e07d2ca4f30b1d4c00692.nc", 3_172_210L, "wind_speed",
                "wind_speed_adjusted_by_model_surface_scheme", RUN, 302_400L, Instant.parse("2020-06-01T08:00:00Z"),
                List.of(298_800L, 302_400L), List.of(10.0), List.of(), List.of(9, 10, 11), "time: maximum",
                Instant.parse("2020-05-28T22:26:08Z"));
    }

    @Test
    void innerMessageHasTheFeedsFieldsAndQuirks() throws Exception {
        MetOfficeMessage message = MetOfficeNotifications.message(referenceLike(), PUBLISHED);
        JsonNode ours = JSON.readTree(MetOfficeNotifications.toJson(message));
        JsonNode real = JSON.readTree(referenceBody().get("Message").asText());

        assertThat(fieldNames(ours)).isEqualTo(fieldNames(real));
        real.fieldNames().forEachRemaining(name -> assertThat(ours.get(name).getNodeType())
                .as("JSON type of %s", name).isEqualTo(real.get(name).getNodeType()));
        assertThat(ours.get("object_size").isDouble()).isTrue();
        assertThat(ours.get("object_size").asDouble()).isEqualTo(3_172_210.0);
        assertThat(ours.get("ttl").isIntegralNumber()).isTrue();
        assertThat(ours.get("ttl").asLong()).isEqualTo(PUBLISHED.getEpochSecond() + 7 * 86_400);
        // Everything but ttl (the reference's ttl came from its own clock) is equal to the real message.
        for (String name : fieldNames(real)) {
            if (!name.equals("ttl")) {
                assertThat(ours.get(name)).as(name).isEqualTo(real.get(name));
            }
        }
    }

    @Test
    void envelopeIsTheSnsNotificationTheQueueReceives() throws Exception {
        MetOfficeMessage message = MetOfficeNotifications.message(referenceLike(), PUBLISHED);
        String topic = MetOfficeNotifications.topicArn(message.model());
        UUID id = UUID.fromString("03f9b1bb-0acd-5ea9-bb2c-e6f09a60a10e");
        JsonNode ours = JSON.readTree(MetOfficeNotifications.snsEnvelope(message, topic, id, PUBLISHED));
        JsonNode real = referenceBody();

        assertThat(fieldNames(ours)).isEqualTo(fieldNames(real));
        assertThat(ours.get("Type").asText()).isEqualTo("Notification");
        assertThat(ours.get("MessageId").asText()).isEqualTo(id.toString());
        assertThat(ours.get("TopicArn")).isEqualTo(real.get("TopicArn"));
        assertThat(ours.get("Timestamp")).isEqualTo(real.get("Timestamp"));
        assertThat(ours.get("SignatureVersion")).isEqualTo(real.get("SignatureVersion"));
        assertThat(ours.get("Signature").asText()).hasSameSizeAs(real.get("Signature").asText()).isBase64();
        assertThat(ours.get("SigningCertURL").asText()).startsWith("https://sns.eu-west-2.amazonaws.com/").endsWith(".pem");
        assertThat(ours.get("UnsubscribeURL").asText()).startsWith("https://sns.eu-west-2.amazonaws.com/?Action=Unsubscribe"
                + "&SubscriptionArn=" + topic + ":");
        assertThat(ours.get("Message").isTextual()).isTrue();
        assertThat(ours.get("MessageAttributes")).isEqualTo(real.get("MessageAttributes"));
        assertThat(JSON.readTree(ours.get("Message").asText()).get("forecast_period").isTextual()).isTrue();
    }

    @Test
    void coresParserReadsWhatWeSend() throws Exception {
        MetOfficeMessage message = MetOfficeNotifications.message(referenceLike(), PUBLISHED);
        String body = MetOfficeNotifications.snsEnvelope(message, MetOfficeNotifications.topicArn(message.model()),
                UUID.randomUUID(), PUBLISHED);
        List<FileNotification> parsed = new NotificationParser().parse(body);
        assertThat(parsed).hasSize(1);
        FileNotification n = parsed.get(0);
        assertThat(n.shape()).isEqualTo(FileNotification.Shape.MET_OFFICE_SNS);
        assertThat(n.object().bucket()).isEqualTo("aws-earth-mo-atmospheric-mogreps-uk-prd");
        assertThat(n.object().key()).isEqualTo("fd0640a8c5570a63424e07d2ca4f30b1d4c00692.nc");
        assertThat(n.object().size()).isEqualTo(3_172_210L);
        assertThat(n.model()).isEqualTo(MetOfficeModel.MOGREPS_UK.shortName());
        assertThat(n.variable()).isEqualTo("wind_speed");
        assertThat(n.forecastReferenceTime()).isEqualTo(RUN);
        assertThat(n.forecastPeriod()).isEqualTo(302_400L);
        assertThat(n.time()).isEqualTo(Instant.parse("2020-06-01T08:00:00Z"));
    }

    @Test
    void levelsAndTimesAreWrittenAsTheFeedWritesThem() {
        assertThat(MetOfficeNotifications.join(List.of(5.0, 10.0, 1.5))).isEqualTo("5.0 10.0 1.5");
        assertThat(MetOfficeNotifications.join(List.of(100000.0, 92500.0))).isEqualTo("100000.0 92500.0");
        assertThat(MetOfficeNotifications.join(List.of(26, 27, 28))).isEqualTo("26 27 28");
        assertThat(MetOfficeNotifications.formatTime(Instant.parse("2020-07-16T14:00:00.750Z"))).isEqualTo("2020-07-16T14:00:00Z");

        Announcement pressure = new Announcement("mo-atmospheric-ukv-prd", "b", "k.nc", 10, "air_temperature", null, RUN,
                0, RUN, List.of(), List.of(), List.of(100000.0, 50000.0), List.of(), null, RUN);
        MetOfficeMessage m = MetOfficeNotifications.message(pressure, PUBLISHED);
        assertThat(m.pressure()).isEqualTo("100000.0 50000.0");
        assertThat(m.pressureUnits()).isEqualTo("Pa");
        assertThat(m.height()).isNull();
        assertThat(m.realization()).isNull();
        assertThat(m.forecastPeriodBounds()).isNull();
        assertThat(MetOfficeNotifications.toJson(m)).doesNotContain("\"height\"", "\"realization\"", "\"cell_methods\"",
                "\"long_name\"");
    }

    private static JsonNode referenceBody() throws Exception {
        try (InputStream in = NotificationFormatTest.class.getResourceAsStream(
                "/reference/sqs_messages__mogreps_uk_wind_speed_10m.json")) {
            assertThat(in).as("reference message on the test classpath").isNotNull();
            return JSON.readTree(JSON.readTree(in).get("Body").asText());
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return new TreeSet<>(names);
    }
}
