package io.isobar.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.isobar.query.IndexExtension;
import io.isobar.query.QueryServiceTesting;
import io.isobar.query.TestApi;
import io.isobar.query.auth.CreatedApiKey;

class ObservabilityITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.sample("observability");

    @Test
    void metricsHaveLatencyHistogramsPerRouteTemplate() {
        index.test(api -> {
            api.get("/v1/times/20250614T0100Z");
            api.get("/v1/times/2025-06-14T02:00:00Z");
            api.get("/v1/nothing-here");
            String metrics = api.get("/metrics").body();
            assertThat(metrics).contains("http_server_requests_seconds_bucket{")
                    .contains("route=\"/v1/times/{time}\"")
                    .contains("route=\"unmatched\"")
                    .contains("jvm_memory_used_bytes")
                    .doesNotContain("route=\"/v1/times/2025");
            assertThat(metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{")
                    && l.contains("route=\"/v1/times/{time}\"") && l.contains("status=\"200\"")).findFirst())
                    .hasValueSatisfying(l -> assertThat(l).endsWith(" 2"));
        });
    }

    @Test
    void logsOneAccessLineWithTheKeyIdNeverTheKey() {
        List<String> lines = new CopyOnWriteArrayList<>();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        AbstractAppender capture = new AbstractAppender("capture-access", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        // The test configuration quiets this logger; raise it and listen for the duration of the test.
        LoggerConfig access = config.getLoggerConfig(AccessLog.LOGGER);
        if (!access.getName().equals(AccessLog.LOGGER)) {
            access = new LoggerConfig(AccessLog.LOGGER, Level.INFO, false);
            config.addLogger(AccessLog.LOGGER, access);
        }
        Level before = access.getLevel();
        access.addAppender(capture, Level.INFO, null);
        access.setLevel(Level.INFO);
        context.updateLoggers();
        try {
            QueryServiceTesting.raw(index.service(), (service, client) -> {
                CreatedApiKey key = service.apiKeys().create("logged");
                new TestApi(client, key.key()).get("/v1/times/20250614T0100Z?model=ukv");
                new TestApi(client, null).get("/v1/runs");
                // The request logger runs once the response is complete, which may be after the client has it.
                java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
                while (lines.size() < 2 && java.time.Instant.now().isBefore(deadline)) {
                    Thread.sleep(20);
                }
                assertThat(lines).anySatisfy(l -> assertThat(l)
                        .contains("key_id=" + key.record().keyId(), "method=GET", "route=/v1/times/{time}", "status=200", "latency_ms=")
                        .doesNotContain(key.key()));
                assertThat(lines).anySatisfy(l -> assertThat(l).contains("key_id=-", "route=/v1/runs", "status=401"));
                assertThat(String.join("\n", lines)).doesNotContain(key.key());
            });
        } finally {
            access.removeAppender(capture.getName());
            access.setLevel(before);
            context.updateLoggers();
            capture.stop();
        }
    }
}
