package io.isobar.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;

/**
 * One parameter source for every handler: a POST's form or JSON body gives the same parameters as the query string
 * ({@link Params#of(io.javalin.http.Context, Set)}), within the body limit, with the query string's rules (unknown, repeated
 * or empty parameters are 400s).
 */
class BodyParamsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Set<String> ALLOWED = Set.of("coords", "parameter-name", "bbox", "within", "z", "f", "datetime");

    @Test
    void aFormOrAJsonBodyGivesTheSameParametersAsTheQueryString() {
        app((server, client) -> {
            Map<String, String> fromQuery = echo(client, "GET", "?coords=" + enc("POINT(-3.1883 55.9533)")
                    + "&parameter-name=air_temperature,wind_speed&bbox=-3.3,51.4,-3.1,51.55&within=10.5", null, null);
            assertThat(fromQuery).containsEntry("coords", "POINT(-3.1883 55.9533)").containsEntry("within", "10.5");
            assertThat(echo(client, "POST", "", "application/x-www-form-urlencoded", "coords=" + enc("POINT(-3.1883 55.9533)")
                    + "&parameter-name=air_temperature%2Cwind_speed&bbox=-3.3,51.4,-3.1,51.55&within=10.5")).isEqualTo(fromQuery);
            assertThat(echo(client, "POST", "", "application/json; charset=utf-8", "{\"coords\": \"POINT(-3.1883 55.9533)\","
                    + " \"parameter-name\": [\"air_temperature\", \"wind_speed\"], \"bbox\": [-3.3, 51.4, -3.1, 51.55],"
                    + " \"within\": 10.5}")).isEqualTo(fromQuery);
            // Parameters may be split between the URL and the body.
            assertThat(echo(client, "POST", "?within=10.5", "application/json", "{\"coords\": \"POINT(-3.1883 55.9533)\","
                    + " \"parameter-name\": \"air_temperature,wind_speed\", \"bbox\": \"-3.3,51.4,-3.1,51.55\"}")).isEqualTo(fromQuery);
            // A GeoJSON geometry is passed on as its JSON text; numbers in plain notation.
            Map<String, String> geo = echo(client, "POST", "", "application/json",
                    "{\"coords\": {\"type\": \"Point\", \"coordinates\": [-3.1883, 55.9533]}, \"z\": 0.00001}");
            assertThat(Json.mapper().readTree(geo.get("coords")).path("type").asText()).isEqualTo("Point");
            assertThat(geo.get("z")).isEqualTo("0.00001");
            assertThat(echo(client, "POST", "", "application/json", "")).as("an empty body: no parameters").isEmpty();
        });
    }

    @Test
    void aBodyBreaksNoRuleTheQueryStringKeeps() {
        app((server, client) -> {
            problem(client, "?within=1", "application/json", "{\"within\": 2}", 400, "'within' is given 2 times");
            problem(client, "", "application/json", "{\"within\": 1, \"within\": 2}", 400, "given twice");
            problem(client, "", "application/json", "{\"radius\": 1}", 400, "'radius'");
            problem(client, "", "application/json", "{\"within\": null}", 400, "'within' is empty");
            problem(client, "", "application/json", "{\"bbox\": [[1, 2]]}", 400, "Member 'bbox'");
            problem(client, "", "application/json", "[\"coords\"]", 400, "one object");
            problem(client, "", "application/json", "{\"coords\": ", 400, "not valid JSON");
            problem(client, "", "application/x-www-form-urlencoded", "coords=%zz", 400, "The form body has malformed");
            problem(client, "", "text/plain", "coords=POINT(1 2)", 415, "text/plain");
            problem(client, "", "application/xml", "<coords/>", 415, "application/xml");
        });
    }

    @Test
    void aBodyUpToTheLimitIsReadAndOneByteMoreIsA413() {
        app((server, client) -> {
            String json = "{\"within\": 1}";
            String atLimit = json + " ".repeat(Limits.BODY_BYTES - json.length());
            assertThat(echo(client, "POST", "", "application/json", atLimit)).containsEntry("within", "1");
            problem(client, "", "application/json", atLimit + " ", 413, "the limit is " + Limits.BODY_BYTES + " bytes");
        });
    }

    private static void app(io.javalin.testtools.TestCase test) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = Limits.BODY_BYTES;
            config.routes.exception(ApiProblem.class, (e, ctx) -> ctx.status(e.status()).result(e.type() + ": " + e.detail()));
            io.javalin.http.Handler echo = ctx -> {
                Params p = Params.of(ctx, ALLOWED);
                Map<String, String> out = new TreeMap<>();
                ALLOWED.forEach(n -> p.raw(n).ifPresent(v -> out.put(n, v)));
                ctx.json(out);
            };
            config.routes.get("/echo", echo);
            config.routes.post("/echo", echo);
        });
        JavalinTest.test(app, test);
    }

    private static Map<String, String> echo(io.javalin.testtools.HttpClient client, String method, String query, String type,
            String body) throws Exception {
        HttpResponse<String> r = send(client, method, query, type, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, String> out = new TreeMap<>();
        JsonNode tree = Json.mapper().readTree(r.body());
        tree.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static void problem(io.javalin.testtools.HttpClient client, String query, String type, String body, int status,
            String detail) throws Exception {
        HttpResponse<String> r = send(client, "POST", query, type, body);
        assertThat(r.statusCode()).as(body.length() > 100 ? body.length() + " bytes" : body).isEqualTo(status);
        assertThat(r.body()).contains(detail);
    }

    private static HttpResponse<String> send(io.javalin.testtools.HttpClient client, String method, String query, String type,
            String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(client.getOrigin() + "/echo" + query));
        if (method.equals("POST")) {
            b.header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
