package io.isobar.job.backfill;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.isobar.index.ErrorItems;
import io.isobar.index.IndexSchema;
import io.isobar.model.IngestError;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads one backfill run's error records back from the {@code ingest-errors} table, so its summary lists
 * the failed files from where operators will find them: one Query per day the run spanned, keeping the
 * records whose id starts with the run's id.
 */
public final class BackfillErrors {

    private BackfillErrors() {}

    /** The run's error records, oldest first; {@code started} and {@code ended} bound the days to look in. */
    public static List<IngestError> of(DynamoDbClient dynamoDb, IndexSchema.TableNames tables, BackfillSpec spec, Instant started,
            Instant ended) {
        List<IngestError> errors = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(ended, ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(started, ZoneOffset.UTC); !day.isAfter(last); day = day.plusDays(1)) {
            String partition = day.toString();
            dynamoDb.queryPaginator(b -> b.tableName(tables.errors())
                            .keyConditionExpression("#day = :day")
                            .filterExpression("begins_with(#id, :run)")
                            .expressionAttributeNames(Map.of("#day", IndexSchema.ERRORS_PK, "#id", "id"))
                            .expressionAttributeValues(Map.of(":day", AttributeValue.fromS(partition),
                                    ":run", AttributeValue.fromS(spec.origin() + ":"))))
                    .items().forEach(item -> errors.add(ErrorItems.fromItem(item)));
        }
        errors.sort(Comparator.comparing(IngestError::occurredAt));
        return errors;
    }
}
