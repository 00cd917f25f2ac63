package io.isobar.query.edr;

import static io.isobar.query.TestApi.q;
import static io.isobar.query.edr.LimitsData.geoJsonCircle;
import static io.isobar.query.edr.LimitsData.geoJsonMultiPoint;
import static io.isobar.query.edr.LimitsData.multipoint;
import static io.isobar.query.edr.LimitsData.padded;
import static io.isobar.query.edr.LimitsData.points;
import static io.isobar.query.edr.LimitsData.quote;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.query.IndexFixture;
import io.isobar.query.QueryService;
import io.isobar.query.QueryServiceConfig;
import io.isobar.query.admission.Admission;
import io.isobar.query.auth.RateLimit;
import io.isobar.query.http.Limits;

/**
 * The EDR limits on the real service (issue 20): a request's cost is known before any file is opened, and one over a
 * limit or the key's budget is refused with no archive read and no header opened ({@code isobar_archive_get_requests_total}
 * and {@code isobar_archive_files_opened_total} unchanged); the same queries go in a POST body (JSON or form, coords as
 * WKT or GeoJSON) with the same answers as in URLs, up to every documented limit and refused one step over it.
 *
 * <p>Data: {@link LimitsData}.
 */
@ExtendWith(LocalAwsExtension.class)
class EdrLimitsITCase {

    static final String T1 = LimitsData.T1;
    static final String T2 = LimitsData.T2;
    static final String EVERYWHERE = LimitsData.EVERYWHERE;

    private static IndexFixture index;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void seed(LocalAws aws) throws Exception {
        index = LimitsData.seed(aws, "edrlimits");
    }

    @AfterAll
    static void close() {
        index.close();
    }

    // ------------------------------------------------------------------------------------------ cost before any read

    @Test
    void aHugeAreaQueryWithoutParameterNameIsRefusedBeforeAnyHeaderOrChunkIsRead() throws Exception {
        try (Running s = start(c -> c)) {
            // A small query first, as any client's: the service places the grid once (one file's header).
            assertThat(s.get("/edr/collections/ukv/position?coords=" + q("POINT(-3.1883 55.9533)") + "&parameter-name="
                    + "air_temperature&datetime=" + q(T1)).statusCode()).isEqualTo(200);
            Reads before = s.reads();
            // Every cell (96,000) of every parameter (3) at both times: 576,000 values.
            HttpResponse<String> huge = s.get("/edr/collections/ukv/area?coords=" + q(EVERYWHERE) + "&datetime=" + q(T1 + "/" + T2));
            assertThat(huge.statusCode()).as(huge.body()).isEqualTo(413);
            JsonNode problem = Json.mapper().readTree(huge.body());
            assertThat(problem.path("type").asText()).isEqualTo("/docs#problem-too-large");
            assertThat(problem.path("detail").asText()).contains("576000 values", "the limit is " + Limits.VALUES,
                    "without parameter-name every parameter counts");
            assertThat(s.reads()).as("no archive GET, no file opened").isEqualTo(before);

            // The same area for one parameter at one time is within the limits: it is read (the counters do move).
            HttpResponse<String> one = s.get("/edr/collections/ukv/area?coords=" + q(EVERYWHERE) + "&parameter-name=air_temperature"
                    + "&datetime=" + q(T1));
            assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
            assertThat(s.reads().gets()).isGreaterThan(before.gets());
        }
    }

    @Test
    void anAreaOverTheCellLimitIsRefusedBeforeAnyRead() throws Exception {
        try (Running s = start(c -> c)) {
            assertThat(s.get("/edr/collections/mogreps-uk/position?coords=" + q("POINT(-2.5 54.9)") + "&datetime=" + q(T1))
                    .statusCode()).isEqualTo(200);
            Reads before = s.reads();
            HttpResponse<String> big = s.get("/edr/collections/mogreps-uk/area?coords=" + q(EVERYWHERE) + "&datetime=" + q(T1));
            assertThat(big.statusCode()).as(big.body()).isEqualTo(413);
            assertThat(Json.mapper().readTree(big.body()).path("detail").asText()).contains("the limit is " + Limits.CELLS + " cells");
            assertThat(s.reads()).isEqualTo(before);
        }
    }

    @Test
    void onAFreshInstanceTheHugeQueryCostsAtMostTheOneHeaderThatPlacesItsGrid() throws Exception {
        try (Running s = start(c -> c)) {
            Reads before = s.reads();
            HttpResponse<String> huge = s.get("/edr/collections/ukv/area?coords=" + q(EVERYWHERE) + "&datetime=" + q(T1 + "/" + T2));
            assertThat(huge.statusCode()).isEqualTo(413);
            Reads after = s.reads();
            // Six files answer; one header is read (the collection's extent, which places the grid), no chunk.
            assertThat(after.opened() - before.opened()).isEqualTo(1);
            assertThat(s.service.chunkCache().stats().chunksRead()).isZero();
        }
    }

