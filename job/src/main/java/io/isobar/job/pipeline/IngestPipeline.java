package io.isobar.job.pipeline;

import io.isobar.job.ingest.IngestTask;
import io.isobar.job.ingest.IngestOutcome;
import io.isobar.job.ingest.IngestFilter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.util.retryable.AsyncRetryStrategies;
import org.apache.flink.util.OutputTag;

import io.isobar.index.FileFact;
import io.isobar.index.Marker;
import io.isobar.index.ParameterSummary;
import io.isobar.index.RunSummary;
import io.isobar.job.summary.Summaries;
import io.isobar.job.config.JobConfig;
import io.isobar.job.ingest.IngestFunction;
import io.isobar.job.ingest.FileIngester;
import io.isobar.job.index.IndexSinks;
import io.isobar.model.ForecastFile;
import io.isobar.model.IngestError;

/**
 * The one ingest pipeline, whatever the source: de-duplicate, ingest (header read + archive copy),
 * index the files and their valid times, and record errors. The streaming job feeds it from SQS; the
 * backfill feeds it from a listing of existing objects.
 *
 * <pre>
 * tasks ─► keyBy(object) ─► Deduplicate ─► Async ingest─► SplitOutcomes ─┬─► files sink
 *   facts ─► keyBy(run, time) ─► countSteps ─┬─► keyBy(run) ─► summariseRuns ─► run summaries + run markers ─┐
 *                                            └─► keyBy(time) ─► countTimes ─► valid-time markers ───────────┤
 *   models ─► keyBy ─► MarkerDeduplicator ─────────────────────────────────────────────────────────────────┴─► valid-times sink
 *   parameters ─► keyBy(model, variable) ─► summariseParameters ─► parameters sink
 * upstream errors ──────────────────────────────────────────── errors ─────┴─► CountErrors ─► errors sink
 * </pre>
 *
 * <p>The summaries (file counts per run and per validity time, the runs' steps and variables, the models' parameters)
 * are what lets the API list and describe without reading files; see {@code job/summary} and
 * {@code docs/index-schema.md}.
 */
public final class IngestPipeline {

    /** Side output for error records, shared by every operator that can produce one. */
    public static final OutputTag<IngestError> ERRORS = new OutputTag<>("ingest-errors") {};

    /** Backoff of ingest retries: from 200 ms, doubling, at most 30 s apart. */
    static final long FIRST_RETRY_DELAY_MS = 200;
    static final long MAX_RETRY_DELAY_MS = 30_000;

    private IngestPipeline() {}

    /** How many retries the backoff needs for its delays to add up to {@code budget}. */
    static int retryAttempts(Duration budget) {
        long total = 0;
        long delay = FIRST_RETRY_DELAY_MS;
        int attempts = 0;
        while (total < budget.toMillis()) {
            total += delay;
            delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
            attempts++;
        }
        return Math.max(1, attempts);
    }

    /**
     * Adds the pipeline to {@code tasks}' environment, with the allow-list of {@code config}.
     *
     * @param upstreamErrors errors found before ingesting (e.g. malformed notifications), or null
     */
    public static void attach(DataStream<IngestTask> tasks, DataStream<IngestError> upstreamErrors, JobConfig config) {
        attach(tasks, upstreamErrors, config, IngestFilter.of(config), SUMMARY_DELAY);
    }

    /**
     * How long a changed summary waits before it is written: a run publishes for an hour or two, and a burst of its
     * files is one write of its summary (listings see counts at most this late).
     */
    public static final Duration SUMMARY_DELAY = Duration.ofSeconds(10);

