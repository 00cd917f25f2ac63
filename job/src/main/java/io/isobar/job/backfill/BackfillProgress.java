package io.isobar.job.backfill;

import java.util.Map;

import io.isobar.job.pipeline.Deduplicate;
import io.isobar.job.pipeline.SplitOutcomes;

/**
 * How far a backfill has got, from the job's accumulators: files indexed, skipped by their header, dropped
 * as duplicates, and failed. Live values come from a running job (the TaskManagers report them with their
 * heartbeats); the values of a finished job's result are exact.
 */
public record BackfillProgress(long indexed, long skippedByHeader, long duplicates, long failed) {

    public static final BackfillProgress NONE = new BackfillProgress(0, 0, 0, 0);

    /** Reads the accumulators of an ingest pipeline; missing ones (not reported yet) count as 0. */
    public static BackfillProgress of(Map<String, Object> accumulators) {
        return new BackfillProgress(get(accumulators, SplitOutcomes.FILES_INDEXED), get(accumulators, SplitOutcomes.FILES_SKIPPED_BY_HEADER),
                get(accumulators, Deduplicate.DUPLICATES_DROPPED), get(accumulators, SplitOutcomes.FILES_FAILED));
    }

    /** Files the pipeline is done with, whatever became of them. */
    public long processed() {
        return indexed + skippedByHeader + duplicates + failed;
    }

    private static long get(Map<String, Object> accumulators, String name) {
        return accumulators.get(name) instanceof Number n ? n.longValue() : 0;
    }
}
