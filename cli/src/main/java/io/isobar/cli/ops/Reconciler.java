package io.isobar.cli.ops;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.isobar.aws.S3Uri;
import io.isobar.index.ErrorItems;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.model.MetOfficeKey;
import io.isobar.model.MetOfficeProduct;
import io.isobar.model.MetOfficeProducts;
import io.isobar.model.ModelNames;
import io.isobar.simulator.MetOfficePublisher;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The safety net behind the queue: lists the source objects of the runs since a time (by run folder of every product's
 * key layout, never the whole bucket), compares them with the index, and announces every object the index lacks (or holds with another
 * ETag) on the ingest queue as a standard S3 event notification, so the job takes it through the same pipeline.
 * Idempotent: announcing an object twice costs a de-duplicated message, and once the job has indexed what was
 * announced, a second run finds nothing.
 */
public final class Reconciler {

    private static final int MAX_BATCH = 10;
    private static final int PROGRESS_EVERY = 500;

    /**
     * What to reconcile.
     *
     * @param bucket         the source (Met Office) bucket
     * @param since          runs (and, for the root layout, objects) from this time on
     * @param rootLayout     also list the bucket root, where the older buckets keep {@code <sha1>.nc} objects
     *                       (modified since {@code since}); one listing of the root, not of the run folders
     * @param includeErrors  also announce objects the job already recorded as failed
     * @param runLookback    how far before {@code since} index runs are read: a root object modified since then
     *                       may belong to an earlier run
     * @param dryRun         report only, announce nothing
     */
    public record Options(String bucket, Instant since, boolean rootLayout, boolean includeErrors, Duration runLookback,
                          boolean dryRun) {
        public Options {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(runLookback, "runLookback");
        }
    }

    /**
     * What a run found.
     *
     * @param runFolders      run folders listed
     * @param listed          source objects listed
     * @param indexed         of those, indexed with the same ETag
     * @param stale           indexed with another ETag (the object was replaced): announced again
     * @param errored         with an error record (announced only with {@code includeErrors})
     * @param missing         neither indexed nor recorded as failed: announced
     * @param announced       notifications the queue accepted
     * @param announceFailed  notifications the queue refused
     * @param sample          up to 20 of the objects announced (or, in a dry run, to announce)
     */
    public record Report(int runFolders, long listed, long indexed, long stale, long errored, long missing, long announced,
                         long announceFailed, List<String> sample) {
        /** True when the index already held everything (nothing to announce). */
        public boolean clean() {
            return stale == 0 && missing == 0;
        }
    }

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final IndexSchema.TableNames tables;
    private final String queueUrl;
    private final PrintWriter progress;

    public Reconciler(S3Client s3, DynamoDbClient dynamoDb, SqsClient sqs, IndexSchema.TableNames tables, String queueUrl,
                      PrintWriter progress) {
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.tables = tables;
        this.queueUrl = queueUrl;
        this.progress = progress;
    }

    public Report run(Options options) {
        Map<String, S3Object> listed = new LinkedHashMap<>();
        int folders = listRuns(options, listed);
        if (options.rootLayout()) {
            listRoot(options, listed);
        }
        say("listed %d object(s) in %d run folder(s)%s of s3://%s", listed.size(), folders,
                options.rootLayout() ? " and the bucket root" : "", options.bucket());
        Map<String, String> indexed = indexedSince(options.since().minus(options.runLookback()));
        Set<String> errored = erroredSince(options.since());
        say("index: %d file(s) in runs since %s, %d error record(s) since %s", indexed.size(),
                options.since().minus(options.runLookback()), errored.size(), LocalDate.ofInstant(options.since(), ZoneOffset.UTC));

        long ok = 0;
        long stale = 0;
        long failed = 0;
        long missing = 0;
        List<S3Object> toAnnounce = new ArrayList<>();
        for (Map.Entry<String, S3Object> entry : listed.entrySet()) {
            String uri = uri(options.bucket(), entry.getKey());
            String indexedEtag = indexed.get(uri);
            if (indexedEtag != null) {
                if (indexedEtag.isEmpty() || indexedEtag.equals(unquote(entry.getValue().eTag()))) {
                    ok++;
                } else {
                    stale++;
                    toAnnounce.add(entry.getValue());
                }
            } else if (errored.contains(uri)) {
                failed++;
                if (options.includeErrors()) {
                    toAnnounce.add(entry.getValue());
                }
            } else {
                missing++;
                toAnnounce.add(entry.getValue());
            }
        }
        List<String> sample = toAnnounce.stream().limit(20).map(o -> uri(options.bucket(), o.key())).toList();
        long announced = 0;
        long refused = 0;
        if (!options.dryRun() && !toAnnounce.isEmpty()) {
            long[] result = announce(options.bucket(), toAnnounce);
            announced = result[0];
            refused = result[1];
        }
        return new Report(folders, listed.size(), ok, stale, failed, missing, announced, refused, sample);
    }

