package io.isobar.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * Hears what a running {@link Simulator} does, on the simulator's thread; keep the callbacks quick.
 * Every method does nothing by default.
 */
public interface SimulatorListener {

    /** A file was uploaded to {@code bucket} and its notification handed to the queue. */
    default void filePublished(SimulatedFile file, String bucket) {}

    /** Every file of a model run was processed (published or failed). */
    default void runCompleted(Instant forecastReferenceTime, int files, int failures, Duration took) {}

    /** Something failed and was counted; the simulator carries on. {@code what} names the file or step. */
    default void failed(String what, Exception cause) {}
}
