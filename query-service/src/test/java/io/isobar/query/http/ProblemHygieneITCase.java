package io.isobar.query.http;

import static io.isobar.query.IndexFixture.file;
import static io.isobar.query.TestApi.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

import io.isobar.aws.AwsSettings;
import io.isobar.model.ForecastFile;
import io.isobar.query.IndexExtension;
import io.isobar.query.QueryService;
import io.isobar.query.QueryServiceConfig;
import io.isobar.query.RawHttp;
import io.isobar.query.SampleIndex;

/**
 * Problem details never show what is the service's own (issue 20): archive {@code s3://} URIs, stack traces, class
 * names, client addresses or a library's or parser's message. Every kind of failing request below (a damaged, missing
 * or misnamed archived file, S3 down, bad WKT, GeoJSON or JSON, bad keys, sizes over the limits, ...) is sent to the
 * real service, and each problem's body is scanned; what the operator needs is logged with the request id instead.
 */
class ProblemHygieneITCase {

    private static final String T4 = "2025-06-14T04:00:00Z";
    private static final String T5 = "2025-06-14T05:00:00Z";
    private static final String T6 = "2025-06-14T06:00:00Z";

    /** The sample index and its archive, plus UKV files valid at T4 (damaged), T5 (missing) and T6 (misnamed URI). */
    @RegisterExtension
    static final IndexExtension index = IndexExtension.seeded("hygiene", fx -> {
        SampleIndex.seed(fx);
        SampleIndex.seedArchive(fx);
        ForecastFile damaged = file("ukv", "air_temperature", SampleIndex.R0, T4, "ukv-damaged");
        fx.put(damaged);
        fx.upload(damaged.uri(), "not a netCDF file, whatever the index says".getBytes(StandardCharsets.UTF_8));
        fx.put(file("ukv", "air_temperature", SampleIndex.R0, T5, "ukv-missing"));
        ForecastFile f = file("ukv", "air_temperature", SampleIndex.R0, T6, "ukv-misnamed");
        fx.put(new ForecastFile(f.objectId(), f.model(), f.variable(), f.standardName(), f.longName(), f.units(), f.cellMethods(),
                f.forecastReferenceTime(), f.forecastPeriod(), f.time(), f.realizations(), f.heights(), f.pressures(),
                f.dimensions(), "archive/ukv/ukv-misnamed.nc", f.sourceUri(), f.sizeBytes(), f.etag(), f.indexedAt()));
    });

    /** What a problem's detail must never contain. */
    private static final List<String> INTERNAL = List.of("s3://", "isobar-archive", "Exception", "\tat ", "java.", "javax.",
            "org.", "com.", "io.isobar", "127.0.0.1", "localhost", "Unexpected character", "Unrecognized token", "Expected",
            "encountered", "jhdf", "HDF5", "superblock", "Caused by");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Sent(String what, int status, String body, String requestId) {}