    @Test
    void aKeyWhoseBudgetCannotHoldTheQueryIsRefusedBeforeAnyReadWhileAnotherKeyIsServed() throws Exception {
        Admission.Settings d = Admission.Settings.DEFAULT;
        // 500 values at once, then 10 a second: one box of about 430 cells leaves too little for another for half a minute.
        Admission.Settings small = new Admission.Settings(d.maxInProgress(), d.maxQueued(), d.perKey(), d.perKeyQueue(),
                d.maxWait(), new RateLimit(10, 500));
        try (Running s = start(c -> c.withAdmission(small))) {
            String heavy = s.service.apiKeys().create("heavy").key();
            String light = s.service.apiKeys().create("light").key();
            String west = "/edr/collections/ukv/cube?bbox=-4.6,54.1,-4.0,54.5&parameter-name=air_temperature&datetime=" + q(T1);
            String east = "/edr/collections/ukv/cube?bbox=-1.6,54.6,-1.0,55.0&parameter-name=air_temperature&datetime=" + q(T1);
            assertThat(s.get(west, heavy).statusCode()).isEqualTo(200);
            Reads before = s.reads();
            HttpResponse<String> refused = s.get(east, heavy);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(Json.mapper().readTree(refused.body()).path("type").asText()).isEqualTo("/docs#problem-over-budget");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(s.reads()).as("refused before any read").isEqualTo(before);
            assertThat(s.get(east, light).statusCode()).as("another key's budget is its own").isEqualTo(200);
            assertThat(s.reads().gets()).isGreaterThan(before.gets());
        }
    }

    // ------------------------------------------------------------------------------------------ POST

    @Test
    void aPostOfAThousandPointsEqualsTheGetAnswersForTheSamePointsInChunks() throws Exception {
        List<double[]> points = points(Limits.POINTS, 1);
        try (Running s = start(c -> c)) {
            List<JsonNode> values = new ArrayList<>();
            List<JsonNode> domain = new ArrayList<>();
            for (int from = 0; from < points.size(); from += 250) {
                String url = "/edr/collections/ukv/position?coords=" + q(multipoint(points.subList(from, from + 250)))
                        + "&parameter-name=air_temperature,wind_speed&datetime=" + q(T1);
                assertThat(url.length()).as("a chunk fits in a URL").isLessThan(Limits.QUERY_BYTES);
                JsonNode chunk = ok(s.get(url));
                chunk.at("/ranges/air_temperature/values").forEach(values::add);
                chunk.at("/domain/axes/composite/values").forEach(domain::add);
            }
            assertThat(values).hasSize(Limits.POINTS);
            String wkt = multipoint(points);
            assertThat(("coords=" + q(wkt)).length()).as("1,000 points do not fit in a URL").isGreaterThan(Limits.QUERY_BYTES);

            JsonNode json = ok(s.post("/edr/collections/ukv/position", "application/json", "{\"coords\": " + quote(wkt)
                    + ", \"parameter-name\": [\"air_temperature\", \"wind_speed\"], \"datetime\": " + quote(T1) + "}"));
            JsonNode form = ok(s.post("/edr/collections/ukv/position", "application/x-www-form-urlencoded", "coords=" + q(wkt)
                    + "&parameter-name=" + q("air_temperature,wind_speed") + "&datetime=" + q(T1)));
            JsonNode geoJson = ok(s.post("/edr/collections/ukv/position?datetime=" + q(T1), "application/json",
                    "{\"coords\": " + geoJsonMultiPoint(points) + ", \"parameter-name\": \"air_temperature,wind_speed\"}"));
            for (JsonNode answer : List.of(json, form, geoJson)) {
                assertThat(list(answer.at("/ranges/air_temperature/values"))).isEqualTo(values);
                assertThat(list(answer.at("/domain/axes/composite/values"))).isEqualTo(domain);
                assertThat(answer.at("/ranges/wind_speed/values").size()).isEqualTo(Limits.POINTS);
            }
            assertThat(values).as("real values, not missing ones").allMatch(JsonNode::isNumber);
        }
    }

