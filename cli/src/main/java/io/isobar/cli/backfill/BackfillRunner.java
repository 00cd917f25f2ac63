package io.isobar.cli.backfill;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.ExceptionUtils;

import io.isobar.cli.local.LocalDefaults;
import io.isobar.job.backfill.BackfillJob;
import io.isobar.job.backfill.BackfillProgress;
import io.isobar.job.backfill.BackfillSpec;
import io.isobar.job.config.JobConfig;

/**
 * Runs one backfill job on a Flink MiniCluster in this JVM (with its web UI on a free loopback port) and
 * reports its progress from the job's accumulators.
 *
 * <p>No checkpoints: a failed attempt restarts the whole listing, which is safe (every write is an idempotent
 * PutItem or copy) and keeps the final counts exact (they are those of the one attempt that finished).
 */
public final class BackfillRunner implements AutoCloseable {

    /** How often TaskManagers report accumulators (with their heartbeats), i.e. how fresh the progress is. */
    private static final Duration REPORT_INTERVAL = Duration.ofSeconds(1);

    private final MiniCluster cluster;
    private final JobClient job;

    private BackfillRunner(MiniCluster cluster, JobClient job) {
        this.cluster = cluster;
        this.job = job;
    }

    /** Starts the cluster and submits the backfill of {@code spec}; {@code parallelism} slots, one per subtask. */
    public static BackfillRunner start(BackfillSpec spec, JobConfig config, int parallelism) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, LocalDefaults.HOST);
        conf.set(RestOptions.BIND_ADDRESS, LocalDefaults.HOST);
        conf.set(RestOptions.BIND_PORT, "0"); // never the port of a running `isobar local`
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, REPORT_INTERVAL);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(parallelism)
                .build());
        cluster.start();
        try {
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
            BackfillJob.build(env, spec, config);
            StreamGraph streamGraph = env.getStreamGraph();
            streamGraph.setJobName(BackfillJob.NAME + " " + spec.runId());
            JobGraph jobGraph = streamGraph.getJobGraph();
            cluster.submitJob(jobGraph).get(60, TimeUnit.SECONDS);
            return new BackfillRunner(cluster, new MiniClusterJobClient(jobGraph.getJobID(), cluster,
                    BackfillRunner.class.getClassLoader(), MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** The Flink web UI of this run. */
    public URI webUi() throws Exception {
        return cluster.getRestAddress().get(5, TimeUnit.SECONDS);
    }

    /** True once the job has finished, failed or been cancelled. */
    public boolean done() {
        try {
            return job.getJobStatus().get(5, TimeUnit.SECONDS).isGloballyTerminalState();
        } catch (Exception e) {
            return true; // the job is gone: await() tells how it ended
        }
    }

    /** The latest progress the TaskManagers reported; nothing yet while the job starts. */
    public BackfillProgress progress() {
        try {
            Map<String, Object> accumulators = job.getAccumulators().get(5, TimeUnit.SECONDS);
            return BackfillProgress.of(accumulators);
        } catch (Exception notAvailable) {
            return BackfillProgress.NONE;
        }
    }

    /**
     * Waits for the job to end and returns its final counts (exact).
     *
     * @throws Exception the job's failure, unwrapped to its cause
     */
    public BackfillProgress await() throws Exception {
        try {
            JobExecutionResult result = job.getJobExecutionResult().get();
            return BackfillProgress.of(result.getAllAccumulatorResults());
        } catch (ExecutionException e) {
            Throwable cause = ExceptionUtils.stripExecutionException(e);
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException("the backfill job failed: " + root, cause);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (!done()) {
                job.cancel().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception alreadyGone) {
            // closing the cluster below stops it anyway
        }
        cluster.closeAsync().get(30, TimeUnit.SECONDS);
    }
}
