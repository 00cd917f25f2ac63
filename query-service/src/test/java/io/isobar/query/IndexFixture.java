package io.isobar.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.aws.S3Uri;
import io.isobar.index.IndexSummaries;
import io.isobar.index.ErrorItems;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.model.IngestError;
import io.isobar.model.ObjectIdentity;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.bytes.S3ByteSource;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.isobar.query.auth.RateLimit;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Tables of the index in the shared DynamoDB emulator, under a prefix unique to one test class, with helpers to
 * write items the way the job does and to build services over them.
 */
public final class IndexFixture implements AutoCloseable {

    private final AwsSettings aws;
    private final IndexSchema.TableNames tables;
    private final DynamoDbClient dynamoDb;
    private final S3Client s3;

    public IndexFixture(LocalAws localAws, String testName) {
        this.aws = new AwsSettings(AwsSettings.LOCAL_REGION, Optional.of(localAws.s3Endpoint()), Optional.empty(),
                Optional.of(localAws.dynamoDbEndpoint()),
                Optional.of(new AwsSettings.StaticCredentials(LocalAws.ACCESS_KEY_ID, LocalAws.SECRET_ACCESS_KEY)));
        this.tables = IndexSchema.TableNames.withPrefix(LocalAws.uniqueName(testName));
        this.dynamoDb = AwsClients.dynamoDb(aws);
        this.s3 = AwsClients.s3(aws);
        IndexSchema.createTables(dynamoDb, tables);
    }

    public AwsSettings aws() {
        return aws;
    }