    /**
     * Adds the pipeline to {@code tasks}' environment; ingesting applies {@code filter} to each header.
     *
     * @param upstreamErrors errors found before ingesting (e.g. malformed notifications), or null
     * @param summaryDelay how long a changed summary waits before it is written ({@link #SUMMARY_DELAY}); zero for a
     *     bounded source, whose pending timers would not fire at its end
     */
    public static void attach(DataStream<IngestTask> tasks, DataStream<IngestError> upstreamErrors, JobConfig config,
            IngestFilter filter, Duration summaryDelay) {
        DataStream<IngestTask> unique = tasks
                .keyBy(IngestTask::dedupKey)
                .process(new Deduplicate(config.ingest().dedupTtl()))
                .uid("deduplicate").name("De-duplicate");

        // Only transient failures come out as exceptions (permanent ones are error records): retry them, backing
        // off, for the retry budget; the operator's timeout covers every attempt, so it is the budget plus one.
        var retry = new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<IngestOutcome>(
                retryAttempts(config.ingest().retryBudget()), FIRST_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS, 2.0)
                .ifException((java.util.function.Predicate<Throwable> & java.io.Serializable)
                        e -> e instanceof FileIngester.TransientFailure)
                .build();
        Duration timeout = config.ingest().timeoutWithRetries();
        SingleOutputStreamOperator<IngestOutcome> outcomes = AsyncDataStream.unorderedWaitWithRetry(
                        unique, new IngestFunction(config, filter), timeout.toMillis(), TimeUnit.MILLISECONDS,
                        config.ingest().concurrency(), retry)
                .uid("enrich").name("Read header and archive");

        SingleOutputStreamOperator<ForecastFile> files = outcomes
                .process(new SplitOutcomes(ERRORS))
                .uid("split-outcomes").name("Split outcomes");

        files.sinkTo(IndexSinks.files(config)).uid("files-sink").name("Index files");

        // Only the small facts cross the network, not the whole entry.
        Duration retention = config.index().fileRetention();
        SingleOutputStreamOperator<RunSummary> steps = files
                .map(f -> FileFact.of(f, retention)).returns(FileFact.class).uid("to-file-facts").name("To file facts")
                .keyBy(FileFact::stepKey)
                .process(Summaries.countSteps(config, summaryDelay)).uid("count-steps").name("Count files per run and time");
        SingleOutputStreamOperator<RunSummary> runs = steps
                .keyBy(RunSummary::key)
                .process(Summaries.summariseRuns(config, summaryDelay)).uid("summarise-runs").name("Summarise runs");
        runs.sinkTo(IndexSinks.runSummaries(config)).uid("run-summaries-sink").name("Index run summaries");
        DataStream<Marker> timeMarkers = steps
                .keyBy(Summaries::timeKey)
                .process(Summaries.countTimes(config, summaryDelay)).uid("count-times").name("Count files per time");
        DataStream<Marker> modelMarkers = files
                .map(f -> Marker.model(f.model())).returns(Marker.class).uid("to-models").name("To models")
                .keyBy(Marker::key)
                .process(new MarkerDeduplicator())
                .uid("valid-time-markers").name("Models");
        runs.map(RunSummary::marker).returns(Marker.class).uid("to-run-markers").name("To run markers")
                .union(timeMarkers, modelMarkers)
                .sinkTo(IndexSinks.markers(config)).uid("valid-times-sink").name("Index models, runs and valid times");
        files.map(f -> ParameterSummary.of(f, retention)).returns(ParameterSummary.class).uid("to-parameters")
                .name("To parameters")
                .keyBy(ParameterSummary::key)
                .process(Summaries.summariseParameters(config, summaryDelay)).uid("summarise-parameters")
                .name("Summarise parameters")
                .sinkTo(IndexSinks.parameters(config)).uid("parameters-sink").name("Index parameters");

        DataStream<IngestError> errors = files.getSideOutput(ERRORS);
        if (upstreamErrors != null) {
            errors = errors.union(upstreamErrors);
        }
        errors.map(new CountErrors()).uid("count-errors").name("Count errors")
                .sinkTo(IndexSinks.errors(config)).uid("errors-sink").name("Record errors");
    }
}
