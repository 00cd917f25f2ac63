package io.isobar.cli.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.job.IngestJob;
import io.isobar.job.config.JobConfig;

/**
 * A Flink MiniCluster with the web UI, running the streaming ingest job, configured from
 * {@code flink-conf/local/config.yaml} (bundled into the CLI jar).
 *
 * <p>With a checkpoint directory (the local stack's {@code --data-dir}), checkpoints are written there and kept when
 * the job is cancelled or the process dies, and a new start restores the job from the newest complete checkpoint
 * found there: its de-duplication state comes back, so messages redelivered after a crash are recognised.
 */
public final class FlinkRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkRunner.class);

    private final MiniCluster cluster;
    private final JobID jobId;

    private FlinkRunner(MiniCluster cluster, JobID jobId) {
        this.cluster = cluster;
        this.jobId = jobId;
    }

    public static FlinkRunner start(int uiPort, JobConfig jobConfig) throws Exception {
        return start(uiPort, jobConfig, null);
    }

    /** Starts the job, checkpointing into {@code checkpointDir} and restored from its newest checkpoint (if any). */
    public static FlinkRunner start(int uiPort, JobConfig jobConfig, Path checkpointDir) throws Exception {
        Configuration conf = localConfiguration();
        Optional<Path> restoreFrom = Optional.empty();
        if (checkpointDir != null) {
            Files.createDirectories(checkpointDir);
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
            restoreFrom = LocalCheckpoints.latest(checkpointDir);
        }
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
            if (restoreFrom.isPresent()) {
                LOG.info("Restoring the ingest job from checkpoint {}", restoreFrom.get());
                // Allow non-restored state: a changed job (an operator removed) still starts from what matches.
                jobGraph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restoreFrom.get().toString(), true));
                LocalCheckpoints.deleteAllBut(checkpointDir, restoreFrom.get());
            } else if (checkpointDir != null) {
                LOG.info("No checkpoint in {}: the ingest job starts with empty state", checkpointDir);
            }
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
