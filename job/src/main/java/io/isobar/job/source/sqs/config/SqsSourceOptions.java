package io.isobar.job.source.sqs.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;

/**
 * The tuning options of the SQS source, with their defaults and limits: the one place they are defined, read by
 * {@link io.isobar.job.source.sqs.SqsSourceBuilder} (directly or from a Flink configuration) and listed in
 * {@code docs/sqs-source.md}.
 */
public final class SqsSourceOptions {

    /** SQS returns at most 10 messages per ReceiveMessage call. */
    public static final int MAX_MESSAGES_PER_POLL_LIMIT = 10;
    /** SQS long polling waits at most 20 seconds. */
    public static final Duration WAIT_TIME_LIMIT = Duration.ofSeconds(20);
    /** SQS keeps a message invisible at most 12 hours after it was received, extensions included. */
    public static final Duration VISIBILITY_LIMIT = Duration.ofHours(12);
    /** Below this the visibility extension would have to run several times a second. */
    public static final Duration MIN_VISIBILITY_TIMEOUT = Duration.ofSeconds(2);

    public static final ConfigOption<Integer> MAX_MESSAGES_PER_POLL = ConfigOptions
            .key("sqs.source.max-messages-per-poll")
            .intType()
            .defaultValue(10)
            .withDescription("Messages asked for per ReceiveMessage call, 1 to 10.");

    public static final ConfigOption<Duration> WAIT_TIME = ConfigOptions
            .key("sqs.source.wait-time")
            .durationType()
            .defaultValue(Duration.ofSeconds(20))
            .withDescription("Long-polling wait of each ReceiveMessage call, whole seconds from 0 to 20 s. "
                    + "Longer waits mean fewer (billed) empty receives; cancellation does not wait for them.");

    public static final ConfigOption<Duration> VISIBILITY_TIMEOUT = ConfigOptions
            .key("sqs.source.visibility-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(120))
            .withDescription("How long a received message stays invisible to other consumers, whole seconds "
                    + "from 2 s to 12 h. The reader extends it while the message waits for its checkpoint, so it "
                    + "mainly bounds how long a message of a failed reader stays hidden. Must exceed the "
                    + "checkpoint interval plus processing time, or messages are redelivered early.");

    public static final ConfigOption<Duration> MAX_VISIBILITY_EXTENSION = ConfigOptions
            .key("sqs.source.max-visibility-extension")
            .durationType()
            .defaultValue(Duration.ofHours(1))
            .withDescription("How long after receiving a message the reader keeps extending its visibility "
                    + "while it waits for a completed checkpoint, from the visibility timeout to 12 h. After "
                    + "that the reader lets the message go (it is redelivered): this bounds the reader's memory "
                    + "when checkpoints keep failing or checkpointing is disabled.");

    private SqsSourceOptions() {}
}
