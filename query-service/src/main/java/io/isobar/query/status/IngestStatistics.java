package io.isobar.query.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.isobar.model.ForecastFile;
import io.isobar.query.events.FileListener;

/**
 * What {@code GET /v1/status} says about ingest, from the files stream this instance reads (no index read): per model,
 * how fast files became queryable over the last hour ({@code indexed_at - announced_at}), how long after indexing this
 * instance saw them, how many were indexed in the last minutes and when the last one was. Bounded: one hour of
 * samples (at most 100,000 per model) and one counter per minute of the last hour. Thread-safe.
 */
public final class IngestStatistics implements FileListener {

    /** The window lags and arrivals are reported over. */
    static final Duration WINDOW = Duration.ofHours(1);
    private static final int MAX_SAMPLES = 100_000;

    /** One lag sample: when it was taken, and the lag. */
    private record Lag(long atMillis, long lagMillis) {}

    /** Lag percentiles over the window: how many samples, p50 and p99 (null when there is none). */
    public record Percentiles(long samples, Long p50Millis, Long p99Millis) {}

    /**
     * One model's arrivals and lags.
     *
     * @param filesLast5Minutes files indexed in the last 5 minutes (by their {@code indexed_at})
     * @param filesLastHour files indexed in the last hour
     * @param lag notification-to-queryable of the announced files indexed in the last hour
     * @param eventLag how long after {@code indexed_at} this instance saw the files, over the last hour
     */
    public record ModelIngest(String model, Instant lastFileIndexedAt, long filesLast5Minutes, long filesLastHour,
            Percentiles lag, Percentiles eventLag) {}

    private static final class PerModel {
        final ArrayDeque<Lag> lags = new ArrayDeque<>();
        final ArrayDeque<Lag> eventLags = new ArrayDeque<>();
        /** Files indexed per minute (epoch minute → count), the last hour only. */
        final TreeMap<Long, Long> perMinute = new TreeMap<>();
        Instant lastIndexedAt;
    }

    private final Clock clock;
    private final Map<String, PerModel> models = new HashMap<>();

    public IngestStatistics(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void fileIndexed(ForecastFile f, boolean live) {
        long now = clock.millis();
        long since = now - WINDOW.toMillis();
        PerModel m = models.computeIfAbsent(f.model(), k -> new PerModel());
        long indexed = f.indexedAt().toEpochMilli();
        if (m.lastIndexedAt == null || f.indexedAt().isAfter(m.lastIndexedAt)) {
            m.lastIndexedAt = f.indexedAt();
        }
        if (indexed >= since) {
            m.perMinute.merge(indexed / 60_000, 1L, Long::sum);
            if (f.announcedAt() != null) {
                add(m.lags, new Lag(indexed, Math.max(0, indexed - f.announcedAt().toEpochMilli())), since);
            }
        }
        if (live) {
            add(m.eventLags, new Lag(now, Math.max(0, now - indexed)), since);
        }
        m.perMinute.headMap(since / 60_000).clear();
    }

    /** Each model seen on the stream. */
    public synchronized Map<String, ModelIngest> models() {
        long now = clock.millis();
        long since = now - WINDOW.toMillis();
        Map<String, ModelIngest> out = new TreeMap<>();
        models.forEach((model, m) -> {
            trim(m.lags, since);
            trim(m.eventLags, since);
            m.perMinute.headMap(since / 60_000).clear();
            long lastHour = m.perMinute.values().stream().mapToLong(Long::longValue).sum();
            long last5 = m.perMinute.tailMap((now - Duration.ofMinutes(5).toMillis()) / 60_000, false).values().stream()
                    .mapToLong(Long::longValue).sum();
            out.put(model, new ModelIngest(model, m.lastIndexedAt, last5, lastHour, percentiles(m.lags, since),
                    percentiles(m.eventLags, since)));
        });
        return out;
    }

    private static void add(ArrayDeque<Lag> samples, Lag lag, long since) {
        samples.addLast(lag);
        trim(samples, since);
    }

    private static void trim(ArrayDeque<Lag> samples, long since) {
        while (!samples.isEmpty() && (samples.peekFirst().atMillis() < since || samples.size() > MAX_SAMPLES)) {
            samples.pollFirst();
        }
    }

    /** Of the samples taken since {@code since} (the deque is trimmed from its head, but stream order is not quite time order). */
    private static Percentiles percentiles(ArrayDeque<Lag> samples, long since) {
        long[] sorted = samples.stream().filter(l -> l.atMillis() >= since).mapToLong(Lag::lagMillis).sorted().toArray();
        return new Percentiles(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static Long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
