package io.isobar.query.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.isobar.query.auth.Access;
import io.isobar.query.auth.RateLimit;
import io.isobar.query.http.AccessLog;
import io.isobar.query.http.ApiProblem;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class AdmissionTest {

    private static final RateLimit AMPLE = new RateLimit(1e9, Integer.MAX_VALUE);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private Admission admission(int maxInProgress, int maxQueued, int perKey, int perKeyQueue, Duration maxWait, RateLimit cost) {
        return new Admission(new Admission.Settings(maxInProgress, maxQueued, perKey, perKeyQueue, maxWait, cost), nanos::get,
                registry);
    }

    private double refused(String reason) {
        return registry.get("isobar.admission.refused").tag("reason", reason).counter().count();
    }

    @Test
    void aKeyPastItsSlotsIsRefusedWhileAnotherKeyIsAdmitted() {
        Admission admission = admission(8, 8, 2, 0, Duration.ZERO, AMPLE);
        Admission.Permit a1 = admission.admit("a", 0);
        admission.admit("a", 0);
        assertThatThrownBy(() -> admission.admit("a", 0)).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(429);
            assertThat(p.type()).isEqualTo("key-busy");
            assertThat(p.headers()).containsEntry("Retry-After", "1");
        });
        assertThat(admission.admit("b", 0)).isNotNull();
        a1.close();
        a1.close(); // a second release gives nothing back twice
        admission.admit("a", 0);
        assertThatThrownBy(() -> admission.admit("a", 0)).isInstanceOf(ApiProblem.class);
        assertThat(refused("key_busy")).isEqualTo(2);
    }

    @Test
    void theInstanceIsFullPastItsSlotsWith503() {
        Admission admission = admission(3, 8, 2, 0, Duration.ZERO, AMPLE);
        admission.admit("a", 0);
        admission.admit("a", 0);
        Admission.Permit b = admission.admit("b", 0);
        assertThatThrownBy(() -> admission.admit("c", 0)).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(503);
            assertThat(p.type()).isEqualTo("service-busy");
            assertThat(p.headers()).containsKey("Retry-After");
        });
        b.close();
        // The refused request gave its key's slot back: c has both of its own.
        admission.admit("c", 0);
        assertThat(registry.get("isobar.admission.in.progress").gauge().value()).isEqualTo(3);
    }

    @Test
    void aRequestWaitsForItsKeysSlotWithinTheQueueBounds() throws Exception {
        Admission admission = admission(8, 8, 1, 1, Duration.ofMinutes(1), AMPLE);
        Admission.Permit first = admission.admit("a", 0);
        Future<Admission.Permit> waiting = threads.submit(() -> admission.admit("a", 0));
        while (registry.get("isobar.admission.queued").gauge().value() < 1) {
            Thread.onSpinWait();
        }
        // The key's one waiting place is taken: a third request is refused at once, not queued.
        assertThatThrownBy(() -> admission.admit("a", 0)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.type()).isEqualTo("key-busy"));
        first.close();
        assertThat(waiting.get(1, TimeUnit.MINUTES)).isNotNull();
        assertThat(registry.get("isobar.admission.queued").gauge().value()).isZero();
    }

    @Test
    void theInstanceBoundsWaitingRequestsOfAllKeys() throws Exception {
        Admission admission = admission(8, 1, 1, 4, Duration.ofMinutes(1), AMPLE);
        Admission.Permit a = admission.admit("a", 0);
        admission.admit("b", 0);
        Future<Admission.Permit> waiting = threads.submit(() -> admission.admit("a", 0));
        while (registry.get("isobar.admission.queued").gauge().value() < 1) {
            Thread.onSpinWait();
        }
        assertThatThrownBy(() -> admission.admit("b", 0)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).isEqualTo(503));
        a.close();
        assertThat(waiting.get(1, TimeUnit.MINUTES)).isNotNull();
    }

    @Test
    void aKeyThatEmptiedItsBudgetWaitsForItToRefill() {
        // 100 values per second, 200 at once.
        Admission admission = admission(8, 8, 4, 0, Duration.ZERO, new RateLimit(100, 200));
        try (Admission.Permit p = admission.admit("a", 0)) {
            p.reserve(500); // more than a burst takes the whole burst
        }
        assertThatThrownBy(() -> admission.admit("a", 0)).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(429);
            assertThat(p.type()).isEqualTo("over-budget");
            assertThat(Long.parseLong(p.headers().get("Retry-After"))).isEqualTo(1L);
        });
        assertThat(admission.admit("b", 0)).as("another key's budget is its own").isNotNull();
        nanos.addAndGet(20_000_000L);
        admission.admit("a", 0).close();
        assertThatThrownBy(() -> admission.admit("a", 150)).as("150 values take 1.5 s to refill")
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.headers().get("Retry-After")).isEqualTo("2"));
        assertThat(refused("over_budget")).isEqualTo(2);
    }

    @Test
    void whatARequestDidNotReadGoesBackToItsKeysBudget() {
        Admission admission = admission(8, 8, 4, 0, Duration.ZERO, new RateLimit(100, 200));
        Admission.Permit p = admission.admit("a", 0);
        p.reserve(150);
        p.refund(1_000); // its answer came from a cache: all 150 back, never more
        p.close();
        Admission.Permit q = admission.admit("a", 200);
        assertThatThrownBy(() -> q.reserve(1)).isInstanceOf(ApiProblem.class);
        q.refund(50);
        q.reserve(50);
        q.close();
    }

    @Test
    void aCostKnownBeforeTheWorkIsTakenOrRefusedUpFront() {
        Admission admission = admission(8, 8, 4, 0, Duration.ZERO, new RateLimit(100, 200));
        Admission.Permit p = admission.admit("a", 150);
        assertThatThrownBy(() -> p.reserve(100)).isInstanceOfSatisfying(ApiProblem.class,
                e -> assertThat(e.detail()).contains("100 values"));
        assertThatThrownBy(() -> admission.admit("a", 100)).isInstanceOf(ApiProblem.class);
        p.close();
        // A refused admission holds no slot: all four are free.
        for (int i = 0; i < 4; i++) {
            admission.admit("a", 1);
        }
    }

    @Test
    void overHttpEveryKeyedRequestIsAdmittedAndReleasedEvenWhenItFails() {
        Admission admission = admission(8, 0, 1, 0, Duration.ZERO, AMPLE);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // Stands in for the authenticator: names the key of the request.
            config.routes.beforeMatched(ctx -> ctx.attribute(AccessLog.KEY_ID_ATTRIBUTE, ctx.header("k")));
            config.routes.beforeMatched(admission::enter);
            config.routes.afterMatched(admission::leave);
            config.routes.exception(ApiProblem.class, (e, ctx) -> ctx.status(e.status()).result(e.type()));
            config.routes.get("/hold", ctx -> {
                holding.countDown();
                release.await(1, TimeUnit.MINUTES);
                ctx.result("held");
            }, Access.API_KEY);
            config.routes.get("/fail", ctx -> {
                throw new IllegalStateException("boom");
            }, Access.API_KEY);
            config.routes.get("/ok", ctx -> ctx.result("ok"), Access.API_KEY);
            config.routes.get("/stream", ctx -> ctx.result("stream"), Access.STREAM);
            config.routes.get("/public", ctx -> ctx.result("public"), Access.PUBLIC);
        });
        JavalinTest.test(app, (server, client) -> {
            CompletableFuture<Integer> held = CompletableFuture.supplyAsync(
                    () -> client.get("/hold", r -> r.header("k", "a")).code(), threads);
            holding.await(1, TimeUnit.MINUTES);
            assertThat(client.get("/ok", r -> r.header("k", "a")).code()).isEqualTo(429);
            assertThat(client.get("/ok", r -> r.header("k", "b")).code()).isEqualTo(200);
            // Streams and public routes are not counted as work in progress.
            assertThat(client.get("/stream", r -> r.header("k", "a")).code()).isEqualTo(200);
            assertThat(client.get("/public", r -> r.header("k", "a")).code()).isEqualTo(200);
            release.countDown();
            assertThat(held.get(1, TimeUnit.MINUTES)).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                assertThat(client.get("/fail", r -> r.header("k", "a")).code()).isEqualTo(500);
            }
            assertThat(client.get("/ok", r -> r.header("k", "a")).code()).as("failures gave their slot back").isEqualTo(200);
        });
    }
}
