package io.isobar.query.edr;

import static io.isobar.query.TestApi.q;
import static io.isobar.query.edr.LimitsData.T1;
import static io.isobar.query.edr.LimitsData.T2;
import static io.isobar.query.edr.LimitsData.UKV_PARAMETERS;
import static io.isobar.query.edr.LimitsData.geoJsonCircle;
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
import java.util.Locale;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import io.isobar.localaws.LocalAws;
import io.isobar.query.IndexFixture;
import io.isobar.query.QueryService;
import io.isobar.query.admission.Admission;
import io.isobar.query.auth.RateLimit;
import io.isobar.query.http.Limits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The limits table of {@code docs/api.md} ({@link Limits}) as properties of the real service: a request of any size the
 * table allows is served, and one of any size over a limit (one step over, or more) is the 4xx problem the table names,
 * never a 5xx and never a hang (every request has a 60 s timeout, far beyond any answer here).
 *
 * <p>"Served" is a 200 with the data asked for. Two rows need another word: a URL path is long only when it leads to no
 * endpoint, so within the limit it is a 404 {@code not-found}; and names in {@code parameter-name}
 * beyond the collection's three are unknown ones, so within the limit they are their 400 {@code unknown-parameter}.
 * Neither is ever refused for its size. The key's budgets are lifted here: they are not
 * size limits, and {@link EdrLimitsITCase} and the admission tests cover them. Validity times (1,000 per EDR query, 240
 * per series) would need that many files, so {@code EdrEndpointITCase} and the point tests check those with a lower
 * limit's message.
 */
class LimitsPropertiesITCase {

    private static final int TRIES = 12;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static LocalAws localAws;
    private static IndexFixture index;
    private static QueryService service;
    private static String base;
    private static String key;

    @BeforeContainer
    static void start() throws Exception {
        localAws = LocalAws.builder().start();
        index = LimitsData.seed(localAws, "limitprops");
        Admission.Settings unlimited = Admission.Settings.DEFAULT.withCost(1e9);
        service = index.service(c -> c.withAdmission(unlimited).withRateLimit(new RateLimit(1e6, 1_000_000)));
        base = "http://127.0.0.1:" + service.start();
        key = service.apiKeys().create("limits").key();
    }

