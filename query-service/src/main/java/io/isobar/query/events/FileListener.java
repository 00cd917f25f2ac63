package io.isobar.query.events;

import io.isobar.model.ForecastFile;

/** What the files stream tells those who follow it: each newly indexed file, and a tick about once a second. */
public interface FileListener {

    /**
     * A newly indexed file.
     *
     * @param live false while the instance catches up on the stream's retained history at start-up
     */
    void fileIndexed(ForecastFile file, boolean live);

    /** About once a second, for what changes with time alone (a run that went quiet). */
    default void tick() {}
}
