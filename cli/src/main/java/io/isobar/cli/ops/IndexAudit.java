package io.isobar.cli.ops;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.isobar.index.IndexSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Compares a whole source bucket with the whole index, object by object: what is indexed once, missing, doubled
 * or recorded as failed. A full listing and two Scans: for the local stack, tests and benchmarks, not for AWS
 * (where {@link Reconciler} lists by run).
 */
public final class IndexAudit {

    /**
     * The comparison.
     *
     * @param objects          objects in the source bucket
     * @param indexedOnce      objects with exactly one files-table item
     * @param doubled          objects with more than one files-table item
     * @param failed           objects with no item but at least one error record
     * @param missing          objects with neither
     * @param errorRecords     error records that name an object of the bucket
     * @param repeatedErrors   objects with more than one error record
     * @param missingSample    up to 20 missing object URIs
     */
    public record Result(long objects, long indexedOnce, long doubled, long failed, long missing, long errorRecords,
                         long repeatedErrors, List<String> missingSample) {
        /** Every object indexed once or recorded as failed, none doubled. */
        public boolean exact() {
            return missing == 0 && doubled == 0;
        }

        @Override
        public String toString() {
            return objects + " objects: " + indexedOnce + " indexed once, " + doubled + " doubled, " + failed
                    + " with an error record only, " + missing + " missing; " + errorRecords + " error records ("
                    + repeatedErrors + " objects with more than one)";
        }
    }

    private IndexAudit() {}

    public static Result run(S3Client s3, DynamoDbClient dynamoDb, IndexSchema.TableNames tables, String bucket) {
        Map<String, Integer> items = count(dynamoDb, tables.files(), "source_uri");
        Map<String, Integer> errors = count(dynamoDb, tables.errors(), "object_uri");
        long objects = 0;
        long once = 0;
        long doubled = 0;
        long failed = 0;
        long missing = 0;
        long errorRecords = 0;
        long repeatedErrors = 0;
        TreeSet<String> missingUris = new TreeSet<>();
        for (var object : (Iterable<software.amazon.awssdk.services.s3.model.S3Object>)
                s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()::iterator) {
            objects++;
            String uri = Reconciler.uri(bucket, object.key());
            int indexed = items.getOrDefault(uri, 0);
            int errorCount = errors.getOrDefault(uri, 0);
            errorRecords += errorCount;
            if (errorCount > 1) {
                repeatedErrors++;
            }
            if (indexed == 1) {
                once++;
            } else if (indexed > 1) {
                doubled++;
            } else if (errorCount > 0) {
                failed++;
            } else {
                missing++;
                missingUris.add(uri);
            }
        }
        return new Result(objects, once, doubled, failed, missing, errorRecords, repeatedErrors,
                missingUris.stream().limit(20).toList());
    }

    private static Map<String, Integer> count(DynamoDbClient dynamoDb, String table, String attribute) {
        Map<String, Integer> counts = new HashMap<>();
        dynamoDb.scanPaginator(b -> b.tableName(table).projectionExpression("#a").expressionAttributeNames(Map.of("#a", attribute)))
                .items().forEach(item -> {
                    AttributeValue value = item.get(attribute);
                    if (value != null && value.s() != null) {
                        counts.merge(value.s(), 1, Integer::sum);
                    }
                });
        return counts;
    }
}
