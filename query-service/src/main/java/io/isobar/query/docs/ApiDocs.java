package io.isobar.query.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import io.isobar.query.http.Responses;
import io.isobar.query.http.Params;
import io.javalin.http.Context;

/**
 * {@code GET /v1/openapi.json}: the hand-written OpenAPI 3.0 description (resource {@code io/isobar/query/openapi.json});
 * {@code GET /docs}: a self-contained HTML page generated from it (no scripts, no CDN: it works offline).
 */
public final class ApiDocs {

    public static final String RESOURCE = "/io/isobar/query/openapi.json";

    private final byte[] openApi;
    private final byte[] html;

    public ApiDocs() {
        this.openApi = load();
        try {
            this.html = DocsPage.render(Json.mapper().readTree(openApi)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The OpenAPI resource " + RESOURCE + " is not valid JSON", e);
        }
    }

    /** The OpenAPI document, parsed. */
    public static JsonNode openApiTree() {
        try {
            return Json.mapper().readTree(load());
        } catch (IOException e) {
            throw new UncheckedIOException("The OpenAPI resource " + RESOURCE + " is not valid JSON", e);
        }
    }

    public void openApi(Context ctx) {
        Params.of(ctx, Set.of());
        Responses.send(ctx, openApi, "application/json", Responses.CachePolicy.STATIC);
    }

    public void page(Context ctx) {
        Params.of(ctx, Set.of());
        Responses.send(ctx, html, "text/html; charset=utf-8", Responses.CachePolicy.STATIC);
    }

    private static byte[] load() {
        try (InputStream in = ApiDocs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The OpenAPI resource " + RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the OpenAPI resource " + RESOURCE, e);
        }
    }

    /** Renders the OpenAPI document as one HTML page. */
    static final class DocsPage {

        private DocsPage() {}

        static String render(JsonNode api) {
            StringBuilder h = new StringBuilder(32_768);
            JsonNode info = api.path("info");
            h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                    .append(esc(info.path("title").asText())).append("</title>\n<style>")
                    .append("body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45;color:#222}")
                    .append("code{background:#f2f2f2;padding:0 .2em;border-radius:3px}")
                    .append("table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}")
                    .append("h2{border-bottom:1px solid #ccc;margin-top:2em}.op{margin:1.5em 0}.method{font-weight:bold;color:#05a}")
                    .append("</style></head><body>\n");
            h.append("<h1>").append(esc(info.path("title").asText())).append(" <small>")
                    .append(esc(info.path("version").asText())).append("</small></h1>\n");
            h.append("<p>").append(md(info.path("description").asText())).append("</p>\n");
            h.append("<p>Machine-readable: <a href=\"/v1/openapi.json\">/v1/openapi.json</a> (OpenAPI ")
                    .append(esc(api.path("openapi").asText())).append(").</p>\n");

            h.append("<h2>Authentication</h2>\n");
            fields(api.path("components").path("securitySchemes")).forEach(e -> h.append("<p><code>")
                    .append(esc(e.getValue().path("name").asText())).append("</code> header: ")
                    .append(md(e.getValue().path("description").asText())).append("</p>\n"));

            h.append("<h2>Endpoints</h2>\n");
            for (Map.Entry<String, JsonNode> path : fields(api.path("paths"))) {
                for (Map.Entry<String, JsonNode> op : fields(path.getValue())) {
                    operation(h, api, path.getKey(), op.getKey(), op.getValue());
                }
            }

            h.append("<h2>Schemas</h2>\n");
            for (Map.Entry<String, JsonNode> schema : fields(api.path("components").path("schemas"))) {
                schema(h, schema.getKey(), schema.getValue());
            }

            h.append("<h2>Problem types</h2>\n<p>Errors are <code>application/problem+json</code> (RFC 9457) whose ")
                    .append("<code>type</code> links here.</p>\n<table><tr><th>type</th><th>meaning</th></tr>\n");
            for (Map.Entry<String, JsonNode> p : fields(api.path("x-problem-types"))) {
                h.append("<tr id=\"problem-").append(esc(p.getKey())).append("\"><td><code>/docs#problem-")
                        .append(esc(p.getKey())).append("</code></td><td>").append(md(p.getValue().asText())).append("</td></tr>\n");
            }
            h.append("</table>\n</body></html>\n");
            return h.toString();
        }

