package io.isobar.query.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.isobar.aws.AwsSettings;
import io.isobar.query.IndexExtension;
import io.isobar.query.QueryServiceConfig;
import io.isobar.query.QueryServiceTesting;
import io.isobar.query.TestApi;
import io.isobar.query.TestApi.Answer;

class HealthITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.empty("health");

    @Test
    void isUpWhenDynamoDbAnswers() {
        QueryServiceTesting.raw(index.service(), (service, client) -> {
            Answer a = new TestApi(client, null).get("/health");
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).isEqualTo("{\"status\":\"UP\",\"dynamodb\":\"UP\"}");
            assertThat(a.header("Cache-Control")).isEqualTo("no-store");
        });
    }

    @Test
    void isDownWhenDynamoDbIsUnreachableAndQueriesAre503() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        AwsSettings unreachable = new AwsSettings(AwsSettings.LOCAL_REGION, Optional.empty(), Optional.empty(),
                Optional.of(URI.create("http://127.0.0.1:" + deadPort)), index.fixture().aws().credentials());
        QueryServiceConfig config = new QueryServiceConfig(unreachable, index.fixture().tables(), "127.0.0.1", 0,
                index.fixture().config().rateLimit(), Optional.empty(), Duration.ofMillis(500), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(2), io.isobar.netcdf.grid.ChunkCache.Settings.defaults(),
                java.util.List.of(), index.fixture().config().admission(), Optional.empty());
        QueryServiceTesting.raw(new io.isobar.query.QueryService(config), (service, client) -> {
            Answer health = new TestApi(client, null).get("/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body()).isEqualTo("{\"status\":\"DOWN\",\"dynamodb\":\"DOWN\"}");
            Answer query = new TestApi(client, "isb_some-key").get("/v1/times");
            assertThat(query.status()).isEqualTo(503);
            assertThat(query.header("Content-Type")).startsWith("application/problem+json");
            assertThat(query.header("Retry-After")).isEqualTo("1");
            assertThat(query.json().get("type").asText()).isEqualTo("/docs#problem-index-unavailable");
            assertThat(query.body()).doesNotContain("Exception", "127.0.0.1");
        });
    }
}
