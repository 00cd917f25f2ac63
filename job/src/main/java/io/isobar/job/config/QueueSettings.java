package io.isobar.job.config;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * The queue the streaming job consumes and how its SQS source polls it: the part of {@link JobConfig} that
 * {@link io.isobar.job.source.sqs.SqsSource} takes.
 *
 * <p>The visibility timeout defaults to {@value #DEFAULT_VISIBILITY_TIMEOUT_SECONDS} s: a message must stay
 * invisible for a checkpoint interval plus the time a file takes through the job (up to the ingest timeout, 120 s by
 * default), or it is delivered again while it is being ingested. The reader extends the visibility of messages
 * waiting for their checkpoint, so a longer timeout costs only a slower redelivery after a crash. The Terraform
 * queue falls back to the same default ({@code terraform/locals.tf}, checked by {@code SchemaDriftTest}); the local
 * stack sets 20 s so that a killed stack recovers quickly.
 *
 * @param url                    the queue URL; {@code null} for a backfill, which reads no queue
 * @param maxMessagesPerPoll     messages per ReceiveMessage call, 1 to 10
 * @param pollWait               long-polling wait per ReceiveMessage call, 0 to 20 s
 * @param visibilityTimeout      visibility timeout given to received messages, 2 s to 12 h
 * @param maxVisibilityExtension how long after receipt a message is kept invisible while it waits for its
 *                               checkpoint, from the visibility timeout to 12 h minus it
 */
public record QueueSettings(String url, int maxMessagesPerPoll, Duration pollWait, Duration visibilityTimeout,
                            Duration maxVisibilityExtension) implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_MESSAGES = 10;
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);
    public static final int DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 300;
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(DEFAULT_VISIBILITY_TIMEOUT_SECONDS);
    public static final Duration DEFAULT_MAX_VISIBILITY_EXTENSION = Duration.ofHours(1);

    /** SQS returns at most 10 messages per ReceiveMessage call. */
    static final int MAX_MESSAGES_LIMIT = 10;
    /** SQS long polling waits at most 20 seconds. */
    static final Duration WAIT_LIMIT = Duration.ofSeconds(20);
    /** SQS keeps a message invisible at most 12 hours after it was received, extensions included. */
    static final Duration VISIBILITY_LIMIT = Duration.ofHours(12);
    /** Below this the visibility extension would have to run several times a second. */
    static final Duration MIN_VISIBILITY_TIMEOUT = Duration.ofSeconds(2);
    /** How often, at the most, the reader checks for messages whose visibility needs extending. */
    private static final Duration MIN_EXTENSION_CHECK_INTERVAL = Duration.ofMillis(500);

    public QueueSettings {
        Objects.requireNonNull(pollWait, JobConfig.QUEUE_WAIT);
        Objects.requireNonNull(visibilityTimeout, JobConfig.QUEUE_VISIBILITY);
        Objects.requireNonNull(maxVisibilityExtension, JobConfig.QUEUE_MAX_VISIBILITY_EXTENSION);
        if (url != null) {
            checkUrl(url);
        }
        if (maxMessagesPerPoll < 1 || maxMessagesPerPoll > MAX_MESSAGES_LIMIT) {
            throw new IllegalArgumentException(JobConfig.QUEUE_MAX_MESSAGES + " must be 1..10 (an SQS limit), got " + maxMessagesPerPoll);
        }
        checkWholeSeconds(JobConfig.QUEUE_WAIT, pollWait, Duration.ZERO, WAIT_LIMIT);
        checkWholeSeconds(JobConfig.QUEUE_VISIBILITY, visibilityTimeout, MIN_VISIBILITY_TIMEOUT, VISIBILITY_LIMIT);
        Duration extensionLimit = VISIBILITY_LIMIT.minus(visibilityTimeout);
        if (maxVisibilityExtension.compareTo(visibilityTimeout) < 0 || maxVisibilityExtension.compareTo(extensionLimit) > 0) {
            throw new IllegalArgumentException(JobConfig.QUEUE_MAX_VISIBILITY_EXTENSION + " must be at least the visibility timeout ("
                    + visibilityTimeout.toSeconds() + " s) and leave room for one more within SQS's 12 h limit (at most "
                    + extensionLimit.toSeconds() + " s), got " + maxVisibilityExtension.toSeconds());
        }
    }

    /** The defaults, on {@code url}. */
    public static QueueSettings of(String url) {
        return new QueueSettings(url, DEFAULT_MAX_MESSAGES, DEFAULT_WAIT, DEFAULT_VISIBILITY_TIMEOUT,
                DEFAULT_MAX_VISIBILITY_EXTENSION);
    }

    static QueueSettings read(PropertyReader p) {
        return new QueueSettings(
                p.string(JobConfig.QUEUE_URL, null),
                p.integer(JobConfig.QUEUE_MAX_MESSAGES, DEFAULT_MAX_MESSAGES),
                p.seconds(JobConfig.QUEUE_WAIT, DEFAULT_WAIT),
                p.seconds(JobConfig.QUEUE_VISIBILITY, DEFAULT_VISIBILITY_TIMEOUT),
                p.seconds(JobConfig.QUEUE_MAX_VISIBILITY_EXTENSION, DEFAULT_MAX_VISIBILITY_EXTENSION));
    }

    public QueueSettings withPollWait(Duration wait) {
        return new QueueSettings(url, maxMessagesPerPoll, wait, visibilityTimeout, maxVisibilityExtension);
    }

    public QueueSettings withVisibilityTimeout(Duration visibility) {
        return new QueueSettings(url, maxMessagesPerPoll, pollWait, visibility, maxVisibilityExtension);
    }

    /** The queue URL, failing with the setting's name when it is missing (the streaming job cannot run without it). */
    public String requireUrl() {
        if (url == null) {
            throw new IllegalArgumentException("missing ingest setting '" + JobConfig.QUEUE_URL + "'");
        }
        return url;
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

    private static void checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(JobConfig.QUEUE_URL + " is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme();
        String path = uri.getPath();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || path == null || path.length() < 2 || path.endsWith("/")) {
            throw new IllegalArgumentException(JobConfig.QUEUE_URL + " must be a queue URL such as "
                    + "https://sqs.<region>.amazonaws.com/<account>/<queue>, got " + url);
        }
        if (path.endsWith(".fifo")) {
            throw new IllegalArgumentException("FIFO queues are not supported (the parallel readers would not keep "
                    + "message group order): " + url);
        }
    }

    private static void checkWholeSeconds(String key, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be " + min.toSeconds() + ".." + max.toSeconds()
                    + " seconds, got " + value.toSeconds());
        }
        if (value.getNano() != 0) {
            throw new IllegalArgumentException(key + " must be whole seconds (SQS's unit), got " + value);
        }
    }
}
