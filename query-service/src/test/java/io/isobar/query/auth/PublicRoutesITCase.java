package io.isobar.query.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.query.IndexExtension;
import io.isobar.query.QueryServiceTesting;
import io.isobar.query.TestApi;
import io.isobar.query.TestApi.Answer;
import io.isobar.query.docs.ApiDocs;
import io.javalin.router.ParsedEndpoint;

/**
 * What is public is deliberate, both ways: every route the app registers is asked without a key, and exactly the
 * operational, documentation, viewer and EDR discovery routes answer; every data or catalogue route is a 401. The
 * OpenAPI document marks exactly those public ({@code security: []}), and with a key the others answer.
 */
class PublicRoutesITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.sample("public");

    /** The routes anyone may call. */
    private static final Set<String> PUBLIC = Set.of("/health", "/metrics", "/docs", "/v1/openapi.json", "/", "/viewer/{asset}",
            "/edr", "/edr/api", "/edr/conformance");

    private static final Map<String, String> EXAMPLES = Map.of("{collectionId}", "ukv", "{instanceId}", "20250614T000000Z",
            "{locId}", "Douglas", "{time}", "2025-06-14T01:00:00Z", "{forecast_reference_time}", "2025-06-14T00:00:00Z",
            "{asset}", "viewer.js");

    @Test
    void exactlyTheDiscoveryAndOperationalRoutesNeedNoKey() {
        QueryServiceTesting.raw(index.service(), (service, client) -> {
            TestApi anonymous = new TestApi(client, null);
            TestApi keyed = new TestApi(client, service.apiKeys().create("public routes").key());
            Set<String> open = new TreeSet<>();
            Set<String> routes = new TreeSet<>();
            for (ParsedEndpoint e : QueryServiceTesting.app(service).unsafe.internalRouter.allHttpHandlers()) {
                String route = e.endpoint.path;
                if (!e.endpoint.method.isHttpMethod() || route.equals("/v1/events")) {
                    continue; // the event stream is a 401 without a key below; with one it never ends
                }
                routes.add(route);
                Answer a = anonymous.get(concrete(route));
                assertThat(a.status()).as(route).isLessThan(500);
                if (a.status() == 401) {
                    assertThat(a.json().path("type").asText()).as(route).isEqualTo("/docs#problem-missing-api-key");
                    assertThat(keyed.get(concrete(route)).status()).as(route + " with a key").isNotIn(401, 403);
                } else {
                    open.add(route);
                }
            }
            assertThat(routes).hasSizeGreaterThan(30);
            assertThat(open).isEqualTo(new TreeSet<>(PUBLIC));
            assertThat(anonymous.get("/v1/events").status()).isEqualTo(401);
        });
    }

    @Test
    void theApiDocumentMarksExactlyThoseRoutesPublic() {
        Set<String> documentedPublic = new TreeSet<>();
        JsonNode api = ApiDocs.openApiTree();
        api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode security = op.getValue().path("security");
            if (security.isArray() && security.isEmpty()) {
                documentedPublic.add(path.getKey());
            }
        }));
        assertThat(documentedPublic).isEqualTo(new TreeSet<>(PUBLIC));
    }

    private static String concrete(String route) {
        String path = route;
        for (Map.Entry<String, String> e : EXAMPLES.entrySet()) {
            path = path.replace(e.getKey(), e.getValue());
        }
        return path;
    }
}
