package io.isobar.simulator;

/**
 * Counters of a {@link Simulator} since it started.
 *
 * @param filesWritten netCDF files written
 * @param filesPublished files uploaded to the bucket
 * @param bytesPublished bytes uploaded
 * @param notificationsSent notifications accepted by the queue
 * @param failures writes, uploads or sends that failed (logged, not fatal)
 * @param runsCompleted model runs fully processed
 */
public record SimulatorStats(long filesWritten, long filesPublished, long bytesPublished, long notificationsSent,
                             long failures, long runsCompleted) {}
