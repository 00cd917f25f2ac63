package io.isobar.job.source.sqs;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@link SqsProxy} of a real SQS (or an emulator), through the SDK client every Isobar SQS client is built as.
 * Thread-safe (the SDK client is).
 */
final class SqsClientProxy implements SqsProxy {

    private static final String ALL_MESSAGE_ATTRIBUTES = "All";

    private final SqsClient client;
    private final String queueUrl;

    SqsClientProxy(SqsClient client, String queueUrl) {
        this.client = Objects.requireNonNull(client, "client");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    /** A proxy with its own client, built the way every Isobar SQS client is. */
    public static SqsClientProxy create(AwsSettings settings, String queueUrl) {
        return new SqsClientProxy(AwsClients.sqs(settings), queueUrl);
    }

    @Override
    public String queueUrl() {
        return queueUrl;
    }

    /**
     * One ReceiveMessage call with long polling; asks for the sent timestamp, the receive count and every message
     * attribute.
     */
    @Override
    public List<Message> receive(int maxMessages, Duration waitTime, Duration visibilityTimeout) {
        return client.receiveMessage(r -> r
                        .queueUrl(queueUrl)
                        .maxNumberOfMessages(maxMessages)
                        .waitTimeSeconds((int) waitTime.toSeconds())
                        .visibilityTimeout((int) visibilityTimeout.toSeconds())
                        .messageSystemAttributeNames(
                                MessageSystemAttributeName.SENT_TIMESTAMP,
                                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                        .messageAttributeNames(ALL_MESSAGE_ATTRIBUTES))
                .messages();
    }

    /** Deletes up to {@value #MAX_BATCH_SIZE} messages in one DeleteMessageBatch call. */
    @Override
    public BatchOutcome deleteBatch(List<String> receiptHandles) {
        checkBatch(receiptHandles);
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(receiptHandles.size());
        for (int i = 0; i < receiptHandles.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .receiptHandle(receiptHandles.get(i))
                    .build());
        }
        DeleteMessageBatchResponse response = client.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        return outcome(receiptHandles, response.failed());
    }

    /**
     * Sets the visibility timeout of up to {@value #MAX_BATCH_SIZE} messages in one ChangeMessageVisibilityBatch
     * call; zero makes them visible again at once.
     */
    @Override
    public BatchOutcome changeVisibilityBatch(List<String> receiptHandles, Duration visibilityTimeout) {
        checkBatch(receiptHandles);
        int seconds = (int) visibilityTimeout.toSeconds();
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(receiptHandles.size());
        for (int i = 0; i < receiptHandles.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .receiptHandle(receiptHandles.get(i))
                    .visibilityTimeout(seconds)
                    .build());
        }
        ChangeMessageVisibilityBatchResponse response =
                client.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
        return outcome(receiptHandles, response.failed());
    }

    /** Closes the client, which also aborts a long poll still in progress. */
    @Override
    public void close() {
        client.close();
    }

    private static void checkBatch(List<String> receiptHandles) {
        if (receiptHandles.isEmpty() || receiptHandles.size() > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException(
                    "A batch holds 1 to " + MAX_BATCH_SIZE + " receipt handles, not " + receiptHandles.size());
        }
    }

    private static BatchOutcome outcome(List<String> receiptHandles, List<BatchResultErrorEntry> errors) {
        if (errors.isEmpty()) {
            return new BatchOutcome(receiptHandles, List.of());
        }
        boolean[] failed = new boolean[receiptHandles.size()];
        List<BatchFailure> failures = new ArrayList<>(errors.size());
        for (BatchResultErrorEntry error : errors) {
            int index = Integer.parseInt(error.id());
            failed[index] = true;
            failures.add(new BatchFailure(receiptHandles.get(index), error.code(),
                    Boolean.TRUE.equals(error.senderFault()), error.message()));
        }
        List<String> succeeded = new ArrayList<>(receiptHandles.size() - errors.size());
        for (int i = 0; i < receiptHandles.size(); i++) {
            if (!failed[i]) {
                succeeded.add(receiptHandles.get(i));
            }
        }
        return new BatchOutcome(succeeded, failures);
    }
}
