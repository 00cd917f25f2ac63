package io.isobar.job.source.sqs;

import org.apache.flink.api.connector.source.SourceSplit;

import java.util.Objects;

/**
 * A reader's licence to poll the queue. SQS is one shared queue that hands each message to one consumer, so a split
 * does not partition the data: every reader gets one split and they all poll the same queue. A split carries no
 * position, and in particular no receipt handles (see {@code docs/sqs-source.md}, "Failover").
 *
 * @param splitId {@code sqs-<subtask index>} of the reader it was first assigned to
 */
record SqsSplit(String splitId) implements SourceSplit {

    private static final String PREFIX = "sqs-";

    public SqsSplit {
        Objects.requireNonNull(splitId, "splitId");
    }

    /** The split for reader subtask {@code subtaskIndex}. */
    public static SqsSplit forSubtask(int subtaskIndex) {
        if (subtaskIndex < 0) {
            throw new IllegalArgumentException("Subtask index must be >= 0, not " + subtaskIndex);
        }
        return new SqsSplit(PREFIX + subtaskIndex);
    }
}
