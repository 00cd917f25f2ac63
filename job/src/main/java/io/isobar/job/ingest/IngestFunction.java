package io.isobar.job.ingest;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.util.concurrent.ExecutorThreadFactory;

import io.isobar.aws.AwsClients;
import io.isobar.failure.Failures;
import io.isobar.job.config.JobConfig;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Flink Async I/O around {@link FileIngester}: header reads and archive copies run on a bounded pool (the
 * operator's capacity bounds how many are in flight), so one slow object does not hold up the rest.
 *
 * <p>Transient failures ({@link FileIngester.TransientFailure}) complete the future exceptionally; the retry
 * strategy given to {@code AsyncDataStream} retries them with backoff for {@link JobConfig#enrichRetryBudget()}
 * (an S3 outage of minutes is ridden out), and only if they outlast it does the job restart from its last
 * checkpoint, so the message comes back. No error record is written for them.
 */
public class IngestFunction extends RichAsyncFunction<IngestTask, IngestOutcome> {

    private final JobConfig config;
    private final IngestFilter filter;
    private transient S3Client s3;
    private transient ExecutorService pool;
    private transient FileIngester ingester;
    private transient Counter transientFailures;
    private transient Counter accessFailures;

    /** Attempts that failed for a reason retrying may fix (each one is retried, or fails the job past the budget). */
    public static final String TRANSIENT_FAILURES = "transientFailures";
    /**
     * Of those, the credential, clock and policy failures ({@link Failures#isAccessTrouble}): also reported to
     * CloudWatch by Managed Flink (the {@value #CLOUDWATCH_GROUP} metric group), where an alarm watches them.
     */
    public static final String ACCESS_FAILURES = "awsAccessFailures";
    /** The metric group Managed Flink sends to CloudWatch; its one key-value pair becomes a dimension. */
    public static final String CLOUDWATCH_GROUP = "kinesisanalytics";

    /** Ingesting that applies {@code filter} to what each header says (a backfill adds its time window). */
    public IngestFunction(JobConfig config, IngestFilter filter) {
        this.config = config;
        this.filter = filter;
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        Counter headerReads = metrics.counter("headerReads");
        Counter s3Gets = metrics.counter("s3GetRequests");
        Counter s3Bytes = metrics.counter("s3BytesRead");
        Counter mismatches = metrics.counter("notificationMismatches");
        transientFailures = metrics.counter(TRANSIENT_FAILURES, new ThreadSafeSimpleCounter());
        accessFailures = metrics.addGroup(CLOUDWATCH_GROUP).addGroup("Component", "ingest")
                .counter(ACCESS_FAILURES, new ThreadSafeSimpleCounter());
        Histogram getsPerFile = metrics.histogram("s3GetsPerFile", new DescriptiveStatisticsHistogram(1000));
        Histogram bytesPerFile = metrics.histogram("s3BytesPerFile", new DescriptiveStatisticsHistogram(1000));
        s3 = AwsClients.s3(config.aws());
        pool = Executors.newFixedThreadPool(config.ingest().concurrency(), new ExecutorThreadFactory("isobar-enrich"));
        ingester = new FileIngester(s3, new ArchiveCopier(s3, config.archive().bucket(), config.archive().prefix()),
                filter, Clock.systemUTC(), new FileIngester.Listener() {
                    @Override
                    public void headerRead(long requests, long bytes) {
                        headerReads.inc();
                        s3Gets.inc(requests);
                        s3Bytes.inc(bytes);
                        getsPerFile.update(requests);
                        bytesPerFile.update(bytes);
                    }

                    @Override
                    public void notificationMismatch() {
                        mismatches.inc();
                    }
                }, config.index().fileRetention());
    }

    @Override
    public void asyncInvoke(IngestTask task, ResultFuture<IngestOutcome> result) {
        pool.execute(() -> {
            try {
                result.complete(List.of(ingester.ingest(task)));
            } catch (Throwable t) {
                if (t instanceof FileIngester.TransientFailure) {
                    transientFailures.inc();
                    if (Failures.isAccessTrouble(t)) {
                        accessFailures.inc();
                    }
                }
                result.completeExceptionally(t);
            }
        });
    }

    @Override
    public void timeout(IngestTask task, ResultFuture<IngestOutcome> result) {
        result.completeExceptionally(new TimeoutException("enriching " + task.key() + " took longer than "
                + config.ingest().timeoutWithRetries().toSeconds() + " s, retries included"));
    }

    @Override
    public void close() throws Exception {
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
