package io.isobar.terraform;

import static io.isobar.terraform.TerraformModule.block;
import static io.isobar.terraform.TerraformModule.blocks;
import static io.isobar.terraform.TerraformModule.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.isobar.index.IndexSchema;
import io.isobar.job.config.JobConfig;
import io.isobar.model.ModelNames;

/**
 * The infrastructure agrees with the code: tables, keys, index and TTL attribute with {@link IndexSchema}; the
 * Flink property group, its keys and its values with {@link JobConfig}; the model allow-list with {@link ModelNames};
 * and the queue's timings with the checkpoint interval. Change one side alone and the build fails here.
 */
class SchemaDriftTest {

    /** hcl4j leaves {@code ${local.prefix}} unresolved in the files that use it, as this text. */
    private static final String PREFIX = "local.prefix";

    private static final Path MANAGED_FLINK = TerraformModule.DIR.resolve("managed-flink.json");

    private final TerraformModule module = TerraformModule.load();
    private final JsonNode flink = readJson(MANAGED_FLINK);

    @Test
    void theFilesTableIsTheSchemasFilesTable() {
        IndexSchema.TableNames names = IndexSchema.TableNames.withPrefix(PREFIX);
        Map<String, Object> files = table("files", names.files(), IndexSchema.FILES_PK, IndexSchema.FILES_SK,
                IndexSchema.BY_RUN_PK, IndexSchema.BY_RUN_SK);

        List<Map<String, Object>> indexes = blocks(files, "global_secondary_index");
        assertThat(indexes).singleElement().satisfies(gsi -> {
            assertThat(text(gsi.get("name"))).isEqualTo(IndexSchema.BY_RUN_INDEX);
            assertThat(text(gsi.get("hash_key"))).isEqualTo(IndexSchema.BY_RUN_PK);
            assertThat(text(gsi.get("range_key"))).isEqualTo(IndexSchema.BY_RUN_SK);
            assertThat(text(gsi.get("projection_type"))).isEqualTo("ALL");
        });
        assertThat(files.get("stream_enabled")).as("the files table's stream feeds GET /v1/events").isEqualTo(true);
        assertThat(text(files.get("stream_view_type"))).isEqualTo(IndexSchema.FILES_STREAM_VIEW.toString());
        assertTtl(files, IndexSchema.FILES_TTL, "the files table");
    }

    @Test
    void theOtherTablesAreTheSchemasTables() {
        IndexSchema.TableNames names = IndexSchema.TableNames.withPrefix(PREFIX);
        Map<String, Object> validTimes = table("valid_times", names.validTimes(), IndexSchema.TIMES_PK, IndexSchema.TIMES_SK);
        // Markers and summaries expire with their files: the same attribute as the local tables turn on.
        assertTtl(validTimes, IndexSchema.TIMES_TTL, "the valid-times table");
        assertThat(IndexSchema.timeToLiveAttributes(names)).containsEntry(names.validTimes(), IndexSchema.TIMES_TTL);
        Map<String, Object> errors = table("ingest_errors", names.errors(), IndexSchema.ERRORS_PK, IndexSchema.ERRORS_SK);
        assertTtl(errors, IndexSchema.ERRORS_TTL, "the ingest-errors table");
        table("api_keys", names.apiKeys(), IndexSchema.KEYS_PK, null);

        assertThat(module.resources("aws_dynamodb_table")).hasSize(names.all().size());
    }

    /**
     * The table resource, checked against the schema: its name, its hash key, its range key ({@code null}: none), and
     * no string attributes but those keys and {@code indexKeys}.
     */
    private Map<String, Object> table(String resource, String name, String hashKey, String rangeKey, String... indexKeys) {
        Map<String, Object> table = module.resource("aws_dynamodb_table", resource);
        assertThat(text(table.get("name"))).isEqualTo(name);
        assertThat(text(table.get("hash_key"))).isEqualTo(hashKey);
        List<String> keys = new ArrayList<>(List.of(hashKey));
        if (rangeKey == null) {
            assertThat(table).doesNotContainKey("range_key");
        } else {
            assertThat(text(table.get("range_key"))).isEqualTo(rangeKey);
            keys.add(rangeKey);
        }
        keys.addAll(List.of(indexKeys));
        assertThat(attributes(table)).as("%s attributes", resource).containsOnlyKeys(keys)
                .allSatisfy((key, type) -> assertThat(type).isEqualTo("S"));
        return table;
    }