    @AfterContainer
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (index != null) {
            index.close();
        }
        if (localAws != null) {
            localAws.close();
        }
    }

    // ------------------------------------------------------------------------------------------ the table's rows

    @Property(tries = TRIES)
    void pointsOfAMultipoint(@ForAll("pointCounts") int n) throws Exception {
        HttpResponse<String> r = post("/edr/collections/ukv/position", "application/json", "{\"coords\": "
                + quote(multipoint(points(n, n))) + ", \"parameter-name\": \"air_temperature\", \"datetime\": " + quote(T1) + "}");
        if (n <= Limits.POINTS) {
            assertThat(served(r).at("/ranges/air_temperature/values").size()).isEqualTo(n);
        } else {
            refused(r, 413, "too-large", "the limit is " + Limits.POINTS);
        }
    }

    @Property(tries = TRIES)
    void verticesOfAPolygon(@ForAll("vertices") int n) throws Exception {
        // A ring of n - 1 distinct vertices and its closing one, as GeoJSON (whose length is not WKT's to limit).
        HttpResponse<String> r = post("/edr/collections/ukv/area", "application/json", "{\"coords\": " + geoJsonCircle(n - 1)
                + ", \"parameter-name\": \"air_temperature\", \"datetime\": " + quote(T1) + "}");
        if (n <= Limits.POLYGON_VERTICES) {
            assertThat(served(r).at("/ranges/air_temperature/values").size()).isPositive();
        } else {
            refused(r, 413, "too-large", "the limit is " + Limits.POLYGON_VERTICES);
        }
    }

    @Property(tries = TRIES)
    void charactersOfTheWkt(@ForAll("wktChars") int n) throws Exception {
        String triangle = "POLYGON((-2.6 54.8,-2.4 54.8,-2.4 55.0,-2.6 54.8))";
        HttpResponse<String> r = post("/edr/collections/ukv/area?parameter-name=air_temperature&datetime=" + q(T1),
                "application/x-www-form-urlencoded", "coords=" + q(padded(triangle, n)));
        if (n <= Limits.WKT_CHARS) {
            assertThat(served(r).at("/ranges/air_temperature/values").size()).isPositive();
        } else {
            refused(r, 413, "too-large", "the limit is " + Limits.WKT_CHARS);
        }
    }

    @Property(tries = TRIES)
    void bytesOfABody(@ForAll("bodyBytes") int n) throws Exception {
        String body = "{\"coords\": \"POINT(-3.1883 55.9533)\", \"parameter-name\": \"air_temperature\"}";
        HttpResponse<String> r = post("/edr/collections/ukv/position?datetime=" + q(T1), "application/json",
                body + " ".repeat(n - body.length()));
        if (n <= Limits.BODY_BYTES) {
            assertThat(served(r).at("/ranges/air_temperature/values").size()).isEqualTo(1);
        } else {
            refused(r, 413, "too-large", "the limit is " + Limits.BODY_BYTES + " bytes");
        }
    }

    @Property(tries = TRIES)
    void bytesOfAQueryString(@ForAll("queryBytes") int n) throws Exception {
        // coords=POINT(-3.1883 55.9533) with spaces (each a '+', one byte) after its '(' until the query string is n bytes.
        String rest = "parameter-name=air_temperature&datetime=" + q(T1) + "&coords=";
        String bare = q("POINT(-3.1883 55.9533)");
        String query = rest + bare.replace("%28", "%28" + "+".repeat(n - rest.length() - bare.length()));
        assertThat(query).hasSize(n);
        HttpResponse<String> r = get("/edr/collections/ukv/position?" + query);
        if (n <= Limits.QUERY_BYTES) {
            assertThat(served(r).at("/ranges/air_temperature/values").size()).isEqualTo(1);
        } else {
            refused(r, 414, "uri-too-long", "the limit is " + Limits.QUERY_BYTES + " bytes").contains("POST");
        }
    }

    @Property(tries = TRIES)
    void bytesOfAPath(@ForAll("pathBytes") int n) throws Exception {
        // A path of n bytes to no endpoint, in short segments (every name in the API is 128 characters at most).
        String prefix = "/v1/nowhere";
        int rest = n - prefix.length();
        String path = prefix + (rest % 2 == 0 ? "" : "/cc") + "/c".repeat((rest - (rest % 2 == 0 ? 0 : 3)) / 2);
        assertThat(path).hasSize(n);
        HttpResponse<String> r = get(path);
        if (n <= Limits.PATH_BYTES) {
            refused(r, 404, "not-found", "");
        } else {
            refused(r, 414, "uri-too-long", "the limit is " + Limits.PATH_BYTES + " bytes");
        }
    }

    @Property(tries = TRIES)
    void valuesOfAnAnswer(@ForAll("parameterCounts") int parameters, @ForAll("timeCounts") int times) throws Exception {
        // The whole 300 x 320 grid (96,000 cells) for 1 to 3 parameters at 1 or 2 times; no parameter-name is every one.
        String names = parameters == UKV_PARAMETERS.size() && times == 1 ? ""
                : "&parameter-name=" + q(String.join(",", UKV_PARAMETERS.subList(0, parameters)));
        HttpResponse<String> r = get("/edr/collections/ukv/cube?bbox=" + q("-12,49,8,61") + names + "&datetime="
                + q(times == 1 ? T1 : T1 + "/" + T2));
        long values = 96_000L * parameters * times;
        if (values <= Limits.VALUES) {
            JsonNode answer = served(r);
            long read = 0;
            for (String p : UKV_PARAMETERS.subList(0, parameters)) {
                read += answer.at("/ranges/" + p + "/values").size();
            }
            assertThat(read).isEqualTo(values);
        } else {
            refused(r, 413, "too-large", "the limit is " + Limits.VALUES);
        }
    }

    @Property(tries = TRIES)
    void cellsOfAnArea(@ForAll("boxes") double halfWidth) throws Exception {
        // Boxes around the centre of the 400 x 410 grid (164,000 cells), from a few cells to all of them: within the
        // limit the answer holds every cell asked for, over it the refusal names the cell limit.
        String bbox = String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f", -2.5 - halfWidth, 54.9 - halfWidth * 0.6,
                -2.5 + halfWidth, 54.9 + halfWidth * 0.6);
        HttpResponse<String> r = get("/edr/collections/mogreps-uk/cube?bbox=" + q(bbox) + "&datetime=" + q(T1));
        if (r.statusCode() == 200) {
            JsonNode ranges = Json.mapper().readTree(r.body()).path("ranges");
            assertThat(ranges.size()).isEqualTo(1);
            // A box's answer is the rows and columns around it, cells outside the box null: its numbers are the cells read.
            long cells = StreamSupport.stream(ranges.elements().next().path("values").spliterator(), false).filter(JsonNode::isNumber)
                    .count();
            assertThat(cells).as(bbox).isBetween(1L, (long) Limits.CELLS);
        } else {
            refused(r, 413, "too-large", "the limit is " + Limits.CELLS + " cells");
        }
    }

    @Property(tries = TRIES)
    void namesInAParameterName(@ForAll("nameCounts") int n) throws Exception {
        // The collection's three names, then names of parameters it does not have: within the limit a request is judged
        // on its names (400 unknown-parameter for those not there), never refused for their number.
        List<String> names = new ArrayList<>(UKV_PARAMETERS.subList(0, Math.min(n, UKV_PARAMETERS.size())));
        for (int i = names.size(); i < n; i++) {
            names.add("no_such_parameter_" + i);
        }
        HttpResponse<String> r = get("/edr/collections/ukv/position?coords=" + q("POINT(-3.1883 55.9533)") + "&datetime=" + q(T1)
                + "&parameter-name=" + q(String.join(",", names)));
        if (n <= UKV_PARAMETERS.size()) {
            assertThat(served(r).at("/ranges/air_temperature/values").size()).isEqualTo(1);
        } else if (n <= Limits.PARAMETER_NAMES) {
            refused(r, 400, "unknown-parameter", "no_such_parameter_" + (n - 1)).doesNotContain("at most");
        } else {
            refused(r, 400, "invalid-parameter", "at most " + Limits.PARAMETER_NAMES);
        }
    }

    @Property(tries = TRIES)
    void radiusOfARadiusQuery(@ForAll("radiusKm") int km) throws Exception {
        HttpResponse<String> r = get("/edr/collections/ukv/radius?coords=" + q("POINT(-2.5 54.9)") + "&within=" + km
                + "&within-units=km&parameter-name=air_temperature&datetime=" + q(T1));
        if (km * 1000.0 <= Limits.RADIUS_METRES) {
            assertThat(served(r).at("/ranges/air_temperature/values").size()).isBetween(1, Limits.CELLS);
        } else {
            refused(r, 400, "invalid-parameter", "more than " + Math.round(Limits.RADIUS_METRES / 1000) + " km");
        }
    }

    // ------------------------------------------------------------------------------------------ sizes

    /** Sizes from {@code min} to one step over {@code limit} and a little beyond: the limit and its next step always tried. */
    private static Arbitrary<Integer> around(int min, int limit, int beyond) {
        return Arbitraries.oneOf(Arbitraries.of(limit, limit + 1), Arbitraries.integers().between(min, limit),
                Arbitraries.integers().between(limit + 1, limit + beyond));
    }

    @Provide
    Arbitrary<Integer> pointCounts() {
        return around(1, Limits.POINTS, 200);
    }

    @Provide
    Arbitrary<Integer> vertices() {
        return around(4, Limits.POLYGON_VERTICES, 2_000);
    }

    @Provide
    Arbitrary<Integer> wktChars() {
        return around(52, Limits.WKT_CHARS, 20_000);
    }

    @Provide
    Arbitrary<Integer> bodyBytes() {
        return around(80, Limits.BODY_BYTES, 200_000);
    }

    @Provide
    Arbitrary<Integer> queryBytes() {
        return around(120, Limits.QUERY_BYTES, 4_000);
    }

    @Provide
    Arbitrary<Integer> pathBytes() {
        return around(20, Limits.PATH_BYTES, 4_000);
    }

    @Provide
    Arbitrary<Integer> parameterCounts() {
        return Arbitraries.integers().between(1, UKV_PARAMETERS.size());
    }

    @Provide
    Arbitrary<Integer> timeCounts() {
        return Arbitraries.integers().between(1, 2);
    }

    @Provide
    Arbitrary<Double> boxes() {
        return Arbitraries.doubles().between(0.05, 8).ofScale(3);
    }

    @Provide
    Arbitrary<Integer> nameCounts() {
        return around(1, Limits.PARAMETER_NAMES, 100);
    }

    @Provide
    Arbitrary<Integer> radiusKm() {
        return around(20, (int) (Limits.RADIUS_METRES / 1000), 5_000);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("x-api-key", key).timeout(Duration.ofSeconds(60))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String type, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("x-api-key", key).header("Content-Type", type)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode served(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body().length() > 500 ? r.body().substring(0, 500) : r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    /** Asserts the problem {@code status} / {@code type} whose detail contains {@code limit}; returns a check of the detail. */
    private static org.assertj.core.api.AbstractStringAssert<?> refused(HttpResponse<String> r, int status, String type,
            String limit) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode p = Json.mapper().readTree(r.body());
        assertThat(p.path("type").asText()).isEqualTo("/docs#problem-" + type);
        String detail = p.path("detail").asText();
        return assertThat(detail).contains(limit);
    }
}