    @Test
    void postBodiesAtEveryDocumentedLimitAreServedAndOneStepOverIsA413() throws Exception {
        try (Running s = start(c -> c)) {
            String position = "/edr/collections/ukv/position?parameter-name=air_temperature&datetime=" + q(T1);
            String area = "/edr/collections/ukv/area?parameter-name=air_temperature&datetime=" + q(T1);
            // Points: 1,000 served, 1,001 refused.
            assertThat(s.post(position, "application/json", "{\"coords\": " + quote(multipoint(points(Limits.POINTS, 2))) + "}")
                    .statusCode()).isEqualTo(200);
            tooLarge(s.post(position, "application/json", "{\"coords\": " + quote(multipoint(points(Limits.POINTS + 1, 2))) + "}"),
                    "the limit is " + Limits.POINTS);
            // Polygon vertices: 10,000 (a ring of 9,999 and its closing one) served, 10,001 refused; as GeoJSON, whose
            // numbers do not count against the WKT limit.
            assertThat(s.post(area, "application/json", "{\"coords\": " + geoJsonCircle(Limits.POLYGON_VERTICES - 1) + "}")
                    .statusCode()).isEqualTo(200);
            tooLarge(s.post(area, "application/json", "{\"coords\": " + geoJsonCircle(Limits.POLYGON_VERTICES) + "}"),
                    "the limit is " + Limits.POLYGON_VERTICES);
            // WKT: 100,000 characters served, 100,001 refused (padded with spaces, which WKT allows between numbers).
            String triangle = "POLYGON((-2.6 54.8,-2.4 54.8,-2.4 55.0,-2.6 54.8))";
            assertThat(s.post(area, "application/x-www-form-urlencoded", "coords=" + q(padded(triangle, Limits.WKT_CHARS)))
                    .statusCode()).isEqualTo(200);
            tooLarge(s.post(area, "application/x-www-form-urlencoded", "coords=" + q(padded(triangle, Limits.WKT_CHARS + 1))),
                    "the limit is " + Limits.WKT_CHARS);
            // The body: 1,000,000 bytes served, 1,000,001 refused.
            String body = "{\"coords\": \"POINT(-3.1883 55.9533)\"}";
            assertThat(s.post(position, "application/json", body + " ".repeat(Limits.BODY_BYTES - body.length())).statusCode())
                    .isEqualTo(200);
            tooLarge(s.post(position, "application/json", body + " ".repeat(Limits.BODY_BYTES + 1 - body.length())),
                    "the limit is " + Limits.BODY_BYTES + " bytes");
            // Grid cells: the whole 300 x 320 grid (96,000) served by POST too, a 400 x 410 one (164,000) refused.
            assertThat(s.post("/edr/collections/ukv/cube", "application/json", "{\"bbox\": [-12, 49, 8, 61], \"parameter-name\":"
                    + " \"air_temperature\", \"datetime\": " + quote(T1) + "}").statusCode()).isEqualTo(200);
            tooLarge(s.post("/edr/collections/mogreps-uk/cube", "application/json", "{\"bbox\": [-12, 49, 8, 61], \"datetime\": "
                    + quote(T1) + "}"), "the limit is " + Limits.CELLS + " cells");
            // Other media types are not parameters.
            HttpResponse<String> text = s.post(position, "text/plain", "coords=POINT(-3.1883 55.9533)");
            assertThat(text.statusCode()).isEqualTo(415);
            // POST is for the data queries only.
            assertThat(s.post("/v1/times", "application/json", "{}").statusCode()).isEqualTo(405);
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The service's archive reads: S3 GETs and files opened (from a header or a recorded layout), from /metrics. */
    record Reads(double gets, double opened) {}

    /** A started service with a key. */
    static final class Running implements AutoCloseable {
        final QueryService service;
        final String base;
        final String key;

        Running(QueryService service) {
            this.service = service;
            this.base = "http://127.0.0.1:" + service.start();
            this.key = service.apiKeys().create("limits").key();
        }

        HttpResponse<String> get(String path) throws Exception {
            return get(path, key);
        }

        HttpResponse<String> get(String path, String apiKey) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("x-api-key", apiKey).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String type, String body) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("x-api-key", key).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        }

        Reads reads() throws Exception {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return new Reads(metric(metrics, "isobar_archive_get_requests_total"),
                    metric(metrics, "isobar_archive_files_opened_total\\{from=\"header\"") + metric(metrics,
                            "isobar_archive_files_opened_total\\{from=\"layout\""));
        }

        @Override
        public void close() {
            service.close();
        }
    }

    private static Running start(java.util.function.UnaryOperator<QueryServiceConfig> adjust) {
        return new Running(index.service(adjust));
    }

    private static double metric(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "[^ ]* ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body().length() > 500 ? r.body().substring(0, 500) : r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    private static void tooLarge(HttpResponse<String> r, String limit) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        JsonNode p = Json.mapper().readTree(r.body());
        assertThat(p.path("type").asText()).isEqualTo("/docs#problem-too-large");
        assertThat(p.path("detail").asText()).contains(limit);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
