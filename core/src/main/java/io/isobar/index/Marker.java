package io.isobar.index;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A marker item of the valid-times table, the one type for the job that writes it and the service that lists it:
 * "model M has files valid at T" (partition {@code M}, sort {@code T}), "model M has files of the run started at R"
 * (partition {@code M#runs}, sort {@code R}) or "model M has had files" (partition {@code #models}, sort {@code M}). They let the API list models, valid times and runs with one Query each, counts
 * included, without reading a file; see {@code docs/index-schema.md}.
 *
 * @param time the valid time or the run's forecast reference time, kept to the second like the item; null for a
 *     model marker
 * @param tally how many files the marker stands for, or null when unknown (a listing position, or a marker written
 *     before the job counted files)
 */
public record Marker(Kind kind, String model, Instant time, Tally tally) {

    /** Which of the markers. */
    public enum Kind {
        /** Files are valid at the time: partition {@code model}. */
        VALID_TIME,
        /** Files of the run started at the time: partition {@code model#runs}. */
        RUN,
        /**
         * The model has had files: partition {@code #models}, sort key the model. It has no TTL (there is one per model
         * ever seen); readers check that the model still has a valid-time marker.
         */
        MODEL;

        /** The valid-times partition holding this kind of marker of {@code model}. */
        public String partition(String model) {
            return switch (this) {
                case RUN -> FileItems.runsPartition(model);
                case MODEL -> IndexSchema.MODELS_PARTITION;
                case VALID_TIME -> model;
            };
        }
    }

    /**
     * What a marker counts: its files (every file of the run, or every file valid at the time, of every run), when the
     * newest of them was indexed, and when the last of them expires (the marker's own TTL).
     */
    public record Tally(long files, Instant lastIndexedAt, Instant expiresAt) {}

    /** A marker without a tally (a position in a listing). */
    public Marker(Kind kind, String model, Instant time) {
        this(kind, model, time, null);
    }

    /** The valid-time marker, without a tally. */
    public static Marker validTime(String model, Instant time) {
        return new Marker(Kind.VALID_TIME, model, time);
    }

    /** The run marker, without a tally. */
    public static Marker run(String model, Instant forecastReferenceTime) {
        return new Marker(Kind.RUN, model, forecastReferenceTime);
    }

    /** The model marker. */
    public static Marker model(String model) {
        return new Marker(Kind.MODEL, model, null);
    }

    /** This marker with {@code tally}. */
    public Marker withTally(Tally t) {
        return new Marker(kind, model, time, t);
    }

    /** The partition of the item. */
    public String partition() {
        return kind.partition(model);
    }

    /** The sort key of the item. */
    public String sortKey() {
        return kind == Kind.MODEL ? model : FileItems.iso(time);
    }

    /** The item's identity as one string (the job keys its marker writes by it). */
    public String key() {
        return partition() + "|" + sortKey();
    }

    /** The valid-times table item. */
    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(IndexSchema.TIMES_PK, AttributeValue.fromS(partition()));
        item.put(IndexSchema.TIMES_SK, AttributeValue.fromS(sortKey()));
        if (tally != null) {
            item.put(FILE_COUNT, FileItems.n(tally.files()));
            if (tally.lastIndexedAt() != null) {
                item.put(LAST_INDEXED_AT, AttributeValue.fromS(tally.lastIndexedAt().toString()));
            }
            if (tally.expiresAt() != null) {
                item.put(IndexSchema.TIMES_TTL, FileItems.n(tally.expiresAt().getEpochSecond()));
            }
        }
        return item;
    }

    /** The number of files a marker counts. */
    public static final String FILE_COUNT = "file_count";
    /** When the newest file a marker counts was indexed. */
    public static final String LAST_INDEXED_AT = "last_indexed_at";
    /** A parameter's newest run. */
    static final String NEWEST_RUN = "newest_run";

    /** The marker a valid-times table item holds (its tally when it has a file count). */
    public static Marker fromItem(Map<String, AttributeValue> item) {
        String partition = item.get(IndexSchema.TIMES_PK).s();
        String sort = item.get(IndexSchema.TIMES_SK).s();
        if (partition.equals(IndexSchema.MODELS_PARTITION)) {
            return model(sort);
        }
        Instant time = Instant.parse(sort);
        Marker marker = partition.endsWith(IndexSchema.RUNS_PARTITION_SUFFIX)
                ? run(partition.substring(0, partition.length() - IndexSchema.RUNS_PARTITION_SUFFIX.length()), time)
                : validTime(partition, time);
        AttributeValue count = item.get(FILE_COUNT);
        if (count == null) {
            return marker;
        }
        String last = FileItems.str(item, LAST_INDEXED_AT);
        AttributeValue expires = item.get(IndexSchema.TIMES_TTL);
        Instant expiresAt = expires == null ? null : Instant.ofEpochSecond(Long.parseLong(expires.n()));
        return marker.withTally(new Tally(Long.parseLong(count.n()), last == null ? null : Instant.parse(last), expiresAt));
    }
}