    @Test
    void problemsOfEveryKindOfFailureHoldNothingInternal() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Runnable stopListening = listen(logged);
        List<Sent> sent = new ArrayList<>();
        try (QueryService service = index.service()) {
            int port = service.start();
            String base = "http://127.0.0.1:" + port;
            String key = service.apiKeys().create("hygiene").key();
            String point = "/v1/point?lat=54.15&lon=-4.49&variable=air_temperature&model=ukv&time=";
            sent.add(send(base, "damaged archived file", "GET", point + q(T4), key, null, null, 502));
            sent.add(send(base, "missing archived file", "GET", point + q(T5), key, null, null, 502));
            sent.add(send(base, "misnamed archived file", "GET", point + q(T6), key, null, null, 502));
            sent.add(send(base, "damaged file, EDR", "GET", "/edr/collections/ukv/position?coords=" + q("POINT(-4.49 54.15)")
                    + "&parameter-name=air_temperature&datetime=" + q(T4), key, null, null, 502));
            sent.add(send(base, "damaged file, map", "GET", "/v1/map.png?variable=air_temperature&model=ukv&time=" + q(T4), key,
                    null, null, 502));
            String position = "/edr/collections/ukv/position";
            sent.add(send(base, "bad WKT", "GET", position + "?coords=" + q("POINT(abc def)"), key, null, null, 400));
            sent.add(send(base, "self-intersecting polygon", "GET", "/edr/collections/ukv/area?coords="
                    + q("POLYGON((-5 54,-4 55,-4 54,-5 55,-5 54))"), key, null, null, 400));
            sent.add(send(base, "truncated JSON body", "POST", position, key, "application/json", "{\"coords\": ", 400));
            sent.add(send(base, "JSON body with a bad token", "POST", position, key, "application/json", "{\"coords\": nope}", 400));
            sent.add(send(base, "bad GeoJSON", "POST", position, key, "application/json",
                    "{\"coords\": {\"type\": \"Point\", \"coordinates\": [\"x\", 1]}}", 400));
            sent.add(send(base, "bad media type", "POST", position, key, "text/plain", "coords=POINT(1 2)", 415));
            sent.add(send(base, "body over the limit", "POST", position, key, "application/json",
                    " ".repeat(Limits.BODY_BYTES + 1), 413));
            sent.add(send(base, "unknown parameter", "GET", "/v1/times?colour=red", key, null, null, 400));
            sent.add(send(base, "read-only", "POST", "/v1/times", key, "application/json", "{}", 405));
            sent.add(send(base, "URL over the limit", "GET", "/v1/times?model=" + "u".repeat(Limits.QUERY_BYTES), key, null, null,
                    414));
            sent.add(send(base, "unknown place", "GET", "/v1/point?place=Atlantis&variable=air_temperature&time=" + q(SampleIndex.T1),
                    key, null, null, 404));
            sent.add(send(base, "off the grid", "GET", "/v1/point?lat=10&lon=10&variable=air_temperature&model=ukv&time="
                    + q(SampleIndex.T1), key, null, null, 422));
            sent.add(send(base, "units that do not convert", "GET", point + q(SampleIndex.T1) + "&units=mph", key, null, null, 400));
            sent.add(send(base, "no key", "GET", "/v1/times", null, null, null, 401));
            sent.add(send(base, "a made-up key", "GET", "/v1/times", "isb_made-up-key-0000000000000000", null, null, 403));
            Sent lastRefused = null;
            for (int i = 0; i < 40 && (lastRefused == null || lastRefused.status() != 429); i++) {
                lastRefused = send(base, "too many made-up keys", "GET", "/v1/times", "isb_made-up-" + i, null, null, -1);
            }
            assertThat(lastRefused.status()).as("a client over its failed-key budget").isEqualTo(429);
            sent.add(lastRefused);
            for (String target : List.of("/v1/times?model=%zz", "/v1/times/%", "/v1/point?lat=%E0%A4%A&lon=1")) {
                RawHttp.Reply raw = RawHttp.get(port, target, key);
                assertThat(raw.status()).as(target).isEqualTo(400);
                sent.add(new Sent("malformed URL " + target, raw.status(), raw.body(), null));
            }
        }
        // S3 unreachable: the archive's address is the service's, never the client's to see.
        try (QueryService down = index.service(ProblemHygieneITCase::archiveDown)) {
            String base = "http://127.0.0.1:" + down.start();
            String key = down.apiKeys().create("hygiene").key();
            sent.add(send(base, "archive unavailable", "GET", "/v1/point?lat=54.15&lon=-4.49&variable=air_temperature&model=ukv&time="
                    + q(SampleIndex.T1), key, null, null, 503));
        } finally {
            stopListening.run();
        }

        for (Sent s : sent) {
            assertThat(s.body()).as(s.what() + ": " + s.body()).contains("\"status\":" + s.status()).contains("\"detail\":\"");
            for (String internal : INTERNAL) {
                assertThat(s.body()).as(s.what() + " shows '" + internal.strip() + "': " + s.body()).doesNotContain(internal);
            }
        }
        // What the client is not shown is in the log, under the request's id.
        assertThat(logged).anySatisfy(l -> assertThat(l).contains(sent.get(0).requestId(), "s3://isobar-archive/ukv/ukv-damaged.nc"));
        assertThat(logged).anySatisfy(l -> assertThat(l).contains(sent.get(1).requestId(), "s3://isobar-archive/ukv/ukv-missing.nc"));
        assertThat(logged).anySatisfy(l -> assertThat(l).contains(sent.get(2).requestId(), "archive/ukv/ukv-misnamed.nc"));
    }

    private static Sent send(String base, String what, String method, String path, String key, String type, String body,
            int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (key != null) {
            b.header("x-api-key", key);
        }
        if (method.equals("POST")) {
            b.header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (status > 0) {
            assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(status);
        }
        assertThat(r.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(t -> assertThat(t).startsWith(Problem.CONTENT_TYPE));
        return new Sent(what, r.statusCode(), r.body(), r.headers().firstValue(RequestIds.HEADER).orElse(null));
    }

    /** The test's configuration with the archive (S3) at an address where nothing listens. */
    private static QueryServiceConfig archiveDown(QueryServiceConfig c) {
        AwsSettings a = c.aws();
        AwsSettings down = new AwsSettings(a.region(), Optional.of(URI.create("http://127.0.0.1:9")), a.sqsEndpoint(),
                a.dynamoDbEndpoint(), a.credentials());
        return new QueryServiceConfig(down, c.tables(), c.host(), c.port(), c.rateLimit(), c.bootstrapApiKey(), c.growingViewTtl(),
                c.modelListTtl(), c.keyCacheTtl(), c.dynamoDbTimeout(), c.chunkCache(), c.trustedProxies(), c.admission(),
                c.tileUrl());
    }

    /** Collects the problems' log lines (logger {@code Problems}) until the returned action runs. */
    private static Runnable listen(List<String> lines) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        AbstractAppender capture = new AbstractAppender("capture-problems", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        String name = Problems.class.getName();
        LoggerConfig logger = new LoggerConfig(name, Level.INFO, true);
        config.addLogger(name, logger);
        logger.addAppender(capture, Level.INFO, null);
        context.updateLoggers();
        return () -> {
            config.removeLogger(name);
            context.updateLoggers();
            capture.stop();
        };
    }
}
