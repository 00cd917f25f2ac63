package io.isobar.job.pipeline;

import java.util.List;

import io.isobar.index.FileItems;
import io.isobar.model.ForecastFile;

/**
 * A marker item of the valid-times table: "model M has a file valid at T" (partition {@code M}, sort
 * {@code T}) or "model M has a file of the run started at R" (partition {@code M#runs}, sort {@code R}).
 * They let the API list valid times and runs with one Query each; see {@code docs/index-schema.md}.
 */
public record Marker(String partition, String sort) {

    /** The two markers every indexed file implies. */
    public static List<Marker> of(ForecastFile file) {
        return List.of(
                new Marker(file.model(), FileItems.iso(file.time())),
                new Marker(FileItems.runsPartition(file.model()), FileItems.iso(file.forecastReferenceTime())));
    }

    /** The key the marker operator is partitioned by. */
    public String key() {
        return partition + "|" + sort;
    }
}
