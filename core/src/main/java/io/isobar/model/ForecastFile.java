package io.isobar.model;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.layout.StoredLayout;

/**
 * One indexed forecast file: what it holds (from its header), where it came from and where we keep it.
 *
 * <p>This is the index entry the job writes and the query service reads; {@link io.isobar.index.FileItems}
 * maps it to and from DynamoDB. Everything in it is fixed once the file is indexed, which is why the API
 * can cache it. The API shows it as it is ({@link io.isobar.json.Json}'s snake_case), with the source object's id after
 * its size, and without the ETag and the chunk layout, which are for reading the file, not for users.
 *
 * @param objectId stable id of the source object ({@link ObjectIdentity#id()}), distinguishes files that
 *     share model, variable, run and validity time (e.g. ensemble members split over several files)
 * @param uri the archived copy, {@code s3://archive-bucket/key}
 * @param sourceUri where the Met Office published it, {@code s3://bucket/key}
 * @param dimensions the data variable's dimensions as {@code name=size}, in order
 * @param chunkLayout where the data variable's chunk layout recorded at ingest is kept, or null (files indexed
 *     before layouts were recorded, or whose variable is not chunked): readers then read the file's header
 * @param announcedAt when the Met Office announced the object (see {@code docs/index-schema.md} for which timestamp),
 *     or null when nothing announced it (backfill) or it was indexed before this was recorded
 * @param kind its grid kind, sites, percentiles and thresholds ({@link FieldKind#UNKNOWN} when not recorded); not shown
 *     by the API as such: the queries name percentiles and thresholds in their own terms
 */
@JsonPropertyOrder({"model", "variable", "standardName", "longName", "units", "cellMethods", "forecastReferenceTime",
    "forecastPeriod", "time", "realizations", "heights", "pressures", "dimensions", "uri", "sourceUri", "sizeBytes", "objectId",
    "indexedAt", "announcedAt"})
public record ForecastFile(
        String objectId,
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
        @JsonIgnore String etag,
        Instant indexedAt,
        @JsonIgnore StoredLayout chunkLayout,
        Instant announcedAt,
        @JsonIgnore FieldKind kind) {

    /** An entry without a recorded field kind. */
    public ForecastFile(String objectId, String model, String variable, String standardName, String longName, String units,
            String cellMethods, Instant forecastReferenceTime, long forecastPeriod, Instant time, List<Integer> realizations,
            List<Double> heights, List<Double> pressures, List<String> dimensions, String uri, String sourceUri,
            long sizeBytes, String etag, Instant indexedAt, StoredLayout chunkLayout, Instant announcedAt) {
        this(objectId, model, variable, standardName, longName, units, cellMethods, forecastReferenceTime, forecastPeriod,
                time, realizations, heights, pressures, dimensions, uri, sourceUri, sizeBytes, etag, indexedAt, chunkLayout,
                announcedAt, FieldKind.UNKNOWN);
    }

    /** An entry without a recorded chunk layout. */
    public ForecastFile(String objectId, String model, String variable, String standardName, String longName, String units,
            String cellMethods, Instant forecastReferenceTime, long forecastPeriod, Instant time, List<Integer> realizations,
            List<Double> heights, List<Double> pressures, List<String> dimensions, String uri, String sourceUri,
            long sizeBytes, String etag, Instant indexedAt) {
        this(objectId, model, variable, standardName, longName, units, cellMethods, forecastReferenceTime, forecastPeriod,
                time, realizations, heights, pressures, dimensions, uri, sourceUri, sizeBytes, etag, indexedAt, null, null);
    }

    /** An entry without a recorded announcement time. */
    public ForecastFile(String objectId, String model, String variable, String standardName, String longName, String units,
            String cellMethods, Instant forecastReferenceTime, long forecastPeriod, Instant time, List<Integer> realizations,
            List<Double> heights, List<Double> pressures, List<String> dimensions, String uri, String sourceUri,
            long sizeBytes, String etag, Instant indexedAt, StoredLayout chunkLayout) {
        this(objectId, model, variable, standardName, longName, units, cellMethods, forecastReferenceTime, forecastPeriod,
                time, realizations, heights, pressures, dimensions, uri, sourceUri, sizeBytes, etag, indexedAt, chunkLayout,
                null);
    }

    /** This entry with its chunk layout recorded. */
    public ForecastFile withChunkLayout(StoredLayout layout) {
        return new ForecastFile(objectId, model, variable, standardName, longName, units, cellMethods, forecastReferenceTime,
                forecastPeriod, time, realizations, heights, pressures, dimensions, uri, sourceUri, sizeBytes, etag, indexedAt,
                layout, announcedAt, kind);
    }

    /** This entry with the time its object was announced (null: not announced). */
    public ForecastFile withAnnouncedAt(Instant announced) {
        return new ForecastFile(objectId, model, variable, standardName, longName, units, cellMethods, forecastReferenceTime,
                forecastPeriod, time, realizations, heights, pressures, dimensions, uri, sourceUri, sizeBytes, etag, indexedAt,
                chunkLayout, announced, kind);
    }

    public ForecastFile {
        realizations = realizations == null ? List.of() : List.copyOf(realizations);
        heights = heights == null ? List.of() : List.copyOf(heights);
        pressures = pressures == null ? List.of() : List.copyOf(pressures);
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
        kind = kind == null ? FieldKind.UNKNOWN : kind;
    }

    /** Builds the index entry for a file whose header has been read and which has been archived. */
    public static ForecastFile of(NetcdfHeader header, ObjectIdentity source, String archiveUri, String fallbackModel,
            Instant indexedAt) {
        return new ForecastFile(
                source.id(),
                header.modelOr(fallbackModel),
                header.variable(),
                header.standardName(),
                header.longName(),
                header.units(),
                header.cellMethods(),
                header.forecastReferenceTime(),
                header.forecastPeriod(),
                header.time(),
                header.realizations(),
                header.heights(),
                header.pressures(),
                header.dimensions().stream().map(d -> d.name() + "=" + d.size()).toList(),
                archiveUri,
                source.uri(),
                source.size(),
                source.etag(),
                indexedAt,
                null,
                null,
                FieldKind.of(header));
    }
}
