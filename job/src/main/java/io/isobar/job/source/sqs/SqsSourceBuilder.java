package io.isobar.job.source.sqs;

import io.isobar.aws.AwsSettings;
import io.isobar.job.source.sqs.config.SqsClientSettings;
import io.isobar.job.source.sqs.config.SqsSourceConfig;
import io.isobar.job.source.sqs.config.SqsSourceOptions;


import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds an {@link SqsSource}: fluent setters, defaults filled in and everything checked by {@link #build()}, which
 * names every invalid setting at once.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Setter</th><th>Default</th></tr>
 *   <tr><td>{@link #queueUrl}</td><td>required</td></tr>
 *   <tr><td>{@link #awsSettings}</td><td>required</td></tr>
 *   <tr><td>{@link #maxMessagesPerPoll}</td><td>10 (1 to 10)</td></tr>
 *   <tr><td>{@link #waitTime}</td><td>20 s (0 to 20 s, whole seconds)</td></tr>
 *   <tr><td>{@link #visibilityTimeout}</td><td>120 s (2 s to 12 h, whole seconds)</td></tr>
 *   <tr><td>{@link #maxVisibilityExtension}</td><td>1 h (visibility timeout to 12 h minus it)</td></tr>
 *   <tr><td>{@link #deserializer}</td><td>{@link SqsMessageDeserializer#messages()}</td></tr>
 * </table>
 *
 * <pre>{@code
 * SqsSource<SqsMessage> source = SqsSource.builder()
 *         .queueUrl(queueUrl)
 *         .awsSettings(AwsSettings.aws("eu-west-2"))
 *         .visibilityTimeout(Duration.ofMinutes(5))
 *         .build();
 * }</pre>
 *
 * @param <T> the records the source will emit
 */
public final class SqsSourceBuilder<T> {

    private String queueUrl;
    private AwsSettings awsSettings;
    private Integer maxMessagesPerPoll;
    private Duration waitTime;
    private Duration visibilityTimeout;
    private Duration maxVisibilityExtension;
    private SqsMessageDeserializer<T> deserializer;

    SqsSourceBuilder(SqsMessageDeserializer<T> deserializer) {
        this.deserializer = deserializer;
    }

    /** The queue to consume, e.g. {@code https://sqs.eu-west-2.amazonaws.com/123456789012/notifications}. */
    public SqsSourceBuilder<T> queueUrl(String queueUrl) {
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        return this;
    }

    /** Region, endpoint and credentials; only the SQS endpoint of the settings is used. */
    public SqsSourceBuilder<T> awsSettings(AwsSettings awsSettings) {
        this.awsSettings = Objects.requireNonNull(awsSettings, "awsSettings");
        return this;
    }

    /** Messages asked for per ReceiveMessage call, 1 to 10; default 10. */
    public SqsSourceBuilder<T> maxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
        return this;
    }

    /** Long-polling wait per ReceiveMessage call, whole seconds from 0 to 20 s; default 20 s. */
    public SqsSourceBuilder<T> waitTime(Duration waitTime) {
        this.waitTime = Objects.requireNonNull(waitTime, "waitTime");
        return this;
    }

    /**
     * Visibility timeout of received messages, whole seconds from 2 s to 12 h; default 120 s. It must exceed the
     * checkpoint interval plus the time a record takes through the job.
     */
    public SqsSourceBuilder<T> visibilityTimeout(Duration visibilityTimeout) {
        this.visibilityTimeout = Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
        return this;
    }

    /**
     * How long after receipt a message waiting for its checkpoint is kept invisible; default 1 h. After that it is
     * left to be delivered again.
     */
    public SqsSourceBuilder<T> maxVisibilityExtension(Duration maxVisibilityExtension) {
        this.maxVisibilityExtension = Objects.requireNonNull(maxVisibilityExtension, "maxVisibilityExtension");
        return this;
    }

    /** What to make of each message; the default emits {@link SqsMessage}s. */
    @SuppressWarnings("unchecked")
    public <U> SqsSourceBuilder<U> deserializer(SqsMessageDeserializer<U> deserializer) {
        SqsSourceBuilder<U> self = (SqsSourceBuilder<U>) this;
        self.deserializer = Objects.requireNonNull(deserializer, "deserializer");
        return self;
    }

    /**
     * The source, defaults filled in.
     *
     * @throws IllegalArgumentException naming every missing or invalid setting
     */
    public SqsSource<T> build() {
        int maxMessages = maxMessagesPerPoll != null ? maxMessagesPerPoll : SqsSourceOptions.MAX_MESSAGES_PER_POLL.defaultValue();
        Duration wait = waitTime != null ? waitTime : SqsSourceOptions.WAIT_TIME.defaultValue();
        Duration visibility = visibilityTimeout != null ? visibilityTimeout : SqsSourceOptions.VISIBILITY_TIMEOUT.defaultValue();
        Duration maxExtension = maxVisibilityExtension != null
                ? maxVisibilityExtension : SqsSourceOptions.MAX_VISIBILITY_EXTENSION.defaultValue();

        List<String> problems = new ArrayList<>();
        checkQueueUrl(problems);
        if (awsSettings == null) {
            problems.add("awsSettings is required (e.g. AwsSettings.aws(\"eu-west-2\"))");
        } else if (awsSettings.region() == null || awsSettings.region().isBlank()) {
            problems.add("awsSettings needs a region");
        }
        if (maxMessages < 1 || maxMessages > SqsSourceOptions.MAX_MESSAGES_PER_POLL_LIMIT) {
            problems.add("maxMessagesPerPoll must be 1 to " + SqsSourceOptions.MAX_MESSAGES_PER_POLL_LIMIT
                    + " (SQS's limit), not " + maxMessages);
        }
        checkWholeSeconds("waitTime", wait, Duration.ZERO, SqsSourceOptions.WAIT_TIME_LIMIT, problems);
        checkWholeSeconds("visibilityTimeout", visibility, SqsSourceOptions.MIN_VISIBILITY_TIMEOUT,
                SqsSourceOptions.VISIBILITY_LIMIT, problems);
        Duration maxExtensionLimit = SqsSourceOptions.VISIBILITY_LIMIT.minus(visibility);
        if (maxExtension.compareTo(visibility) < 0 || maxExtension.compareTo(maxExtensionLimit) > 0) {
            problems.add("maxVisibilityExtension must be at least the visibility timeout (" + visibility
                    + ") and leave room for one more within SQS's 12 h limit (at most " + maxExtensionLimit
                    + "), not " + maxExtension);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid SQS source settings"
                    + (queueUrl == null ? "" : " for " + queueUrl) + ": " + String.join("; ", problems));
        }
        SqsSourceConfig config = new SqsSourceConfig(queueUrl, SqsClientSettings.of(awsSettings), maxMessages, wait,
                visibility, maxExtension);
        return new SqsSource<>(config, deserializer);
    }

    private void checkQueueUrl(List<String> problems) {
        if (queueUrl == null || queueUrl.isBlank()) {
            problems.add("queueUrl is required");
            return;
        }
        URI uri;
        try {
            uri = new URI(queueUrl);
        } catch (URISyntaxException e) {
            problems.add("queueUrl is not a URL: " + e.getMessage());
            return;
        }
        String scheme = uri.getScheme();
        String path = uri.getPath();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || path == null || path.length() < 2 || path.endsWith("/")) {
            problems.add("queueUrl must be a queue URL such as https://sqs.<region>.amazonaws.com/<account>/<queue>, "
                    + "not " + queueUrl);
        } else if (path.endsWith(".fifo")) {
            problems.add("FIFO queues are not supported (the parallel readers would not keep message group order): "
                    + queueUrl);
        }
    }

    private static void checkWholeSeconds(String name, Duration value, Duration min, Duration max, List<String> problems) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problems.add(name + " must be " + min.toSeconds() + " s to " + max.toSeconds() + " s, not " + value);
        } else if (value.getNano() != 0) {
            problems.add(name + " must be whole seconds (SQS's unit), not " + value);
        }
    }
}
