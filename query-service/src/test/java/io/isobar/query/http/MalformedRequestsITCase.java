package io.isobar.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.isobar.json.Json;
import io.isobar.query.IndexExtension;
import io.isobar.query.QueryService;
import io.isobar.query.RawHttp;

/** Requests no client library would send still get a problem+json answer, from the app or from Jetty itself. */
class MalformedRequestsITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.empty("malformed");

    @Test
    void everyMalformedRequestIsA4xxProblem() throws Exception {
        try (QueryService service = index.service()) {
            int port = service.start();
            String key = service.apiKeys().create("malformed").key();
            List<String> targets = List.of("/v1/times/a%2Fb", "/v1/times/%00", "/v1/times/%25", "/v1/times/..%2F..",
                    "/v1/times/%2e%2e", "/v1/times?%zz=1", "/v1/times?model=%zz", "/v1/times/%C0%AF", "/v1/times/%FF",
                    "/v1//times", "/v1/times?x", "/v1/runs/%20", "/v1/times;a=b", "/v1/times/x;y", "/health?model",
                    "/v1/times/a b", "/v1/times/\u00e9", "/v1/times?model=a\u0001", "*", "/v1/times/" + "x".repeat(20_000),
                    "/v1/times?" + "a=1&".repeat(5_000), "/v1/times/;%", "/v1/times/%zz", "/v1/runs/%4", "/../../etc/passwd", "/v1/ingest/errors?from=%", "/v1/times?&&&=&");
            for (String target : targets) {
                RawHttp.Reply reply = RawHttp.get(port, target, key);
                String what = target.length() > 60 ? target.substring(0, 60) + "..." : target;
                assertThat(reply.status()).as(what + " " + reply.body()).isBetween(400, 499);
                assertThat(reply.contentType()).as(what).startsWith("application/problem+json");
                assertThat(Json.mapper().readTree(reply.body()).path("status").asInt()).as(what).isEqualTo(reply.status());
            }
            assertThat(RawHttp.get(port, "/v1/times?%zz=1", key).body()).contains("malformed percent-encoding");
        }
    }
}