    /**
     * Lists the run folders of every product's 2026 layout from {@code since} on, then each folder's objects: the
     * {@code RUN/} folders below a deterministic product's folder ({@code uk-deterministic-2km/20260721T0300Z/}), and the
     * dated {@code yyyy/MM/dd/THHmmZ/} folders of the ensembles and the blends, one day's listing at a time.
     */
    private int listRuns(Options options, Map<String, S3Object> into) {
        List<String> runPrefixes = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (MetOfficeProduct product : MetOfficeProducts.all()) {
            if (!listed.add(product.keys() + "|" + product.prefix())) {
                continue; // the blends share the empty prefix (each in its own bucket)
            }
            switch (product.keys()) {
                case RUN_FOLDER -> {
                    for (String folder : folders(options.bucket(), product.prefix())) {
                        String name = folder.substring(product.prefix().length()).replaceAll("/$", "");
                        MetOfficeKey.runFolder(name).filter(run -> !run.isBefore(options.since()))
                                .ifPresent(run -> runPrefixes.add(folder));
                    }
                }
                case DATED_RUN_FOLDER, BLEND_FOLDER -> {
                    LocalDate last = LocalDate.now(ZoneOffset.UTC).plusDays(1);
                    for (LocalDate day = LocalDate.ofInstant(options.since(), ZoneOffset.UTC); !day.isAfter(last); day = day.plusDays(1)) {
                        String dayPrefix = product.prefix() + DAY.format(day);
                        for (String folder : folders(options.bucket(), dayPrefix)) {
                            String hhmm = folder.substring(dayPrefix.length()).replaceAll("/$", "");
                            if (hhmm.matches("T\\d{4}Z")) {
                                Instant run = day.atStartOfDay(ZoneOffset.UTC).toInstant()
                                        .plus(Duration.ofHours(Integer.parseInt(hhmm.substring(1, 3))))
                                        .plus(Duration.ofMinutes(Integer.parseInt(hhmm.substring(3, 5))));
                                if (!run.isBefore(options.since())) {
                                    runPrefixes.add(folder);
                                }
                            }
                        }
                    }
                }
                case SHA1 -> { }
            }
        }
        for (String runPrefix : runPrefixes) {
            int before = into.size();
            s3.listObjectsV2Paginator(b -> b.bucket(options.bucket()).prefix(runPrefix)).contents()
                    .forEach(object -> into.put(object.key(), object));
            say("  %s: %d object(s)", runPrefix, into.size() - before);
        }
        return runPrefixes.size();
    }

    /** A day's folder of the dated layouts: {@code yyyy/MM/dd/}. */
    private static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd/");

    /** The folders directly below {@code prefix}: one delimited listing. */
    private List<String> folders(String bucket, String prefix) {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter("/").build();
        return s3.listObjectsV2Paginator(request).commonPrefixes().stream().map(CommonPrefix::prefix).toList();
    }

    /** The root's objects (older layout) modified since {@code since}; the delimiter keeps the run folders out. */
    private void listRoot(Options options, Map<String, S3Object> into) {
        int before = into.size();
        s3.listObjectsV2Paginator(b -> b.bucket(options.bucket()).delimiter("/")).contents().stream()
                .filter(object -> !object.lastModified().isBefore(options.since()))
                .forEach(object -> into.put(object.key(), object));
        say("  bucket root: %d object(s) modified since %s", into.size() - before, options.since());
    }

