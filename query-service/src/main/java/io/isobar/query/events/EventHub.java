package io.isobar.query.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.isobar.index.FileItems;
import io.isobar.json.Json;
import io.isobar.model.ForecastFile;

/**
 * Turns newly indexed files into {@code file} and {@code run} events, keeps the most recent ones for clients that
 * reconnect ({@code Last-Event-ID}), and hands each event to every connected client's bounded queue. A client whose
 * queue is full is too slow: it is dropped (its connection closed), never allowed to grow memory. Run states come from
 * a {@link RunTracker}; what {@code /v1/status} reports on lags and arrivals is kept elsewhere
 * ({@code status.IngestStatistics}).
 *
 * <p>Thread-safe.
 */
public final class EventHub implements FileListener {

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    /**
     * How much the hub keeps and how it treats clients.
     *
     * @param history events kept for clients that reconnect (default 20,000)
     * @param clientBuffer events queued per client before it is dropped as slow (default 1,024)
     * @param heartbeat the longest silence on a stream (default 15 s)
     * @param runQuiet how long a run must go without a new file to be "complete" (default 10 min)
     * @param maxClients streams one instance serves at once (default 150: each holds one of the server's 250 threads)
     * @param maxClientsPerKey streams one API key may hold on one instance (default 5), so one key cannot take them all
     * @param maxLifetime how long one stream lasts before the server ends it (default 15 min): the client reconnects
     *     with {@code Last-Event-ID}, missing nothing, and its key is checked again then, so a revoked key stops
     * @param streamPoll the least time between two reads of one shard of the files stream by this instance (default
     *     1.5 s, see {@link FilesStream})
     */
    public record Settings(int history, int clientBuffer, Duration heartbeat, Duration runQuiet, int maxClients,
            int maxClientsPerKey, Duration maxLifetime, Duration streamPoll) {

        public static Settings defaults() {
            return new Settings(20_000, 1024, Duration.ofSeconds(15), Duration.ofMinutes(10), 150, 5, Duration.ofMinutes(15),
                    FilesStream.POLL);
        }

        public Settings withStreamPoll(Duration d) {
            return new Settings(history, clientBuffer, heartbeat, runQuiet, maxClients, maxClientsPerKey, maxLifetime, d);
        }

        public Settings withClientBuffer(int n) {
            return new Settings(history, n, heartbeat, runQuiet, maxClients, maxClientsPerKey, maxLifetime, streamPoll);
        }

        public Settings withHeartbeat(Duration d) {
            return new Settings(history, clientBuffer, d, runQuiet, maxClients, maxClientsPerKey, maxLifetime, streamPoll);
        }

        public Settings withRunQuiet(Duration d) {
            return new Settings(history, clientBuffer, heartbeat, d, maxClients, maxClientsPerKey, maxLifetime, streamPoll);
        }

        public Settings withMaxClients(int n) {
            return new Settings(history, clientBuffer, heartbeat, runQuiet, n, maxClientsPerKey, maxLifetime, streamPoll);
        }

        public Settings withMaxClientsPerKey(int n) {
            return new Settings(history, clientBuffer, heartbeat, runQuiet, maxClients, n, maxLifetime, streamPoll);
        }

        public Settings withMaxLifetime(Duration d) {
            return new Settings(history, clientBuffer, heartbeat, runQuiet, maxClients, maxClientsPerKey, d, streamPoll);
        }
    }

    /** One connected client: its key, its filters and its bounded queue of events to write. */
    public final class Subscriber implements AutoCloseable {
        private final String keyId;
        private final String model;
        private final String variable;
        private final BlockingQueue<LiveEvent> queue;
        private final AtomicBoolean dropped = new AtomicBoolean();
        private volatile Runnable onDrop = () -> { };
        private volatile long after;

