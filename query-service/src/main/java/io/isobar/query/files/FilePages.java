package io.isobar.query.files;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.LoadingCache;

import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.model.ForecastFile;
import io.isobar.query.http.Cursor;
import io.isobar.query.index.Caches;
import io.isobar.query.index.IndexClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Pages of the files valid at a time ({@code /v1/times/{time}}) and of the files of a run ({@code /v1/runs/{frt}}):
 * each page is read with at most a page of items evaluated per Query and the listing projection (no inline chunk
 * layout), so a page costs the same whatever the size of the time, the run or the index. Pages are cached for the
 * growing-view TTL.
 *
 * <p>A time's files come by model and variable (each ascending), newest run first within a variable: the order of
 * "which run answers". A group (model and variable) is read newest-first with {@code begins_with}; the next group is
 * found by one Query of one item that starts after the last key of the group. With {@code latest}, only the newest
 * run of each group is read, then the pager jumps to the next group: a latest page costs about one small Query per
 * variable on it. A run's files come in the {@code by-run} index order: by validity time, variable and object.
 */
public final class FilePages {

    public static final int DEFAULT_LIMIT = 40;
    public static final int MAX_LIMIT = 1000;

    /** A page of files and the cursor of the next page (null on the last). */
    public record Page(List<ForecastFile> files, String nextCursor) {}

    /** The files at a time, narrowed to a model (and variable), or to a variable in any of {@code models}. */
    public record AtTime(Instant time, Optional<String> model, Optional<String> variable, List<String> models, boolean latest,
            int limit, Optional<String> cursor) {

        String fingerprint() {
            return Cursor.fingerprint("files-at", FileItems.iso(time), model.orElse(""), variable.orElse(""),
                    Boolean.toString(latest));
        }
    }

    /** The files of a run, optionally of one variable. */
    public record OfRun(String model, Instant run, Optional<String> variable, int limit, Optional<String> cursor) {

        String fingerprint() {
            return Cursor.fingerprint("files-of-run", model, FileItems.iso(run), variable.orElse(""));
        }
    }

    private static final String KEY = "k";
    private static final String RUN = "r";

    private final IndexClient client;
    private final String table;
    private final LoadingCache<AtTime, Page> atTime;
    private final LoadingCache<OfRun, Page> ofRun;

    public FilePages(IndexClient client, String filesTable, Caches caches) {
        this.client = client;
        this.table = filesTable;
        this.atTime = caches.growing(200_000).weigher((AtTime k, Page p) -> 1 + p.files().size()).build(this::loadAtTime);
        this.ofRun = caches.growing(200_000).weigher((OfRun k, Page p) -> 1 + p.files().size()).build(this::loadOfRun);
    }

    /** A page of the files valid at a time; a cursor of another query or position is a 400. */
    public Page atTime(AtTime query) {
        query.cursor().ifPresent(c -> position(query, c)); // a bad cursor fails here, not inside the cache
        return atTime.get(query);
    }

    /** A page of the files of a run; a cursor of another query or position is a 400. */
    public Page ofRun(OfRun query) {
        query.cursor().ifPresent(c -> runPosition(query, c));
        return ofRun.get(query);
    }

    // ---- files at a time ----

    /** Where a cursor of a time listing stands: the last file key served, and the newest run of its group (latest). */
    private record Position(String fileKey, String group, Optional<String> run) {}

