package io.isobar.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import io.isobar.model.MetOfficeKey;
import io.isobar.model.MetOfficeProduct;
import io.isobar.model.MetOfficeProducts;

class NotificationParserTest {

    private final NotificationParser parser = new NotificationParser();

    /** The real Met Office messages (copied from the feed), and what each must parse to. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "sns_messages__mogreps_uk_air_temperature_1-5m.json, aws-earth-mo-atmospheric-mogreps-uk-prd, 9a9d4d6889c99285ae4efa76802ccb0ccb96e3c4.nc, mogreps-uk, air_temperature, 2020-07-16T14:00:00Z, 36000, 2020-07-17T00:00:00Z, 4034391",
            "sns_messages__mogreps_uk_surface_diffusive_downwelling_shortwave_flux_in_air.json, aws-earth-mo-atmospheric-ukv-prd, 9da5655d53f065b57f930abfe807039d25c38ac2.nc, ukv, surface_diffusive_downwelling_shortwave_flux_in_air, 2020-07-26T15:00:00Z, 68400, 2020-07-27T10:00:00Z, 2608961",
            "sns_messages__mogreps_uk_surface_direct_downwelling_shortwave_flux_in_air.json, aws-earth-mo-atmospheric-mogreps-uk-prd, be0152287083bf7a49811d14e3f9844088c12933.nc, mogreps-uk, surface_direct_downwelling_shortwave_flux_in_air, 2020-07-26T13:00:00Z, 129600, 2020-07-28T01:00:00Z, 138308",
            "sns_messages__mogreps_uk_surface_downwelling_shortwave_flux_in_air.json, aws-earth-mo-atmospheric-mogreps-uk-prd, f69b4ba950e208f6c27894fc4276fac75d9bdd4d.nc, mogreps-uk, surface_downwelling_shortwave_flux_in_air, 2020-07-26T13:00:00Z, 100800, 2020-07-27T17:00:00Z, 7760046",
            "sns_messages__mogreps_uk_surface_temperature.json, aws-earth-mo-atmospheric-mogreps-uk-prd, e9ba61dd6230adfb26353400a2128cd05ce98598.nc, mogreps-uk, surface_temperature, 2020-07-19T14:00:00Z, 277200, 2020-07-22T19:00:00Z, 2312324",
            "sns_messages__mogreps_uk_wind_from_direction_10m.json, aws-earth-mo-atmospheric-mogreps-uk-prd, 10137efab23001a1ca5dbe7706c0cdce5373d4ba.nc, mogreps-uk, wind_from_direction, 2020-07-26T13:00:00Z, 115200, 2020-07-27T21:00:00Z, 5336714",
            "sns_messages__mogreps_uk_wind_speed_10m.json, aws-earth-mo-atmospheric-mogreps-uk-prd, 322e3e40b90b05604152dfa5ad9698d618b61c19.nc, mogreps-uk, wind_speed, 2020-07-26T13:00:00Z, 129600, 2020-07-28T01:00:00Z, 3586440",
            "sns_messages__mogreps_uk_wind_speed_multilevel.json, aws-earth-mo-atmospheric-mogreps-uk-prd, 0afc5a13dc1d9bbcd3a56103a93cea076375db56.nc, mogreps-uk, wind_speed, 2020-07-19T14:00:00Z, 298800, 2020-07-23T01:00:00Z, 101816170",
            "sns_messages__mogreps_uk_wind_speed_of_gust_10m.json, aws-earth-mo-atmospheric-mogreps-uk-prd, 4ed0d74c22d80932711becbebf221dd769941a3b.nc, mogreps-uk, wind_speed_of_gust, 2020-07-26T13:00:00Z, 115200, 2020-07-27T21:00:00Z, 3902610",
            "sqs_messages__mogreps_uk_wind_speed_10m.json, aws-earth-mo-atmospheric-mogreps-uk-prd, fd0640a8c5570a63424e07d2ca4f30b1d4c00692.nc, mogreps-uk, wind_speed, 2020-05-28T20:00:00Z, 302400, 2020-06-01T08:00:00Z, 3172210",
            "sqs_messages__mogreps_uk_wind_speed_multilevel.json, aws-earth-mo-atmospheric-mogreps-uk-prd, f721851d2a5487bf08d1f8ac0ff2c9c05bb02892.nc, mogreps-uk, wind_speed, 2020-05-28T20:00:00Z, 352800, 2020-06-01T22:00:00Z, 104646718",
            "ukv_sqs_message_2018-12-13.json, aws-earth-mo-atmospheric-ukv-prd, 54354b4b317a019b8f19f2660c2ae4f0cf5a8d26.nc, ukv, wind_speed, 2018-12-11T15:00:00Z, 111600, 2018-12-12T22:00:00Z, 100758303",
    })
    void realMessagesParseToTheirFields(String file, String bucket, String key, String model, String variable, String frt,
            long period, String time, long size) throws Exception {
        List<FileNotification> parsed = parser.parse(sqsBody(file));

        assertThat(parsed).singleElement().satisfies(n -> {
            assertThat(n.shape()).isEqualTo(FileNotification.Shape.MET_OFFICE_SNS);
            assertThat(n.object().bucket()).isEqualTo(bucket);
            assertThat(n.object().key()).isEqualTo(key);
            assertThat(n.object().size()).isEqualTo(size);
            assertThat(n.object().etag()).isNull();
            assertThat(n.model()).isEqualTo(model);
            assertThat(n.variable()).isEqualTo(variable);
            assertThat(n.forecastReferenceTime()).isEqualTo(Instant.parse(frt));
            assertThat(n.forecastPeriod()).isEqualTo(period);
            assertThat(n.time()).isEqualTo(Instant.parse(time));
        });
    }

    @Test
    void rawDeliveryIsTheInnerMessage() throws Exception {
        JsonNode envelope = Json.mapper().readTree(sqsBody("sns_messages__mogreps_uk_wind_speed_10m.json"));
        List<FileNotification> parsed = parser.parse(envelope.get("Message").asText());

        assertThat(parsed).singleElement().satisfies(n -> {
            assertThat(n.shape()).isEqualTo(FileNotification.Shape.MET_OFFICE_RAW);
            assertThat(n.object().key()).isEqualTo("322e3e40b90b05604152dfa5ad9698d618b61c19.nc");
            assertThat(n.forecastPeriod()).isEqualTo(129600L);
        });
    }

    @Test
    void numbersMayBeNumbersOrStrings() throws Exception {
        String body = "{\"bucket\":\"b\",\"key\":\"k.nc\",\"object_size\":12,\"forecast_period\":3600.0,"
                + "\"model\":\"mo-atmospheric-ukv-prd\",\"name\":\"air_temperature\"}";
        FileNotification n = parser.parse(body).get(0);
        assertThat(n.object().size()).isEqualTo(12);
        assertThat(n.forecastPeriod()).isEqualTo(3600L);
        assertThat(n.forecastReferenceTime()).isNull();
    }

    @Test
    void s3EventsRawAndWrappedWithSeveralRecords() throws Exception {
        String event = """
                {"Records":[
                  {"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"met-office-atmospheric-model-data"},
                   "object":{"key":"uk-deterministic-2km/20250614T0000Z/20250614T0100Z-PT0001H00M-temperature_at_screen_level.nc",
                   "size":4118765,"eTag":"\\"0123abcd\\""}}},
                  {"eventName":"ObjectCreated:CompleteMultipartUpload","s3":{"bucket":{"name":"met-office-atmospheric-model-data"},
                   "object":{"key":"some+dir/file%3A1.nc","size":10}}},
                  {"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"b"},"object":{"key":"gone.nc"}}}
                ]}""";
        List<FileNotification> raw = parser.parse(event);
        assertThat(raw).hasSize(2);
        assertThat(raw.get(0).shape()).isEqualTo(FileNotification.Shape.S3_EVENT_RAW);
        assertThat(raw.get(0).object().etag()).isEqualTo("0123abcd");
        assertThat(raw.get(0).object().size()).isEqualTo(4118765);
        assertThat(raw.get(0).model()).isEqualTo("ukv");
        // The 2026 buckets' keys carry the run, the step and the parameter: hints, before any S3 read.
        assertThat(raw.get(0).variable()).isEqualTo("air_temperature");
        assertThat(raw.get(0).forecastReferenceTime()).isEqualTo(Instant.parse("2025-06-14T00:00:00Z"));
        assertThat(raw.get(0).forecastPeriod()).isEqualTo(3600L);
        assertThat(raw.get(0).time()).isEqualTo(Instant.parse("2025-06-14T01:00:00Z"));
        assertThat(raw.get(1).object().key()).isEqualTo("some dir/file:1.nc");
        assertThat(raw.get(1).variable()).isNull();

        String wrapped = Json.mapper().createObjectNode().put("Type", "Notification").put("Message", event).toString();
        List<FileNotification> sns = parser.parse(wrapped);
        assertThat(sns).hasSize(2).allSatisfy(n -> assertThat(n.shape()).isEqualTo(FileNotification.Shape.S3_EVENT_SNS));
    }

    @Test
    void announcementTimeIsTheNotificationsOwn() throws Exception {
        // SNS envelope: its Timestamp (not the Met Office created_time, when the file was made).
        assertThat(parser.parse(sqsBody("sns_messages__mogreps_uk_wind_speed_10m.json")).get(0).announcedAt())
                .isEqualTo(Instant.parse("2020-07-27T15:12:58.412Z"));
        // Raw Met Office message: none of its own (the job falls back to the SQS SentTimestamp).
        JsonNode envelope = Json.mapper().readTree(sqsBody("sns_messages__mogreps_uk_wind_speed_10m.json"));
        assertThat(parser.parse(envelope.get("Message").asText()).get(0).announcedAt()).isNull();
        // S3 event: the record's eventTime raw, the envelope's Timestamp when wrapped; an unreadable time is no time.
        String event = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2025-06-14T01:52:10.123Z\","
                + "\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k.nc\",\"size\":1}}}]}";
        assertThat(parser.parse(event).get(0).announcedAt()).isEqualTo(Instant.parse("2025-06-14T01:52:10.123Z"));
        String wrapped = Json.mapper().createObjectNode().put("Type", "Notification").put("Message", event)
                .put("Timestamp", "2025-06-14T01:52:11.000Z").toString();
        assertThat(parser.parse(wrapped).get(0).announcedAt()).isEqualTo(Instant.parse("2025-06-14T01:52:11Z"));
        assertThat(parser.parse(event.replace("2025-06-14T01:52:10.123Z", "yesterday")).get(0).announcedAt()).isNull();
    }

    private static final String CREATED_TIME_OF_WIND_SPEED_10M = "2020-07-26T15:05:16Z";

    @Test
    void theMetOfficeCreatedTimeIsKeptAsTheVersionOfTheFileAndOnlyAsAHint() throws Exception {
        String body = sqsBody("sns_messages__mogreps_uk_wind_speed_10m.json");
        assertThat(parser.parse(body).get(0).createdTime()).isEqualTo(Instant.parse(CREATED_TIME_OF_WIND_SPEED_10M));
        // Unreadable: no version hint, but the object is still announced.
        List<FileNotification> unreadable = parser.parse(body.replace(CREATED_TIME_OF_WIND_SPEED_10M, "soon"));
        assertThat(unreadable).hasSize(1);
        assertThat(unreadable.get(0).createdTime()).isNull();
        String event = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k.nc\",\"size\":1,\"eTag\":\"e\"}}}]}";
        assertThat(parser.parse(event).get(0).createdTime()).as("an S3 event without eventTime").isNull();
        String timed = event.replace("\"eventName\"", "\"eventTime\":\"2026-11-23T06:10:00.123Z\",\"eventName\"");
        assertThat(parser.parse(timed).get(0).createdTime()).as("an S3 event: when S3 made the object")
                .isEqualTo(Instant.parse("2026-11-23T06:10:00.123Z"));
    }

    @Test
    void everyBucketsObjectCreatedEventNamesItsProduct() throws Exception {
        for (MetOfficeProduct product : MetOfficeProducts.all()) {
            String key = MetOfficeKey.path(product, Instant.parse("2026-07-21T06:00:00Z"), 3 * 3600, "wind_speed_at_10m");
            String event = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\""
                    + product.bucket() + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":12}}}]}";
            String envelope = Json.mapper().createObjectNode().put("Type", "Notification").put("TopicArn", product.topicArn())
                    .put("Message", event).toString();

            FileNotification n = parser.parse(envelope).get(0);

            assertThat(n.model()).as(key).isEqualTo(product.name());
            assertThat(n.time()).as(key).isEqualTo(Instant.parse("2026-07-21T09:00:00Z"));
            assertThat(product.topicArn()).isEqualTo("arn:aws:sns:eu-west-2:633885181284:" + product.bucket() + "-object_created");
        }
    }

    @Test
    void s3TestEventAnnouncesNothing() throws Exception {
        assertThat(parser.parse("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"b\"}")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all | message body is not valid JSON",
            "[1,2] | not an object",
            "{\"Type\":\"Notification\",\"Message\":\"{oops\"} | SNS 'Message' is not valid JSON",
            "{\"Type\":\"Notification\",\"Message\":{\"a\":1}} | 'Message' is not a string",
            "{\"model\":\"x\",\"key\":\"k.nc\"} | lacks 'bucket'",
            "{\"bucket\":\"b\",\"key\":\"k.nc\",\"forecast_period\":\"soon\"} | 'forecast_period' is not a number",
            "{\"bucket\":\"b\",\"key\":\"k.nc\",\"time\":\"yesterday\"} | 'time' is not an ISO-8601 time",
            "{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"b\"}}}]} | lacks s3.bucket.name or s3.object.key",
    })
    void malformedMessagesSayWhy(String body, String reason) {
        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOf(MalformedNotificationException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void emptyBodyIsMalformed() {
        assertThatThrownBy(() -> parser.parse("  ")).isInstanceOf(MalformedNotificationException.class).hasMessageContaining("empty");
    }

    /** The SQS body: the {@code Body} of a received SQS message, or the SNS envelope itself. */
    private static String sqsBody(String file) throws IOException {
        try (InputStream in = NotificationParserTest.class.getResourceAsStream("/messages/" + file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            JsonNode node = Json.mapper().readTree(text);
            return node.has("Body") ? node.get("Body").asText() : text;
        }
    }
}
