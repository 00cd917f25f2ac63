package io.isobar.index;

import java.time.Instant;
import java.util.TreeMap;

/**
 * The files of every run valid at one time of one model, as the job counts them for the valid-time marker: the
 * count of each run's step (absolute counts, so merging keeps the larger of two counts of one run and nothing counts
 * twice) and when the last of them expires. Both come from the steps alone, so a tally started again from the
 * stored run summaries is the tally it was.
 *
 * @param runs files valid at the time, per run
 */
public record TimeTally(String model, Instant time, TreeMap<Instant, Long> runs, Instant expiresAt) {

    public TimeTally {
        runs = new TreeMap<>(runs);
    }

    /** No file yet. */
    public static TimeTally empty(String model, Instant time) {
        return new TimeTally(model, time, new TreeMap<>(), null);
    }

    /** With the step of {@code step}'s run at this time (a summary of any steps: only this time's counts). */
    public TimeTally with(RunSummary step) {
        long files = step.filesAt(time);
        if (files == 0) {
            return this;
        }
        TreeMap<Instant, Long> r = new TreeMap<>(runs);
        r.merge(step.run(), files, Math::max);
        return new TimeTally(model, time, r, RunSummary.later(expiresAt, step.expiresAt(time)));
    }

    /** Every file valid at the time. */
    public long files() {
        return runs.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The valid-time marker with its count. */
    public Marker marker() {
        return Marker.validTime(model, time).withTally(new Marker.Tally(files(), null, expiresAt));
    }
}
