package io.isobar.query.files;

import java.time.Instant;
import java.util.List;

import io.isobar.model.ForecastFile;

/**
 * A forecast file as the API shows it: CF and Met Office names in snake_case, times ISO-8601 UTC,
 * {@code forecast_period} in integer seconds, {@code uri} the archived copy and {@code source_uri} the
 * Met Office original (which disappears after a few days), {@code indexed_at} when it was indexed and
 * {@code announced_at} when the Met Office announced it (absent when not known, e.g. backfilled files).
 */
public record FileView(
        String model,
        String variable,
        String standardName,
        String longName,
        String units,
        String cellMethods,
        Instant forecastReferenceTime,
        long forecastPeriod,
        Instant time,
        List<Integer> realizations,
        List<Double> heights,
        List<Double> pressures,
        List<String> dimensions,
        String uri,
        String sourceUri,
        long sizeBytes,
        String objectId,
        Instant indexedAt,
        Instant announcedAt) {

    public static FileView of(ForecastFile f) {
        return new FileView(f.model(), f.variable(), f.standardName(), f.longName(), f.units(), f.cellMethods(),
                f.forecastReferenceTime(), f.forecastPeriod(), f.time(), f.realizations(), f.heights(), f.pressures(),
                f.dimensions(), f.uri(), f.sourceUri(), f.sizeBytes(), f.objectId(), f.indexedAt(),
                f.announcedAt());
    }
}
