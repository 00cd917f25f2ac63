package io.isobar.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A file the simulator has written: what it holds, where it is on disk, its object key and size.
 *
 * @param spec what the file holds
 * @param key its object key in the simulated Met Office bucket
 * @param path where it was written (the simulator deletes it once uploaded)
 * @param size its size in bytes
 */
public record SimulatedFile(ForecastFileSpec spec, String key, Path path, long size) {

    public MetOfficeModel model() {
        return spec.model();
    }

    public Variable variable() {
        return spec.variable();
    }

    public Instant forecastReferenceTime() {
        return spec.forecastReferenceTime();
    }

    public Duration forecastPeriod() {
        return spec.forecastPeriod();
    }

    /** The validity time. */
    public Instant time() {
        return spec.time();
    }
}
