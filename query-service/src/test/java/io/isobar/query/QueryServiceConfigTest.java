package io.isobar.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

class QueryServiceConfigTest {

    @Test
    void readsTheEnvironment() {
        QueryServiceConfig c = QueryServiceConfig.fromEnv(Map.of(
                "ISOBAR_AWS_REGION", "eu-west-1",
                "ISOBAR_DYNAMODB_ENDPOINT", "http://127.0.0.1:4566",
                "ISOBAR_TABLE_PREFIX", "dev",
                "PORT", "8080",
                "ISOBAR_API_KEY", "local-key-1234",
                "ISOBAR_RATE_LIMIT", "5",
                "ISOBAR_RATE_BURST", "10"));
        assertThat(c.aws().region()).isEqualTo("eu-west-1");
        assertThat(c.aws().dynamoDbEndpoint()).contains(URI.create("http://127.0.0.1:4566"));
        assertThat(c.aws().credentials()).isPresent();
        assertThat(c.tables().files()).isEqualTo("dev-files");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.bootstrapApiKey()).contains("local-key-1234");
        assertThat(c.rateLimit().permitsPerSecond()).isEqualTo(5);
        assertThat(c.rateLimit().burst()).isEqualTo(10);
    }

    @Test
    void defaultsToAwsWithTheDefaultCredentialsChain() {
        QueryServiceConfig c = QueryServiceConfig.fromEnv(Map.of());
        assertThat(c.aws().dynamoDbEndpoint()).isEmpty();
        assertThat(c.aws().credentials()).isEmpty();
        assertThat(c.port()).isEqualTo(7070);
        assertThat(c.tables().files()).isEqualTo("isobar-files");
        assertThat(c.bootstrapApiKey()).isEmpty();
        assertThatThrownBy(() -> QueryServiceConfig.fromEnv(Map.of("PORT", "seventy"))).hasMessageContaining("PORT");
    }

    @Test
    void readsTheTrustedProxiesAndTheAdmissionLimits() {
        QueryServiceConfig c = QueryServiceConfig.fromEnv(Map.of(
                "ISOBAR_TRUSTED_PROXIES", " 10.0.0.0/16, fd00:ec2::/32 ,",
                "ISOBAR_KEY_CONCURRENCY", "2",
                "ISOBAR_KEY_VALUES_PER_SECOND", "1000"));
        assertThat(c.trustedProxies()).containsExactly("10.0.0.0/16", "fd00:ec2::/32");
        assertThat(c.admission().perKey()).isEqualTo(2);
        assertThat(c.admission().cost().permitsPerSecond()).isEqualTo(1000);
        assertThat(c.admission().cost().burst()).isEqualTo(4000);
        QueryServiceConfig defaults = QueryServiceConfig.fromEnv(Map.of());
        assertThat(defaults.trustedProxies()).isEmpty();
        assertThat(defaults.admission()).isEqualTo(io.isobar.query.admission.Admission.Settings.DEFAULT);
        // A proxy that is no CIDR fails at start, naming it, not at the first request.
        assertThatThrownBy(() -> QueryServiceConfig.fromEnv(Map.of("ISOBAR_TRUSTED_PROXIES", "10.0.0.1")))
                .hasMessageContaining("'10.0.0.1'");
    }

    @Test
    void theViewersBasemapIsASettingOfTheServiceLikeTheOthers() {
        assertThat(QueryServiceConfig.fromEnv(Map.of()).tileUrl()).isEmpty();
        assertThat(QueryServiceConfig.fromEnv(Map.of("ISOBAR_TILE_URL", " ")).tileUrl()).isEmpty();
        assertThat(QueryServiceConfig.fromEnv(Map.of("ISOBAR_TILE_URL", "https://tile.example.org/{z}/{x}/{y}.png")).tileUrl())
                .contains("https://tile.example.org/{z}/{x}/{y}.png");
    }
}
