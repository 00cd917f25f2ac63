package io.isobar.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Terraform root module as the checks see it: every {@code .tf} file's text and its hcl4j parse, with the
 * declared variables, locals, resources, data sources and IAM policy documents merged across files.
 *
 * <p>hcl4j evaluates expressions as it parses: literals come through as values, a reference it cannot resolve comes
 * through as its own text ({@code aws_kms_key.data.arn}, {@code "local.prefix-files"}), and function calls or
 * {@code for} expressions over variables come through as null or empty. The checks rely on the block structure and
 * on literals; references are found by {@link HclReferences} in the source text instead.
 */
final class TerraformModule {

    /** The module directory: this Maven module's base directory, where surefire runs the tests. */
    static final Path DIR = Path.of(System.getProperty("isobar.terraform.dir", "")).toAbsolutePath().normalize();

    /** The repository root, for the files the module reads ({@code flink-conf/}) and the Dockerfile. */
    static final Path REPO = DIR.getParent();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One {@code .tf} file: its text, and what hcl4j made of it (or why it could not). */
    record TfFile(Path path, String text, Map<String, Object> parsed, Optional<Exception> failure) {

        String name() {
            return DIR.relativize(path).toString();
        }
    }

    /** A declared block ({@code resource "type" "name"}, {@code variable "name"}, ...) and the file declaring it. */
    record Declared(String address, Path file, Map<String, Object> body) {}

    /** One statement of an {@code aws_iam_policy_document}. */
    record Statement(String policy, String sid, String effect, List<String> actions, List<String> notActions,
            List<String> resources, List<String> notResources, List<Principal> principals, List<Condition> conditions) {

        String id() {
            return policy + "/" + sid;
        }

        boolean allows() {
            return "Allow".equals(effect);
        }
    }

    /** A {@code principals} block. */
    record Principal(String type, List<String> identifiers) {}

    /** A {@code condition} block. */
    record Condition(String test, String variable, List<String> values) {}

    private final List<TfFile> files;

    private TerraformModule(List<TfFile> files) {
        this.files = List.copyOf(files);
    }

