package io.isobar.job.source.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Supplier;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A scripted {@link SqsProxy} for unit tests of the reader and the acknowledger: each call takes the next scripted
 * answer (which may throw, e.g. an SDK exception no emulator produces on demand); with none left a receive returns
 * nothing after a short wait and batch calls succeed. Records every call.
 */
final class FakeSqsProxy implements SqsProxy {

    public static final String QUEUE_URL = "https://sqs.eu-west-2.amazonaws.com/123456789012/fake";

    /** One recorded batch call. */
    public record BatchCall(List<String> receiptHandles, Duration visibilityTimeout) {}

    private final ConcurrentLinkedQueue<Supplier<List<Message>>> receives = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Function<List<String>, BatchOutcome>> deletes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Function<List<String>, BatchOutcome>> visibilityChanges = new ConcurrentLinkedQueue<>();
    private final List<BatchCall> deleteCalls = Collections.synchronizedList(new ArrayList<>());
    private final List<BatchCall> visibilityCalls = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    public FakeSqsProxy onReceive(Supplier<List<Message>> answer) {
        receives.add(answer);
        return this;
    }

    public FakeSqsProxy onDelete(Function<List<String>, BatchOutcome> answer) {
        deletes.add(answer);
        return this;
    }

    public FakeSqsProxy onChangeVisibility(Function<List<String>, BatchOutcome> answer) {
        visibilityChanges.add(answer);
        return this;
    }

    public List<BatchCall> deleteCalls() {
        synchronized (deleteCalls) {
            return List.copyOf(deleteCalls);
        }
    }

    public List<BatchCall> visibilityCalls() {
        synchronized (visibilityCalls) {
            return List.copyOf(visibilityCalls);
        }
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public String queueUrl() {
        return QUEUE_URL;
    }

    @Override
    public List<Message> receive(int maxMessages, Duration waitTime, Duration visibilityTimeout) {
        Supplier<List<Message>> answer = receives.poll();
        if (answer != null) {
            return answer.get();
        }
        // An empty queue: wait a little, as a long poll would, rather than spin the poller.
        try {
            Thread.sleep(Math.min(waitTime.toMillis(), 100));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of();
    }

    @Override
    public BatchOutcome deleteBatch(List<String> receiptHandles) {
        deleteCalls.add(new BatchCall(List.copyOf(receiptHandles), null));
        Function<List<String>, BatchOutcome> answer = deletes.poll();
        return answer == null ? succeeded(receiptHandles) : answer.apply(receiptHandles);
    }

    @Override
    public BatchOutcome changeVisibilityBatch(List<String> receiptHandles, Duration visibilityTimeout) {
        visibilityCalls.add(new BatchCall(List.copyOf(receiptHandles), visibilityTimeout));
        Function<List<String>, BatchOutcome> answer = visibilityChanges.poll();
        return answer == null ? succeeded(receiptHandles) : answer.apply(receiptHandles);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Every entry succeeded. */
    public static BatchOutcome succeeded(List<String> receiptHandles) {
        return new BatchOutcome(receiptHandles, List.of());
    }

    /** The entries in {@code failing} failed with {@code code}, as the sender's fault or not; the others succeeded. */
    public static BatchOutcome partly(List<String> receiptHandles, Map<String, String> failing, Set<String> senderFaults) {
        List<String> ok = receiptHandles.stream().filter(h -> !failing.containsKey(h)).toList();
        List<BatchFailure> failed = receiptHandles.stream().filter(failing::containsKey)
                .map(h -> new BatchFailure(h, failing.get(h), senderFaults.contains(h), "scripted failure")).toList();
        return new BatchOutcome(ok, failed);
    }

    /** A message as SQS returns it to the proxy's receive. */
    public static Message message(String id, String receiptHandle) {
        return Message.builder().messageId(id).receiptHandle(receiptHandle).body("body of " + id)
                .attributes(Map.of(MessageSystemAttributeName.SENT_TIMESTAMP, "1750000000000",
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"))
                .build();
    }
}
