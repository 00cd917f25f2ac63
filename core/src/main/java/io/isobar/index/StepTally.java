package io.isobar.index;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The distinct files of one run valid at one time (one "step"), as the job counts them: the set of their objects, so
 * that a file delivered, replayed or re-published again counts once. Started from what the files table already holds
 * for the step (the job reads it once when it first meets the step), it counts exactly whatever the order of
 * deliveries, restarts and concurrent writers of the files.
 *
 * @param objects the objects' numbers ({@link FileFact#objectNumber()}), sorted, distinct
 */
public record StepTally(String model, Instant run, Instant time, long[] objects, TreeSet<String> variables,
        Instant lastIndexedAt, Instant expiresAt) {

    /** No file yet. */
    public static StepTally empty(FileFact f) {
        return new StepTally(f.model(), f.run(), f.time(), new long[0], new TreeSet<>(), null, null);
    }

    /** With {@code f}; this same tally when {@code f} changes nothing (a file counted already, with nothing newer). */
    public StepTally with(FileFact f) {
        long n = f.objectNumber();
        int at = Arrays.binarySearch(objects, n);
        long[] o = objects;
        if (at < 0) {
            int i = -at - 1;
            o = new long[objects.length + 1];
            System.arraycopy(objects, 0, o, 0, i);
            o[i] = n;
            System.arraycopy(objects, i, o, i + 1, objects.length - i);
        }
        boolean newVariable = !variables.contains(f.variable());
        Instant last = RunSummary.later(lastIndexedAt, f.indexedAt());
        Instant expires = RunSummary.later(expiresAt, f.expiresAt());
        if (o == objects && !newVariable && Objects.equals(last, lastIndexedAt) && Objects.equals(expires, expiresAt)) {
            return this;
        }
        TreeSet<String> v = variables;
        if (newVariable) {
            v = new TreeSet<>(variables);
            v.add(f.variable());
        }
        return new StepTally(model, run, time, o, v, last, expires);
    }

    /** How many distinct files. */
    public long files() {
        return objects.length;
    }

    /** The step as a one-step run summary. */
    public RunSummary summary() {
        return RunSummary.step(model, run, time, files(), variables, lastIndexedAt, expiresAt);
    }
}
