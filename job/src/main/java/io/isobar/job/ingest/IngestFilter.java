package io.isobar.job.ingest;

import java.io.Serializable;
import java.time.Instant;
import java.util.Set;

import io.isobar.job.config.JobConfig;

/**
 * The allow-list of models and variables (empty = everything), and for a backfill a window of validity
 * times ({@code [from, to)}, either end open when null). Applied twice: to what is known before reading
 * the file (a notification's hints, an object key), so unwanted files cost no S3 read, and to the header,
 * which is the source of truth.
 */
public record IngestFilter(Set<String> models, Set<String> variables, Instant from, Instant to) implements Serializable {

    public IngestFilter {
        models = Set.copyOf(models);
        variables = Set.copyOf(variables);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("the time range is empty: from " + from + " is not before to " + to);
        }
    }

    /** An allow-list without a time window (the streaming job's). */
    public IngestFilter(Set<String> models, Set<String> variables) {
        this(models, variables, null, null);
    }

    /** The allow-list the job's settings name: the one place it is built from configuration. */
    public static IngestFilter of(JobConfig config) {
        return new IngestFilter(config.filter().models(), config.filter().variables());
    }

    public static IngestFilter all() {
        return new IngestFilter(Set.of(), Set.of());
    }

    /** The same allow-list, limited to validity times in {@code [from, to)} (either may be null). */
    public IngestFilter withTimeRange(Instant from, Instant to) {
        return new IngestFilter(models, variables, from, to);
    }

    /** Accepts unless a known value is outside the allow-list; an unknown (null) value passes to the header check. */
    public boolean mayAccept(String model, String variable) {
        return (model == null || models.isEmpty() || models.contains(model))
                && (variable == null || variables.isEmpty() || variables.contains(variable));
    }

    /** As {@link #mayAccept(String, String)}, and a known validity time must be inside the time window. */
    public boolean mayAccept(String model, String variable, Instant time) {
        return mayAccept(model, variable) && (time == null || inTimeRange(time));
    }

    /** The final decision on the model and variable read from the file (the time window aside). */
    public boolean accepts(String model, String variable) {
        return (models.isEmpty() || models.contains(model)) && (variables.isEmpty() || variables.contains(variable));
    }

    /** The final decision, on values read from the file. */
    public boolean accepts(String model, String variable, Instant time) {
        return accepts(model, variable) && inTimeRange(time);
    }

    /** True when validity time {@code time} is inside the window (always, without one). */
    public boolean inTimeRange(Instant time) {
        return (from == null || !time.isBefore(from)) && (to == null || time.isBefore(to));
    }

    /** True when this filter has a time window. */
    public boolean hasTimeRange() {
        return from != null || to != null;
    }
}
