package io.isobar.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;
import org.apache.flink.streaming.api.transformations.SideOutputTransformation;
import org.apache.flink.streaming.api.transformations.UnionTransformation;
import org.junit.jupiter.api.Test;

import io.isobar.job.config.JobConfig;

/**
 * Every operator of the streaming job has an explicit, unique uid: Managed Flink restores a snapshot into a new jar
 * by operator id, and an id Flink derives from the graph's shape changes with any edit, silently orphaning state.
 * (Partitioning, unions and side outputs are not operators: they hold no state and take no uid.)
 */
class OperatorUidsTest {

    @Test
    void everyOperatorOfTheStreamingJobHasItsOwnUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        IngestJob.build(env, JobConfig.builder().set(JobConfig.QUEUE_URL, "http://127.0.0.1:1/000000000000/q")
                .set(JobConfig.ARCHIVE_BUCKET, "archive").build());

        List<String> missing = new ArrayList<>();
        Set<String> uids = new HashSet<>();
        Set<Integer> seen = new HashSet<>();
        Deque<Transformation<?>> todo = new ArrayDeque<>(env.getTransformations());
        while (!todo.isEmpty()) {
            Transformation<?> t = todo.pop();
            if (!seen.add(t.getId())) {
                continue;
            }
            todo.addAll(t.getInputs());
            if (t instanceof PartitionTransformation || t instanceof UnionTransformation || t instanceof SideOutputTransformation) {
                continue;
            }
            if (t.getUid() == null) {
                missing.add(t.getName());
            } else {
                assertThat(uids.add(t.getUid())).as("uid %s used once", t.getUid()).isTrue();
            }
        }
        assertThat(missing).as("operators without a uid").isEmpty();
        assertThat(uids).contains("sqs-source", "deduplicate", "enrich", "files-sink", "valid-times-sink", "errors-sink");
    }
}
