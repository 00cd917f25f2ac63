package io.isobar.cli;

import io.isobar.cli.local.LocalDefaults;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code --queue}: the ingest queue, by name or URL, for the commands that send to it. */
public final class QueueOption {

    @Option(names = "--queue", paramLabel = "NAME|URL", defaultValue = LocalDefaults.QUEUE,
            description = "The ingest queue (default: ${DEFAULT-VALUE}).")
    String queue;

    /** The queue's URL: as given, or that of the queue with the given name. */
    public String url(SqsClient sqs) {
        return queueUrl(sqs, queue);
    }

    /** A queue URL as given, or the URL of the queue with that name. */
    static String queueUrl(SqsClient sqs, String nameOrUrl) {
        if (nameOrUrl.startsWith("http://") || nameOrUrl.startsWith("https://")) {
            return nameOrUrl;
        }
        return sqs.getQueueUrl(b -> b.queueName(nameOrUrl)).queueUrl();
    }
}