    private Page loadAtTime(AtTime q) {
        String time = FileItems.iso(q.time());
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Optional<Position> at = q.cursor().map(c -> position(q, c));
        String group = at.isPresent() ? at.get().group() : nextGroup(q, time, null);
        Map<String, AttributeValue> start = at.map(p -> fileKey(time, p.fileKey())).orElse(null);
        String newestRun = at.flatMap(Position::run).orElse(null);
        boolean more = false;
        while (group != null && !more) {
            int wanted = q.limit() - out.size() + 1; // one more than fits tells whether more follow
            QueryRequest request = listing(time, group + IndexSchema.SEP)
                    .scanIndexForward(false)
                    .limit(q.latest() ? Math.min(wanted, 8) : wanted)
                    .exclusiveStartKey(start)
                    .build();
            IndexClient.Page page = client.page(request);
            boolean groupDone = page.lastEvaluatedKey() == null;
            for (Map<String, AttributeValue> item : page.items()) {
                if (q.latest()) {
                    String run = runOf(item);
                    newestRun = newestRun == null ? run : newestRun;
                    if (!run.equals(newestRun)) {
                        groupDone = true; // an older run of the group: skip the rest of it
                        break;
                    }
                }
                if (out.size() == q.limit()) {
                    more = true;
                    break;
                }
                out.add(item);
            }
            if (more) {
                break;
            }
            if (groupDone) {
                group = nextGroup(q, time, group);
                start = null;
                newestRun = null;
                if (out.size() == q.limit()) {
                    more = group != null;
                    break;
                }
            } else {
                start = page.lastEvaluatedKey();
            }
        }
        String next = null;
        if (more && !out.isEmpty()) {
            String lastKey = out.get(out.size() - 1).get(IndexSchema.FILES_SK).s();
            Map<String, String> position = new HashMap<>();
            if (groupOf(lastKey).equals(group)) {
                position.put(KEY, lastKey);
                if (q.latest()) {
                    position.put(RUN, newestRun);
                }
            } else {
                // The page ended with its group: the next page starts at the next group.
                position.put(KEY, group + IndexSchema.SEP + "~");
            }
            next = Cursor.encode(q.fingerprint(), position);
        }
        return new Page(out.stream().map(FileItems::fromItem).toList(), next);
    }

    /** The group (model and variable) after {@code after} that the query covers, or null when there is none. */
    private String nextGroup(AtTime q, String time, String after) {
        if (q.model().isPresent() && q.variable().isPresent()) {
            String only = q.model().get() + IndexSchema.SEP + q.variable().get();
            return after == null ? only : null;
        }
        if (q.variable().isPresent()) {
            // A variable in any model: the models' groups, in order.
            for (String model : q.models()) {
                String g = model + IndexSchema.SEP + q.variable().get();
                if ((after == null || g.compareTo(after) > 0) && client.first(listing(time, g + IndexSchema.SEP)
                        .projectionExpression("#k").expressionAttributeNames(Map.of("#t", IndexSchema.FILES_PK,
                                "#k", IndexSchema.FILES_SK)).build()).isPresent()) {
                    return g;
                }
            }
            return null;
        }
        String prefix = q.model().map(m -> m + IndexSchema.SEP).orElse("");
        QueryRequest.Builder first = QueryRequest.builder().tableName(table).scanIndexForward(true)
                .projectionExpression("#k")
                .expressionAttributeNames(Map.of("#t", IndexSchema.FILES_PK, "#k", IndexSchema.FILES_SK));
        if (prefix.isEmpty()) {
            first.keyConditionExpression("#t = :t").expressionAttributeValues(Map.of(":t", AttributeValue.fromS(time)));
        } else {
            first.keyConditionExpression("#t = :t AND begins_with(#k, :p)").expressionAttributeValues(Map.of(
                    ":t", AttributeValue.fromS(time), ":p", AttributeValue.fromS(prefix)));
        }
        if (after != null) {
            // '~' sorts after every character of a run time or an object id: past every key of the group.
            first.exclusiveStartKey(fileKey(time, after + IndexSchema.SEP + "~"));
        }
        return client.first(first.build()).map(item -> groupOf(item.get(IndexSchema.FILES_SK).s())).orElse(null);
    }

