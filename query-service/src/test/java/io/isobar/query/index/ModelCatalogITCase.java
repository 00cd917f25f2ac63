package io.isobar.query.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.isobar.aws.AwsClients;
import io.isobar.index.Marker;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.query.IndexFixture;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The model list without a Scan: the job's model markers and the canonical models, each kept when it has a valid-time
 * marker; read at most once per model-list TTL however many requests ask, and a model seen on the stream listed at once.
 */
@ExtendWith(LocalAwsExtension.class)
class ModelCatalogITCase {

    private IndexFixture index;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<String> operations = new CopyOnWriteArrayList<>();
    private DynamoDbClient recorded;

    @BeforeEach
    void setUp(LocalAws aws) {
        index = new IndexFixture(aws, "catalog");
        recorded = AwsClients.dynamoDb(index.aws(), o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        }));
    }

    @AfterEach
    void tearDown() {
        recorded.close();
        index.close();
    }

    @Test
    void modelsComeFromMarkersWithoutAScanAndAtMostOnceAMinute() throws Exception {
        Caches caches = new Caches(Duration.ofMillis(500), Duration.ofSeconds(60), nanos::get);
        ModelCatalog catalog = new ModelCatalog(new IndexClient(recorded, Duration.ofSeconds(10)), index.tables().validTimes(), caches);

        assertThat(catalog.models()).as("nothing indexed yet").isEmpty();
        for (int i = 0; i < 200; i++) {
            assertThat(catalog.models()).isEmpty();
        }
        assertThat(catalog.loads()).as("one read for 201 requests").isEqualTo(1);

        // A canonical model with a valid time; a model only the job's model marker names; a marked model whose
        // valid times have all expired.
        put(Marker.validTime("ukv", Instant.parse("2026-11-23T06:00:00Z")));
        put(Marker.model("bpf-test"));
        put(Marker.validTime("bpf-test", Instant.parse("2026-11-23T06:00:00Z")));
        put(Marker.model("retired"));
        advance(Duration.ofMillis(600));
        assertThat(catalog.models()).as("within the minute, the list is as read").isEmpty();
        catalog.seen("mogreps-uk");
        assertThat(catalog.models()).as("a model seen on the stream, at once").containsExactly("mogreps-uk");

        advance(Duration.ofSeconds(61));
        // The first request after the minute starts one background read; requests after it see the models.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!catalog.models().contains("ukv")) {
            assertThat(System.nanoTime()).as("the new models to show").isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(catalog.models()).containsExactly("bpf-test", "mogreps-uk", "ukv");
        assertThat(catalog.loads()).as("one more read, however many requests waited for it").isEqualTo(2);
        assertThat(operations).as("DynamoDB calls").doesNotContain("Scan").containsOnly("Query");
    }

    private void put(Marker marker) {
        index.dynamoDb().putItem(b -> b.tableName(index.tables().validTimes()).item(marker.toItem()));
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