        Subscriber(String keyId, String model, String variable, int capacity) {
            this.keyId = keyId;
            this.model = model;
            this.variable = variable;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        /** The next event, or null after {@code timeout} (time for a heartbeat) or once dropped. */
        public LiveEvent poll(Duration timeout) throws InterruptedException {
            if (dropped.get()) {
                return null;
            }
            for (;;) {
                LiveEvent e = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                // Events already sent by the replay are skipped.
                if (e == null || e.sequence() > after) {
                    return e;
                }
            }
        }

        public boolean dropped() {
            return dropped.get();
        }

        /** What to do when the client is dropped for being slow (close its connection). */
        public void onDrop(Runnable action) {
            this.onDrop = action;
        }

        void offer(LiveEvent e) {
            if (dropped.get() || !e.matches(model, variable)) {
                return;
            }
            if (!queue.offer(e)) {
                drop();
            }
        }

        private void drop() {
            if (dropped.compareAndSet(false, true)) {
                droppedClients.incrementAndGet();
                LOG.info("Dropped a slow /v1/events client: {} events waiting", queue.size());
                subscribers.remove(this);
                queue.clear();
                onDrop.run();
            }
        }

        /** Ends the stream at once (the service is stopping), waking a poll that waits for the next event. */
        void disconnect() {
            if (dropped.compareAndSet(false, true)) {
                subscribers.remove(this);
                queue.clear();
                queue.offer(new LiveEvent(Long.MAX_VALUE, "", "", "", null, null, 0));
                onDrop.run();
            }
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }

    /**
     * Ends every event stream, for a service that is stopping: a stream never ends by itself, so a graceful stop would
     * otherwise wait for it until its timeout. Clients reconnect (with {@code Last-Event-ID}) to another instance.
     */
    public void disconnectAll() {
        for (Subscriber s : subscribers) {
            s.disconnect();
        }
    }

    /** How long a complete run is remembered after its last file: beyond the stream's 24 hours of history. */
    private static final Duration RUN_KEEP = Duration.ofDays(2);

    private final Settings settings;
    private final Clock clock;
    private final ArrayDeque<LiveEvent> history = new ArrayDeque<>();
    private final Map<String, LiveEvent> byId = new HashMap<>();
    private final Set<String> seenFiles = new java.util.HashSet<>();
    private final RunTracker runs;
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong droppedClients = new AtomicLong();

    public EventHub(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.runs = new RunTracker(settings.runQuiet(), RUN_KEEP);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * A newly indexed file (from the stream): a {@code file} event, and a {@code run} event if its run is new or grows
     * again.
     */
    @Override
    public void fileIndexed(ForecastFile f, boolean live) {
        String fileKey = FileItems.iso(f.time()) + "|" + f.model() + "#" + f.variable() + "#" + f.forecastReferenceTime() + "#" + f.objectId();
        List<LiveEvent> out = new ArrayList<>(2);
        long now = clock.millis();
        synchronized (this) {
            if (!seenFiles.add(fileKey)) {
                return; // a replayed PutItem of the same file: not new
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("model", f.model());
            data.put("variable", f.variable());
            data.put("time", FileItems.iso(f.time()));
            data.put("forecast_reference_time", FileItems.iso(f.forecastReferenceTime()));
            data.put("forecast_period", f.forecastPeriod());
            data.put("realizations", f.realizations());
            data.put("uri", f.uri());
            data.put("indexed_at", f.indexedAt().toString());
            if (f.announcedAt() != null) {
                data.put("announced_at", f.announcedAt().toString());
            }
            String id = f.indexedAt() + "|" + FileItems.iso(f.time()) + "|" + f.model() + "#" + f.variable() + "#"
                    + FileItems.iso(f.forecastReferenceTime()) + "#" + f.objectId();
            out.add(append("file", id, data, f.model(), f.variable(), f.indexedAt()));
            RunTracker.Change change = runs.fileIndexed(f, now);
            change.state().ifPresent(state -> out.add(runEvent(change.run(), state, f.indexedAt())));
        }
        deliver(out);
    }

    /** Marks runs that have had no new file for the quiet period as complete (called about once a second). */
    @Override
    public void tick() {
        List<LiveEvent> out = new ArrayList<>();
        long now = clock.millis();
        synchronized (this) {
            for (RunTracker.RunState run : runs.tick(now)) {
                out.add(runEvent(run, "complete", run.lastIndexedAt()));
            }
        }
        deliver(out);
    }

    /**
     * Connects a client of API key {@code keyId}: events after {@code lastEventId} (if given) are in the returned
     * replay list, later events go to the subscriber's queue. Filters are null for "any". An id this instance has not
     * seen (an event of another instance, or one older than the history) is placed by its order: ids sort by
     * {@code indexed_at} first, so the events after it are still the ones the client missed.
     */
    public synchronized Connection connect(String keyId, String model, String variable, String lastEventId) {
        Subscriber s = new Subscriber(keyId, model, variable, settings.clientBuffer());
        List<LiveEvent> replay = new ArrayList<>();
        if (lastEventId != null) {
            LiveEvent last = byId.get(lastEventId);
            for (LiveEvent e : history) {
                boolean after = last != null ? e.sequence() > last.sequence() : e.id().compareTo(lastEventId) > 0;
                if (after && e.matches(model, variable)) {
                    replay.add(e);
                }
            }
        }
        s.after = sequence.get();
        subscribers.add(s);
        return new Connection(s, replay);
    }

    /** A new client's subscription and the events it missed. */
    public record Connection(Subscriber subscriber, List<LiveEvent> replay) {}

    /** Clients connected now. */
    public int clients() {
        return subscribers.size();
    }

    /** Clients of API key {@code keyId} connected now. */
    public int clients(String keyId) {
        return (int) subscribers.stream().filter(s -> keyId.equals(s.keyId)).count();
    }

    /** Clients dropped for being slow since start. */
    public long droppedClients() {
        return droppedClients.get();
    }

    /** What {@code /v1/status} shows of a model's newest run seen on the stream. */
    public record NewestRun(String model, Instant forecastReferenceTime, long files, boolean growing, Instant lastIndexedAt) {}

    /** The newest run of each model seen on the stream. */
    public synchronized Map<String, NewestRun> newestRuns() {
        Map<String, NewestRun> out = new HashMap<>();
        runs.newest().forEach((model, r) -> out.put(model,
                new NewestRun(model, r.forecastReferenceTime(), r.files(), !r.complete(), r.lastIndexedAt())));
        return out;
    }

    /** How many runs the hub remembers (bounded; for tests). */
    synchronized int runsRemembered() {
        return runs.size();
    }

    private LiveEvent runEvent(RunTracker.RunState run, String state, Instant indexedAt) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", run.model());
        data.put("forecast_reference_time", FileItems.iso(run.forecastReferenceTime()));
        data.put("state", state);
        data.put("files", run.files());
        data.put("last_indexed_at", run.lastIndexedAt() == null ? null : run.lastIndexedAt().toString());
        String id = indexedAt + "|run|" + run.model() + "#" + FileItems.iso(run.forecastReferenceTime()) + "|" + state;
        return append("run", id, data, run.model(), null, indexedAt);
    }

    /** Adds an event to the history (caller holds the lock). */
    private LiveEvent append(String name, String id, Map<String, Object> data, String model, String variable, Instant indexedAt) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an event", e);
        }
        LiveEvent e = new LiveEvent(sequence.incrementAndGet(), name, id, json, model, variable, indexedAt.toEpochMilli());
        history.addLast(e);
        byId.put(id, e);
        while (history.size() > settings.history()) {
            LiveEvent old = history.pollFirst();
            byId.remove(old.id());
        }
        if (seenFiles.size() > 4 * settings.history()) {
            seenFiles.clear(); // bounded: a replay older than this would show again, which is harmless
        }
        return e;
    }

    private void deliver(List<LiveEvent> events) {
        for (LiveEvent e : events) {
            for (Iterator<Subscriber> it = subscribers.iterator(); it.hasNext();) {
                it.next().offer(e);
            }
        }
    }
}
