package io.isobar.job.pipeline;

import io.isobar.index.FileItems;
import io.isobar.model.ForecastFile;

/** A (model, validity time) that has at least one indexed file; {@code time} is ISO-8601 UTC. */
public record ValidTime(String model, String time) {

    public static ValidTime of(ForecastFile file) {
        return new ValidTime(file.model(), FileItems.iso(file.time()));
    }

    /** The key the marker operator is partitioned by. */
    public String key() {
        return model + "#" + time;
    }
}
