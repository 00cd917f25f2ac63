package io.isobar.cli.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.isobar.job.IngestJob;
import io.isobar.job.config.JobConfig;

/**
 * A Flink MiniCluster with the web UI, running the streaming ingest job, configured from
 * {@code flink-conf/local/config.yaml} (bundled into the CLI jar).
 */
public final class FlinkRunner implements AutoCloseable {

    private final MiniCluster cluster;
    private final JobID jobId;

    private FlinkRunner(MiniCluster cluster, JobID jobId) {
        this.cluster = cluster;
        this.jobId = jobId;
    }

    public static FlinkRunner start(int uiPort, JobConfig jobConfig) throws Exception {
        Configuration conf = localConfiguration();
        conf.set(RestOptions.PORT, uiPort);
        conf.set(RestOptions.BIND_PORT, Integer.toString(uiPort));
        int slots = conf.get(TaskManagerOptions.NUM_TASK_SLOTS);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        try {
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
            IngestJob.build(env, jobConfig);
            var streamGraph = env.getStreamGraph();
            streamGraph.setJobName(IngestJob.NAME);
            var jobGraph = streamGraph.getJobGraph();
            cluster.submitJob(jobGraph).get(60, TimeUnit.SECONDS);
            return new FlinkRunner(cluster, jobGraph.getJobID());
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** Where the Flink REST API (and web UI) listens. */
    public java.net.URI restAddress() throws Exception {
        return cluster.getRestAddress().get(5, TimeUnit.SECONDS);
    }

    public JobID jobId() {
        return jobId;
    }

    /** The job's state as the JobManager reports it (RUNNING once all tasks are deployed). */
    public String jobStatus() throws Exception {
        return cluster.getJobStatus(jobId).get(5, TimeUnit.SECONDS).name();
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.cancelJob(jobId).get(5, TimeUnit.SECONDS);
        } catch (Exception alreadyGone) {
            // closing the cluster below stops it anyway
        }
        cluster.closeAsync().get(8, TimeUnit.SECONDS);
    }

    static Configuration localConfiguration() throws IOException {
        Path dir = Files.createTempDirectory("isobar-flink-conf");
        try (InputStream in = FlinkRunner.class.getResourceAsStream("/flink-conf/local/config.yaml")) {
            if (in == null) {
                throw new IOException("flink-conf/local/config.yaml is missing from the CLI jar");
            }
            Files.copy(in, dir.resolve("config.yaml"));
        }
        Configuration conf = GlobalConfiguration.loadConfiguration(dir.toString());
        Files.deleteIfExists(dir.resolve("config.yaml"));
        Files.deleteIfExists(dir);
        return conf;
    }
}
