package io.isobar.index;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Where the job's summary operators start a tally they have not met before (a new step, run, time or parameter, or
 * one whose state expired or was written after the checkpoint a restart went back to): what the index holds for it
 * already. Every read is one Query or GetItem bounded by the size of one step, run or parameter, never by the index.
 */
public final class SummarySeeds {

    /**
     * How far before a validity time the runs that forecast it start: longer than any model's forecast (global and
     * blended forecasts reach 7 to 14 days ahead).
     */
    public static final Duration LONGEST_FORECAST = Duration.ofDays(16);

    private final DynamoDbClient dynamoDb;
    private final IndexSchema.TableNames tables;

    public SummarySeeds(DynamoDbClient dynamoDb, IndexSchema.TableNames tables) {
        this.dynamoDb = dynamoDb;
        this.tables = tables;
    }

    /** The files of one run valid at one time that the files table holds (one Query of the {@code by-run} index). */
    public StepTally step(FileFact first) {
        QueryRequest request = QueryRequest.builder().tableName(tables.files()).indexName(IndexSchema.BY_RUN_INDEX)
                .keyConditionExpression("#r = :r AND begins_with(#s, :t)")
                // Names as placeholders: "variable" is a reserved word of DynamoDB's expressions.
                .projectionExpression("#o, #v, #i, #e")
                .expressionAttributeNames(Map.of("#r", IndexSchema.BY_RUN_PK, "#s", IndexSchema.BY_RUN_SK,
                        "#o", "object_id", "#v", "variable", "#i", "indexed_at", "#e", IndexSchema.FILES_TTL))
                .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(FileItems.runKey(first.model(), first.run())),
                        ":t", AttributeValue.fromS(FileItems.iso(first.time()) + IndexSchema.SEP)))
                .build();
        StepTally tally = StepTally.empty(first);
        for (Map<String, AttributeValue> item : queryAll(request)) {
            AttributeValue expires = item.get(IndexSchema.FILES_TTL);
            tally = tally.with(new FileFact(first.model(), item.get("variable").s(), first.run(), first.time(),
                    item.get("object_id").s(), Instant.parse(item.get("indexed_at").s()),
                    expires == null ? null : Instant.ofEpochSecond(Long.parseLong(expires.n()))));
        }
        return tally;
    }

    /** The stored summary of one run, if any (one GetItem). */
    public Optional<RunSummary> run(String model, Instant run) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(tables.validTimes()).key(Map.of(
                IndexSchema.TIMES_PK, AttributeValue.fromS(RunSummary.partition(model)),
                IndexSchema.TIMES_SK, AttributeValue.fromS(FileItems.iso(run))))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(RunSummary.fromItem(item));
    }

    /** The stored counts of the runs valid at one time: the summaries of the runs that can reach it (one Query). */
    public TimeTally time(String model, Instant time) {
        QueryRequest request = QueryRequest.builder().tableName(tables.validTimes())
                .keyConditionExpression("#p = :p AND #s BETWEEN :lo AND :hi")
                .expressionAttributeNames(Map.of("#p", IndexSchema.TIMES_PK, "#s", IndexSchema.TIMES_SK))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(RunSummary.partition(model)),
                        ":lo", AttributeValue.fromS(FileItems.iso(time.minus(LONGEST_FORECAST))),
                        ":hi", AttributeValue.fromS(FileItems.iso(time))))
                .build();
        TimeTally tally = TimeTally.empty(model, time);
        for (Map<String, AttributeValue> item : queryAll(request)) {
            tally = tally.with(RunSummary.fromItem(item));
        }
        return tally;
    }

    /** The stored description of one parameter, if any (one GetItem). */
    public Optional<ParameterSummary> parameter(String model, String variable) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(tables.validTimes()).key(Map.of(
                IndexSchema.TIMES_PK, AttributeValue.fromS(ParameterSummary.partition(model)),
                IndexSchema.TIMES_SK, AttributeValue.fromS(variable)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ParameterSummary.fromItem(item));
    }

    private List<Map<String, AttributeValue>> queryAll(QueryRequest request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder page = request.toBuilder();
            if (start != null) {
                page.exclusiveStartKey(start);
            }
            QueryResponse response = dynamoDb.query(page.build());
            items.addAll(response.items());
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