    private static void assertTtl(Map<String, Object> table, String attribute, String where) {
        Map<String, Object> ttl = block(table, "ttl", where);
        assertThat(text(ttl.get("attribute_name"))).isEqualTo(attribute);
        assertThat(ttl.get("enabled")).isEqualTo(Boolean.TRUE);
    }

    @Test
    void theQueryServiceMayQueryTheByRunIndex() {
        Map<String, List<String>> resources = module.policyDocuments().get("query_service").stream()
                .collect(Collectors.toMap(TerraformModule.Statement::sid, TerraformModule.Statement::resources));
        assertThat(resources.get("QueryIndex")).contains("aws_dynamodb_table.files.arn/index/" + IndexSchema.BY_RUN_INDEX);
    }

    @Test
    void everyoneUsesTheSameTablePrefix() {
        Map<String, Object> locals = module.locals();
        // In locals.tf hcl4j resolves local.prefix itself, so compare with what it made of local.prefix there.
        @SuppressWarnings("unchecked")
        Map<String, Object> deployment = (Map<String, Object>) locals.get("ingest_deployment");
        assertThat(text(deployment.get(JobConfig.TABLE_PREFIX))).isEqualTo(text(locals.get("prefix")));
        // Index entries expire with the archived files they point to: one retention setting for both.
        assertThat(text(deployment.get(JobConfig.FILE_RETENTION))).contains("var.archive_retention_days");

        Map<String, String> environment = queryServiceEnvironment();
        assertThat(environment).containsEntry("ISOBAR_TABLE_PREFIX", PREFIX)
                .containsEntry("ISOBAR_AWS_REGION", "var.region")
                .containsEntry("ISOBAR_HOST", "0.0.0.0")
                .doesNotContainKey("ISOBAR_API_KEY");
        assertThat(text(module.resource("aws_lb_target_group", "query_service").get("port"))).isEqualTo("local.query_service_port");
        assertThat(text(locals.get("query_service_port"))).isEqualTo("7070");
    }

    @Test
    void thePropertyGroupIsTheJobsPropertyGroup() {
        assertThat(text(module.locals().get("ingest_property_group"))).isEqualTo(JobConfig.PROPERTY_GROUP);
        Map<String, Object> app = module.resource("aws_kinesisanalyticsv2_application", "ingest");
        Map<String, Object> group = block(block(block(app, "application_configuration", "the Flink application"),
                "environment_properties", "the Flink application"), "property_group", "the Flink application");
        assertThat(text(group.get("property_group_id"))).isEqualTo("local.ingest_property_group");
        assertThat(text(group.get("property_map"))).isEqualTo("local.ingest_properties");

        assertThat(fieldNames(flink.path("property_groups"))).containsExactly(JobConfig.PROPERTY_GROUP);
    }

