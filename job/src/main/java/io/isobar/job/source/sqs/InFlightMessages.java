package io.isobar.job.source.sqs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The bookkeeping of one reader's messages between receipt and deletion, by receipt handle. This is what makes the
 * source delete a message only after the checkpoint that covers it has completed:
 *
 * <ol>
 *   <li>{@link #received}: the poller got the message; it waits in the reader's queue.</li>
 *   <li>{@link #emitted}: the record emitter handed it on; the next checkpoint will cover it.</li>
 *   <li>{@link #fileUnder}: on {@code snapshotState(checkpointId)} every message emitted since the previous snapshot
 *       is filed under that checkpoint id.</li>
 *   <li>{@link #takeCompleted}: on {@code notifyCheckpointComplete(checkpointId)} every message filed under that id
 *       <em>or an earlier one</em> is due for deletion (completion notices may be skipped, and a later checkpoint
 *       covers everything an earlier one did).</li>
 *   <li>{@link #remove}: deleted, or given up on.</li>
 * </ol>
 *
 * <p>Nothing here is part of Flink state: receipt handles are worthless to another reader or after the visibility
 * timeout, so a restored reader starts empty and the messages of the failed one are simply delivered again.
 *
 * <p>Thread-safe: the poller, the task thread, the acknowledger and the metrics reporter all use it.
 */
final class InFlightMessages {

    /** Where a message stands. */
    enum Stage { RECEIVED, EMITTED, FILED, DELETING }

    private static final class Entry {
        final long sentTimestampMillis;
        final long receivedAtMillis;
        long visibilitySetAtMillis;
        Stage stage = Stage.RECEIVED;

        Entry(long sentTimestampMillis, long receivedAtMillis) {
            this.sentTimestampMillis = sentTimestampMillis;
            this.receivedAtMillis = receivedAtMillis;
            this.visibilitySetAtMillis = receivedAtMillis;
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private List<String> emittedSinceSnapshot = new ArrayList<>();
    private final NavigableMap<Long, List<String>> filedByCheckpoint = new TreeMap<>();
    private long firstEmittedAtMillis = -1;
    private boolean snapshotTaken;

    /** The poller received a message; its visibility timeout started at {@code nowMillis}. */
    public synchronized void received(String receiptHandle, long sentTimestampMillis, long nowMillis) {
        entries.putIfAbsent(receiptHandle, new Entry(sentTimestampMillis, nowMillis));
    }

    /** The message was emitted downstream: the next checkpoint covers it. */
    public synchronized void emitted(String receiptHandle, long nowMillis) {
        Entry entry = entries.get(receiptHandle);
        if (entry == null || entry.stage != Stage.RECEIVED) {
            // Already given up on (expired) while it waited in the reader's queue: it will be delivered again.
            return;
        }
        entry.stage = Stage.EMITTED;
        emittedSinceSnapshot.add(receiptHandle);
        if (firstEmittedAtMillis < 0) {
            firstEmittedAtMillis = nowMillis;
        }
    }

    /** Files the messages emitted since the previous snapshot under {@code checkpointId}; returns how many. */
    public synchronized int fileUnder(long checkpointId) {
        snapshotTaken = true;
        List<String> filed = new ArrayList<>(emittedSinceSnapshot.size());
        for (String handle : emittedSinceSnapshot) {
            Entry entry = entries.get(handle);
            if (entry != null && entry.stage == Stage.EMITTED) {
                entry.stage = Stage.FILED;
                filed.add(handle);
            }
        }
        emittedSinceSnapshot = new ArrayList<>();
        if (!filed.isEmpty()) {
            filedByCheckpoint.merge(checkpointId, filed, (earlier, later) -> {
                earlier.addAll(later);
                return earlier;
            });
        }
        return filed.size();
    }

    /**
     * Checkpoint {@code checkpointId} completed: returns the receipt handles filed under it and under every earlier
     * id, now due for deletion. They stay tracked (and kept invisible) until {@link #remove}d.
     */
    public synchronized List<String> takeCompleted(long checkpointId) {
        NavigableMap<Long, List<String>> completed = filedByCheckpoint.headMap(checkpointId, true);
        List<String> due = new ArrayList<>();
        for (List<String> handles : completed.values()) {
            for (String handle : handles) {
                Entry entry = entries.get(handle);
                if (entry != null && entry.stage == Stage.FILED) {
                    entry.stage = Stage.DELETING;
                    due.add(handle);
                }
            }
        }
        completed.clear();
        return due;
    }

    /** Stops tracking messages: deleted, or given up on. */
    public synchronized void remove(Collection<String> receiptHandles) {
        for (String handle : receiptHandles) {
            entries.remove(handle);
        }
    }

    /**
     * Messages whose visibility was last set at or before {@code setBeforeMillis}; they are marked as set at
     * {@code nowMillis}, since the caller is about to extend them.
     */
    public synchronized List<String> takeDueForExtension(long setBeforeMillis, long nowMillis) {
        List<String> due = new ArrayList<>();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (e.getValue().visibilitySetAtMillis <= setBeforeMillis) {
                e.getValue().visibilitySetAtMillis = nowMillis;
                due.add(e.getKey());
            }
        }
        return due;
    }

    /**
     * Gives up on messages received before {@code receivedBeforeMillis} that are still waiting for a completed
     * checkpoint (not those being deleted): they will be delivered again. Returns how many.
     */
    public synchronized int expire(long receivedBeforeMillis) {
        int expired = 0;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.receivedAtMillis < receivedBeforeMillis && entry.stage != Stage.DELETING) {
                it.remove();
                expired++;
            }
        }
        if (expired > 0) {
            emittedSinceSnapshot.removeIf(handle -> !entries.containsKey(handle));
            filedByCheckpoint.values().forEach(handles -> handles.removeIf(handle -> !entries.containsKey(handle)));
            filedByCheckpoint.values().removeIf(List::isEmpty);
        }
        return expired;
    }

    /** Every message not being deleted, and stops tracking them: the reader is closing and hands them back. */
    public synchronized List<String> takeAllNotDeleting() {
        List<String> handles = new ArrayList<>();
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Entry> e = it.next();
            if (e.getValue().stage != Stage.DELETING) {
                handles.add(e.getKey());
                it.remove();
            }
        }
        emittedSinceSnapshot.clear();
        filedByCheckpoint.clear();
        return handles;
    }

    /** Messages received and not yet deleted or given up on. */
    public synchronized int size() {
        return entries.size();
    }

    /** The SentTimestamp of the oldest tracked message, or {@link Long#MAX_VALUE} when there is none. */
    public synchronized long oldestSentTimestampMillis() {
        long oldest = Long.MAX_VALUE;
        for (Entry entry : entries.values()) {
            oldest = Math.min(oldest, entry.sentTimestampMillis);
        }
        return oldest;
    }

    /** When this reader first emitted a message, or -1; with {@link #snapshotTaken()}, detects missing checkpoints. */
    public synchronized long firstEmittedAtMillis() {
        return firstEmittedAtMillis;
    }

    /** Whether any checkpoint has reached this reader. */
    public synchronized boolean snapshotTaken() {
        return snapshotTaken;
    }

    /** The stage of one message, or null when it is not tracked; for tests. */
    synchronized Stage stageOf(String receiptHandle) {
        Entry entry = entries.get(receiptHandle);
        return entry == null ? null : entry.stage;
    }
}
