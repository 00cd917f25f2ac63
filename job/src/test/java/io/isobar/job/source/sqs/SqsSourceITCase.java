package io.isobar.job.source.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import io.isobar.job.config.QueueSettings;
import io.isobar.localaws.junit.LocalAwsExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the source in a Flink MiniCluster (two parallel readers) against the SQS emulator: every message arrives, the
 * queue drains only through completed checkpoints, and a failure mid-stream loses nothing.
 */
@ExtendWith(LocalAwsExtension.class)
class SqsSourceITCase {

    private static final int PARALLELISM = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(PARALLELISM)
                    .build());

    @RegisterExtension
    static final SqsTestQueues queues = new SqsTestQueues();
    private String queueUrl;
    private String runId;

    @BeforeEach
    void createQueue() {
        queueUrl = queues.create("sqs-source-it");
        runId = UUID.randomUUID().toString();
        Recorder.open(runId);
    }

    @AfterEach
    void cleanUp() {
        Recorder.close(runId);
    }

    private SqsSource<SqsMessage> source() {
        return SqsSource.of(queues.settings(), QueueSettings.of(queueUrl).withPollWait(Duration.ofSeconds(1))
                .withVisibilityTimeout(Duration.ofSeconds(30)));
    }

    private StreamExecutionEnvironment environment(Configuration configuration) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(PARALLELISM);
        return env;
    }

    @Test
    void everyMessageArrivesAndTheQueueDrainsAsCheckpointsComplete() throws Exception {
        List<String> sent = queues.send(queueUrl, "periodic", 200);
        StreamExecutionEnvironment env = environment(new Configuration());
        env.enableCheckpointing(200);
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "sqs")
                .map(new Recorder(runId))
                .sinkTo(new DiscardingSink<>());

        JobClient job = env.executeAsync("sqs-source-it-periodic");
        try {
            awaitAllRecorded(sent);
            queues.awaitCounts(queueUrl, c -> c.total() == 0, "drained", TIMEOUT);
        } finally {
            cancel(job);
        }
        assertThat(Recorder.bodies(runId)).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void messagesAreDeletedOnlyOnceACheckpointCoveringThemCompletes(@InjectClusterClient ClusterClient<?> cluster)
            throws Exception {
        List<String> sent = queues.send(queueUrl, "manual", 40);
        StreamExecutionEnvironment env = environment(new Configuration());
        // Checkpointing on, but no periodic checkpoint during the test: the test triggers the only one.
        env.enableCheckpointing(Duration.ofHours(1).toMillis());
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "sqs")
                .map(new Recorder(runId))
                .sinkTo(new DiscardingSink<>());

        JobClient job = env.executeAsync("sqs-source-it-manual-checkpoint");
        try {
            awaitAllRecorded(sent);
            assertThat(queues.counts(queueUrl)).isEqualTo(new SqsTestQueues.Counts(0, sent.size()));

            cluster.triggerCheckpoint(job.getJobID(), CheckpointType.DEFAULT).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            queues.awaitCounts(queueUrl, c -> c.total() == 0, "drained after the checkpoint", TIMEOUT);
        } finally {
            cancel(job);
        }
    }

    @Test
    void withoutCheckpointingNothingIsDeleted() throws Exception {
        List<String> sent = queues.send(queueUrl, "unchecked", 30);
        StreamExecutionEnvironment env = environment(new Configuration());
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "sqs")
                .map(new Recorder(runId))
                .sinkTo(new DiscardingSink<>());

        JobClient job = env.executeAsync("sqs-source-it-no-checkpoints");
        try {
            awaitAllRecorded(sent);
            Thread.sleep(2_000);
            assertThat(queues.counts(queueUrl)).isEqualTo(new SqsTestQueues.Counts(0, sent.size()));
        } finally {
            cancel(job);
        }
        // The cancelled readers hand their undeleted messages back.
        queues.awaitCounts(queueUrl, c -> c.visible() == sent.size(), "all messages visible again", TIMEOUT);
    }

    @Test
    void afterAFailureMidStreamEveryMessageArrivesAndTheQueueDrains() throws Exception {
        List<String> sent = queues.send(queueUrl, "failover", 200);
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = environment(configuration);
        env.enableCheckpointing(200);
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "sqs")
                .map(new FailOnceAfter(5))
                .map(new Recorder(runId))
                .sinkTo(new DiscardingSink<>());

        JobClient job = env.executeAsync("sqs-source-it-failover");
        try {
            awaitAllRecorded(sent);
            queues.awaitCounts(queueUrl, c -> c.total() == 0, "drained", TIMEOUT);
        } finally {
            cancel(job);
        }
        assertThat(Recorder.bodies(runId)).containsAll(sent);
        assertThat(Recorder.attempts(runId)).as("records were processed after a restart").anyMatch(attempt -> attempt > 0);
    }

    private void awaitAllRecorded(List<String> sent) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Recorder.bodies(runId).containsAll(sent)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Only " + Recorder.bodies(runId).stream().distinct().count() + " of "
                        + sent.size() + " messages arrived; queue: " + queues.counts(queueUrl));
            }
            Thread.sleep(100);
        }
    }

    private static void cancel(JobClient job) throws Exception {
        job.cancel().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!job.getJobStatus().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).isGloballyTerminalState()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Job " + job.getJobID() + " did not stop");
            }
            Thread.sleep(100);
        }
    }

    /** Throws once, in the first attempt of each subtask, after passing {@code after} records. */
    private static final class FailOnceAfter extends RichMapFunction<SqsMessage, SqsMessage> {
        private final int after;
        private int seen;

        FailOnceAfter(int after) {
            this.after = after;
        }

        @Override
        public SqsMessage map(SqsMessage message) {
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0 && ++seen > after) {
                throw new IllegalStateException("Failing on purpose mid-stream, after " + after + " records");
            }
            return message;
        }
    }

    /**
     * Records the body of every message and the attempt that processed it, under the test's run id. Flink ships
     * functions to the cluster as copies, so a test can only see their results through a static registry; each test
     * opens and closes its own entry.
     */
    private static final class Recorder extends RichMapFunction<SqsMessage, String> {
        private static final Map<String, Queue<Recorded>> RUNS = new ConcurrentHashMap<>();

        private record Recorded(String body, int attempt) {}

        private final String runId;

        Recorder(String runId) {
            this.runId = runId;
        }

        static void open(String runId) {
            RUNS.put(runId, new ConcurrentLinkedQueue<>());
        }

        static void close(String runId) {
            RUNS.remove(runId);
        }

        static List<String> bodies(String runId) {
            return RUNS.get(runId).stream().map(Recorded::body).toList();
        }

        static List<Integer> attempts(String runId) {
            return RUNS.get(runId).stream().map(Recorded::attempt).collect(Collectors.toList());
        }

        @Override
        public String map(SqsMessage message) {
            RUNS.get(runId).add(new Recorded(message.body(), getRuntimeContext().getTaskInfo().getAttemptNumber()));
            return message.body();
        }
    }
}
