package io.isobar.query.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.isobar.aws.AwsClients;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.query.IndexFixture;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.ClientAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.isobar.query.TestApi;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The key caches' bounds on a fake clock, and the cost of unknown keys: a revoked key works until exactly 30 s
 * after it was verified, an unknown key that becomes valid is refused for 2 s, and made-up keys cost at most one
 * read each, none when malformed, none once their address has failed too often.
 */
@ExtendWith(LocalAwsExtension.class)
class ApiKeyCachingITCase {

    private IndexFixture index;
    private DynamoDbClient counted;
    private final AtomicInteger getItems = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private ApiKeys keys;

    @BeforeEach
    void setUp(LocalAws aws) {
        index = new IndexFixture(aws, "keycache");
        counted = DynamoDbClient.builder()
                .endpointOverride(index.aws().dynamoDbEndpoint().orElseThrow())
                .region(software.amazon.awssdk.regions.Region.of(index.aws().region()))
                .credentialsProvider(AwsClients.credentials(index.aws()))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if ("GetItem".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                            getItems.incrementAndGet();
                        }
                    }
                }))
                .build();
        keys = new ApiKeys(counted, index.tables().apiKeys(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        counted.close();
        index.close();
    }

    private Javalin app(RateLimit failedKeys) {
        ApiKeyAuthenticator auth = new ApiKeyAuthenticator(keys, new RateLimiter(new RateLimit(10_000, 10_000), nanos::get),
                Duration.ofSeconds(30), Duration.ofSeconds(2), nanos::get, failedKeys, ClientAddress.socketPeer(),
                new SimpleMeterRegistry());
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.beforeMatched(auth);
            config.routes.exception(ApiProblem.class, (e, ctx) -> {
                ctx.status(e.status());
                e.headers().forEach(ctx::header);
            });
            config.routes.get("/v1/x", ctx -> ctx.result("ok"));
        });
    }

    private void advance(double seconds) {
        nanos.addAndGet((long) (seconds * 1e9));
    }

    private static int status(io.javalin.testtools.HttpClient client, String key) {
        return new TestApi(client, key).get("/v1/x").status();
    }

    @Test
    void aRevokedKeyWorksUntil30sAfterItsVerificationAndNotAfter() {
        JavalinTest.test(app(ApiKeyAuthenticator.FAILED_KEYS), (server, client) -> {
            CreatedApiKey created = keys.create("revoked soon");
            assertThat(status(client, created.key())).isEqualTo(200);
            keys.revoke(created.record().keyId());
            advance(29.9);
            assertThat(status(client, created.key())).as("at 29.9 s").isEqualTo(200);
            advance(0.2);
            assertThat(status(client, created.key())).as("at 30.1 s").isEqualTo(403);
        });
    }

    @Test
    void anUnknownKeyThatBecomesValidIsAcceptedAfter2s() {
        JavalinTest.test(app(ApiKeyAuthenticator.FAILED_KEYS), (server, client) -> {
            String key = "isb_operator-chosen-key-0001";
            assertThat(status(client, key)).isEqualTo(403);
            keys.ensure(key, "late");
            advance(1.9);
            assertThat(status(client, key)).as("at 1.9 s").isEqualTo(403);
            advance(0.2);
            assertThat(status(client, key)).as("at 2.1 s").isEqualTo(200);
        });
    }

    @Test
    void madeUpKeysCostAtMostOneReadEachAndNoneOnceTheAddressIsBlocked() {
        JavalinTest.test(app(new RateLimit(1, 5)), (server, client) -> {
            getItems.set(0);
            // Malformed: too short, a space inside: refused before any read.
            assertThat(status(client, "short")).isEqualTo(403);
            assertThat(status(client, "isb_has space")).isEqualTo(403);
            assertThat(getItems.get()).as("no read for malformed keys").isZero();
            // Well-formed but unknown: one read, then the negative cache.
            assertThat(status(client, "isb_made-up-0001")).isEqualTo(403);
            assertThat(status(client, "isb_made-up-0001")).isEqualTo(403);
            assertThat(getItems.get()).as("one read for the unknown key, cached after").isEqualTo(1);
            assertThat(status(client, "isb_made-up-0002")).as("the fifth failure").isEqualTo(403);
            assertThat(getItems.get()).isEqualTo(2);
            // Five failures spent the address's budget: the next attempts are 429 with no read, even for new keys.
            assertThat(status(client, "isb_made-up-0003")).isEqualTo(429);
            assertThat(status(client, "isb_made-up-0004")).isEqualTo(429);
            assertThat(getItems.get()).isEqualTo(2);
            // The budget refills: after a second one more attempt is looked up.
            advance(1.0);
            assertThat(status(client, "isb_made-up-0005")).isEqualTo(403);
            assertThat(getItems.get()).isEqualTo(3);
            assertThat(status(client, "isb_made-up-0006")).isEqualTo(429);
        });
    }
}
