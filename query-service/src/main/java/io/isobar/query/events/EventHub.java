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
 * queue is full is too slow: it is dropped (its connection closed), never allowed to grow memory.
 *
 * <p>Runs: a {@code run} event with {@code state} {@code started} when the first file of a (model,
 * forecast_reference_time) is seen, and {@code complete} when no new file has arrived for the quiet period (a file
 * after that makes it {@code growing} again). The hub also keeps what {@code GET /v1/status} shows: per model, its
 * newest run and how fast files became queryable.
 *
 * <p>Thread-safe.
 */
public final class EventHub {

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    /**
     * How much the hub keeps and how it treats clients.
     *
     * @param history events kept for clients that reconnect (default 20,000)
     * @param clientBuffer events queued per client before it is dropped as slow (default 1,024)
     * @param heartbeat the longest silence on a stream (default 15 s)
     * @param runQuiet how long a run must go without a new file to be "complete" (default 10 min)
     * @param maxClients streams one instance serves at once (default 150: each holds one of the server's 250 threads)
     */
    public record Settings(int history, int clientBuffer, Duration heartbeat, Duration runQuiet, int maxClients) {

        public static Settings defaults() {
            return new Settings(20_000, 1024, Duration.ofSeconds(15), Duration.ofMinutes(10), 150);
        }

        public Settings withClientBuffer(int n) {
            return new Settings(history, n, heartbeat, runQuiet, maxClients);
        }

        public Settings withHeartbeat(Duration d) {
            return new Settings(history, clientBuffer, d, runQuiet, maxClients);
        }

        public Settings withRunQuiet(Duration d) {
            return new Settings(history, clientBuffer, heartbeat, d, maxClients);
        }

        public Settings withMaxClients(int n) {
            return new Settings(history, clientBuffer, heartbeat, runQuiet, n);
        }
    }

    /** One connected client: its filters and its bounded queue of events to write. */
    public final class Subscriber implements AutoCloseable {
        private final String model;
        private final String variable;
        private final BlockingQueue<LiveEvent> queue;
        private final AtomicBoolean dropped = new AtomicBoolean();
        private volatile Runnable onDrop = () -> { };
        private volatile long after;

