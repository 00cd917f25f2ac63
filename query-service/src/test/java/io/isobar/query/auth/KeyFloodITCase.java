package io.isobar.query.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.isobar.query.IndexExtension;
import io.isobar.query.QueryService;
import io.isobar.query.QueryServiceTesting;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A valid key always works, whatever others send: a flood of made-up keys from one address, beside a valid key from
 * that same address, over HTTP against the real service and DynamoDB Local, costs no read per made-up key and is
 * counted. (Whose address a budget is kept for, behind a proxy or not: {@link ApiKeyCachingITCase}.)
 */
class KeyFloodITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.sample("keyflood");

    private static final Pattern REJECTIONS = Pattern.compile(
            "(?m)^isobar_api_key_rejections_total\\{reason=\"(\\w+)\"[^}]*} ([0-9.E]+)$");

    @Test
    void aFloodOfBadKeysFromOneAddressNeverRefusesAValidKeyFromIt() throws Exception {
        AtomicInteger getItems = new AtomicInteger();
        AtomicInteger scans = new AtomicInteger();
        int floodThreads = 4;
        int perFloodThread = 250;
        int ordinaryRequests = 200;
        try (DynamoDbClient counted = index.fixture().dynamoDbTelling(op -> {
                    if (op.equals("GetItem")) {
                        getItems.incrementAndGet();
                    } else if (op.equals("Scan")) {
                        scans.incrementAndGet();
                    }
                });
                QueryService service = QueryServiceTesting.service(index.fixture().config(), counted)) {
            int port = service.start();
            String valid = service.apiKeys().create("ordinary client").key();
            HttpClient http = HttpClient.newHttpClient();
            ExecutorService pool = Executors.newFixedThreadPool(floodThreads + 1);
            long started = System.nanoTime();
            List<Future<List<Integer>>> flood = new ArrayList<>();
            for (int t = 0; t < floodThreads; t++) {
                flood.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < perFloodThread; i++) {
                        statuses.add(status(http, port, "/v1/times", "isb_" + UUID.randomUUID()));
                    }
                    return statuses;
                }));
            }
            Future<List<Integer>> ordinary = pool.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < ordinaryRequests; i++) {
                    statuses.add(status(http, port, "/v1/times?model=ukv", valid));
                }
                return statuses;
            });
            assertThat(ordinary.get(5, TimeUnit.MINUTES)).hasSize(ordinaryRequests).containsOnly(200);
            List<Integer> floodStatuses = new ArrayList<>();
            for (Future<List<Integer>> f : flood) {
                floodStatuses.addAll(f.get(5, TimeUnit.MINUTES));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();

            assertThat(floodStatuses).hasSize(floodThreads * perFloodThread).containsOnly(403, 429).contains(429);
            // Reads: the budget of 20 failures, 1 per second of refill, and the valid key's one verification. Lists of
            // the keys: one per 2 s at most. Never one read per made-up key.
            assertThat(getItems.get()).as("GetItems for %d made-up keys in %.1f s", floodStatuses.size(), seconds)
                    .isLessThanOrEqualTo(ApiKeyAuthenticator.FAILED_KEYS.burst() + (int) Math.ceil(seconds) + 1);
            assertThat(scans.get()).isLessThanOrEqualTo((int) Math.ceil(seconds / 2) + 1);
            // Every refusal is counted, by reason.
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double invalid = 0;
            double blocked = 0;
            Matcher m = REJECTIONS.matcher(metrics);
            while (m.find()) {
                if (m.group(1).equals("invalid")) {
                    invalid = Double.parseDouble(m.group(2));
                } else if (m.group(1).equals("failed_keys")) {
                    blocked = Double.parseDouble(m.group(2));
                }
            }
            assertThat(invalid).isEqualTo(floodStatuses.stream().filter(s -> s == 403).count());
            assertThat(blocked).isEqualTo(floodStatuses.stream().filter(s -> s == 429).count());
        }
    }

    private static int status(HttpClient http, int port, String path, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("x-api-key", key).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
