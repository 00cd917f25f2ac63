package io.isobar.query.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.isobar.query.IndexExtension;
import io.isobar.query.QueryService;
import io.isobar.query.QueryServiceTesting;
import io.isobar.query.TestApi;
import io.isobar.query.TestApi.Answer;

class AuthITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.sample("auth");

    @Test
    void aMissingKeyIs401() {
        QueryServiceTesting.raw(index.service(), (service, client) -> {
            Answer a = new TestApi(client, null).get("/v1/times");
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.header("Content-Type")).startsWith("application/problem+json");
            assertThat(a.header("WWW-Authenticate")).contains("x-api-key");
            assertThat(a.json().get("type").asText()).isEqualTo("/docs#problem-missing-api-key");
            assertThat(a.json().get("status").asInt()).isEqualTo(401);
            assertThat(a.json().get("instance").asText()).isEqualTo("/v1/times");
            assertThat(a.json().get("request_id").asText()).isEqualTo(a.header("X-Request-Id"));
            assertThat(new TestApi(client, "   ").get("/v1/runs").status()).isEqualTo(401);
        });
    }

    @Test
    void anUnknownKeyIs403() {
        QueryServiceTesting.raw(index.service(), (service, client) -> {
            assertThat(new TestApi(client, "isb_not-a-key").get("/v1/times").status()).isEqualTo(403);
            assertThat(new TestApi(client, "x".repeat(5000)).get("/v1/times").status()).isEqualTo(403);
            Answer a = new TestApi(client, "isb_not-a-key").get("/v1/times/20250614T0100Z");
            assertThat(a.json().get("type").asText()).isEqualTo("/docs#problem-invalid-api-key");
            assertThat(a.json().get("detail").asText()).doesNotContain("isb_not-a-key");
        });
    }

    @Test
    void aRevokedKeyIs403OnceTheCacheExpires() {
        QueryServiceTesting.raw(index.service(c -> c.withKeyCacheTtl(Duration.ofMillis(200))), (service, client) -> {
            CreatedApiKey created = service.apiKeys().create("soon revoked");
            TestApi api = new TestApi(client, created.key());
            assertThat(api.get("/v1/times").status()).isEqualTo(200);
            service.apiKeys().revoke(created.record().keyId());
            Instant deadline = Instant.now().plusSeconds(30);
            int status = 200;
            while (status == 200 && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
                status = api.get("/v1/times").status();
            }
            assertThat(status).isEqualTo(403);
        });
    }

    @Test
    void overTheRateLimitIs429WithRetryAfter() {
        QueryServiceTesting.raw(index.service(c -> c.withRateLimit(new RateLimit(0.2, 2))), (service, client) -> {
            TestApi api = new TestApi(client, service.apiKeys().create("limited").key());
            assertThat(api.get("/v1/times").status()).isEqualTo(200);
            assertThat(api.get("/v1/times").status()).isEqualTo(200);
            Answer limited = api.get("/v1/times");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isNotNull();
            assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 5);
            assertThat(limited.json().get("type").asText()).isEqualTo("/docs#problem-rate-limited");
            // Another key has its own bucket.
            assertThat(new TestApi(client, service.apiKeys().create("other").key()).get("/v1/times").status()).isEqualTo(200);
        });
    }

    @Test
    void operationalEndpointsNeedNoKey() {
        QueryServiceTesting.raw(index.service(), (service, client) -> {
            TestApi anonymous = new TestApi(client, null);
            for (String path : new String[] {"/health", "/metrics", "/docs", "/v1/openapi.json"}) {
                assertThat(anonymous.get(path).status()).as(path).isEqualTo(200);
            }
        });
    }

    @Test
    void theBootstrapKeyWorksOnceStarted() throws Exception {
        String key = "local-dev-key-" + System.nanoTime();
        try (QueryService service = index.service(c -> c.withBootstrapApiKey(key))) {
            int port = service.start();
            assertThat(service.port()).isEqualTo(port);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/times?model=ukv"))
                    .header("x-api-key", key).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"file_count\":2");
        }
        // A second start with the same key finds it there.
        try (QueryService again = index.service(c -> c.withBootstrapApiKey(key))) {
            again.start();
            assertThat(again.apiKeys().verify(key)).isPresent();
        }
    }
}