        Subscriber(String model, String variable, int capacity) {
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

    /** A model run as seen on the stream. */
    private static final class Run {
        final String model;
        final Instant forecastReferenceTime;
        long files;
        Instant lastIndexedAt;
        long lastArrivalMillis;
        boolean complete;

        Run(String model, Instant forecastReferenceTime) {
            this.model = model;
            this.forecastReferenceTime = forecastReferenceTime;
        }
    }

    /** One lag sample: notification-to-queryable ({@code indexed_at - announced_at}) or index-to-event. */
    private record Lag(long atMillis, long lagMillis) {}

    /** The window {@code /v1/status} reports lags over. */
    private static final Duration LAG_WINDOW = Duration.ofHours(1);

    private final Settings settings;
    private final Clock clock;
    private final ArrayDeque<LiveEvent> history = new ArrayDeque<>();
    private final Map<String, LiveEvent> byId = new HashMap<>();
    private final Set<String> seenFiles = new java.util.HashSet<>();
    private final Map<String, Run> runs = new LinkedHashMap<>();
    /** Per model, {@code indexed_at - announced_at} of the files indexed in the last hour that were announced. */
    private final Map<String, ArrayDeque<Lag>> lags = new HashMap<>();
    /** Per model, how long after {@code indexed_at} this instance saw each file on the stream (live files only). */
    private final Map<String, ArrayDeque<Lag>> eventLags = new HashMap<>();
    private final Map<String, Instant> lastLanded = new HashMap<>();
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong droppedClients = new AtomicLong();

    public EventHub(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * A newly indexed file (from the stream): a {@code file} event, and a {@code run} event if its run is new.
     *
     * @param fresh false while catching up on the stream's history at start-up (no event lag is recorded then; the
     *     notification-to-queryable lag is the file's own, so it is recorded for every file indexed in the last hour)
     */
    public void fileIndexed(ForecastFile f, boolean fresh) {
        Instant announcedAt = f.announcedAt();
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
            if (announcedAt != null) {
                data.put("announced_at", announcedAt.toString());
            }
            String id = f.indexedAt() + "|" + FileItems.iso(f.time()) + "|" + f.model() + "#" + f.variable() + "#"
                    + FileItems.iso(f.forecastReferenceTime()) + "#" + f.objectId();
            out.add(append("file", id, data, f.model(), f.variable(), f.indexedAt()));

            String runKey = f.model() + "#" + FileItems.iso(f.forecastReferenceTime());
            Run run = runs.get(runKey);
            String state = null;
            if (run == null) {
                run = new Run(f.model(), f.forecastReferenceTime());
                runs.put(runKey, run);
                state = "started";
            } else if (run.complete) {
                run.complete = false;
                state = "growing";
            }
            run.files++;
            run.lastIndexedAt = run.lastIndexedAt == null || f.indexedAt().isAfter(run.lastIndexedAt) ? f.indexedAt() : run.lastIndexedAt;
            run.lastArrivalMillis = now;
            if (state != null) {
                out.add(runEvent(run, state, f.indexedAt()));
            }
            lastLanded.merge(f.model(), f.indexedAt(), (a, b) -> a.isAfter(b) ? a : b);
            if (announcedAt != null && f.indexedAt().toEpochMilli() >= now - LAG_WINDOW.toMillis()) {
                ArrayDeque<Lag> samples = lags.computeIfAbsent(f.model(), m -> new ArrayDeque<>());
                samples.addLast(new Lag(f.indexedAt().toEpochMilli(),
                        Math.max(0, f.indexedAt().toEpochMilli() - announcedAt.toEpochMilli())));
                trimLags(samples, now);
            }
            if (fresh) {
                ArrayDeque<Lag> samples = eventLags.computeIfAbsent(f.model(), m -> new ArrayDeque<>());
                samples.addLast(new Lag(now, Math.max(0, now - f.indexedAt().toEpochMilli())));
                trimLags(samples, now);
            }
        }
        deliver(out);
    }

    /** Marks runs that have had no new file for the quiet period as complete (called about once a second). */
    public void tick() {
        List<LiveEvent> out = new ArrayList<>();
        long now = clock.millis();
        synchronized (this) {
            for (Run run : runs.values()) {
                if (!run.complete && now - run.lastArrivalMillis >= settings.runQuiet().toMillis()) {
                    run.complete = true;
                    out.add(runEvent(run, "complete", run.lastIndexedAt));
                }
            }
        }
        deliver(out);
    }

    /**
     * Connects a client: events after {@code lastEventId} (if given) are in the returned replay list, later events
     * go to the subscriber's queue. Filters are null for "any".
     */
    public synchronized Connection connect(String model, String variable, String lastEventId) {
        Subscriber s = new Subscriber(model, variable, settings.clientBuffer());
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

    /** Clients dropped for being slow since start. */
    public long droppedClients() {
        return droppedClients.get();
    }

    /**
     * What {@code GET /v1/status} shows for each model seen on the stream.
     *
     * @param lag notification-to-queryable, {@code indexed_at - announced_at}, of the announced files indexed in the last hour
     * @param eventLag how long after {@code indexed_at} this instance saw the files on the stream, over the last hour
     */
    public record ModelLive(String model, String newestRun, long newestRunFiles, boolean growing, Instant lastFileIndexedAt,
            Percentiles lag, Percentiles eventLag) {}

    /** Lag percentiles over a window: how many samples, p50 and p99 (null when there is none). */
    public record Percentiles(long samples, Long p50Millis, Long p99Millis) {
        /** Of the samples taken since {@code sinceMillis} (the deque is trimmed from its head, but stream order is not quite time order). */
        static Percentiles of(ArrayDeque<Lag> samples, long sinceMillis) {
            long[] sorted = samples.stream().filter(l -> l.atMillis() >= sinceMillis).mapToLong(Lag::lagMillis).sorted().toArray();
            return new Percentiles(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99));
        }
    }

    public synchronized List<ModelLive> status() {
        long now = clock.millis();
        Map<String, Run> newest = new LinkedHashMap<>();
        for (Run r : runs.values()) {
            newest.merge(r.model, r, (a, b) -> a.forecastReferenceTime.isAfter(b.forecastReferenceTime) ? a : b);
        }
        List<ModelLive> out = new ArrayList<>();
        for (Run r : newest.values()) {
            ArrayDeque<Lag> samples = lags.getOrDefault(r.model, new ArrayDeque<>());
            trimLags(samples, now);
            ArrayDeque<Lag> eventSamples = eventLags.getOrDefault(r.model, new ArrayDeque<>());
            trimLags(eventSamples, now);
            out.add(new ModelLive(r.model, FileItems.iso(r.forecastReferenceTime), r.files, !r.complete,
                    lastLanded.get(r.model), Percentiles.of(samples, now - LAG_WINDOW.toMillis()),
                    Percentiles.of(eventSamples, now - LAG_WINDOW.toMillis())));
        }
        return out;
    }

    private static Long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private void trimLags(ArrayDeque<Lag> samples, long now) {
        long hourAgo = now - LAG_WINDOW.toMillis();
        while (!samples.isEmpty() && (samples.peekFirst().atMillis() < hourAgo || samples.size() > 100_000)) {
            samples.pollFirst();
        }
    }

    private LiveEvent runEvent(Run run, String state, Instant indexedAt) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", run.model);
        data.put("forecast_reference_time", FileItems.iso(run.forecastReferenceTime));
        data.put("state", state);
        data.put("files", run.files);
        data.put("last_indexed_at", run.lastIndexedAt == null ? null : run.lastIndexedAt.toString());
        String id = indexedAt + "|run|" + run.model + "#" + FileItems.iso(run.forecastReferenceTime) + "|" + state;
        return append("run", id, data, run.model, null, indexedAt);
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
