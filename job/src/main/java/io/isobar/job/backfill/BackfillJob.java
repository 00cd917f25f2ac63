package io.isobar.job.backfill;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;

import io.isobar.job.config.JobConfig;
import io.isobar.job.ingest.IngestFilter;
import io.isobar.job.pipeline.IngestPipeline;
import io.isobar.job.ingest.IngestTask;

/**
 * The backfill job: replays files already in S3 (or in a local directory) through the streaming job's
 * {@link IngestPipeline}, fed by a bounded {@link BackfillSource} instead of the SQS source, and finishes
 * when every listed file is indexed, skipped or recorded as an error.
 *
 * <p>{@code ./isobar backfill} runs it on an in-process MiniCluster; {@code main} lets a Flink cluster run it:
 * <pre>
 * flink run -c io.isobar.job.backfill.BackfillJob isobar-job.jar --config ingest.properties \
 *     --source s3://BUCKET/PREFIX [--mirror-of s3://BUCKET/PREFIX] [--from T] [--to T] [--run-id ID]
 * </pre>
 * {@code --config} is the streaming job's property file ({@code queue.url} may be left out; its
 * {@code filter.models} and {@code filter.variables} apply); without it, the Managed Flink property group
 * {@value JobConfig#PROPERTY_GROUP} is read. The cluster's {@code plugins/} must hold Flink's S3 file system for
 * an {@code s3://} source.
 */
public final class BackfillJob {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillJob.class);
    public static final String NAME = "Isobar backfill";

    private BackfillJob() {}

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        JobConfig config = params.has("config") ? JobConfig.fromFile(Path.of(params.get("config"))) : applicationConfig();
        BackfillSpec spec = new BackfillSpec(params.getRequired("source"), params.get("mirror-of"), time(params, "from"),
                time(params, "to"), params.get("run-id", BackfillSpec.newRunId(Clock.systemUTC())));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, spec, config);
        LOG.info("Backfill run {} of {}", spec.runId(), spec.source());
        env.execute(NAME + " " + spec.runId());
    }

    /** Adds the backfill of {@code spec} to {@code env}: the backfill source feeding the one ingest pipeline. */
    public static void build(StreamExecutionEnvironment env, BackfillSpec spec, JobConfig config) {
        env.getConfig().enableObjectReuse(); // every record type is immutable
        IngestFilter filter = filter(spec, config);
        DataStream<IngestTask> tasks = env.fromSource(BackfillSource.create(spec, filter), WatermarkStrategy.noWatermarks(),
                "Backfill listing").uid("backfill-source");
        IngestPipeline.attach(tasks, null, config, filter, Duration.ZERO);
    }

    /** The allow-list of {@code config} with the time window of {@code spec}. */
    public static IngestFilter filter(BackfillSpec spec, JobConfig config) {
        return IngestFilter.of(config).withTimeRange(spec.from(), spec.to());
    }

    private static Instant time(ParameterTool params, String name) {
        return params.has(name) ? BackfillSpec.parseTime(params.get(name)) : null;
    }

    private static JobConfig applicationConfig() throws IOException {
        Map<String, Properties> groups = KinesisAnalyticsRuntime.getApplicationProperties();
        return JobConfig.fromApplicationProperties(groups);
    }
}
