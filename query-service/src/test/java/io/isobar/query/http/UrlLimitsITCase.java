package io.isobar.query.http;

import static io.isobar.query.TestApi.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import io.isobar.query.IndexExtension;
import io.isobar.query.QueryService;
import io.isobar.query.RawHttp;

/**
 * The URL limits of {@link Limits}, exactly: a position query whose query string is {@value Limits#QUERY_BYTES} bytes is
 * answered, one byte more is a 414 problem that says to use POST; the same for the path; and what Jetty refuses itself
 * (a request line or headers over {@value Limits#HEADER_BYTES} bytes) is a problem of the same kind.
 */
class UrlLimitsITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.sampleWithArchive("urllimits");

    private static final String POSITION = "/edr/collections/ukv/position?";

    @Test
    void aQueryStringAtTheLimitIsAnsweredAndOneByteMoreIs414() throws Exception {
        try (QueryService service = index.service()) {
            int port = service.start();
            String key = service.apiKeys().create("url limits").key();

            String atLimit = positionQuery(Limits.QUERY_BYTES);
            assertThat(atLimit.getBytes(StandardCharsets.UTF_8)).hasSize(Limits.QUERY_BYTES);
            RawHttp.Reply served = RawHttp.get(port, POSITION + atLimit, key);
            assertThat(served.status()).as(served.body()).isEqualTo(200);
            assertThat(Json.mapper().readTree(served.body()).path("domain").path("axes").path("composite").path("values").size())
                    .as("every point answered").isGreaterThan(300);

            RawHttp.Reply over = RawHttp.get(port, POSITION + positionQuery(Limits.QUERY_BYTES + 1), key);
            assertUriTooLong(over, "query string is " + (Limits.QUERY_BYTES + 1) + " bytes");
        }
    }

    @Test
    void aPathOverTheLimitIs414AndJettysOwnLimitsAreProblemsToo() throws Exception {
        try (QueryService service = index.service()) {
            int port = service.start();
            String key = service.apiKeys().create("url limits").key();
            String atLimit = "/v1/times/" + "9".repeat(Limits.PATH_BYTES - "/v1/times/".length());
            RawHttp.Reply invalidTime = RawHttp.get(port, atLimit, key);
            assertThat(invalidTime.status()).as("a path at the limit reaches the API").isEqualTo(400);
            assertUriTooLong(RawHttp.get(port, atLimit + "9", key), "URL path is " + (Limits.PATH_BYTES + 1) + " bytes");
            // Past the header section Jetty reads, Jetty answers itself: the same 414, or 431 for headers.
            assertUriTooLong(RawHttp.get(port, "/v1/times?model=" + "u".repeat(Limits.HEADER_BYTES), key), "request line");
            HttpResponse<String> headers = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/times")).header("x-api-key", key)
                    .header("x-padding", "p".repeat(Limits.HEADER_BYTES)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(headers.statusCode()).isEqualTo(431);
            assertThat(headers.headers().firstValue("Content-Type").orElse("")).startsWith(Problem.CONTENT_TYPE);
            assertThat(Json.mapper().readTree(headers.body()).path("type").asText()).isEqualTo("/docs#problem-headers-too-large");
        }
    }

    private static void assertUriTooLong(RawHttp.Reply reply, String says) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(414);
        assertThat(reply.contentType()).startsWith(Problem.CONTENT_TYPE);
        JsonNode problem = Json.mapper().readTree(reply.body());
        assertThat(problem.path("type").asText()).isEqualTo("/docs#problem-uri-too-long");
        assertThat(problem.path("detail").asText()).contains(says, "POST");
    }

    /**
     * A position query string of exactly {@code bytes} bytes: as many points near Douglas as fit, the last one's latitude
     * padded with zeros to the exact length.
     */
    private static String positionQuery(int bytes) {
        String rest = "&parameter-name=air_temperature&datetime=" + q("2025-06-14T01:00:00Z");
        StringBuilder wkt = new StringBuilder("MULTIPOINT(");
        int n = 0;
        while (("coords=" + q(wkt + "(-4.4861 54.1523),(-4.4861 54.1523))") + rest).length() < bytes - 10) {
            wkt.append(n++ > 0 ? "," : "").append("(-4.4861 54.").append(1000 + n % 3000).append(")");
        }
        String base = wkt.substring(0, wkt.length() - 1);
        String query;
        StringBuilder zeros = new StringBuilder();
        do {
            query = "coords=" + q(base + zeros + "))") + rest;
            zeros.append('0');
        } while (query.length() < bytes);
        assertThat(query).hasSize(bytes);
        return query;
    }
}
