package io.isobar.query.errors;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.LoadingCache;

import io.isobar.index.ErrorItems;
import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.model.IngestError;
import io.isobar.query.index.Caches;
import io.isobar.query.index.IndexClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Reads error records from the {@code ingest-errors} table: one Query per UTC day partition in the range,
 * oldest first, stopping as soon as a page is full.
 */
public final class ErrorsReader {

    /** An error record and its sort key, which is the position a cursor resumes after. */
    public record Found(IngestError error, String errorKey) {}

    private record DaySlice(String day, String lo, String hi, String kind, String after, int max) {}

    private final IndexClient client;
    private final String table;
    private final LoadingCache<DaySlice, List<Found>> slices;

    public ErrorsReader(IndexClient client, String errorsTable, Caches caches) {
        this.client = client;
        this.table = errorsTable;
        this.slices = caches.growing(20_000).weigher((DaySlice k, List<Found> v) -> 1 + v.size()).build(this::load);
    }

    /**
     * Errors that occurred from {@code from} to {@code to} (to the second, both inclusive), of {@code kind} if given,
     * after the one whose sort key is {@code afterKey} if given; at most {@code max}.
     */
    public List<Found> read(Instant from, Instant to, Optional<IngestError.Kind> kind, Optional<String> afterKey, int max) {
        String lo = FileItems.iso(from);
        String hi = FileItems.iso(to) + "$"; // '$' follows the '#' after the time: every id of the last second is in
        LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC);
        if (afterKey.isPresent()) {
            LocalDate cursorDay = LocalDate.ofInstant(Instant.parse(afterKey.get().substring(0, afterKey.get().indexOf('#'))), ZoneOffset.UTC);
            day = cursorDay.isAfter(day) ? cursorDay : day;
        }
        LocalDate last = LocalDate.ofInstant(to, ZoneOffset.UTC);
        List<Found> found = new ArrayList<>();
        for (; !day.isAfter(last) && found.size() < max; day = day.plusDays(1)) {
            String after = afterKey.filter(k -> k.compareTo(lo) >= 0).orElse(null);
            DaySlice slice = new DaySlice(day.toString(), lo, hi, kind.map(Enum::name).orElse(null), after, max - found.size());
            found.addAll(slices.get(slice));
        }
        return found;
    }

    private List<Found> load(DaySlice slice) {
        Map<String, String> names = new HashMap<>(Map.of("#d", IndexSchema.ERRORS_PK, "#k", IndexSchema.ERRORS_SK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":d", AttributeValue.fromS(slice.day()),
                ":lo", AttributeValue.fromS(slice.lo()), ":hi", AttributeValue.fromS(slice.hi())));
        QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("#d = :d AND #k BETWEEN :lo AND :hi")
                .scanIndexForward(true);
        if (slice.kind() != null) {
            names.put("#kind", "kind");
            values.put(":kind", AttributeValue.fromS(slice.kind()));
            request.filterExpression("#kind = :kind");
        }
        if (slice.after() != null && slice.after().startsWith(slice.day())) {
            // Resume right after the cursor's item; DynamoDB accepts any key position here, present or not.
            request.exclusiveStartKey(Map.of(IndexSchema.ERRORS_PK, AttributeValue.fromS(slice.day()),
                    IndexSchema.ERRORS_SK, AttributeValue.fromS(slice.after())));
        }
        request.expressionAttributeNames(names).expressionAttributeValues(values);
        return client.query(request.build(), slice.max()).stream()
                .map(item -> new Found(ErrorItems.fromItem(item), item.get(IndexSchema.ERRORS_SK).s()))
                .toList();
    }
}
