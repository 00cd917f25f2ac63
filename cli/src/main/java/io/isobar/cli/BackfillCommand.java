package io.isobar.cli;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.aws.S3Uri;
import io.isobar.cli.backfill.BackfillRunner;
import io.isobar.cli.backfill.ProgressReport;
import io.isobar.cli.local.LocalDefaults;
import io.isobar.index.IndexSchema;
import io.isobar.job.backfill.BackfillEnumerator;
import io.isobar.job.backfill.BackfillErrors;
import io.isobar.job.backfill.BackfillJob;
import io.isobar.job.backfill.BackfillProgress;
import io.isobar.job.backfill.BackfillSource;
import io.isobar.job.backfill.BackfillSpec;
import io.isobar.job.backfill.S3FileSystemPlugin;
import io.isobar.job.config.JobConfig;
import io.isobar.job.ingest.IngestFilter;
import io.isobar.model.IngestError;
import io.isobar.model.MetOfficeKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code isobar backfill}: replays files already in S3 (or in a directory) through the ingest pipeline, as a
 * bounded Flink job on a MiniCluster in this process, printing its progress and a summary; exits 1 if any
 * file failed. See {@code docs/backfill.md}.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Replays forecast files already in S3 (a prefix) or in a local directory through the ingest pipeline",
                "(allow-list, de-duplication, header read, archive copy, index), as a bounded Flink job in this process.",
                "Uses the running local stack (./isobar local) unless --aws or endpoints say otherwise.",
                "Idempotent: a second run rewrites the same index entries. Exit code 1 if any file failed."})
public final class BackfillCommand implements Callable<Integer> {

    @Option(names = "--source", required = true, paramLabel = "s3://BUCKET/PREFIX|DIR",
            description = "What to replay: an S3 prefix (or one object), or a local directory (or one file).")
    String source;

    @Option(names = "--mirror-of", paramLabel = "s3://BUCKET/PREFIX",
            description = {"For a directory: the S3 location it is a copy of. DIR/a/b.nc is then indexed as "
                    + "s3://BUCKET/PREFIX/a/b.nc, exactly as if read from there. Without it, files are indexed as file:// objects."})
    String mirrorOf;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Only files valid at or after TIME (ISO-8601, e.g. 2026-11-23T06:00:00Z, or a date: midnight UTC).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only files valid before TIME.")
    String to;

    @Option(names = "--models", split = ",", paramLabel = "MODEL",
            description = "Only these models (ukv, mogreps-uk, global, mogreps-g; Met Office names accepted).")
    List<String> models = List.of();

    @Option(names = "--variables", split = ",", paramLabel = "VARIABLE",
            description = "Only these CF variables (air_temperature, wind_speed, ...).")
    List<String> variables = List.of();

    @Option(names = "--archive-bucket", paramLabel = "BUCKET",
            description = "Our archive bucket (default: the local stack's " + LocalDefaults.ARCHIVE_BUCKET + "; required with --aws).")
    String archiveBucket;

    @Option(names = "--archive-prefix", paramLabel = "PREFIX", defaultValue = "", description = "Key prefix in the archive bucket.")
    String archivePrefix;

    @Mixin
    TablePrefixOption tablePrefix;

    @Mixin
    BackfillJobOptions job;

    @Mixin
    CommandOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = options.out();
        AwsSettings settings = options.aws().settings();
        JobConfig config = jobConfig(settings);
        BackfillSpec backfill = BackfillSpec.of(source, mirrorOf, time(from), time(to), Clock.systemUTC());
        IngestFilter filter = BackfillJob.filter(backfill, config);
        checkTargets(settings, config, backfill);

        out.println("isobar backfill " + backfill.runId() + ": " + backfill.source()
                + (backfill.mirrorOf() != null ? " (a copy of " + backfill.mirrorOf() + ")" : ""));
        out.println("  into tables " + tablePrefix.prefix() + "-*, archive s3://" + config.archive().bucket() + "/" + config.archive().prefix()
                + "; " + describe(filter));
        BackfillEnumerator.Listing listing = inventory(settings, backfill, filter, out);
        if (listing.files() == 0) {
            out.println("nothing to backfill");
            return 0;
        }

        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        BackfillProgress result;
        try (BackfillRunner runner = BackfillRunner.start(backfill, config, job.parallelism())) {
            out.println("Flink web UI: " + runner.webUi() + " (while it runs)");
            out.flush();
            result = follow(runner, new ProgressReport(listing.files(), startNanos), out);
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        List<IngestError> errors = result.failed() == 0 ? List.of() : failures(settings, config, backfill, started);
        summarise(out, backfill, listing, result, seconds, errors);
        return result.failed() == 0 ? 0 : 1;
    }

