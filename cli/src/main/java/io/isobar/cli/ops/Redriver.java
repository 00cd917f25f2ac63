package io.isobar.cli.ops;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Moves messages from a dead-letter queue back to the queue it serves: each batch is sent to the target first and
 * deleted from the dead-letter queue only once the target accepted it, so a failure half-way leaves a message in
 * both queues (a duplicate the job de-duplicates), never in neither.
 */
public final class Redriver {

    /** While moving, a received dead letter stays invisible this long; unsent ones reappear after it. */
    private static final int VISIBILITY_SECONDS = 60;
    private static final int EMPTY_RECEIVES_TO_STOP = 2;

    /**
     * What a redrive did.
     *
     * @param found     messages in the dead-letter queue at the start (approximate, as SQS counts)
     * @param moved     sent to the target and deleted from the dead-letter queue
     * @param sendFailed refused by the target: left in the dead-letter queue
     * @param deleteFailed sent but not deleted: now in both queues
     */
    public record Report(long found, long moved, long sendFailed, long deleteFailed) {}

    private final SqsClient sqs;
    private final PrintWriter progress;

    public Redriver(SqsClient sqs, PrintWriter progress) {
        this.sqs = sqs;
        this.progress = progress;
    }

    /** The dead-letter queue named by {@code queueUrl}'s redrive policy. */
    public String deadLetterQueueOf(String queueUrl) {
        String policy = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY);
        if (policy == null || policy.isBlank()) {
            throw new IllegalArgumentException(queueUrl + " has no redrive policy (no dead-letter queue); give --dlq");
        }
        try {
            JsonNode arn = Json.mapper().readTree(policy).path("deadLetterTargetArn");
            String name = arn.asText().substring(arn.asText().lastIndexOf(':') + 1);
            return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(queueUrl + " has an unreadable redrive policy: " + policy, e);
        }
    }

    /** Messages waiting in {@code queueUrl}, visible plus in flight, as SQS approximates them. */
    public long depth(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                + Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
    }

    /** Moves up to {@code limit} messages (0: all) from {@code deadLetterQueueUrl} to {@code targetUrl}. */
    public Report redrive(String deadLetterQueueUrl, String targetUrl, long limit) {
        long found = depth(deadLetterQueueUrl);
        long moved = 0;
        long sendFailed = 0;
        long deleteFailed = 0;
        int empty = 0;
        while ((limit == 0 || moved + sendFailed + deleteFailed < limit) && empty < EMPTY_RECEIVES_TO_STOP) {
            int want = (int) Math.min(10, limit == 0 ? 10 : limit - moved - sendFailed - deleteFailed);
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(deadLetterQueueUrl).maxNumberOfMessages(want)
                    .waitTimeSeconds(1).visibilityTimeout(VISIBILITY_SECONDS).messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                empty++;
                continue;
            }
            empty = 0;
            List<SendMessageBatchRequestEntry> sends = new ArrayList<>();
            Map<String, Message> byId = new HashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                Message message = batch.get(i);
                String id = Integer.toString(i);
                byId.put(id, message);
                sends.add(SendMessageBatchRequestEntry.builder().id(id).messageBody(message.body())
                        .messageAttributes(message.messageAttributes()).build());
            }
            SendMessageBatchResponse sent = sqs.sendMessageBatch(b -> b.queueUrl(targetUrl).entries(sends));
            sendFailed += sent.failed().size();
            sent.failed().forEach(f -> say("  not moved (the queue refused it, it stays in the dead-letter queue): %s %s %s",
                    byId.get(f.id()).messageId(), f.code(), f.message()));
            List<DeleteMessageBatchRequestEntry> deletes = sent.successful().stream()
                    .map(s -> DeleteMessageBatchRequestEntry.builder().id(s.id()).receiptHandle(byId.get(s.id()).receiptHandle()).build())
                    .toList();
            if (!deletes.isEmpty()) {
                var deleted = sqs.deleteMessageBatch(b -> b.queueUrl(deadLetterQueueUrl).entries(deletes));
                moved += deleted.successful().size();
                deleteFailed += deleted.failed().size();
                deleted.failed().forEach(f -> say("  moved but not deleted from the dead-letter queue (it will be redriven"
                        + " again; the job de-duplicates): %s %s", byId.get(f.id()).messageId(), f.message()));
            }
            say("  moved %d of about %d", moved, found);
        }
        return new Report(found, moved, sendFailed, deleteFailed);
    }

    private void say(String format, Object... args) {
        if (progress != null) {
            progress.println(String.format(format, args));
            progress.flush();
        }
    }
}
