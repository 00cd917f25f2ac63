package io.isobar.query.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.query.IndexFixture;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.ClientAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.isobar.query.TestApi;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The key caches' bounds on a fake clock, and the cost of unknown keys: a revoked key works until exactly 30 s
 * after it was verified, an unknown key that becomes valid is refused for 2 s, and made-up keys cost at most one
 * read each, none when malformed, none once their address has failed too often, while every real key still works
 * from that address. And whose address that is: behind a trusted proxy the right-most {@code X-Forwarded-For} entry,
 * otherwise the socket's peer, whatever the header says.
 */
@ExtendWith(LocalAwsExtension.class)
class ApiKeyCachingITCase {

    private IndexFixture index;
    private DynamoDbClient counted;
    private final AtomicInteger getItems = new AtomicInteger();
    private final AtomicInteger scans = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private ApiKeys keys;

    @BeforeEach
    void setUp(LocalAws aws) {
        index = new IndexFixture(aws, "keycache");
        counted = index.dynamoDbTelling(operation -> {
            if ("GetItem".equals(operation)) {
                getItems.incrementAndGet();
            } else if ("Scan".equals(operation)) {
                scans.incrementAndGet();
            }
        });
        keys = new ApiKeys(counted, index.tables().apiKeys(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        counted.close();
        index.close();
    }

    private Javalin app(RateLimit failedKeys) {
        return app(failedKeys, ClientAddress.socketPeer());
    }

    private Javalin app(RateLimit failedKeys, ClientAddress clients) {
        ApiKeyAuthenticator auth = new ApiKeyAuthenticator(keys, new RateLimiter(new RateLimit(10_000, 10_000), nanos::get),
                Duration.ofSeconds(30), Duration.ofSeconds(2), nanos::get, failedKeys, clients, new SimpleMeterRegistry());
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

    /** The status of a request with {@code key}, sent as if through proxies that list {@code forwardedFor}. */
    private static int status(io.javalin.testtools.HttpClient client, String key, String forwardedFor) {
        return new TestApi(client, key).get("/v1/x", b -> b.header(ClientAddress.FORWARDED_FOR, forwardedFor)).status();
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

    @Test
    void fromABlockedAddressEveryRealKeyWorksAndMadeUpKeysCostNoReadEach() {
        JavalinTest.test(app(new RateLimit(0.1, 3)), (server, client) -> { // refills every 10 s
            CreatedApiKey existing = keys.create("never used on this instance yet");
            for (int i = 0; i < 3; i++) {
                assertThat(status(client, "isb_made-up-10" + i)).isEqualTo(403);
            }
            getItems.set(0);
            // The address has spent its budget: a made-up key is refused without a read; the first refusal lists the keys.
            assertThat(status(client, "isb_made-up-200")).isEqualTo(429);
            assertThat(getItems.get()).isZero();
            assertThat(scans.get()).isEqualTo(1);
            // A real key from the same address works, though this instance has never seen it: it is in that list.
            assertThat(status(client, existing.key())).isEqualTo(200);
            assertThat(getItems.get()).as("one read, for the real key").isEqualTo(1);
            // A key made after the list was taken is refused until the next list, 2 s later at most.
            CreatedApiKey late = keys.create("made during the flood");
            assertThat(status(client, late.key())).isEqualTo(429);
            for (int i = 0; i < 50; i++) {
                assertThat(status(client, "isb_made-up-3" + i)).isEqualTo(429);
            }
            assertThat(getItems.get()).as("no read for 51 refusals").isEqualTo(1);
            assertThat(scans.get()).as("no new list within 2 s").isEqualTo(1);
            advance(2.0);
            assertThat(status(client, late.key())).isEqualTo(200);
            assertThat(scans.get()).isEqualTo(2);
            // Verified keys are answered from the cache, whatever the address's budget.
            for (int i = 0; i < 20; i++) {
                assertThat(status(client, existing.key())).isEqualTo(200);
            }
            assertThat(getItems.get()).isEqualTo(2);
        });
    }

    @Test
    void behindATrustedProxyEachClientHasItsOwnBudgetNamedByTheRightMostEntry() {
        JavalinTest.test(app(new RateLimit(1, 3), new ClientAddress(List.of("127.0.0.1/32"))), (server, client) -> {
            String spender = "203.0.113.7";
            String ownKey = keys.create("the spender's own").key();
            for (int i = 0; i < 3; i++) {
                assertThat(status(client, "isb_made-up-40" + i, spender)).isEqualTo(403);
            }
            assertThat(status(client, "isb_made-up-410", spender)).isEqualTo(429);
            // What the client wrote left of the entry the proxy appended does not move it to another budget.
            assertThat(status(client, "isb_made-up-411", "198.51.100.1, " + spender)).isEqualTo(429);
            // Other clients behind the same proxy, and the proxy's own requests, keep their budgets.
            assertThat(status(client, "isb_made-up-412", "203.0.113.8")).isEqualTo(403);
            assertThat(status(client, "isb_made-up-413", spender + ", 203.0.113.8")).isEqualTo(403);
            assertThat(status(client, "isb_made-up-414")).isEqualTo(403);
            // And the blocked client's own valid key works.
            assertThat(status(client, ownKey, spender)).isEqualTo(200);
        });
    }

    @Test
    void fromAPeerThatIsNoTrustedProxyTheHeaderChangesNothing() {
        JavalinTest.test(app(new RateLimit(1, 3), new ClientAddress(List.of("10.0.0.0/8"))), (server, client) -> {
            for (int i = 0; i < 3; i++) {
                assertThat(status(client, "isb_made-up-50" + i, "203.0.113.7")).isEqualTo(403);
            }
            // Posing as someone else does not escape the budget: the socket's peer is the client.
            assertThat(status(client, "isb_made-up-510", "203.0.113.8")).isEqualTo(429);
            assertThat(status(client, "isb_made-up-511")).isEqualTo(429);
        });
    }
}