    /** source_uri to ETag ("" when unknown) of every file in the runs of every model from {@code runsFrom} on. */
    private Map<String, String> indexedSince(Instant runsFrom) {
        Map<String, String> indexed = new HashMap<>();
        for (String model : ModelNames.ALL) {
            List<String> runs = new ArrayList<>();
            QueryRequest runMarkers = QueryRequest.builder().tableName(tables.validTimes())
                    .keyConditionExpression("#pk = :p AND #sk >= :from")
                    .expressionAttributeNames(Map.of("#pk", IndexSchema.TIMES_PK, "#sk", IndexSchema.TIMES_SK))
                    .expressionAttributeValues(Map.of(":p", s(FileItems.runsPartition(model)), ":from", s(FileItems.iso(runsFrom))))
                    .build();
            dynamoDb.queryPaginator(runMarkers).items().forEach(item -> runs.add(item.get(IndexSchema.TIMES_SK).s()));
            for (String run : runs) {
                QueryRequest files = QueryRequest.builder().tableName(tables.files()).indexName(IndexSchema.BY_RUN_INDEX)
                        .keyConditionExpression("#pk = :r")
                        .expressionAttributeNames(Map.of("#pk", IndexSchema.BY_RUN_PK, "#u", "source_uri", "#e", "etag"))
                        .expressionAttributeValues(Map.of(":r", s(model + IndexSchema.SEP + run)))
                        .projectionExpression("#u, #e")
                        .build();
                dynamoDb.queryPaginator(files).items().forEach(item -> {
                    AttributeValue uri = item.get("source_uri");
                    if (uri != null) {
                        AttributeValue etag = item.get("etag");
                        indexed.put(uri.s(), etag == null ? "" : unquote(etag.s()));
                    }
                });
            }
        }
        return indexed;
    }

    /**
     * The object URIs of the error records written since {@code since}'s day (one Query per day, at most the
     * records' retention back: older ones have expired).
     */
    private Set<String> erroredSince(Instant since) {
        Set<String> uris = new HashSet<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate oldest = today.minusDays(ErrorItems.RETENTION.toDays());
        LocalDate first = LocalDate.ofInstant(since, ZoneOffset.UTC);
        for (LocalDate day = first.isBefore(oldest) ? oldest : first; !day.isAfter(today); day = day.plusDays(1)) {
            QueryRequest errors = QueryRequest.builder().tableName(tables.errors())
                    .keyConditionExpression("#pk = :d")
                    .expressionAttributeNames(Map.of("#pk", IndexSchema.ERRORS_PK, "#u", "object_uri"))
                    .expressionAttributeValues(Map.of(":d", s(day.toString())))
                    .projectionExpression("#u")
                    .build();
            dynamoDb.queryPaginator(errors).items().forEach(item -> {
                AttributeValue uri = item.get("object_uri");
                if (uri != null) {
                    uris.add(uri.s());
                }
            });
        }
        return uris;
    }

    /** Sends one S3 event notification per object, 10 per batch; returns {accepted, refused}. */
    private long[] announce(String bucket, List<S3Object> objects) {
        long accepted = 0;
        long refused = 0;
        Instant now = Instant.now();
        for (int start = 0; start < objects.size(); start += MAX_BATCH) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = start; i < Math.min(objects.size(), start + MAX_BATCH); i++) {
                S3Object object = objects.get(i);
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .messageBody(MetOfficePublisher.s3Event(bucket, object.key(), object.size(), unquote(object.eTag()), now))
                        .build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            accepted += response.successful().size();
            refused += response.failed().size();
            response.failed().forEach(f -> say("  refused by the queue: %s (%s %s)",
                    uri(bucket, objects.get(Integer.parseInt(f.id())).key()), f.code(), f.message()));
            long done = Math.min(objects.size(), start + MAX_BATCH);
            if (done % PROGRESS_EVERY == 0 || done == objects.size()) {
                say("  announced %d/%d", accepted, objects.size());
            }
        }
        return new long[] {accepted, refused};
    }

    private void say(String format, Object... args) {
        if (progress != null) {
            progress.println(String.format(format, args));
            progress.flush();
        }
    }

    static String uri(String bucket, String key) {
        return new S3Uri(bucket, key).toString();
    }

    static String unquote(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }
}
