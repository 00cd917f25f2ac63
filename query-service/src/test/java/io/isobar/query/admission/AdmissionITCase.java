package io.isobar.query.admission;

import static io.isobar.query.TestApi.q;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.isobar.query.IndexExtension;
import io.isobar.query.QueryServiceTesting;
import io.isobar.query.TestApi;
import io.isobar.query.TestApi.Answer;
import io.isobar.query.auth.RateLimit;

/**
 * Fair sharing on the real service: a key that reads more than its budget of values per second is refused (429 with
 * {@code Retry-After}) while another key's requests all succeed. (Slots in progress and the instance's 503 are pinned
 * deterministically in {@link AdmissionTest}.)
 */
class AdmissionITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.sampleWithArchive("admission");

    /** Every cell around Douglas, three times, two parameters: well over 100 values. */
    private static final String AREA = "/edr/collections/ukv/cube?bbox=-4.6,54.1,-4.4,54.2&parameter-name="
            + q("air_temperature,relative_humidity") + "&datetime=" + q("2025-06-14T01:00:00Z/2025-06-14T03:00:00Z");
    /** One value. */
    private static final String POINT = "/edr/collections/ukv/position?coords=" + q("POINT(-4.4861 54.1523)")
            + "&parameter-name=air_temperature&datetime=" + q("2025-06-14T01:00:00Z");

    @Test
    void aKeyOverItsBudgetIsRefusedWhileAnotherKeysRequestsAllSucceed() {
        // 100 values at once, then 1 per second: an overdrawn key stays refused for the whole test.
        Admission.Settings d = Admission.Settings.DEFAULT;
        Admission.Settings small = new Admission.Settings(d.maxInProgress(), d.maxQueued(), d.perKey(), d.perKeyQueue(),
                d.maxWait(), new RateLimit(1, 100));
        QueryServiceTesting.raw(index.service(c -> c.withAdmission(small)), (service, client) -> {
            TestApi heavy = new TestApi(client, service.apiKeys().create("heavy").key());
            TestApi light = new TestApi(client, service.apiKeys().create("light").key());
            Answer first = heavy.get(AREA);
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            int values = first.json().path("ranges").path("air_temperature").path("values").size() * 2;
            assertThat(values).as("the first answer overdraws the budget").isGreaterThan(100);
            for (int i = 0; i < 5; i++) {
                Answer refused = heavy.get(AREA);
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.json().path("type").asText()).isEqualTo("/docs#problem-over-budget");
                assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
                assertThat(heavy.get(POINT).status()).as("even a small request waits for the debt").isEqualTo(429);
                assertThat(light.get(POINT).status()).isEqualTo(200);
                assertThat(light.get("/v1/times?model=ukv").status()).isEqualTo(200);
            }
            assertThat(client.get("/metrics").body().string())
                    .containsPattern("isobar_admission_refused_total\\{reason=\"over_budget\"[^}]*} 10\\.0");
        });
    }
}
