package io.isobar.index;

import static io.isobar.index.IndexSchema.SEP;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.isobar.model.FieldKind;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.GridKind;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.layout.StoredLayout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps {@link ForecastFile} to and from its DynamoDB items: the {@code files} item (with the keys of
 * the table and of the {@code by-run} index) and the {@code valid-times} marker item.
 */
public final class FileItems {

    private FileItems() {}

    /** ISO-8601 UTC to the second, the form every time takes in keys (it sorts as text in time order). */
    public static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Sort key prefix selecting one model, or one model and variable, inside a {@code time} partition. */
    public static String fileKeyPrefix(String model, String variable) {
        return variable == null ? model + SEP : model + SEP + variable + SEP;
    }

    public static String runKey(String model, Instant forecastReferenceTime) {
        return model + SEP + iso(forecastReferenceTime);
    }

    /** The files item, expiring {@link IndexSchema#DEFAULT_FILE_RETENTION} after it was indexed. */
    public static Map<String, AttributeValue> toItem(ForecastFile f) {
        return toItem(f, IndexSchema.DEFAULT_FILE_RETENTION);
    }

    /**
     * The files item, with TTL attribute {@value IndexSchema#FILES_TTL} set {@code retention} after it was
     * indexed: the archived copy it points to expires after the same retention (the archive's lifecycle rule),
     * so an entry never outlives its file.
     */
    public static Map<String, AttributeValue> toItem(ForecastFile f, Duration retention) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(IndexSchema.FILES_PK, s(iso(f.time())));
        item.put(IndexSchema.FILES_SK, s(String.join(SEP, f.model(), f.variable(), iso(f.forecastReferenceTime()), f.objectId())));
        item.put(IndexSchema.BY_RUN_PK, s(runKey(f.model(), f.forecastReferenceTime())));
        item.put(IndexSchema.BY_RUN_SK, s(String.join(SEP, iso(f.time()), f.variable(), f.objectId())));
        item.put("object_id", s(f.objectId()));
        item.put("model", s(f.model()));
        item.put("variable", s(f.variable()));
        putIfPresent(item, "standard_name", f.standardName());
        putIfPresent(item, "long_name", f.longName());
        putIfPresent(item, "units", f.units());
        putIfPresent(item, "cell_methods", f.cellMethods());
        item.put("forecast_reference_time", s(iso(f.forecastReferenceTime())));
        item.put("forecast_period", n(f.forecastPeriod()));
        putList(item, "realizations", f.realizations(), FileItems::n);
        putList(item, "heights", f.heights(), FileItems::n);
        putList(item, "pressures", f.pressures(), FileItems::n);
        putList(item, "dimensions", f.dimensions(), FileItems::s);
        item.put("uri", s(f.uri()));
        item.put("source_uri", s(f.sourceUri()));
        item.put("size_bytes", n(f.sizeBytes()));
        putIfPresent(item, "etag", f.etag());
        item.put("indexed_at", s(f.indexedAt().toString()));
        if (f.announcedAt() != null) {
            item.put("announced_at", s(f.announcedAt().toString()));
        }
        putLayout(item, f.chunkLayout());
        putKind(item, f.kind());
        item.put(VERSION, n(f.indexedAt().toEpochMilli()));
        item.put(IndexSchema.FILES_TTL, n(f.indexedAt().plus(retention).getEpochSecond()));
        return item;
    }

    public static ForecastFile fromItem(Map<String, AttributeValue> item) {
        return new ForecastFile(
                str(item, "object_id"),
                str(item, "model"),
                str(item, "variable"),
                str(item, "standard_name"),
                str(item, "long_name"),
                str(item, "units"),
                str(item, "cell_methods"),
                Instant.parse(str(item, "forecast_reference_time")),
                Long.parseLong(item.get("forecast_period").n()),
                Instant.parse(str(item, IndexSchema.FILES_PK)),
                list(item, "realizations", v -> Integer.valueOf(v.n())),
                list(item, "heights", v -> Double.valueOf(v.n())),
                list(item, "pressures", v -> Double.valueOf(v.n())),
                list(item, "dimensions", AttributeValue::s),
                str(item, "uri"),
                str(item, "source_uri"),
                Long.parseLong(item.get("size_bytes").n()),
                str(item, "etag"),
                Instant.parse(str(item, "indexed_at")),
                layout(item),
                instantOrNull(item, "announced_at"),
                kind(item));
    }

    // What a query needs to know of a blend's or a spot file's values (FieldKind); absent on plain grids' entries.
    /** The grid kind: {@code projected}, {@code latitude_longitude} or {@code spot}. */
    public static final String GRID_KIND = "grid_kind";
    /** A spot file's number of sites. */
    public static final String SITES = "sites";
    /** A percentile file's percentiles (%). */
    public static final String PERCENTILES = "percentiles";
    /** A probability file's thresholds, in their units. */
    public static final String THRESHOLDS = "thresholds";
    /** What the thresholds are of (a standard or long name). */
    public static final String THRESHOLD_NAME = "threshold_name";
    /** The thresholds' units. */
    public static final String THRESHOLD_UNITS = "threshold_units";
    /** IMPROVER's {@code spp__relative_to_threshold}: {@code greater_than}, ... */
    public static final String THRESHOLD_COMPARISON = "threshold_comparison";

    private static void putKind(Map<String, AttributeValue> item, FieldKind kind) {
        if (kind.grid() != null) {
            item.put(GRID_KIND, s(kind.grid().id()));
        }
        if (kind.sites() > 0) {
            item.put(SITES, n(kind.sites()));
        }
        putList(item, PERCENTILES, kind.percentiles(), FileItems::n);
        NetcdfHeader.Threshold t = kind.threshold();
        if (t != null) {
            putList(item, THRESHOLDS, t.values(), FileItems::n);
            putIfPresent(item, THRESHOLD_NAME, t.name());
            putIfPresent(item, THRESHOLD_UNITS, t.units());
            putIfPresent(item, THRESHOLD_COMPARISON, t.comparison());
        }
    }

    private static FieldKind kind(Map<String, AttributeValue> item) {
        AttributeValue sites = item.get(SITES);
        boolean threshold = item.containsKey(THRESHOLDS) || item.containsKey(THRESHOLD_NAME);
        return new FieldKind(GridKind.fromId(str(item, GRID_KIND)), sites == null ? 0 : Integer.parseInt(sites.n()),
                list(item, PERCENTILES, v -> Double.valueOf(v.n())),
                threshold ? new NetcdfHeader.Threshold(str(item, THRESHOLD_NAME), str(item, THRESHOLD_UNITS),
                        str(item, THRESHOLD_COMPARISON), list(item, THRESHOLDS, v -> Double.valueOf(v.n()))) : null);
    }

    /**
     * Every attribute of a files item except the inline chunk layout: what listings project, so that the up to
     * 4 KiB of layout a listing never shows are not sent (DynamoDB still charges a Query for whole items). An attribute
     * added to {@link #toItem} must be added here ({@code FileItemsTest} checks).
     */
    public static final List<String> LISTED = List.of(IndexSchema.FILES_PK, IndexSchema.FILES_SK, IndexSchema.BY_RUN_PK,
            IndexSchema.BY_RUN_SK, "object_id", "model", "variable", "standard_name", "long_name", "units", "cell_methods",
            "forecast_reference_time", "forecast_period", "realizations", "heights", "pressures", "dimensions", "uri",
            "source_uri", "size_bytes", "etag", "indexed_at", "announced_at", "chunk_layout_uri", IndexSchema.FILES_TTL,
            "item_notes", FileItems.VERSION, FileItems.GRID_KIND, FileItems.SITES, FileItems.PERCENTILES, FileItems.THRESHOLDS,
            FileItems.THRESHOLD_NAME, FileItems.THRESHOLD_UNITS, FileItems.THRESHOLD_COMPARISON);

    /**
     * The entry's version: when the file's bytes were read (epoch milliseconds). S3 serves the newest version of an
     * object to every read, so a later read saw the same version or a newer one; the job writes an entry only over
     * one of the same or an older version (a conditional PutItem), so an older version finishing late in the
     * unordered ingest stage cannot overwrite a newer one's entry.
     */
    public static final String VERSION = "entry_version";

    /** The encoded chunk layout when it is small enough to live in the item (see {@link StoredLayout}). */
    public static final String CHUNK_LAYOUT = "chunk_layout";
    /** The sidecar object holding a larger chunk layout. */
    public static final String CHUNK_LAYOUT_URI = "chunk_layout_uri";

    private static void putLayout(Map<String, AttributeValue> item, StoredLayout layout) {
        if (layout == null) {
            return;
        }
        if (layout.isInline()) {
            item.put(CHUNK_LAYOUT, AttributeValue.fromB(SdkBytes.fromByteArray(layout.inline())));
        } else {
            item.put(CHUNK_LAYOUT_URI, s(layout.sidecarUri()));
        }
    }

    private static StoredLayout layout(Map<String, AttributeValue> item) {
        AttributeValue inline = item.get(CHUNK_LAYOUT);
        if (inline != null && inline.b() != null) {
            return StoredLayout.inline(inline.b().asByteArray());
        }
        String uri = str(item, CHUNK_LAYOUT_URI);
        return uri == null ? null : StoredLayout.sidecar(uri);
    }

    /** The valid-times partition holding the run markers of {@code model}. */
    public static String runsPartition(String model) {
        return model + IndexSchema.RUNS_PARTITION_SUFFIX;
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(Number value) {
        return AttributeValue.fromN(value.toString());
    }

    static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static Instant instantOrNull(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : Instant.parse(v);
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static <T> void putList(Map<String, AttributeValue> item, String name, List<T> values,
            Function<T, AttributeValue> convert) {
        if (!values.isEmpty()) {
            item.put(name, AttributeValue.fromL(values.stream().map(convert).toList()));
        }
    }

    private static <T> List<T> list(Map<String, AttributeValue> item, String name, Function<AttributeValue, T> convert) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasL() ? List.of() : v.l().stream().map(convert).toList();
    }
}
