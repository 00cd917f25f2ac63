package io.isobar.job.source.sqs;

import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.List;

/**
 * The thin layer between the source and the SQS API: the three calls the source makes, on one queue, with batch
 * results turned into plain lists of receipt handles. {@link SqsClientProxy} talks to SQS; the reader's retry and
 * back-off paths are unit-tested against a fake of this interface. Implementations must be thread-safe: the poller
 * and the acknowledger call them at once.
 */
interface SqsProxy extends AutoCloseable {

    /** SQS takes at most 10 entries per batch call. */
    int MAX_BATCH_SIZE = 10;

    String queueUrl();

    /**
     * One ReceiveMessage call with long polling; asks for the sent timestamp, the receive count and every message
     * attribute. Throws the SDK's exceptions.
     */
    List<Message> receive(int maxMessages, Duration waitTime, Duration visibilityTimeout);

    /** Deletes 1 to {@value #MAX_BATCH_SIZE} messages in one DeleteMessageBatch call. */
    BatchOutcome deleteBatch(List<String> receiptHandles);

    /**
     * Sets the visibility timeout of 1 to {@value #MAX_BATCH_SIZE} messages in one ChangeMessageVisibilityBatch
     * call; zero makes them visible again at once.
     */
    BatchOutcome changeVisibilityBatch(List<String> receiptHandles, Duration visibilityTimeout);

    /** Releases the client; also ends a long poll still in progress. */
    @Override
    void close();

    /** What a batch call did: the entries that succeeded and those that failed. */
    record BatchOutcome(List<String> succeeded, List<BatchFailure> failed) {
        public BatchOutcome {
            succeeded = List.copyOf(succeeded);
            failed = List.copyOf(failed);
        }
    }

    /**
     * One failed batch entry.
     *
     * @param senderFault true when SQS blames the request (e.g. an expired receipt handle): retrying cannot help
     */
    record BatchFailure(String receiptHandle, String code, boolean senderFault, String message) {}
}
