package io.isobar.query.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.isobar.index.Marker;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.query.IndexFixture;

/** No stale emptiness: a model whose first file lands after an empty answer shows within a second, with no Scan per request. */
@ExtendWith(LocalAwsExtension.class)
class ModelCatalogITCase {

    private IndexFixture index;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void setUp(LocalAws aws) {
        index = new IndexFixture(aws, "catalog");
    }

    @AfterEach
    void tearDown() {
        index.close();
    }

    @Test
    void aNewModelShowsWithinASecondOfAnEmptyAnswerWithoutAScanPerRequest() throws Exception {
        Caches caches = new Caches(Duration.ofMillis(500), Duration.ofSeconds(60), nanos::get);
        ModelCatalog catalog = new ModelCatalog(new IndexClient(index.dynamoDb(), Duration.ofSeconds(10)),
                index.tables().validTimes(), caches);

        assertThat(catalog.models()).as("nothing indexed yet").isEmpty();
        for (int i = 0; i < 200; i++) {
            assertThat(catalog.models()).isEmpty();
        }
        assertThat(catalog.scans()).as("one Scan for 201 requests").isEqualTo(1);

        index.dynamoDb().putItem(b -> b.tableName(index.tables().validTimes())
                .item(Marker.validTime("ukv", Instant.parse("2026-11-23T06:00:00Z")).toItem()));
        advance(Duration.ofMillis(600));
        // The first request after the refresh interval starts one background Scan; requests after it see the model.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!catalog.models().contains("ukv")) {
            assertThat(System.nanoTime()).as("the new model to show").isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(catalog.scans()).as("one more Scan, however many requests waited for it").isEqualTo(2);
        for (int i = 0; i < 200; i++) {
            assertThat(catalog.models()).containsExactly("ukv");
        }
        assertThat(catalog.scans()).isEqualTo(2);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
