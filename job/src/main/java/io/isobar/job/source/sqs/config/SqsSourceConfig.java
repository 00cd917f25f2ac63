package io.isobar.job.source.sqs.config;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The validated settings of one SQS source, shipped with the source to every reader.
 *
 * @param queueUrl               the queue to consume
 * @param client                 how to reach SQS
 * @param maxMessagesPerPoll     messages per ReceiveMessage call, 1 to 10
 * @param waitTime               long-polling wait per ReceiveMessage call, whole seconds, at most 20 s
 * @param visibilityTimeout      visibility timeout given to received messages, whole seconds
 * @param maxVisibilityExtension how long after receipt a message is kept invisible while it waits for its checkpoint
 */
@Internal
public record SqsSourceConfig(
        String queueUrl,
        SqsClientSettings client,
        int maxMessagesPerPoll,
        Duration waitTime,
        Duration visibilityTimeout,
        Duration maxVisibilityExtension) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** How often the reader checks for messages whose visibility needs extending. */
    private static final Duration MIN_EXTENSION_CHECK_INTERVAL = Duration.ofMillis(500);

    public SqsSourceConfig {
        Objects.requireNonNull(queueUrl, "queueUrl");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(waitTime, "waitTime");
        Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
        Objects.requireNonNull(maxVisibilityExtension, "maxVisibilityExtension");
    }

    /**
     * A message whose visibility was last set this long ago gets extended: half the timeout leaves the other half
     * for the extension call to get through, even when it is retried.
     */
    public Duration extendVisibilityAfter() {
        return visibilityTimeout.dividedBy(2);
    }

    /**
     * How often to look for messages to extend: a quarter of the timeout, so a message is extended at the latest
     * three quarters of the way into its timeout.
     */
    public Duration visibilityCheckInterval() {
        Duration quarter = visibilityTimeout.dividedBy(4);
        return quarter.compareTo(MIN_EXTENSION_CHECK_INTERVAL) < 0 ? MIN_EXTENSION_CHECK_INTERVAL : quarter;
    }
}