    /** Reads and parses every {@code .tf} file directly in {@link #DIR} (a root module has no subdirectories). */
    static TerraformModule load() {
        List<TfFile> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(DIR)) {
            for (Path path : listing.filter(p -> p.getFileName().toString().endsWith(".tf")).sorted().toList()) {
                files.add(parse(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the Terraform files in " + DIR, e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("No .tf files in " + DIR + "; run the checks from the terraform/ module");
        }
        return new TerraformModule(files);
    }

    static TfFile parse(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
        try {
            Map<String, Object> parsed = new HCLParser().parse(text);
            return new TfFile(path, text, parsed == null ? Map.of() : parsed, Optional.empty());
        } catch (Exception | StackOverflowError e) {
            Exception failure = e instanceof Exception ex ? ex : new IllegalStateException(e);
            return new TfFile(path, text, Map.of(), Optional.of(failure));
        }
    }

    List<TfFile> files() {
        return files;
    }

    // ------------------------------------------------------------------------------------------ declarations

    /** Every {@code resource}, as {@code type.name}, in declaration order (duplicates included, for the checks). */
    List<Declared> resourceDeclarations() {
        return twoLabelBlocks("resource");
    }

    /** Every {@code data} source, as {@code type.name}. */
    List<Declared> dataDeclarations() {
        return twoLabelBlocks("data");
    }

    List<Declared> variableDeclarations() {
        return oneLabelBlocks("variable");
    }

    List<Declared> outputDeclarations() {
        return oneLabelBlocks("output");
    }

    List<Declared> moduleDeclarations() {
        return oneLabelBlocks("module");
    }

    /** Every local value, as {@code name}, with its (hcl4j-evaluated) value as the only entry of the body. */
    List<Declared> localDeclarations() {
        List<Declared> out = new ArrayList<>();
        for (TfFile f : files) {
            for (Map<String, Object> block : blocks(f.parsed(), "locals")) {
                block.forEach((name, value) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("value", value);
                    out.add(new Declared(name, f.path(), body));
                });
            }
        }
        return out;
    }

    Map<String, Object> locals() {
        Map<String, Object> out = new LinkedHashMap<>();
        localDeclarations().forEach(d -> out.put(d.address(), d.body().get("value")));
        return out;
    }

    /** The provider local names required by the module ({@code aws}). */
    List<String> requiredProviders() {
        List<String> out = new ArrayList<>();
        for (TfFile f : files) {
            for (Map<String, Object> terraform : blocks(f.parsed(), "terraform")) {
                for (Map<String, Object> providers : blocks(terraform, "required_providers")) {
                    out.addAll(providers.keySet());
                }
            }
        }
        return out;
    }

    /** Provider configurations, as {@code aws} or {@code aws.alias}. */
    List<String> providerConfigurations() {
        List<String> out = new ArrayList<>();
        for (TfFile f : files) {
            for (Map<String, Object> providers : blocks(f.parsed(), "provider")) {
                providers.forEach((name, configs) -> {
                    for (Map<String, Object> config : asBlocks(configs)) {
                        String alias = text(config.get("alias"));
                        out.add(alias == null ? name : name + "." + alias);
                    }
                });
            }
        }
        return out;
    }

    /** The terraform settings block. */
    Map<String, Object> terraformSettings() {
        return files.stream().flatMap(f -> blocks(f.parsed(), "terraform").stream()).findFirst()
                .orElseThrow(() -> new AssertionError("No terraform { } block in " + DIR));
    }

    /** All resources of one type, by name. */
    Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Declared d : resourceDeclarations()) {
            if (d.address().startsWith(type + ".")) {
                out.put(d.address().substring(type.length() + 1), d.body());
            }
        }
        return out;
    }

    /** One resource's body; fails naming the address when it is not declared. */
    Map<String, Object> resource(String type, String name) {
        Map<String, Object> body = resources(type).get(name);
        if (body == null) {
            throw new AssertionError("resource \"" + type + "\" \"" + name + "\" is not declared in " + DIR);
        }
        return body;
    }

    /** The IAM policy documents ({@code data "aws_iam_policy_document"}), by name. */
    Map<String, List<Statement>> policyDocuments() {
        Map<String, List<Statement>> out = new TreeMap<>();
        for (Declared d : dataDeclarations()) {
            String prefix = "aws_iam_policy_document.";
            if (!d.address().startsWith(prefix)) {
                continue;
            }
            String name = d.address().substring(prefix.length());
            if (d.body().containsKey("dynamic")) {
                throw new AssertionError("Policy document " + name + " (" + d.file().getFileName() + ") has a dynamic block: "
                        + "the checks cannot see its statements; list them");
            }
            List<Statement> statements = new ArrayList<>();
            for (Map<String, Object> s : blocks(d.body(), "statement")) {
                statements.add(new Statement(name, text(s.get("sid")), Optional.ofNullable(text(s.get("effect"))).orElse("Allow"),
                        texts(s.get("actions")), texts(s.get("not_actions")), texts(s.get("resources")),
                        texts(s.get("not_resources")),
                        blocks(s, "principals").stream().map(p -> new Principal(text(p.get("type")), texts(p.get("identifiers")))).toList(),
                        blocks(s, "condition").stream()
                                .map(c -> new Condition(text(c.get("test")), text(c.get("variable")), texts(c.get("values")))).toList()));
            }
            out.put(name, statements);
        }
        return out;
    }

    // -------------------------------------------------------------------------------------------- values

    /** The nested blocks called {@code name}: hcl4j gives a map for one and a list of maps for several. */
    static List<Map<String, Object>> blocks(Map<String, Object> body, String name) {
        return body == null ? List.of() : asBlocks(body.get(name));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> asBlocks(Object value) {
        if (value instanceof Map<?, ?> m) {
            return List.of((Map<String, Object>) m);
        }
        if (value instanceof List<?> l) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
            return out;
        }
        return List.of();
    }

    /** The one nested block called {@code name}; fails when there is none. */
    static Map<String, Object> block(Map<String, Object> body, String name, String where) {
        List<Map<String, Object>> found = blocks(body, name);
        if (found.isEmpty()) {
            throw new AssertionError(where + " has no " + name + " block");
        }
        return found.get(0);
    }

    /** A value as text: literals as themselves, unresolved references as their own text, numbers without ".0". */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Symbol s) {
            return s.getName();
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return Long.toString(d.longValue());
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value.toString();
        }
        return String.valueOf(value);
    }

    /** A list value as texts; a single reference ({@code resources = local.arns}) becomes a list of one. */
    static List<String> texts(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(TerraformModule::text).toList();
        }
        return List.of(text(value));
    }

    /** A {@code jsonencode(...)} value, which hcl4j evaluates to JSON text (references become symbol objects). */
    static JsonNode json(Object value, String where) {
        if (!(value instanceof String s)) {
            throw new AssertionError(where + " is not a jsonencode(...) value hcl4j could evaluate: " + value);
        }
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError(where + " is not JSON: " + e.getMessage(), e);
        }
    }

    /** A JSON node as text; a reference (an hcl4j symbol serialised as an object) as its own text. */
    static String jsonText(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject() && node.has("symbolName")) {
            return node.path("name").asText();
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private List<Declared> oneLabelBlocks(String kind) {
        List<Declared> out = new ArrayList<>();
        for (TfFile f : files) {
            for (Map<String, Object> byName : blocks(f.parsed(), kind)) {
                byName.forEach((name, body) -> asBlocks(body).forEach(b -> out.add(new Declared(name, f.path(), b))));
            }
        }
        return out;
    }

    private List<Declared> twoLabelBlocks(String kind) {
        List<Declared> out = new ArrayList<>();
        for (TfFile f : files) {
            for (Map<String, Object> byType : blocks(f.parsed(), kind)) {
                byType.forEach((type, byName) -> {
                    for (Map<String, Object> names : asBlocks(byName)) {
                        names.forEach((name, body) ->
                                asBlocks(body).forEach(b -> out.add(new Declared(type + "." + name, f.path(), b))));
                    }
                });
            }
        }
        return out;
    }
}
