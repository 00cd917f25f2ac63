package io.isobar.index;

import java.time.Duration;
import java.time.Instant;

import io.isobar.model.ForecastFile;

/**
 * What the index summaries need of one indexed file: which model, run, validity time and variable it belongs to,
 * which object it is (so that a file seen twice counts once), when it was indexed and when its entry expires.
 */
public record FileFact(String model, String variable, Instant run, Instant time, String objectId, Instant indexedAt,
        Instant expiresAt) {

    /** The facts of {@code f}, whose entry expires {@code retention} after it was indexed (as {@link FileItems#toItem}). */
    public static FileFact of(ForecastFile f, Duration retention) {
        return new FileFact(f.model(), f.variable(), f.forecastReferenceTime().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                f.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), f.objectId(), f.indexedAt(),
                Instant.ofEpochSecond(f.indexedAt().plus(retention).getEpochSecond()));
    }

    /** The key of the step this file counts in: {@code model#run#time}. */
    public String stepKey() {
        return model + IndexSchema.SEP + FileItems.iso(run) + IndexSchema.SEP + FileItems.iso(time);
    }

    /** The object as a 64-bit number: its 16 hex digits when it has that form (the job's ids), else a hash. */
    public long objectNumber() {
        if (objectId.length() == 16) {
            try {
                return Long.parseUnsignedLong(objectId, 16);
            } catch (NumberFormatException notHex) {
                // hashed below
            }
        }
        long h = 0xcbf29ce484222325L; // FNV-1a, 64 bits: ids of one step number in the hundreds, collisions are moot
        for (int i = 0; i < objectId.length(); i++) {
            h ^= objectId.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