    private QueryRequest.Builder listing(String time, String prefix) {
        Map<String, String> names = new HashMap<>(projectionNames());
        names.put("#t", IndexSchema.FILES_PK);
        names.put("#k", IndexSchema.FILES_SK);
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("#t = :t AND begins_with(#k, :p)")
                .projectionExpression(PROJECTION)
                .expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(time), ":p", AttributeValue.fromS(prefix)));
    }

    private Position position(AtTime q, String cursor) {
        Map<String, String> p = Cursor.decode(cursor, q.fingerprint());
        String key = p.get(KEY);
        String[] parts = key == null ? new String[0] : key.split(IndexSchema.SEP, -1);
        boolean groupStart = parts.length == 3 && parts[2].equals("~");
        if (!(parts.length == 4 || groupStart) || parts[0].isEmpty() || parts[1].isEmpty()
                || q.model().map(m -> !m.equals(parts[0])).orElse(false)
                || q.variable().map(v -> !v.equals(parts[1])).orElse(false)
                || (!groupStart && !validTime(parts[2]))
                || (p.get(RUN) != null && (!q.latest() || !validTime(p.get(RUN))))) {
            throw Cursor.invalid();
        }
        String group = parts[0] + IndexSchema.SEP + parts[1];
        if (groupStart) {
            // The previous page ended with a group: start at the group after it.
            return new Position(key, group, Optional.empty());
        }
        return new Position(key, group, Optional.ofNullable(p.get(RUN)));
    }

    // ---- files of a run ----

    private Page loadOfRun(OfRun q) {
        Map<String, String> names = new HashMap<>(projectionNames());
        names.put("#r", IndexSchema.BY_RUN_PK);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":r", AttributeValue.fromS(FileItems.runKey(q.model(), q.run())));
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(IndexSchema.BY_RUN_INDEX)
                .keyConditionExpression("#r = :r")
                .projectionExpression(PROJECTION)
                .scanIndexForward(true)
                .limit(q.limit());
        if (q.variable().isPresent()) {
            // run_sort leads with the time, so a variable cannot narrow the key: a page evaluates at most `limit`
            // items and may return fewer.
            names.put("#v", "variable");
            values.put(":v", AttributeValue.fromS(q.variable().get()));
            request.filterExpression("#v = :v");
        }
        q.cursor().ifPresent(c -> request.exclusiveStartKey(runStart(q, runPosition(q, c))));
        IndexClient.Page page = client.page(request.expressionAttributeNames(names).expressionAttributeValues(values).build());
        String next = null;
        if (page.lastEvaluatedKey() != null) {
            next = Cursor.encode(q.fingerprint(), Map.of(KEY, page.lastEvaluatedKey().get(IndexSchema.BY_RUN_SK).s()));
        }
        return new Page(page.items().stream().map(FileItems::fromItem).toList(), next);
    }

    /** The {@code run_sort} of a cursor of a run listing: {@code time#variable#object_id}. */
    private String runPosition(OfRun q, String cursor) {
        String key = Cursor.decode(cursor, q.fingerprint()).get(KEY);
        String[] parts = key == null ? new String[0] : key.split(IndexSchema.SEP, -1);
        if (parts.length != 3 || !validTime(parts[0]) || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw Cursor.invalid();
        }
        return key;
    }

    /** The full key (index and table) to continue after, rebuilt from the index sort key. */
    private static Map<String, AttributeValue> runStart(OfRun q, String runSort) {
        String[] parts = runSort.split(IndexSchema.SEP, -1);
        return Map.of(IndexSchema.BY_RUN_PK, AttributeValue.fromS(FileItems.runKey(q.model(), q.run())),
                IndexSchema.BY_RUN_SK, AttributeValue.fromS(runSort),
                IndexSchema.FILES_PK, AttributeValue.fromS(parts[0]),
                IndexSchema.FILES_SK, AttributeValue.fromS(String.join(IndexSchema.SEP, q.model(), parts[1],
                        FileItems.iso(q.run()), parts[2])));
    }

    // ---- shared ----

    /** The listing projection: every attribute but the inline chunk layout, each by a placeholder (some are reserved words). */
    private static final String PROJECTION;
    private static final Map<String, String> NAMES;

    static {
        Map<String, String> names = new HashMap<>();
        List<String> placeholders = new ArrayList<>();
        for (int i = 0; i < FileItems.LISTED.size(); i++) {
            names.put("#a" + i, FileItems.LISTED.get(i));
            placeholders.add("#a" + i);
        }
        NAMES = Map.copyOf(names);
        PROJECTION = String.join(", ", placeholders);
    }

    private static Map<String, String> projectionNames() {
        return NAMES;
    }

    private static Map<String, AttributeValue> fileKey(String time, String fileKey) {
        return Map.of(IndexSchema.FILES_PK, AttributeValue.fromS(time), IndexSchema.FILES_SK, AttributeValue.fromS(fileKey));
    }

    /** {@code model#variable} of a file key {@code model#variable#run#object}. */
    private static String groupOf(String fileKey) {
        int first = fileKey.indexOf(IndexSchema.SEP);
        int second = fileKey.indexOf(IndexSchema.SEP, first + 1);
        return fileKey.substring(0, second);
    }

    private static String runOf(Map<String, AttributeValue> item) {
        return item.get("forecast_reference_time").s();
    }

    private static boolean validTime(String s) {
        try {
            return FileItems.iso(Instant.parse(s)).equals(s);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
