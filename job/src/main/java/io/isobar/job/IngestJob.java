package io.isobar.job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;

import io.isobar.job.config.JobConfig;
import io.isobar.job.ingest.IngestFilter;
import io.isobar.job.pipeline.IngestPipeline;
import io.isobar.job.ingest.IngestTask;
import io.isobar.job.pipeline.ParseNotifications;
import io.isobar.job.source.sqs.SqsMessage;
import io.isobar.job.source.sqs.SqsSource;

/**
 * The streaming ingest job: SQS notifications in, index entries, archived files and error records out.
 *
 * <p>{@code main} runs on Amazon Managed Service for Apache Flink (settings from the application's
 * property group {@value JobConfig#PROPERTY_GROUP}) and anywhere else with {@code --config FILE} (a
 * properties file with the same keys) or with {@value #APPLICATION_PROPERTIES_ENV} naming an application properties
 * file; {@code ./isobar local} builds it with {@link #build}.
 */
public final class IngestJob {

    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
    public static final String NAME = "Isobar ingest";
    /**
     * Names an application properties file (Managed Flink's JSON form) to read instead of the one the Managed Flink
     * runtime provides; for running the Managed Flink jar on a cluster of one's own.
     */
    public static final String APPLICATION_PROPERTIES_ENV = "ISOBAR_APPLICATION_PROPERTIES";

    private IngestJob() {}

    public static void main(String[] args) throws Exception {
        JobConfig config = loadConfig(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, config);
        env.execute(NAME);
    }

    /** Adds the streaming job to {@code env}. */
    public static void build(StreamExecutionEnvironment env, JobConfig config) {
        attach(messages(env, config), config);
    }

    /** The queue's messages, from the SQS source. */
    public static DataStream<SqsMessage> messages(StreamExecutionEnvironment env, JobConfig config) {
        env.getConfig().enableObjectReuse(); // every record type is immutable
        SqsSource<SqsMessage> source = SqsSource.of(config.aws(), config.queue());
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "SQS notifications").uid("sqs-source");
    }

    /** Parses {@code messages} and feeds them to the ingest pipeline. */
    public static void attach(DataStream<SqsMessage> messages, JobConfig config) {
        SingleOutputStreamOperator<IngestTask> tasks = messages
                .process(new ParseNotifications(IngestFilter.of(config), IngestPipeline.ERRORS))
                .uid("parse-notifications").name("Parse notifications");
        IngestPipeline.attach(tasks, tasks.getSideOutput(IngestPipeline.ERRORS), config);
    }

    static JobConfig loadConfig(String[] args) throws IOException {
        for (int i = 0; i < args.length - 1; i++) {
            if ("--config".equals(args[i])) {
                return JobConfig.fromFile(Path.of(args[i + 1]));
            }
        }
        // Managed Flink writes the application's property groups to the file the runtime library names (its
        // config.properties: /etc/flink/application_properties.json). A cluster of our own (the build's
        // ManagedFlinkJarITCase) writes the same JSON elsewhere and names it here; the same parser reads it.
        String file = System.getenv(APPLICATION_PROPERTIES_ENV);
        Map<String, Properties> groups = file == null || file.isBlank()
                ? KinesisAnalyticsRuntime.getApplicationProperties()
                : KinesisAnalyticsRuntime.getApplicationProperties(file);
        LOG.info("Reading settings from the application property group {}{}", JobConfig.PROPERTY_GROUP,
                file == null || file.isBlank() ? "" : " of " + file);
        return JobConfig.fromApplicationProperties(groups);
    }
}
