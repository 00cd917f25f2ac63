package io.isobar.index;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.isobar.model.ForecastFile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A marker item of the valid-times table, the one type for the job that writes it and the service that lists it:
 * "model M has a file valid at T" (partition {@code M}, sort {@code T}) or "model M has a file of the run started at
 * R" (partition {@code M#runs}, sort {@code R}). They let the API list valid times and runs with one Query each; see
 * {@code docs/index-schema.md}.
 *
 * @param time the valid time or the run's forecast reference time, kept to the second like the item
 */
public record Marker(Kind kind, String model, Instant time) {

    /** Which of the two markers. */
    public enum Kind {
        /** A file is valid at the time: partition {@code model}. */
        VALID_TIME,
        /** A file of the run started at the time: partition {@code model#runs}. */
        RUN;

        /** The valid-times partition holding this kind of marker of {@code model}. */
        public String partition(String model) {
            return this == RUN ? FileItems.runsPartition(model) : model;
        }
    }

    /** The valid-time marker. */
    public static Marker validTime(String model, Instant time) {
        return new Marker(Kind.VALID_TIME, model, time);
    }

    /** The run marker. */
    public static Marker run(String model, Instant forecastReferenceTime) {
        return new Marker(Kind.RUN, model, forecastReferenceTime);
    }

    /** The two markers every indexed file implies. */
    public static List<Marker> of(ForecastFile file) {
        return List.of(validTime(file.model(), file.time()), run(file.model(), file.forecastReferenceTime()));
    }

    /** The partition of the item. */
    public String partition() {
        return kind.partition(model);
    }

    /** The item's identity as one string (the job keys its marker deduplication by it). */
    public String key() {
        return partition() + "|" + FileItems.iso(time);
    }

    /** The valid-times table item. */
    public Map<String, AttributeValue> toItem() {
        return Map.of(IndexSchema.TIMES_PK, AttributeValue.fromS(partition()),
                IndexSchema.TIMES_SK, AttributeValue.fromS(FileItems.iso(time)));
    }

    /** The marker a valid-times table item holds. */
    public static Marker fromItem(Map<String, AttributeValue> item) {
        String partition = item.get(IndexSchema.TIMES_PK).s();
        Instant time = Instant.parse(item.get(IndexSchema.TIMES_SK).s());
        return partition.endsWith(IndexSchema.RUNS_PARTITION_SUFFIX)
                ? run(partition.substring(0, partition.length() - IndexSchema.RUNS_PARTITION_SUFFIX.length()), time)
                : validTime(partition, time);
    }
}
