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
 * <p>A time's files come in reverse key order: by model, variable and run, newest first (the sort key is
 * {@code model#variable#run#object}), one Query per page. With {@code latest}, only the newest run of each model and
 * variable: the pager reads a variable's newest files and jumps past the rest of it (a Query that starts below the
 * variable's keys), one small Query per variable, at most {@link #MAX_LATEST_QUERIES} a page (each reads at most
 * {@value #LATEST_READ} entries, one read unit). A page may come back
 * short or empty with a cursor: the next one goes on. A run's files come in the {@code by-run} index order: by
 * validity time, variable and object.
 */
public final class FilePages {

    /** A page of files: at about 2 KB an entry, 32 entries cost DynamoDB at most 10 read units (4 KB each, halved). */
    public static final int DEFAULT_LIMIT = 32;
    public static final int MAX_LIMIT = 1000;
    /**
     * The most Queries one page of {@code latest} files makes: each reads at most {@value #LATEST_READ} entries (a
     * variable's newest files and one of the run before), one read unit, so a page stays within 8.
     */
    static final int MAX_LATEST_QUERIES = 8;
    private static final int LATEST_READ = 3;

    /** A page of files and the cursor of the next page (null on the last). */
    public record Page(List<ForecastFile> files, String nextCursor) {}

    /** The files at a time, narrowed to a model (and variable), or to a variable in any of {@code models}. */
    public record AtTime(Instant time, Optional<String> model, Optional<String> variable, List<String> models, boolean latest,
            int limit, Optional<String> cursor) {

        String fingerprint() {
            return Cursor.fingerprint("files-at", FileItems.iso(time), model.orElse(""), variable.orElse(""),
                    Boolean.toString(latest));
        }

        /** The key prefixes the query covers, in the order pages go through them (reverse key order). */
        List<String> prefixes() {
            if (model.isPresent()) {
                return List.of(FileItems.fileKeyPrefix(model.get(), variable.orElse(null)));
            }
            if (variable.isPresent()) {
                return models.stream().sorted(java.util.Comparator.reverseOrder())
                        .map(m -> FileItems.fileKeyPrefix(m, variable.get())).toList();
            }
            return List.of("");
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

    /**
     * Where a cursor of a time listing stands: the prefix it is in, the key to go on below (a file key, or
     * {@code model#variable#} to skip to the variable before), and, with latest, the run being listed.
     */
    private record Position(int prefix, String key, Optional<String> run) {}

    private Page loadAtTime(AtTime q) {
        String time = FileItems.iso(q.time());
        List<String> prefixes = q.prefixes();
        Optional<Position> at = q.cursor().map(c -> position(q, c));
        int prefix = at.map(Position::prefix).orElse(0);
        String below = at.map(Position::key).orElse(null);
        String newestRun = at.flatMap(Position::run).orElse(null);
        String group = newestRun == null ? null : groupOf(below);
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        int queries = 0;
        while (prefix < prefixes.size() && out.size() < q.limit() && (!q.latest() || queries < MAX_LATEST_QUERIES)) {
            int wanted = q.limit() - out.size();
            IndexClient.Page page = client.page(listing(time, prefixes.get(prefix)).scanIndexForward(false)
                    .limit(q.latest() ? Math.min(wanted + 1, LATEST_READ) : wanted)
                    .exclusiveStartKey(below == null ? null : fileKey(time, below))
                    .build());
            queries++;
            String jump = null;
            boolean full = false;
            for (Map<String, AttributeValue> item : page.items()) {
                String key = item.get(IndexSchema.FILES_SK).s();
                if (q.latest()) {
                    String g = groupOf(key);
                    if (g.equals(group) && !runOf(item).equals(newestRun)) {
                        jump = g + IndexSchema.SEP; // an older run of the variable: skip the rest of it
                        break;
                    }
                    if (out.size() == q.limit()) {
                        full = true; // a file of the page after: the cursor stands before it
                        break;
                    }
                    if (!g.equals(group)) {
                        group = g;
                        newestRun = runOf(item);
                    }
                }
                out.add(item);
                below = key;
            }
            if (full) {
                break;
            } else if (jump != null) {
                below = jump;
                newestRun = null;
                group = null;
            } else if (page.lastEvaluatedKey() == null) {
                prefix++;
                below = null;
                newestRun = null;
                group = null;
            } else if (!q.latest()) {
                below = page.lastEvaluatedKey().get(IndexSchema.FILES_SK).s();
            }
        }
        String next = null;
        if (prefix < prefixes.size()) {
            Map<String, String> position = new HashMap<>();
            position.put(KEY, below == null ? prefixes.get(prefix) + "~" : below);
            if (newestRun != null && below != null) {
                position.put(RUN, newestRun);
            }
            next = Cursor.encode(q.fingerprint(), position);
        }
        return new Page(out.stream().map(FileItems::fromItem).toList(), next);
    }

    private QueryRequest.Builder listing(String time, String prefix) {
        Map<String, String> names = new HashMap<>(NAMES);
        names.put("#t", IndexSchema.FILES_PK);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":t", AttributeValue.fromS(time));
        String condition = "#t = :t";
        if (!prefix.isEmpty()) {
            names.put("#k", IndexSchema.FILES_SK);
            values.put(":p", AttributeValue.fromS(prefix));
            condition += " AND begins_with(#k, :p)";
        }
        return QueryRequest.builder().tableName(table).keyConditionExpression(condition).projectionExpression(PROJECTION)
                .expressionAttributeNames(names).expressionAttributeValues(values);
    }

    private Position position(AtTime q, String cursor) {
        Map<String, String> p = Cursor.decode(cursor, q.fingerprint());
        String key = p.get(KEY);
        List<String> prefixes = q.prefixes();
        int prefix = -1;
        for (int i = 0; key != null && i < prefixes.size() && prefix < 0; i++) {
            if (key.startsWith(prefixes.get(i))) {
                prefix = i;
            }
        }
        String[] parts = key == null ? new String[0] : key.split(IndexSchema.SEP, -1);
        // A file key (model#variable#run#object), a variable to skip to the one before (model#variable#), or the top of
        // a prefix (prefix~).
        boolean fileKey = parts.length == 4 && validTime(parts[2]) && !parts[3].isEmpty();
        boolean skip = parts.length == 3 && parts[2].isEmpty();
        boolean top = key != null && prefix >= 0 && key.equals(prefixes.get(prefix) + "~");
        String run = p.get(RUN);
        if (prefix < 0 || !(fileKey || skip || top) || (!top && (parts[0].isEmpty() || parts[1].isEmpty()))
                || (run != null && (!q.latest() || !fileKey || !validTime(run)))) {
            throw Cursor.invalid();
        }
        return new Position(prefix, key, Optional.ofNullable(run));
    }

    // ---- files of a run ----

    private Page loadOfRun(OfRun q) {
        Map<String, String> names = new HashMap<>(NAMES);
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
