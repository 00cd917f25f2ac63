package io.isobar.index;

import java.util.List;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The index schema: every DynamoDB table, key and index Isobar uses, in one place, shared by the job
 * (which writes), the query service (which reads), the local stack (which creates the tables) and the
 * Terraform checks (which compare the infrastructure against it). See {@code docs/index-schema.md}.
 *
 * <ul>
 *   <li><b>files</b>: one item per forecast file. Partition {@code time} (the validity time, ISO-8601
 *       UTC), sort {@code file_key} = {@code model#variable#forecast_reference_time#object_id}. "All files
 *       valid at T", optionally for one model or model and variable, newest run first, is one Query.
 *       GSI {@code by-run}: partition {@code run_key} = {@code model#forecast_reference_time}, sort
 *       {@code run_sort} = {@code time#variable#object_id}: "all files of one model run" is one Query.
 *       TTL attribute {@code expires_at}: an entry expires with the archived copy it points to.</li>
 *   <li><b>valid-times</b>: small items the job keeps beside the files so that no listing reads files: one marker
 *       per (model, validity time) that has at least one file, with its file count ({@link Marker}). Partition
 *       {@code model}, sort {@code time}: "valid times of a model in a range", paged, is one Query.
 *       The same table holds one run marker per (model, forecast_reference_time): partition {@code model#runs}
 *       ({@link FileItems#runsPartition}), sort {@code time} = the forecast_reference_time, so "runs of a model" is
 *       one Query too (the files table cannot list its runs: they are partitions of the {@code by-run} index); a
 *       {@link RunSummary} per run ({@code model#run-summaries}); a {@link ParameterSummary} per (model, variable)
 *       ({@code model#parameters}); and one item per model ({@code #models}). TTL attribute {@code expires_at}:
 *       each expires with the last file it counts.</li>
 *   <li><b>ingest-errors</b>: one item per file that could not be processed. Partition {@code day}
 *       (yyyy-MM-dd of {@code occurred_at}), sort {@code error_key} = {@code occurred_at#id#kind}, the same
 *       for every replay of one failure ({@link ErrorItems}); TTL attribute {@code expires_at}.</li>
 *   <li><b>api-keys</b>: one item per API key, partition {@code key_hash} (SHA-256 hex of the key).</li>
 * </ul>
 */
public final class IndexSchema {

    public static final String DEFAULT_PREFIX = "isobar";

    // files
    public static final String FILES_PK = "time";
    public static final String FILES_SK = "file_key";
    public static final String BY_RUN_INDEX = "by-run";
    public static final String BY_RUN_PK = "run_key";
    public static final String BY_RUN_SK = "run_sort";
    /** TTL attribute of files items (epoch seconds): they expire with the archived copy they point to. */
    public static final String FILES_TTL = "expires_at";
    /** How long files items (and the archive's copies, by its lifecycle rule) are kept unless configured. */
    public static final java.time.Duration DEFAULT_FILE_RETENTION = java.time.Duration.ofDays(365);

    /**
     * The files table's DynamoDB Stream: new images, read by every query service instance to push "new file" and
     * "run" events ({@code GET /v1/events}); see {@code docs/api.md}.
     */
    public static final StreamViewType FILES_STREAM_VIEW = StreamViewType.NEW_IMAGE;

    // valid-times
    public static final String TIMES_PK = "model";
    public static final String TIMES_SK = "time";
    /** Suffix of the valid-times partitions that hold run markers ({@code model#runs}). */
    public static final String RUNS_PARTITION_SUFFIX = "#runs";
    /** Suffix of the valid-times partitions that hold run summaries ({@code model#run-summaries}, see {@link RunSummary}). */
    public static final String RUN_SUMMARIES_PARTITION_SUFFIX = "#run-summaries";
    /** Suffix of the valid-times partitions that hold a model's parameters ({@code model#parameters}, see {@link ParameterSummary}). */
    public static final String PARAMETERS_PARTITION_SUFFIX = "#parameters";
    /** The valid-times partition listing the models that have files (sort key: the model). */
    public static final String MODELS_PARTITION = "#models";
    /**
     * TTL attribute of every valid-times item (epoch seconds): a marker or summary expires with the last file it
     * counts (see {@link Marker.Tally}).
     */
    public static final String TIMES_TTL = "expires_at";

    // ingest-errors
    public static final String ERRORS_PK = "day";
    public static final String ERRORS_SK = "error_key";
    public static final String ERRORS_TTL = "expires_at";

    // api-keys
    public static final String KEYS_PK = "key_hash";

    /** The separator inside composite keys; it cannot occur in model or variable names or ISO times. */
    public static final String SEP = "#";

    private IndexSchema() {}

    /** The tables' names for a deployment, all derived from one prefix (default {@value #DEFAULT_PREFIX}). */
    public record TableNames(String files, String validTimes, String errors, String apiKeys) {

        public static TableNames withPrefix(String prefix) {
            return new TableNames(prefix + "-files", prefix + "-valid-times", prefix + "-ingest-errors",
                    prefix + "-api-keys");
        }

        public static TableNames defaults() {
            return withPrefix(DEFAULT_PREFIX);
        }

        public List<String> all() {
            return List.of(files, validTimes, errors, apiKeys);
        }
    }

    /** The CreateTable requests for every table (on-demand billing, as deployed). */
    public static List<CreateTableRequest> createTableRequests(TableNames names) {
        return List.of(
                CreateTableRequest.builder()
                        .tableName(names.files())
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(string(FILES_PK), string(FILES_SK), string(BY_RUN_PK), string(BY_RUN_SK))
                        .keySchema(hash(FILES_PK), range(FILES_SK))
                        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                                .indexName(BY_RUN_INDEX)
                                .keySchema(hash(BY_RUN_PK), range(BY_RUN_SK))
                                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                                .build())
                        .streamSpecification(StreamSpecification.builder()
                                .streamEnabled(true).streamViewType(FILES_STREAM_VIEW).build())
                        .build(),
                CreateTableRequest.builder()
                        .tableName(names.validTimes())
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(string(TIMES_PK), string(TIMES_SK))
                        .keySchema(hash(TIMES_PK), range(TIMES_SK))
                        .build(),
                CreateTableRequest.builder()
                        .tableName(names.errors())
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(string(ERRORS_PK), string(ERRORS_SK))
                        .keySchema(hash(ERRORS_PK), range(ERRORS_SK))
                        .build(),
                CreateTableRequest.builder()
                        .tableName(names.apiKeys())
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(string(KEYS_PK))
                        .keySchema(hash(KEYS_PK))
                        .build());
    }

    /**
     * Creates any missing table and waits until all are active; existing tables are left as they are. Time to
     * live stays off (see {@link #enableTimeToLive}), so fixtures dated in the past are not expired under a test.
     */
    public static void createTables(DynamoDbClient dynamoDb, TableNames names) {
        for (CreateTableRequest request : createTableRequests(names)) {
            try {
                dynamoDb.createTable(request);
            } catch (ResourceInUseException alreadyThere) {
                // idempotent: a restart with --data-dir finds its tables
            }
        }
        for (String table : names.all()) {
            dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table));
        }
    }

    /**
     * Turns on time to live where the deployed tables have it ({@link #timeToLiveAttributes}): files entries expire
     * with the archive, markers and summaries with the last file they count, error records after
     * {@link ErrorItems#RETENTION}. Idempotent. The local stack calls it after
     * {@link #createTables}; Terraform declares the same.
     */
    public static void enableTimeToLive(DynamoDbClient dynamoDb, TableNames names) {
        timeToLiveAttributes(names).forEach((table, attribute) -> enableTimeToLive(dynamoDb, table, attribute));
    }

    /** The TTL attributes of each table (files, valid-times, ingest-errors), as Terraform declares them too. */
    public static java.util.Map<String, String> timeToLiveAttributes(TableNames names) {
        return java.util.Map.of(names.files(), FILES_TTL, names.validTimes(), TIMES_TTL, names.errors(), ERRORS_TTL);
    }

    private static void enableTimeToLive(DynamoDbClient dynamoDb, String table, String attribute) {
        var current = dynamoDb.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
        if (current != null && current.timeToLiveStatus() != null
                && current.timeToLiveStatusAsString().startsWith("ENABL")) {
            return; // idempotent: a restart with --data-dir finds it enabled
        }
        dynamoDb.updateTimeToLive(b -> b.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true)));
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }
}
