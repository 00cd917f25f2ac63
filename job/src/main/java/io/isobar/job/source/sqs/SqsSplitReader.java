package io.isobar.job.source.sqs;

import io.isobar.job.config.QueueSettings;

import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Long-polls the queue (ReceiveMessage) on behalf of one reader.
 *
 * <p>A long poll blocks for up to the wait time (20 s by default) and an SDK call cannot be interrupted, so the poll
 * runs on a dedicated thread and {@link #fetch()} waits for either its result or a {@link #wakeUp()}. When woken it
 * returns at once with nothing and picks up the same poll's result on the next call, so no message is dropped and
 * Flink never waits for a long poll to pause, change splits or shut down. On close a long poll still waiting is
 * abandoned after a second and closing the client (the reader does) aborts it; should messages reach it just then,
 * they become visible again after the visibility timeout.
 *
 * <p>Throttling, server errors and network failures are retried here with a growing pause (up to 30 s) and logged;
 * other errors (a missing queue, access denied) fail the reader with the queue's URL in the message.
 */
final class SqsSplitReader implements SplitReader<ReceivedMessage, SqsSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(SqsSplitReader.class);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** A receive that returns messages takes milliseconds; only a long poll on an empty queue takes longer. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final SqsProxy proxy;
    private final QueueSettings queue;
    private final InFlightMessages inFlight;
    private final SqsSourceMetrics metrics;
    private final ExecutorService poller;
    private final Pause pause;
    private final TreeSet<String> splitIds = new TreeSet<>();
    private final AtomicReference<CompletableFuture<Void>> wakeUp = new AtomicReference<>(new CompletableFuture<>());

    /** The poll in progress, carried over a wake-up; only the fetcher thread touches it. */
    private CompletableFuture<List<ReceivedMessage>> pendingPoll;
    /** Consecutive failed polls, for the back-off; only the poller thread touches it. */
    private int consecutiveFailures;
    private volatile boolean closed;

    public SqsSplitReader(SqsProxy proxy, QueueSettings queue, InFlightMessages inFlight, SqsSourceMetrics metrics,
                          int subtaskIndex) {
        this(proxy, queue, inFlight, metrics, subtaskIndex, pause -> Thread.sleep(pause.toMillis()));
    }

    /** As the public constructor, pausing after failed polls with {@code pause} (tests record the pauses). */
    SqsSplitReader(SqsProxy proxy, QueueSettings queue, InFlightMessages inFlight, SqsSourceMetrics metrics,
                   int subtaskIndex, Pause pause) {
        this.proxy = proxy;
        this.queue = queue;
        this.inFlight = inFlight;
        this.metrics = metrics;
        this.poller = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sqs-poller-" + subtaskIndex);
            // An abandoned long poll must never keep a TaskManager from exiting.
            thread.setDaemon(true);
            return thread;
        });
        this.pause = pause;
    }

    @Override
    public RecordsWithSplitIds<ReceivedMessage> fetch() throws IOException {
        if (splitIds.isEmpty()) {
            return new RecordsBySplits.Builder<ReceivedMessage>().build();
        }
        CompletableFuture<Void> wakeUpSignal = wakeUp.get();
        if (pendingPoll == null) {
            pendingPoll = CompletableFuture.supplyAsync(this::poll, poller);
        }
        try {
            CompletableFuture.anyOf(pendingPoll, wakeUpSignal).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while polling " + proxy.queueUrl(), e);
        } catch (ExecutionException e) {
            // The poll failed; handled below.
        }
        if (!pendingPoll.isDone()) {
            // Woken up: consume the signal (unless a newer one replaced it) and come back for this poll later.
            wakeUp.compareAndSet(wakeUpSignal, new CompletableFuture<>());
            return new RecordsBySplits.Builder<ReceivedMessage>().build();
        }
        CompletableFuture<List<ReceivedMessage>> done = pendingPoll;
        pendingPoll = null;
        List<ReceivedMessage> messages;
        try {
            messages = done.join();
        } catch (CompletionException e) {
            throw new IOException("Cannot receive messages from " + proxy.queueUrl() + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
        RecordsBySplits.Builder<ReceivedMessage> records = new RecordsBySplits.Builder<>();
        if (!messages.isEmpty()) {
            // Every split stands for the same queue: attribute the messages to one of them.
            records.addAll(splitIds.first(), messages);
        }
        return records.build();
    }

    /** One ReceiveMessage call, on the poller thread; transient failures become an empty result after a pause. */
    private List<ReceivedMessage> poll() {
        pauseAfterFailures();
        List<Message> messages;
        try {
            messages = proxy.receive(queue.maxMessagesPerPoll(), queue.pollWait(), queue.visibilityTimeout());
        } catch (SdkClientException | AwsServiceException e) {
            if (closed || !isTransient(e)) {
                // After close the failure is the client being closed under an abandoned poll: nobody is listening.
                throw e;
            }
            consecutiveFailures++;
            LOG.warn("Receiving from {} failed ({} in a row), retrying: {}",
                    proxy.queueUrl(), consecutiveFailures, e.getMessage());
            return List.of();
        }
        consecutiveFailures = 0;
        long now = System.currentTimeMillis();
        List<ReceivedMessage> received = new ArrayList<>(messages.size());
        for (Message message : messages) {
            ReceivedMessage converted = ReceivedMessage.from(message, now);
            inFlight.received(converted.receiptHandle(), converted.message().sentTimestampMillis(), now);
            received.add(converted);
        }
        metrics.received(received.size());
        return received;
    }

    private void pauseAfterFailures() {
        if (consecutiveFailures == 0) {
            return;
        }
        try {
            pause.sleep(backoff(consecutiveFailures));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The pause before the next poll after {@code consecutiveFailures} failed ones: 1 s, doubling, at most 30 s. */
    static Duration backoff(int consecutiveFailures) {
        if (consecutiveFailures <= 0) {
            return Duration.ZERO;
        }
        Duration doubled = FIRST_BACKOFF.multipliedBy(1L << Math.min(consecutiveFailures - 1, 10));
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    /** How the poller waits between failed polls. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration pause) throws InterruptedException;
    }

    private static boolean isTransient(RuntimeException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return true;
    }

    @Override
    public void handleSplitsChanges(SplitsChange<SqsSplit> splitsChange) {
        if (!(splitsChange instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("The SQS source only ever adds splits, but got " + splitsChange);
        }
        for (SqsSplit split : splitsChange.splits()) {
            splitIds.add(split.splitId());
        }
    }

    @Override
    public void wakeUp() {
        wakeUp.get().complete(null);
    }

    /**
     * Stops polling. A receive already on its way back is given a moment to land, so that its messages are tracked
     * and the reader hands them back with the rest; a long poll still waiting on an empty queue is abandoned.
     */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        // No interrupt: an interrupted SDK call throws away a response that already arrived, and the messages in it
        // would stay invisible for a whole visibility timeout. The reader closes the client, which ends the poll.
        poller.shutdown();
        if (!poller.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.debug("Abandoning a long poll of {} still waiting at SQS", proxy.queueUrl());
        }
    }
}