    @Test
    void everyPropertyIsAKeyTheJobKnowsAndTheJobStartsWithThem() {
        Map<String, String> tunable = tunableProperties();
        Map<String, String> deployment = deploymentProperties();
        assertThat(tunable.keySet()).as("keys in %s unknown to JobConfig", MANAGED_FLINK).allMatch(JobConfig.KEYS::contains);
        assertThat(deployment.keySet()).as("keys in locals.ingest_deployment unknown to JobConfig").allMatch(JobConfig.KEYS::contains);
        assertThat(tunable.keySet()).as("set in both places").doesNotContainAnyElementsOf(deployment.keySet());
        assertThat(deployment.keySet()).as("what only the deployment knows")
                .contains(JobConfig.QUEUE_URL, JobConfig.ARCHIVE_BUCKET, JobConfig.REGION, JobConfig.TABLE_PREFIX);
        assertThat(tunable.keySet().stream().filter(k -> k.startsWith("aws.endpoint") || k.startsWith("aws.access")
                || k.startsWith("aws.secret"))).as("endpoints and static keys are for emulators only").isEmpty();

        // What the application would be given, with the values terraform fills in stood in for: JobConfig accepts it.
        Properties properties = new Properties();
        properties.putAll(tunable);
        properties.setProperty(JobConfig.REGION, "eu-west-2");
        properties.setProperty(JobConfig.QUEUE_URL, "https://sqs.eu-west-2.amazonaws.com/123456789012/isobar-prod-ingest");
        properties.setProperty(JobConfig.ARCHIVE_BUCKET, "isobar-prod-archive-123456789012");
        properties.setProperty(JobConfig.TABLE_PREFIX, "isobar-prod");
        properties.setProperty(JobConfig.FILTER_MODELS, "ukv,mogreps-uk");
        JobConfig config = JobConfig.fromProperties(properties);
        assertThat(config.index().tables()).isEqualTo(IndexSchema.TableNames.withPrefix("isobar-prod"));
        assertThat(config.ingest().dedupTtl()).as("dedup memory outlives the queue's retention")
                .isGreaterThan(Duration.ofSeconds(Long.parseLong(text(module.resource("aws_sqs_queue", "ingest")
                        .get("message_retention_seconds")))));
    }

    @Test
    void theVisibilityTimeoutOutlastsACheckpointAndTheSlowestFile() {
        JobConfig config = JobConfig.fromProperties(propertiesWith(tunableProperties()));
        Duration checkpoint = Duration.ofMillis(flink.path("checkpoint_interval_ms").asLong());
        assertThat(checkpoint).isPositive();
        assertThat(config.queue().visibilityTimeout()).isGreaterThan(checkpoint.plus(config.ingest().timeout()));

        // The queue takes its visibility timeout from the same property, with JobConfig's default as fallback.
        assertThat(text(module.resource("aws_sqs_queue", "ingest").get("visibility_timeout_seconds"))).isEqualTo("local.queue_visibility");
        JobConfig defaults = JobConfig.fromProperties(propertiesWith(Map.of()));
        String locals = read(TerraformModule.DIR.resolve("locals.tf"));
        assertThat(locals).contains("lookup(local.ingest_tunable, \"" + JobConfig.QUEUE_VISIBILITY + "\", \""
                + defaults.queue().visibilityTimeout().toSeconds() + "\")");
        assertThat(locals).contains("lookup(local.ingest_tunable, \"" + JobConfig.ENRICH_TIMEOUT + "\", \""
                + defaults.ingest().timeout().toSeconds() + "\")");
    }

