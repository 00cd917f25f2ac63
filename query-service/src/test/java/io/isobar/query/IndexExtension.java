package io.isobar.query;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.isobar.localaws.junit.LocalAwsExtension;

/**
 * Gives an endpoint test class its own index tables in the run's shared emulators ({@link LocalAwsExtension}),
 * seeded once before its tests and closed after them, and runs functional tests on services over them:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final IndexExtension index = IndexExtension.sample("times");
 *
 * @Test
 * void lists() {
 *     index.test(api -> assertThat(api.get("/v1/times").status()).isEqualTo(200));
 * }
 * }</pre>
 */
public final class IndexExtension implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private final Consumer<IndexFixture> seed;
    private IndexFixture fixture;

    private IndexExtension(String name, Consumer<IndexFixture> seed) {
        this.name = name;
        this.seed = seed;
    }

    /** Empty tables. */
    public static IndexExtension empty(String name) {
        return seeded(name, index -> {});
    }

    /** The {@link SampleIndex} entries, without archived files. */
    public static IndexExtension sample(String name) {
        return seeded(name, SampleIndex::seed);
    }

    /** The {@link SampleIndex} entries and their archived files, for tests that read values. */
    public static IndexExtension sampleWithArchive(String name) {
        return seeded(name, index -> {
            SampleIndex.seed(index);
            SampleIndex.seedArchive(index);
        });
    }

    /** Tables that {@code seed} fills; {@code name} makes their names unique to the test class. */
    public static IndexExtension seeded(String name, Consumer<IndexFixture> seed) {
        return new IndexExtension(name, seed);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fixture = new IndexFixture(LocalAwsExtension.get(context), name);
        seed.accept(fixture);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** The tables and clients, to write entries and build configurations; set before the class's tests. */
    public IndexFixture fixture() {
        if (fixture == null) {
            throw new IllegalStateException("IndexExtension " + name + " is not started: register it with @RegisterExtension"
                    + " on a static field");
        }
        return fixture;
    }

    /** A service over the tables with the test configuration ({@link IndexFixture#config()}). */
    public QueryService service() {
        return fixture().service();
    }

    /** A service over the tables with the test configuration changed by {@code adjust}. */
    public QueryService service(UnaryOperator<QueryServiceConfig> adjust) {
        return fixture().service(adjust);
    }

    /** Runs {@code test} against a new service over the tables, with a valid API key, then closes the service. */
    public void test(QueryServiceTesting.ApiTest test) {
        QueryServiceTesting.test(service(), test);
    }
}
