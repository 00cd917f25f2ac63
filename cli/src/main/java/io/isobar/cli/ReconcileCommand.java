package io.isobar.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.cli.local.LocalDefaults;
import io.isobar.cli.ops.Reconciler;
import io.isobar.job.backfill.BackfillSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code isobar reconcile --since T}: announces again the source objects of recent runs that the index lacks. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Announces again the source objects of the runs since TIME that the index lacks.",
                "They go to the ingest queue as S3 event notifications, so the job indexes them as usual.",
                "Lists the run folders (uk-deterministic-2km/{RUN}/) from TIME on, never the whole bucket;",
                "--root (default) adds the bucket root: the older layout's <sha1>.nc objects modified since TIME.",
                "Idempotent: run it again to confirm that nothing is missing. Run it after a forced stop of the job",
                "without a snapshot, a lost notification or a long outage (docs/operations.md).",
                "Exit code 0 unless the queue refused a notification."})
public final class ReconcileCommand implements Callable<Integer> {

    @Option(names = "--since", required = true, paramLabel = "TIME",
            description = "Runs from TIME on (ISO-8601, e.g. 2026-11-23T06:00:00Z, or a date: midnight UTC).")
    String since;

    @Option(names = "--bucket", paramLabel = "BUCKET",
            description = "The source (Met Office) bucket (default: the local stack's " + LocalDefaults.SOURCE_BUCKET
                    + "; required with --aws).")
    String bucket;

    @Option(names = "--root", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also list the bucket root for the older layout's <sha1>.nc objects modified since TIME"
                    + " (default: on; --no-root for a bucket that only has run folders).")
    boolean root;

    @Option(names = "--run-lookback-hours", defaultValue = "48",
            description = "Read index runs from this many hours before TIME: a root object may belong to an earlier run"
                    + " (default: ${DEFAULT-VALUE}).")
    long runLookbackHours;

    @Option(names = "--include-errors", description = "Also announce objects that already have an error record.")
    boolean includeErrors;

    @Mixin
    QueueOption queue;

    @Mixin
    TablePrefixOption tablePrefix;

    @Option(names = "--dry-run", description = "Report what is missing, announce nothing.")
    boolean dryRun;

    @Mixin
    CommandOptions options;

    @Override
    public Integer call() {
        PrintWriter out = options.out();
        AwsSettings settings = options.aws().settings();
        if (bucket == null && options.aws().isAws()) {
            throw new IllegalArgumentException("--bucket is required with --aws");
        }
        String source = bucket != null ? bucket : LocalDefaults.SOURCE_BUCKET;
        Instant from = BackfillSpec.parseTime(since);
        try (S3Client s3 = AwsClients.s3(settings); SqsClient sqs = AwsClients.sqs(settings);
                DynamoDbClient dynamoDb = AwsClients.dynamoDb(settings)) {
            String queueUrl = queue.url(sqs);
            out.println("isobar reconcile: s3://" + source + " since " + from + " against tables " + tablePrefix.prefix() + "-*"
                    + (dryRun ? " (dry run)" : ", announcing on " + queueUrl));
            long started = System.nanoTime();
            Reconciler.Report report = new Reconciler(s3, dynamoDb, sqs, tablePrefix.tables(), queueUrl, out)
                    .run(new Reconciler.Options(source, from, root, includeErrors, Duration.ofHours(runLookbackHours), dryRun));
            out.printf("%d object(s) listed: %d indexed, %d with an error record%s, %d missing, %d replaced since indexed%n",
                    report.listed(), report.indexed(), report.errored(), includeErrors ? " (announced again)" : "",
                    report.missing(), report.stale());
            report.sample().forEach(uri -> out.println("  " + (dryRun ? "to announce: " : "announced: ") + uri));
            if (dryRun) {
                out.printf("dry run: %d would be announced%n", report.missing() + report.stale()
                        + (includeErrors ? report.errored() : 0));
            } else {
                out.printf("announced %d (%d refused by the queue) in %.1f s; the job indexes them within seconds."
                        + " Run again to confirm: it should find nothing missing.%n",
                        report.announced(), report.announceFailed(), (System.nanoTime() - started) / 1e9);
            }
            return report.announceFailed() == 0 ? 0 : 1;
        }
    }
}
