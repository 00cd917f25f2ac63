package io.isobar.query;

import io.javalin.testtools.JavalinTest;

/** Runs functional tests against a service's app on a free port with JavalinTest, then closes the service. */
public final class QueryServiceTesting {

    /** A functional test given a client that sends a valid API key. */
    @FunctionalInterface
    public interface ApiTest {
        void run(TestApi api) throws Exception;
    }

    /** A functional test given the service (to create keys) and the raw JavalinTest client. */
    @FunctionalInterface
    public interface RawTest {
        void run(QueryService service, io.javalin.testtools.HttpClient client) throws Exception;
    }

    private QueryServiceTesting() {}

    public static void test(QueryService service, ApiTest test) {
        raw(service, (s, client) -> test.run(new TestApi(client, s.apiKeys().create("test").key())));
    }

    /** A service that reads the index through {@code dynamoDb} (e.g. a client that counts its calls). */
    public static QueryService service(QueryServiceConfig config, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb) {
        return new QueryService(config, dynamoDb, java.time.Clock.systemUTC());
    }

    /** The service's app, for tests in other packages that inspect its routes. */
    public static io.javalin.Javalin app(QueryService service) {
        return service.app();
    }

    public static void raw(QueryService service, RawTest test) {
        try (service) {
            JavalinTest.test(service.app(), (server, client) -> test.run(service, client));
        }
    }
}
