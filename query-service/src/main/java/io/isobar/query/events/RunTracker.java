package io.isobar.query.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.isobar.index.FileItems;
import io.isobar.model.ForecastFile;

/**
 * The runs this instance has seen on the files stream and their state: {@code started} with the first file of a
 * (model, forecast_reference_time), {@code complete} once no file has come for the quiet period, {@code growing} when
 * a file comes after that. Bounded: a complete run is forgotten once it has been quiet for {@code keep} (default two
 * days, beyond the stream's 24 hours), and only the runs still open are looked at each second. Not thread-safe: the
 * {@link EventHub} calls it under its lock.
 */
final class RunTracker {

    /** A run as seen on the stream, and the state it is in. */
    record RunState(String model, Instant forecastReferenceTime, long files, Instant lastIndexedAt, boolean complete) {}

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

        RunState state() {
            return new RunState(model, forecastReferenceTime, files, lastIndexedAt, complete);
        }
    }

    /** What a file did to its run: the run after it, and the new state's name when it changed. */
    record Change(RunState run, Optional<String> state) {}

    private final Duration quiet;
    private final Duration keep;
    private final Map<String, Run> runs = new HashMap<>();
    /** The runs not yet complete: what {@link #tick} looks at. */
    private final Map<String, Run> open = new LinkedHashMap<>();
    private final Map<String, Run> newest = new HashMap<>();

    RunTracker(Duration quiet, Duration keep) {
        this.quiet = quiet;
        this.keep = keep;
    }

    /** Counts {@code f} in its run. */
    Change fileIndexed(ForecastFile f, long nowMillis) {
        String key = f.model() + "#" + FileItems.iso(f.forecastReferenceTime());
        Run run = runs.get(key);
        String state = null;
        if (run == null) {
            run = new Run(f.model(), f.forecastReferenceTime());
            runs.put(key, run);
            state = "started";
        } else if (run.complete) {
            run.complete = false;
            state = "growing";
        }
        open.put(key, run);
        run.files++;
        run.lastIndexedAt = run.lastIndexedAt == null || f.indexedAt().isAfter(run.lastIndexedAt) ? f.indexedAt() : run.lastIndexedAt;
        run.lastArrivalMillis = nowMillis;
        Run best = newest.get(f.model());
        if (best == null || !best.forecastReferenceTime.isAfter(run.forecastReferenceTime)) {
            newest.put(f.model(), run);
        }
        return new Change(run.state(), Optional.ofNullable(state));
    }

    /** The runs that have just gone quiet (now complete), and forgets complete runs quiet for longer than {@code keep}. */
    List<RunState> tick(long nowMillis) {
        List<RunState> completed = new ArrayList<>();
        for (Iterator<Run> it = open.values().iterator(); it.hasNext();) {
            Run run = it.next();
            if (nowMillis - run.lastArrivalMillis >= quiet.toMillis()) {
                run.complete = true;
                it.remove();
                completed.add(run.state());
            }
        }
        runs.values().removeIf(r -> r.complete && nowMillis - r.lastArrivalMillis >= keep.toMillis()
                && newest.get(r.model) != r);
        return completed;
    }

    /** The newest run of each model seen on the stream. */
    Map<String, RunState> newest() {
        Map<String, RunState> out = new HashMap<>();
        newest.forEach((model, run) -> out.put(model, run.state()));
        return out;
    }

    /** How many runs are remembered (for tests of the bound). */
    int size() {
        return runs.size();
    }
}
