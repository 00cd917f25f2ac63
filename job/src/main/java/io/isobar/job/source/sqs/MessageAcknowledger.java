package io.isobar.job.source.sqs;

import io.isobar.job.config.QueueSettings;
import io.isobar.job.source.sqs.SqsProxy.BatchFailure;
import io.isobar.job.source.sqs.SqsProxy.BatchOutcome;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.core.exception.SdkException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Does a reader's slow SQS calls off the task thread, on one thread of its own: deletes the messages whose checkpoint
 * completed, keeps the messages still waiting invisible (ChangeMessageVisibilityBatch), and on close hands the
 * messages it will not delete back to the queue.
 *
 * <p>Failed deletes are retried a few times with a pause; entries SQS rejects as the sender's fault (typically a
 * receipt handle that is no longer valid because the visibility timeout ran out) are not retried. Either way a
 * message that could not be deleted is only delivered again, which the job's de-duplication absorbs: none of this
 * fails the job.
 */
final class MessageAcknowledger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MessageAcknowledger.class);
    private static final int MAX_DELETE_ATTEMPTS = 5;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final SqsProxy proxy;
    private final QueueSettings queue;
    private final InFlightMessages inFlight;
    private final SqsSourceMetrics metrics;
    private final int subtaskIndex;
    private final ScheduledThreadPoolExecutor executor;
    private ScheduledFuture<?> maintenance;
    private volatile boolean closing;
    /** Only the acknowledger thread reads and writes it. */
    private boolean warnedNoCheckpoint;

    public MessageAcknowledger(SqsProxy proxy, QueueSettings queue, InFlightMessages inFlight,
                               SqsSourceMetrics metrics, int subtaskIndex) {
        this.proxy = proxy;
        this.queue = queue;
        this.inFlight = inFlight;
        this.metrics = metrics;
        this.subtaskIndex = subtaskIndex;
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "sqs-acknowledger-" + subtaskIndex);
            thread.setDaemon(true);
            return thread;
        });
        // On close, run what is already due (deletes, the hand-back) but drop retries scheduled for later.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /** Starts the periodic visibility extension. */
    public void start() {
        long interval = queue.visibilityCheckInterval().toMillis();
        maintenance = executor.scheduleWithFixedDelay(this::maintain, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Deletes these messages, asynchronously. */
    public void delete(List<String> receiptHandles) {
        if (receiptHandles.isEmpty()) {
            return;
        }
        submit(() -> deleteAll(receiptHandles, 1), 0);
    }

    private void deleteAll(List<String> receiptHandles, int attempt) {
        List<String> retry = new ArrayList<>();
        for (List<String> batch : batches(receiptHandles)) {
            BatchOutcome outcome;
            try {
                outcome = proxy.deleteBatch(batch);
            } catch (SdkException e) {
                if (attempt < MAX_DELETE_ATTEMPTS && !closing) {
                    LOG.warn("Deleting {} messages from {} failed (attempt {} of {}), will retry: {}",
                            batch.size(), proxy.queueUrl(), attempt, MAX_DELETE_ATTEMPTS, e.getMessage());
                    retry.addAll(batch);
                } else {
                    giveUp(batch, e.getMessage());
                }
                continue;
            }
            inFlight.remove(outcome.succeeded());
            metrics.deleted(outcome.succeeded().size());
            List<BatchFailure> hopeless = new ArrayList<>();
            for (BatchFailure failure : outcome.failed()) {
                if (failure.senderFault() || attempt >= MAX_DELETE_ATTEMPTS || closing) {
                    hopeless.add(failure);
                } else {
                    retry.add(failure.receiptHandle());
                }
            }
            if (!hopeless.isEmpty()) {
                giveUp(hopeless.stream().map(BatchFailure::receiptHandle).toList(), describe(hopeless));
            }
        }
        if (!retry.isEmpty()) {
            submit(() -> deleteAll(retry, attempt + 1), 200L << Math.min(attempt, 6));
        }
    }

    private void giveUp(List<String> receiptHandles, String reason) {
        LOG.warn("Could not delete {} messages from {}; SQS may deliver them again (downstream de-duplication "
                + "absorbs that): {}", receiptHandles.size(), proxy.queueUrl(), reason);
        inFlight.remove(receiptHandles);
        metrics.deleteFailed(receiptHandles.size());
    }

    /** The periodic task: give up on messages waiting too long, extend the visibility of the others. */
    private void maintain() {
        try {
            long now = System.currentTimeMillis();
            int expired = inFlight.expire(now - queue.maxVisibilityExtension().toMillis());
            if (expired > 0) {
                LOG.warn("{} messages from {} waited longer than {} for a completed checkpoint; no longer keeping "
                        + "them invisible, so SQS will deliver them again", expired, proxy.queueUrl(),
                        queue.maxVisibilityExtension());
            }
            warnIfNoCheckpoint(now);
            extend(inFlight.takeDueForExtension(now - queue.extendVisibilityAfter().toMillis(), now));
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: log and carry on.
            LOG.warn("Keeping messages of {} invisible failed; will try again", proxy.queueUrl(), e);
        }
    }

    private void extend(List<String> receiptHandles) {
        List<BatchFailure> failures = new ArrayList<>();
        for (List<String> batch : batches(receiptHandles)) {
            try {
                failures.addAll(proxy.changeVisibilityBatch(batch, queue.visibilityTimeout()).failed());
            } catch (SdkException e) {
                LOG.warn("Extending the visibility of {} messages of {} failed: {}", batch.size(), proxy.queueUrl(),
                        e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            // Typically the message was deleted meanwhile, or its visibility ran out: it may be delivered again.
            LOG.warn("Could not extend the visibility of {} messages of {}: {}", failures.size(), proxy.queueUrl(),
                    describe(failures));
        }
        if (!receiptHandles.isEmpty()) {
            LOG.debug("Extended the visibility of {} messages of {} by {}", receiptHandles.size() - failures.size(),
                    proxy.queueUrl(), queue.visibilityTimeout());
        }
    }

    private void warnIfNoCheckpoint(long now) {
        if (warnedNoCheckpoint || inFlight.snapshotTaken()) {
            return;
        }
        long firstEmitted = inFlight.firstEmittedAtMillis();
        if (firstEmitted >= 0 && now - firstEmitted > queue.visibilityTimeout().toMillis()) {
            warnedNoCheckpoint = true;
            LOG.warn("SQS source reader {} of {} has emitted messages for {} without a single checkpoint. Messages are "
                            + "deleted from the queue only when a checkpoint that covers them completes: without "
                            + "checkpointing nothing is ever deleted, and every message is delivered again at the "
                            + "latest {} after it was received. Enable checkpointing, with an interval well below the "
                            + "visibility timeout ({}).",
                    subtaskIndex, proxy.queueUrl(), Duration.ofMillis(now - firstEmitted),
                    queue.maxVisibilityExtension().plus(queue.visibilityTimeout()), queue.visibilityTimeout());
        }
    }

    /**
     * On close: makes the messages that will not be deleted visible again soon, for a quick redelivery. Not at once:
     * the reader's last long poll may still be waiting at SQS after the reader stopped listening to it, and would
     * take them (to be stranded for a whole visibility timeout). That poll ends within the wait time.
     */
    private void handBack() {
        List<String> receiptHandles = inFlight.takeAllNotDeleting();
        Duration visibleAgainIn = handBackDelay(queue);
        int handedBack = 0;
        for (List<String> batch : batches(receiptHandles)) {
            try {
                handedBack += proxy.changeVisibilityBatch(batch, visibleAgainIn).succeeded().size();
            } catch (SdkException e) {
                LOG.debug("Could not hand {} messages back to {}; they reappear after their visibility timeout",
                        batch.size(), proxy.queueUrl(), e);
            }
        }
        if (!receiptHandles.isEmpty()) {
            LOG.info("Handed {} of {} undeleted messages back to {}: visible again in {}", handedBack,
                    receiptHandles.size(), proxy.queueUrl(), visibleAgainIn);
        }
    }

    /** The wait time of a long poll plus a second, so that the reader's own last poll is over. */
    private static Duration handBackDelay(QueueSettings queue) {
        return queue.pollWait().plusSeconds(1);
    }

    /**
     * Stops the periodic extension, lets deletes already due finish, hands the remaining messages back, and stops,
     * waiting at most a few seconds (SQS may be unreachable; the messages then reappear after their timeout).
     */
    @Override
    public void close() {
        closing = true;
        if (maintenance != null) {
            maintenance.cancel(false);
        }
        submit(this::handBack, 0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("SQS acknowledger of {} did not finish within {}; abandoning it", proxy.queueUrl(),
                        CLOSE_TIMEOUT);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void submit(Runnable task, long delayMillis) {
        try {
            executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shut down: the messages reappear after their visibility timeout.
            LOG.debug("SQS acknowledger of {} is closed; dropping a task", proxy.queueUrl());
        }
    }

    private static List<List<String>> batches(List<String> receiptHandles) {
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < receiptHandles.size(); from += SqsProxy.MAX_BATCH_SIZE) {
            batches.add(receiptHandles.subList(from, Math.min(receiptHandles.size(), from + SqsProxy.MAX_BATCH_SIZE)));
        }
        return batches;
    }

    private static String describe(List<BatchFailure> failures) {
        return failures.stream()
                .collect(Collectors.groupingBy(f -> f.code() + " (" + f.message() + ")", Collectors.counting()))
                .entrySet().stream()
                .map(e -> e.getValue() + " x " + e.getKey())
                .collect(Collectors.joining(", "));
    }
}