        private static void operation(StringBuilder h, JsonNode api, String path, String method, JsonNode op) {
            String anchor = op.path("operationId").asText(path);
            h.append("<div class=\"op\" id=\"").append(esc(anchor)).append("\"><h3><span class=\"method\">")
                    .append(esc(method.toUpperCase(Locale.ROOT))).append("</span> <code>").append(esc(path))
                    .append("</code> &mdash; ").append(esc(op.path("summary").asText())).append("</h3>\n");
            boolean open = op.has("security") && op.path("security").isEmpty();
            h.append("<p><em>").append(open ? "No API key needed." : "Needs an API key (x-api-key).").append("</em></p>\n");
            if (op.has("description")) {
                h.append("<p>").append(md(op.path("description").asText())).append("</p>\n");
            }
            if (op.path("parameters").size() > 0) {
                h.append("<table><tr><th>parameter</th><th>in</th><th>required</th><th>type</th><th>description</th><th>example</th></tr>\n");
                for (JsonNode ref : op.path("parameters")) {
                    JsonNode p = resolve(api, ref);
                    JsonNode schema = resolve(api, p.path("schema"));
                    h.append("<tr><td><code>").append(esc(p.path("name").asText())).append("</code></td><td>")
                            .append(esc(p.path("in").asText())).append("</td><td>")
                            .append(p.path("required").asBoolean() ? "yes" : "no").append("</td><td>")
                            .append(esc(schema.path("type").asText())).append(schema.has("enum") ? " (" + esc(join(schema.path("enum"))) + ")" : "")
                            .append("</td><td>").append(md(p.path("description").asText())).append("</td><td>")
                            .append(p.has("example") ? "<code>" + esc(p.path("example").asText()) + "</code>" : "")
                            .append("</td></tr>\n");
                }
                h.append("</table>\n");
            }
            if (op.has("requestBody")) {
                JsonNode content = op.path("requestBody").path("content");
                String schemaName = schemaName(op.path("requestBody"));
                h.append("<p>Body (").append(esc(String.join(", ", iterable(content.fieldNames())))).append("): ")
                        .append(schemaName == null ? "" : "<a href=\"#schema-" + esc(schemaName) + "\">" + esc(schemaName) + "</a>")
                        .append("</p>\n");
            }
            h.append("<table><tr><th>status</th><th>response</th></tr>\n");
            for (Map.Entry<String, JsonNode> r : fields(op.path("responses"))) {
                JsonNode response = resolve(api, r.getValue());
                String schemaName = schemaName(response);
                h.append("<tr><td>").append(esc(r.getKey())).append("</td><td>").append(md(response.path("description").asText()))
                        .append(schemaName == null ? "" : " <a href=\"#schema-" + esc(schemaName) + "\">" + esc(schemaName) + "</a>")
                        .append("</td></tr>\n");
            }
            h.append("</table></div>\n");
        }

        private static void schema(StringBuilder h, String name, JsonNode schema) {
            h.append("<h3 id=\"schema-").append(esc(name)).append("\">").append(esc(name)).append("</h3>\n");
            if (schema.has("description")) {
                h.append("<p>").append(md(schema.path("description").asText())).append("</p>\n");
            }
            if (schema.has("enum")) {
                h.append("<p>One of: <code>").append(esc(join(schema.path("enum")))).append("</code></p>\n");
                return;
            }
            h.append("<table><tr><th>field</th><th>type</th><th>description</th></tr>\n");
            Set<String> required = new HashSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            for (Map.Entry<String, JsonNode> f : fields(schema.path("properties"))) {
                JsonNode p = f.getValue();
                String type = p.has("$ref") ? refName(p.path("$ref").asText())
                        : p.has("oneOf") ? alternatives(p.path("oneOf"))
                        : p.path("type").asText() + (p.has("items") ? " of " + (p.path("items").has("$ref")
                                ? refName(p.path("items").path("$ref").asText()) : p.path("items").path("type").asText()) : "")
                                + (p.has("format") ? " (" + p.path("format").asText() + ")" : "")
                                + (p.path("nullable").asBoolean() ? ", nullable" : "");
                h.append("<tr><td><code>").append(esc(f.getKey())).append("</code>").append(required.contains(f.getKey()) ? "" : " (optional)")
                        .append("</td><td>").append(esc(type)).append("</td><td>").append(md(p.path("description").asText()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }

        private static List<String> iterable(Iterator<String> names) {
            List<String> out = new ArrayList<>();
            names.forEachRemaining(out::add);
            return out;
        }

        /** The types of a {@code oneOf}: "string or array of string". */
        private static String alternatives(JsonNode oneOf) {
            List<String> types = new ArrayList<>();
            for (JsonNode alternative : oneOf) {
                types.add(alternative.path("type").asText() + (alternative.has("items") ? " of "
                        + alternative.path("items").path("type").asText("any") : ""));
            }
            return String.join(" or ", types);
        }

        private static String schemaName(JsonNode response) {
            for (JsonNode media : response.path("content")) {
                JsonNode ref = media.path("schema").path("$ref");
                if (!ref.isMissingNode()) {
                    return refName(ref.asText());
                }
            }
            return null;
        }

        private static JsonNode resolve(JsonNode api, JsonNode node) {
            if (!node.has("$ref")) {
                return node;
            }
            JsonNode target = api;
            for (String part : node.path("$ref").asText().substring(2).split("/")) {
                target = target.path(part);
            }
            return target;
        }

        private static String refName(String ref) {
            return ref.substring(ref.lastIndexOf('/') + 1);
        }

        private static String join(JsonNode array) {
            StringBuilder s = new StringBuilder();
            array.forEach(v -> s.append(s.length() == 0 ? "" : ", ").append(v.asText()));
            return s.toString();
        }

        private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
            return () -> {
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                return it;
            };
        }

        /** Escapes, then turns `code` spans into code elements (the only markup the descriptions use). */
        private static String md(String text) {
            return esc(text).replaceAll("`([^`]*)`", "<code>$1</code>");
        }

        private static String esc(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
