package io.isobar.job.ingest;

import io.isobar.model.ForecastFile;
import io.isobar.model.IngestError;

/**
 * What ingesting made of one task: an index entry, an error record, or nothing (the header showed the
 * file is not on the allow-list). Async I/O has no side outputs, so the three travel together and are
 * split right after.
 */
public record IngestOutcome(ForecastFile file, IngestError error, long announcedAtMillis) {

    public static IngestOutcome indexed(ForecastFile file, long announcedAtMillis) {
        return new IngestOutcome(file, null, announcedAtMillis);
    }

    public static IngestOutcome failed(IngestError error) {
        return new IngestOutcome(null, error, 0);
    }

    public static IngestOutcome skipped() {
        return new IngestOutcome(null, null, 0);
    }
}