    public IndexSchema.TableNames tables() {
        return tables;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /**
     * A new client of the emulated DynamoDB that tells {@code onCall} the name of every operation it is about to make
     * (e.g. {@code GetItem}), for tests that count what a request costs; close it after.
     */
    public DynamoDbClient dynamoDbTelling(Consumer<String> onCall) {
        return DynamoDbClient.builder()
                .region(Region.of(aws.region()))
                .credentialsProvider(AwsClients.credentials(aws))
                .endpointOverride(aws.dynamoDbEndpoint().orElseThrow())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        onCall.accept(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                    }
                }))
                .build();
    }

    /** A client of the emulated S3, where the archived files of point tests live. */
    public S3Client s3() {
        return s3;
    }

    /** Puts {@code bytes} at {@code s3://bucket/key}, creating the bucket if needed. */
    public void upload(String uri, byte[] bytes) {
        S3Uri object = S3Uri.parseObject(uri);
        String bucket = object.bucket();
        String key = object.key();
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 409) { // 409: the shared emulator has it already (another test class made it)
                throw e;
            }
        }
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    /**
     * Archives {@code bytes} at {@code uri} and indexes the file as the job does: the entry built from the header read
     * back from the emulated S3 ({@link ForecastFile#of}; {@code model} when the file does not say), announced half a
     * second before it was indexed.
     */
    public ForecastFile archive(String uri, byte[] bytes, String model, Instant indexedAt) throws java.io.IOException {
        upload(uri, bytes);
        S3Uri object = S3Uri.parseObject(uri);
        NetcdfHeader header = new NetcdfHeaderReader().read(S3ByteSource.of(s3, object.bucket(), object.key()));
        ForecastFile entry = ForecastFile.of(header, new ObjectIdentity("met-office", object.key(), bytes.length, null), uri,
                model, indexedAt).withAnnouncedAt(indexedAt.minusMillis(500));
        put(entry);
        return entry;
    }

    /** The bytes of a test resource, e.g. {@code fixtures/ukv-2d-air_temperature.nc}. */
    public static byte[] resource(String name) {
        try (java.io.InputStream in = IndexFixture.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A configuration for a service on a free loopback port, with a high rate limit unless a test sets one. */
    public QueryServiceConfig config() {
        return QueryServiceConfig.defaults(aws, tables).withPort(0).withRateLimit(new RateLimit(10_000, 10_000));
    }

    public QueryService service() {
        return new QueryService(config());
    }

    public QueryService service(UnaryOperator<QueryServiceConfig> adjust) {
        return new QueryService(adjust.apply(config()));
    }

    /**
     * Writes a file item and what the job keeps beside it (markers with counts, run summaries, parameters), as the
     * job's summaries hold them once they have seen every file put so far.
     */
    public void put(ForecastFile file) {
        dynamoDb.putItem(b -> b.tableName(tables.files()).item(FileItems.toItem(file)));
        List<ForecastFile> ofModel;
        synchronized (written) {
            written.add(file);
            ofModel = written.stream().filter(f -> f.model().equals(file.model())).toList();
        }
        for (Map<String, AttributeValue> item : IndexSummaries.items(ofModel)) {
            dynamoDb.putItem(b -> b.tableName(tables.validTimes()).item(item));
        }
    }

    private final List<ForecastFile> written = new ArrayList<>();

    /**
     * Writes many files at once (BatchWriteItem, 25 items a call) and then the summaries of every file put so far, as
     * the job holds them once it has seen them all.
     */
    public void putAll(List<ForecastFile> files) {
        batch(tables.files(), files.stream().map(FileItems::toItem).toList());
        List<ForecastFile> all;
        synchronized (written) {
            written.addAll(files);
            all = List.copyOf(written);
        }
        batch(tables.validTimes(), IndexSummaries.items(all));
    }

    /** Writes items to a table, 25 a call, asking again for any DynamoDB left unprocessed. */
    public void batch(String table, List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> writes = items.subList(from, Math.min(items.size(), from + 25))
                    .stream().map(i -> software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                            .putRequest(p -> p.item(i)).build()).toList();
            Map<String, List<software.amazon.awssdk.services.dynamodb.model.WriteRequest>> request = Map.of(table, writes);
            while (request != null && !request.isEmpty()) {
                Map<String, List<software.amazon.awssdk.services.dynamodb.model.WriteRequest>> ask = request;
                var response = dynamoDb.batchWriteItem(b -> b.requestItems(ask));
                request = response.hasUnprocessedItems() ? response.unprocessedItems() : null;
            }
        }
    }

    public void put(IngestError error) {
        dynamoDb.putItem(b -> b.tableName(tables.errors()).item(ErrorItems.toItem(error)));
    }

    /** When every {@link #file} was indexed. */
    public static final Instant INDEXED_AT = Instant.parse("2025-06-14T00:30:00Z");
    /** When the Met Office announced every UKV {@link #file}; the other models' files stand for backfilled ones (none). */
    public static final Instant UKV_ANNOUNCED_AT = Instant.parse("2025-06-14T00:29:57.250Z");

    /** A file of {@code model}'s run {@code run}, valid at {@code time}, with plausible metadata. */
    public static ForecastFile file(String model, String variable, String run, String time, String objectId) {
        Instant frt = Instant.parse(run);
        Instant t = Instant.parse(time);
        boolean ensemble = model.startsWith("mogreps");
        return new ForecastFile(objectId, model, variable, variable, null, variable.contains("temperature") ? "K" : "%",
                variable.contains("max") ? "time: maximum" : null, frt, Duration.between(frt, t).toSeconds(), t,
                ensemble ? List.of(0, 1, 2) : List.of(), variable.contains("temperature") ? List.of(1.5) : List.of(),
                List.of(), List.of("projection_y_coordinate=970", "projection_x_coordinate=1042"),
                "s3://isobar-archive/" + model + "/" + objectId + ".nc", "s3://met-office/" + objectId + ".nc",
                4_034_391L, "etag-" + objectId, INDEXED_AT).withAnnouncedAt("ukv".equals(model) ? UKV_ANNOUNCED_AT : null);
    }

    /** Deletes nothing: table names are unique per class and the emulator is in memory. */
    @Override
    public void close() {
        dynamoDb.close();
        s3.close();
    }
}
