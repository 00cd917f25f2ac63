package io.isobar.query.docs;

import static io.isobar.query.TestApi.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.query.IndexExtension;
import io.isobar.query.QueryService;
import io.isobar.query.TestApi.Answer;
import io.javalin.router.ParsedEndpoint;

class OpenApiITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.sampleWithArchive("openapi");
    private static final JsonNode API = ApiDocs.openApiTree();

    @Test
    void documentsExactlyTheRoutesTheAppRegisters() {
        try (QueryService service = index.service()) {
            Set<String> registered = new TreeSet<>();
            for (ParsedEndpoint e : QueryServiceAccess.app(service).unsafe.internalRouter.allHttpHandlers()) {
                if (e.endpoint.method.isHttpMethod()) {
                    registered.add(e.endpoint.method.name().toLowerCase(Locale.ROOT) + " " + e.endpoint.path);
                }
            }
            // GET routes, and POST on the 14 EDR data queries (their parameters in a body).
            assertThat(registered).hasSize(43 + 14);
            assertThat(registered.stream().filter(r -> r.startsWith("post ")))
                    .allMatch(r -> r.matches("post /edr/collections/\\{collectionId}(/instances/\\{instanceId})?/"
                            + "(position|radius|area|cube|trajectory|corridor|locations/\\{locId})"));
            assertThat(documented()).isEqualTo(registered);
        }
    }

    @Test
    void acceptsEveryDocumentedParameterAndRejectsOthers() {
        index.test(api -> {
            for (String operation : documented()) {
                if (!operation.startsWith("get ")) {
                    continue; // a POST takes the GET's parameters in its body: PostQueriesITCase
                }
                String path = operation.substring(4);
                JsonNode op = API.path("paths").path(path).path("get");
                List<JsonNode> params = new ArrayList<>();
                op.path("parameters").forEach(ref -> params.add(resolve(ref)));
                String concrete = path;
                List<String> required = new ArrayList<>();
                for (JsonNode p : params) {
                    if (p.path("in").asText().equals("path")) {
                        concrete = concrete.replace("{" + p.path("name").asText() + "}", q(p.path("example").asText()));
                    } else if (p.path("required").asBoolean()) {
                        required.add(p.path("name").asText() + "=" + q(p.path("example").asText()));
                    }
                }
                // x-required-one-of: alternative groups of parameters, one of which must be given (lat+lon, or place).
                List<List<String>> groups = new ArrayList<>();
                op.path("x-required-one-of").forEach(g -> {
                    List<String> group = new ArrayList<>();
                    g.forEach(n -> group.add(n.asText()));
                    groups.add(group);
                });
                List<String> firstGroup = groups.isEmpty() ? List.of() : groups.get(0);
                List<String> base = new ArrayList<>(required);
                firstGroup.forEach(n -> base.add(n + "=" + q(example(params, n))));
                String baseUrl = concrete + "?" + String.join("&", base);
                for (JsonNode p : params) {
                    String name = p.path("name").asText();
                    if (p.path("in").asText().equals("query") && !p.path("required").asBoolean() && p.has("example")
                            && !firstGroup.contains(name)) {
                        List<String> query = new ArrayList<>(required);
                        List<String> group = groups.stream().filter(g -> g.contains(name)).findFirst().orElse(firstGroup);
                        group.forEach(n -> query.add(n + "=" + q(example(params, n))));
                        if (!group.contains(name)) {
                            query.add(name + "=" + q(p.path("example").asText()));
                        }
                        // x-example-with: the other parameters this one needs, replacing a required one of the same name
                        // (a path's datetime needs coords without times).
                        p.path("x-example-with").fields().forEachRemaining(e -> {
                            query.removeIf(kv -> kv.startsWith(e.getKey() + "="));
                            query.add(e.getKey() + "=" + q(e.getValue().asText()));
                        });
                        String url = concrete + "?" + String.join("&", query);
                        if (op.path("x-stream").asBoolean()) {
                            continue; // a stream answers 200 and never ends: EventsEndpointITCase reads it
                        }
                        Answer a = api.get(url);
                        assertThat(a.status()).as(url + " " + a.body()).isEqualTo(200);
                    }
                }
                String sep = base.isEmpty() ? "" : "&";
                Answer unknown = api.get(baseUrl + sep + "undocumented=1");
                assertThat(unknown.status()).as(operation).isEqualTo(400);
                assertThat(unknown.json().get("detail").asText()).as(operation).contains("'undocumented'");
                if (op.path("x-stream").asBoolean()) {
                    continue; // a stream answers 200 and never ends: EventsEndpointITCase reads it
                }
                assertThat(api.get(baseUrl).status()).as(baseUrl).isEqualTo(200);
            }
        });
    }

    @Test
    void servesTheDocumentAndAnHtmlPageGeneratedFromIt() {
        index.test(api -> {
            Answer json = api.get("/v1/openapi.json");
            assertThat(json.json()).isEqualTo(API);
            assertThat(API.path("openapi").asText()).startsWith("3.0");
            assertThat(API.path("components").path("securitySchemes").path("ApiKey").path("name").asText()).isEqualTo("x-api-key");
            Answer html = api.get("/docs");
            assertThat(html.header("Content-Type")).startsWith("text/html");
            for (String operation : documented()) {
                assertThat(html.body()).contains("<code>" + operation.substring(operation.indexOf(' ') + 1) + "</code>");
            }
            API.path("x-problem-types").fieldNames().forEachRemaining(slug ->
                    assertThat(html.body()).contains("id=\"problem-" + slug + "\""));
            assertThat(html.body()).doesNotContain("http://", "https://");
        });
    }

    @Test
    void everyProblemTypeTheCodeUsesIsDocumented() throws Exception {
        Set<String> documented = new TreeSet<>();
        API.path("x-problem-types").fieldNames().forEachRemaining(documented::add);
        Set<String> used = new TreeSet<>();
        java.nio.file.Path src = java.nio.file.Path.of("src/main/java");
        try (var files = java.nio.file.Files.walk(src)) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("new ApiProblem\\(\\d+, \"([a-z-]+)\"")
                        .matcher(java.nio.file.Files.readString(f));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(documented).containsAll(used);
    }

    private static Set<String> documented() {
        Set<String> ops = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = API.path("paths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> ops.add(method + " " + path.getKey()));
        }
        return ops;
    }

    private static String example(List<JsonNode> params, String name) {
        return params.stream().filter(p -> p.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("x-required-one-of names undocumented parameter " + name))
                .path("example").asText();
    }

    private static JsonNode resolve(JsonNode ref) {
        if (!ref.has("$ref")) {
            return ref;
        }
        JsonNode target = API;
        for (String part : ref.path("$ref").asText().substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }
}
