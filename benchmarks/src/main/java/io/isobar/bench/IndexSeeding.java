package io.isobar.bench;

import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.index.Marker;
import io.isobar.model.ForecastFile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Archives a benchmark's file and indexes it as the job does: its file item, its valid-time marker and its run marker. */
final class IndexSeeding {

    /** The archive bucket of the benchmarks that write real-size files. */
    static final String ARCHIVE = "isobar-archive";

    private IndexSeeding() {}

    /** Uploads {@code bytes} to {@code bucket/key}. */
    static void archive(S3Client s3, String bucket, String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    /** Writes the file's item and its markers (the engine finds a series' runs through the run marker). */
    static void index(DynamoDbClient dynamoDb, IndexSchema.TableNames tables, ForecastFile file) {
        dynamoDb.putItem(b -> b.tableName(tables.files()).item(FileItems.toItem(file)));
        dynamoDb.putItem(b -> b.tableName(tables.validTimes()).item(Marker.validTime(file.model(), file.time()).toItem()));
        dynamoDb.putItem(b -> b.tableName(tables.validTimes()).item(Marker.run(file.model(), file.forecastReferenceTime()).toItem()));
    }
}
