package io.isobar.index;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one model run holds, kept by the job so that the API never reads a run's files to describe it: how many files
 * it has at each validity time ({@code steps}: seconds after the run → files) and when the last of them expires, its
 * variables, when its newest file was indexed and when its last file expires. Item: partition
 * {@code model#run-summaries}, sort the run's forecast_reference_time (see {@code docs/index-schema.md}).
 *
 * <p>Summaries merge without double counting: a step's count is an absolute count of distinct files (never a
 * delta), so merging keeps the larger of two counts of one step, and variables are a union. A replay, a restart
 * or a summary read back from the table therefore never counts a file twice.
 *
 * @param steps files per validity time, keyed by the time's offset from the run in seconds (its forecast_period)
 * @param stepExpiries when the last file of each step expires (epoch seconds), keyed as {@code steps}
 */
public record RunSummary(String model, Instant run, TreeMap<Long, Long> steps, TreeMap<Long, Long> stepExpiries,
        TreeSet<String> variables, Instant lastIndexedAt, Instant expiresAt) {

    static final String STEPS = "steps";
    static final String STEP_EXPIRIES = "step_expiries";
    static final String VARIABLES = "variables";

    public RunSummary {
        steps = new TreeMap<>(steps);
        stepExpiries = new TreeMap<>(stepExpiries);
        variables = new TreeSet<>(variables);
    }

    /** The summary of one step of a run: {@code files} distinct files valid at {@code time}, of {@code variables}. */
    public static RunSummary step(String model, Instant run, Instant time, long files, TreeSet<String> variables,
            Instant lastIndexedAt, Instant expiresAt) {
        long step = Duration.between(run, time).toSeconds();
        TreeMap<Long, Long> steps = new TreeMap<>();
        steps.put(step, files);
        TreeMap<Long, Long> expiries = new TreeMap<>();
        if (expiresAt != null) {
            expiries.put(step, expiresAt.getEpochSecond());
        }
        return new RunSummary(model, run, steps, expiries, variables, lastIndexedAt, expiresAt);
    }

    /** Every file of the run. */
    public long files() {
        return steps.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The run's validity times, in order. */
    public List<Instant> times() {
        return steps.keySet().stream().map(run::plusSeconds).toList();
    }

    /** The files valid at {@code time}, 0 when the run has none then. */
    public long filesAt(Instant time) {
        return steps.getOrDefault(Duration.between(run, time).toSeconds(), 0L);
    }

    /** When the last file valid at {@code time} expires, or null. */
    public Instant expiresAt(Instant time) {
        Long e = stepExpiries.get(Duration.between(run, time).toSeconds());
        return e == null ? null : Instant.ofEpochSecond(e);
    }

    /** The two summaries of one run as one: each step's larger count, every variable, the later times. */
    public RunSummary merge(RunSummary other) {
        if (!model.equals(other.model) || !run.equals(other.run)) {
            throw new IllegalArgumentException("Cannot merge summaries of two runs: " + key() + " and " + other.key());
        }
        TreeMap<Long, Long> s = new TreeMap<>(steps);
        other.steps.forEach((step, n) -> s.merge(step, n, Math::max));
        TreeMap<Long, Long> e = new TreeMap<>(stepExpiries);
        other.stepExpiries.forEach((step, at) -> e.merge(step, at, Math::max));
        TreeSet<String> v = new TreeSet<>(variables);
        v.addAll(other.variables);
        return new RunSummary(model, run, s, e, v, later(lastIndexedAt, other.lastIndexedAt), later(expiresAt, other.expiresAt));
    }

    /** The run marker that goes with the summary: the run's file count. */
    public Marker marker() {
        return Marker.run(model, run).withTally(new Marker.Tally(files(), lastIndexedAt, expiresAt));
    }

    /** The item's identity, {@code model#run-summaries|run}. */
    public String key() {
        return partition(model) + "|" + FileItems.iso(run);
    }

    /** The valid-times partition holding the run summaries of {@code model}. */
    public static String partition(String model) {
        return model + IndexSchema.RUN_SUMMARIES_PARTITION_SUFFIX;
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(IndexSchema.TIMES_PK, AttributeValue.fromS(partition(model)));
        item.put(IndexSchema.TIMES_SK, AttributeValue.fromS(FileItems.iso(run)));
        item.put(Marker.FILE_COUNT, FileItems.n(files()));
        Map<String, AttributeValue> s = new HashMap<>();
        steps.forEach((step, n) -> s.put(Long.toString(step), FileItems.n(n)));
        item.put(STEPS, AttributeValue.fromM(s));
        Map<String, AttributeValue> e = new HashMap<>();
        stepExpiries.forEach((step, at) -> e.put(Long.toString(step), FileItems.n(at)));
        item.put(STEP_EXPIRIES, AttributeValue.fromM(e));
        if (!variables.isEmpty()) {
            item.put(VARIABLES, AttributeValue.fromSs(List.copyOf(variables)));
        }
        if (lastIndexedAt != null) {
            item.put(Marker.LAST_INDEXED_AT, AttributeValue.fromS(lastIndexedAt.toString()));
        }
        if (expiresAt != null) {
            item.put(IndexSchema.TIMES_TTL, FileItems.n(expiresAt.getEpochSecond()));
        }
        return item;
    }

    public static RunSummary fromItem(Map<String, AttributeValue> item) {
        String partition = item.get(IndexSchema.TIMES_PK).s();
        String model = partition.substring(0, partition.length() - IndexSchema.RUN_SUMMARIES_PARTITION_SUFFIX.length());
        TreeMap<Long, Long> steps = new TreeMap<>();
        AttributeValue s = item.get(STEPS);
        if (s != null && s.hasM()) {
            s.m().forEach((step, n) -> steps.put(Long.parseLong(step), Long.parseLong(n.n())));
        }
        TreeMap<Long, Long> expiries = new TreeMap<>();
        AttributeValue e = item.get(STEP_EXPIRIES);
        if (e != null && e.hasM()) {
            e.m().forEach((step, at) -> expiries.put(Long.parseLong(step), Long.parseLong(at.n())));
        }
        AttributeValue v = item.get(VARIABLES);
        TreeSet<String> variables = v != null && v.hasSs() ? new TreeSet<>(v.ss()) : new TreeSet<>();
        String last = FileItems.str(item, Marker.LAST_INDEXED_AT);
        AttributeValue expires = item.get(IndexSchema.TIMES_TTL);
        return new RunSummary(model, Instant.parse(item.get(IndexSchema.TIMES_SK).s()), steps, expiries, variables,
                last == null ? null : Instant.parse(last), expires == null ? null : Instant.ofEpochSecond(Long.parseLong(expires.n())));
    }

    static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