    /** Lists the source once here, the way the job will, for the totals behind the progress and the ETA. */
    private BackfillEnumerator.Listing inventory(AwsSettings settings, BackfillSpec backfill, IngestFilter filter, PrintWriter out)
            throws Exception {
        if (backfill.readsS3()) {
            Path plugins = S3FileSystemPlugin.findPluginsDir(BackfillCommand.class).orElseThrow(() -> new IllegalStateException(
                    "Flink's S3 file system plugin was not found beside the isobar jar (plugins/"
                            + S3FileSystemPlugin.PLUGIN_FOLDER + "): rebuild with `mvn -pl cli -am package`, or set FLINK_PLUGINS_DIR"));
            S3FileSystemPlugin.initialize(settings, plugins);
        } else if (!Files.exists(Path.of(URI.create(backfill.source())))) {
            throw new IllegalArgumentException(source + ": no such directory or file");
        }
        long t = System.nanoTime();
        BackfillEnumerator.Listing listing;
        try {
            listing = BackfillSource.inventory(backfill, filter);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        out.printf("found %d files to backfill (%.1f MB) in %.1f s; skipped by their key: %d; not netCDF: %d; "
                        + "run folders outside the time range: %d%n", listing.files(), listing.bytes() / 1e6, (System.nanoTime() - t) / 1e9,
                listing.skippedByKey(), listing.notNetcdf(), listing.foldersSkipped());
        return listing;
    }

    /** Prints progress until the job ends; returns its final, exact counts. */
    private static BackfillProgress follow(BackfillRunner runner, ProgressReport report, PrintWriter out) throws Exception {
        boolean terminal = System.console() != null;
        long lastPrinted = System.nanoTime();
        while (!runner.done()) {
            Thread.sleep(1000);
            long now = System.nanoTime();
            String line = report.line(runner.progress(), now);
            if (terminal) {
                out.print("\r" + line + "   ");
                out.flush();
            } else if (now - lastPrinted >= Duration.ofSeconds(5).toNanos()) {
                out.println(line);
                out.flush();
                lastPrinted = now;
            }
        }
        BackfillProgress result = runner.await();
        if (terminal) {
            out.println("\r" + report.line(result, System.nanoTime()) + "   ");
        }
        return result;
    }

    private void summarise(PrintWriter out, BackfillSpec backfill, BackfillEnumerator.Listing listing, BackfillProgress result,
            double seconds, List<IngestError> errors) {
        out.printf("backfill %s finished in %s: %d files, %d indexed, %d skipped by their header, %d duplicates, %d failed "
                        + "(%.1f files/s)%n", backfill.runId(), ProgressReport.duration(Duration.ofMillis((long) (seconds * 1000))),
                listing.files(), result.indexed(), result.skippedByHeader(), result.duplicates(), result.failed(),
                result.processed() / seconds);
        if (result.processed() != listing.files()) {
            out.printf("note: the job processed %d files, the listing before it found %d: the source changed meanwhile%n",
                    result.processed(), listing.files());
        }
        if (result.failed() == 0) {
            return;
        }
        out.printf("%d files failed (error records in table %s, ids %s:<object id>):%n", result.failed(),
                tablePrefix.tables().errors(), backfill.origin());
        for (IngestError e : errors) {
            String reason = e.objectUri() != null && e.reason().contains(e.objectUri()) ? e.reason() : e.objectUri() + ": " + e.reason();
            out.println("  " + e.kind() + "  " + reason);
        }
        if (errors.size() < result.failed()) {
            out.printf("  (%d of them not found in the errors table yet: see the log above)%n", result.failed() - errors.size());
        }
    }

    /** The run's error records, one per file (a restarted attempt records a file again: keep the last). */
    private List<IngestError> failures(AwsSettings settings, JobConfig config, BackfillSpec backfill, Instant started) {
        try (DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
            Map<String, IngestError> byObject = new LinkedHashMap<>();
            for (IngestError e : BackfillErrors.of(dynamoDb, config.index().tables(), backfill, started, Instant.now())) {
                byObject.put(e.id(), e);
            }
            return List.copyOf(byObject.values());
        }
    }

    /** Fails at once, with what to do, when the source bucket, the archive bucket or the tables are not there. */
    private void checkTargets(AwsSettings settings, JobConfig config, BackfillSpec backfill) {
        String s3At = settings.s3Endpoint().map(URI::toString).orElse("AWS");
        String dynamoDbAt = settings.dynamoDbEndpoint().map(URI::toString).orElse("AWS");
        String hint = settings.isLocal() ? " (is `./isobar local` running? Otherwise give --aws or the endpoints)" : "";
        try (S3Client s3 = AwsClients.s3(settings); DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
            if (backfill.readsS3()) {
                String bucket = S3Uri.parse(backfill.source()).bucket();
                try {
                    s3.headBucket(b -> b.bucket(bucket));
                } catch (NoSuchBucketException e) {
                    throw new IllegalArgumentException("the source bucket '" + bucket + "' does not exist at " + s3At);
                } catch (S3Exception e) {
                    // e.g. no s3:ListBucket on someone else's bucket: the listing itself will say what is wrong
                } catch (SdkClientException e) {
                    throw new IllegalArgumentException("cannot reach S3 at " + s3At + hint + ": " + CliErrors.message(e));
                }
            }
            try {
                s3.headBucket(b -> b.bucket(config.archive().bucket()));
            } catch (NoSuchBucketException e) {
                throw new IllegalArgumentException("the archive bucket '" + config.archive().bucket() + "' does not exist at " + s3At);
            } catch (S3Exception e) {
                throw new IllegalArgumentException("cannot use the archive bucket '" + config.archive().bucket() + "' at " + s3At + ": "
                        + e.awsErrorDetails().errorMessage());
            } catch (SdkClientException e) {
                throw new IllegalArgumentException("cannot reach S3 at " + s3At + hint + ": " + CliErrors.message(e));
            }
            IndexSchema.TableNames tables = config.index().tables();
            for (String table : List.of(tables.files(), tables.validTimes(), tables.errors())) {
                try {
                    dynamoDb.describeTable(b -> b.tableName(table));
                } catch (ResourceNotFoundException e) {
                    throw new IllegalArgumentException("the index table '" + table + "' does not exist at " + dynamoDbAt
                            + " (see --table-prefix)");
                } catch (SdkClientException e) {
                    throw new IllegalArgumentException("cannot reach DynamoDB at " + dynamoDbAt + hint + ": " + CliErrors.message(e));
                }
            }
        }
    }

    private JobConfig jobConfig(AwsSettings settings) {
        if (archiveBucket == null && !settings.isLocal()) {
            throw new IllegalArgumentException("--archive-bucket is required with --aws");
        }
        for (String variable : variables) {
            String cf = MetOfficeKey.variableFor(variable);
            if (cf != null) {
                // It would match nothing: the filter compares CF names, as the index and the API name variables.
                throw new IllegalArgumentException("--variables takes CF variable names: '" + variable
                        + "' is a Met Office file name parameter, which holds " + cf);
            }
        }
        return JobConfig.builder().aws(settings)
                .set(JobConfig.ARCHIVE_BUCKET, archiveBucket != null ? archiveBucket : LocalDefaults.ARCHIVE_BUCKET)
                .set(JobConfig.ARCHIVE_PREFIX, archivePrefix)
                .set(JobConfig.TABLE_PREFIX, tablePrefix.prefix())
                .set(JobConfig.FILTER_MODELS, String.join(",", models))
                .set(JobConfig.FILTER_VARIABLES, String.join(",", variables))
                .set(JobConfig.ENRICH_CONCURRENCY, job.concurrency())
                .build();
    }

    private static String describe(IngestFilter filter) {
        return "valid times " + (filter.from() == null ? "(any)" : filter.from()) + " to " + (filter.to() == null ? "(any)" : filter.to())
                + ", models " + (filter.models().isEmpty() ? "all" : String.join(",", filter.models()))
                + ", variables " + (filter.variables().isEmpty() ? "all" : String.join(",", filter.variables()));
    }

    private static Instant time(String text) {
        return text == null ? null : BackfillSpec.parseTime(text);
    }
}