    @Test
    void theManagedFlinkSettingsAreSane() {
        assertThat(flink.path("runtime_environment").asText()).isEqualTo("FLINK-1_20");
        assertThat(flink.path("checkpoint_interval_ms").asLong()).isBetween(5_000L, 120_000L);
        assertThat(flink.path("min_pause_between_checkpoints_ms").asLong()).isLessThan(flink.path("checkpoint_interval_ms").asLong());
        assertThat(flink.path("parallelism").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(flink.path("parallelism_per_kpu").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(flink.path("log_level").asText()).isIn("DEBUG", "INFO", "WARN", "ERROR");
        assertThat(flink.path("metrics_level").asText()).isIn("APPLICATION", "OPERATOR", "PARALLELISM", "TASK");
        assertThat(flink.path("snapshots_enabled").asBoolean()).as("the de-duplication memory survives updates").isTrue();
        assertThat(fieldNames(flink)).containsExactlyInAnyOrder("runtime_environment", "checkpoint_interval_ms",
                "min_pause_between_checkpoints_ms", "parallelism", "parallelism_per_kpu", "auto_scaling_enabled", "log_level",
                "metrics_level", "snapshots_enabled", "property_groups");
        String flinkTf = read(TerraformModule.DIR.resolve("flink.tf"));
        for (String setting : fieldNames(flink)) {
            if (!setting.equals("property_groups")) {
                assertThat(flinkTf).as("flink.tf uses local.flink.%s", setting).contains("local.flink." + setting);
            }
        }
    }

    @Test
    void theModelAllowListAndTheFilterPolicySpeakTheJobsModelNames() {
        String variables = read(TerraformModule.DIR.resolve("variables.tf"));
        Matcher allowed = Pattern.compile("contains\\(\\[([^]]*)\\], m\\)").matcher(variables);
        assertThat(allowed.find()).as("variables.tf validates var.models against a list").isTrue();
        List<String> models = Pattern.compile("\"([^\"]+)\"").matcher(allowed.group(1)).results().map(r -> r.group(1)).toList();
        assertThat(models).containsExactlyElementsOf(ModelNames.ALL);

        // The filter policy matches the "model" message attribute, which the Met Office fills with names like
        // mo-atmospheric-mogreps-uk-prd; the job must read those back as the same canonical model.
        Matcher template = Pattern.compile("model = \\[for m in var\\.models : \"([^\"$]*)\\$\\{m}([^\"]*)\"]")
                .matcher(read(TerraformModule.DIR.resolve("locals.tf")));
        assertThat(template.find()).as("locals.tf builds the model filter from var.models").isTrue();
        for (String model : ModelNames.ALL) {
            String attribute = template.group(1) + model + template.group(2);
            assertThat(ModelNames.normalise(attribute)).as(attribute).isEqualTo(model);
        }

        // A real Met Office notification (src/test/resources): the filter's attributes are the ones it carries.
        JsonNode attributes = readJson(resource("/met-office-sns-message.json")).path("MessageAttributes");
        @SuppressWarnings("unchecked")
        Map<String, Object> candidates = (Map<String, Object>) module.locals().get("sns_filter_candidates");
        assertThat(fieldNames(attributes)).containsAll(candidates.keySet());
        String model = attributes.path("model").path("Value").asText();
        assertThat(template.group(1) + ModelNames.normalise(model) + template.group(2)).isEqualTo(model);
        assertThat(text(module.resource("aws_sns_topic_subscription", "met_office").get("endpoint")))
                .isEqualTo("aws_sqs_queue.ingest.arn");
    }

    private Map<String, String> tunableProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        flink.path("property_groups").path(JobConfig.PROPERTY_GROUP).fields()
                .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        assertThat(out).as("%s property_groups.%s", MANAGED_FLINK, JobConfig.PROPERTY_GROUP).isNotEmpty();
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> deploymentProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        ((Map<String, Object>) module.locals().get("ingest_deployment")).forEach((k, v) -> out.put(k, text(v)));
        return out;
    }

    private Map<String, String> queryServiceEnvironment() {
        Map<String, Object> task = module.resource("aws_ecs_task_definition", "query_service");
        JsonNode containers = TerraformModule.json(task.get("container_definitions"), "the query service's container_definitions");
        Map<String, String> out = new HashMap<>();
        containers.path(0).path("environment").forEach(e -> out.put(e.path("name").asText(), TerraformModule.jsonText(e.path("value"))));
        return out;
    }

    private static Properties propertiesWith(Map<String, String> tunable) {
        Properties p = new Properties();
        p.putAll(tunable);
        p.setProperty(JobConfig.QUEUE_URL, "https://sqs.eu-west-2.amazonaws.com/123456789012/q");
        p.setProperty(JobConfig.ARCHIVE_BUCKET, "archive");
        p.setProperty(JobConfig.REGION, "eu-west-2");
        return p;
    }

    private static Map<String, String> attributes(Map<String, Object> table) {
        return blocks(table, "attribute").stream().collect(Collectors.toMap(a -> text(a.get("name")), a -> text(a.get("type"))));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            out.add(it.next());
        }
        return out;
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(SchemaDriftTest.class.getResource(name).toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new AssertionError("Missing test resource " + name, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
