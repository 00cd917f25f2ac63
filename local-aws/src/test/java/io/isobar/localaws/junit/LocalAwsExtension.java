package io.isobar.localaws.junit;

import io.isobar.localaws.LocalAws;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests one {@link LocalAws} shared by the whole test run (per JVM), started on first
 * use with free ports and in memory, and closed when the run ends.
 *
 * <pre>{@code
 * @ExtendWith(LocalAwsExtension.class)
 * class ArchiverITCase {
 *     @Test
 *     void archives(LocalAws aws) {                 // or a constructor / @BeforeAll parameter
 *         String bucket = LocalAws.uniqueName("archive");   // names are shared by every test: make them unique
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Declare a parameter of type {@link LocalAws} in a test constructor, lifecycle method or test method to get it.
 * Another extension can get it with {@link #get(ExtensionContext)}. Tests must not close it. Because every test
 * class sees the same emulators, create your own uniquely named buckets, queues and tables.
 */
public final class LocalAwsExtension implements BeforeAllCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(LocalAwsExtension.class);

    /** Starts the shared emulators before the class's tests, so their start-up time is not billed to one test. */
    @Override
    public void beforeAll(ExtensionContext context) {
        get(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalAws.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return get(extensionContext);
    }

    /** The run's shared {@link LocalAws}, started on the first call; it closes when the test run ends. */
    public static LocalAws get(ExtensionContext context) {
        // The root context lives as long as the test run, and its store closes what it holds at the end.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedLocalAws.class, key -> new SharedLocalAws(LocalAws.builder().start()),
                        SharedLocalAws.class)
                .localAws();
    }

    /**
     * Holds the shared instance in the root store. It is both {@link AutoCloseable} (how JUnit 5.13+ closes stored
     * values) and a {@code CloseableResource} (how older JUnit, or 5.13 with auto-closing turned off, does);
     * {@link LocalAws#close()} is idempotent, so being closed both ways is harmless.
     */
    @SuppressWarnings("deprecation")
    private record SharedLocalAws(LocalAws localAws) implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            localAws.close();
        }
    }
}
