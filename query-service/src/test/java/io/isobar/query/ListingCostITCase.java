package io.isobar.query;

import static io.isobar.query.TestApi.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Ticker;

import io.isobar.aws.AwsClients;
import io.isobar.index.FileItems;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.layout.StoredLayout;
import io.isobar.query.events.EventHub;
import io.isobar.query.http.Cursor;
import io.isobar.index.Marker;
import io.isobar.query.files.FilesReader;
import io.isobar.query.forecast.ForecastIndex;
import io.isobar.query.forecast.LaggedEnsemble;
import io.isobar.query.index.Caches;
import io.isobar.query.index.IndexClient;
import io.isobar.query.index.MarkerIndex;
import io.isobar.query.index.ReadUnits;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * What listings cost, on items of the real size (each with a 1.4 KB inline chunk layout): no listing Scans or counts
 * files, none reads the chunk layout, a page of any listing costs at most 10 read units cold and none warm (the
 * service's client records every call and DynamoDB Local reports what it charged); and the paged listings are whole
 * and exact across pages, and refuse forged cursors.
 */
class ListingCostITCase {

    private static final Instant R0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final List<String> VARIABLES = List.of("air_temperature", "cloud_cover", "relative_humidity",
            "wind_speed", "wind_direction", "rainfall_rate");

    /** Per model, 3 hourly runs of 8 steps; MOGREPS-UK's members split over 2 files, as the real feed does. */
    @RegisterExtension
    static final IndexExtension index = IndexExtension.seeded("cost", fixture -> fixture.putAll(files()));

    static List<ForecastFile> files() {
        Random random = new Random(18);
        List<ForecastFile> out = new ArrayList<>();
        for (String model : List.of("ukv", "mogreps-uk")) {
            for (int r = 0; r < 3; r++) {
                Instant run = R0.plus(Duration.ofHours(r));
                for (int step = 0; step < 8; step++) {
                    for (String variable : VARIABLES) {
                        for (String part : model.equals("ukv") ? List.of("a") : List.of("a", "b")) {
                            byte[] layout = new byte[1374];
                            random.nextBytes(layout);
                            String id = String.format("%016x", random.nextLong());
                            ForecastFile f = IndexFixture.file(model, variable, run.toString(),
                                    run.plus(Duration.ofHours(step)).toString(), id);
                            out.add(f.withChunkLayout(StoredLayout.inline(layout)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The busiest time: reached by all three runs. */
    private static final Instant BUSY = R0.plus(Duration.ofHours(3));

    /** A recording of the service's DynamoDB calls: each request and its response. */
    private record Call(SdkRequest request, Object response) {}

    @Test
    void noListingScansCountsOrReadsLayoutsAndAPageCostsAtMostTenReadUnits() {
        List<Call> calls = new CopyOnWriteArrayList<>();
        ReadUnits units = new ReadUnits();
        DynamoDbClient recorded = AwsClients.dynamoDb(index.fixture().aws(), o -> o.addExecutionInterceptor(units)
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                        calls.add(new Call(context.request(), context.response()));
                    }
                }));
        List<String> listings = List.of(
                "/v1/times", "/v1/times?model=mogreps-uk&order=newest", "/v1/times/" + BUSY,
                "/v1/times/" + BUSY + "?model=mogreps-uk&latest=true", "/v1/times/" + BUSY + "?variable=wind_speed",
                "/v1/runs", "/v1/runs/" + R0 + "?model=mogreps-uk", "/v1/runs/" + R0 + "?model=ukv&variable=wind_speed",
                "/edr/collections/mogreps-uk/instances", "/v1/status", "/edr/collections", "/edr/collections/mogreps-uk",
                "/edr/collections/mogreps-uk/instances/20261123T010000Z");
        // Views kept a minute: "warm" is then the second request whatever the machine's load (with the default 500 ms
        // a slow first request let the views expire, and the warm one read them again).
        QueryService service = new QueryService(index.fixture().config().withCacheTtls(Duration.ofMinutes(1), Duration.ofMinutes(1)),
                recorded, units, Clock.systemUTC(), EventHub.Settings.defaults());
        QueryServiceTesting.test(service, api -> {
            for (String url : listings) {
                calls.clear();
                double before = units.total();
                assertThat(api.get(url).status()).as(url).isEqualTo(200);
                List<Call> cold = List.copyOf(calls);
                double cost = units.total() - before;
                assertThat(cold).as("%s: no Scan", url).noneMatch(c -> c.request() instanceof ScanRequest);
                assertThat(cold).as("%s: no Select=COUNT", url).noneMatch(c -> c.request() instanceof QueryRequest q
                        && q.select() == Select.COUNT);
                if (url.startsWith("/v1/times/") || url.startsWith("/v1/runs/")) {
                    List<Call> ofFiles = cold.stream().filter(c -> c.request() instanceof QueryRequest q
                            && q.tableName().equals(index.fixture().tables().files())).toList();
                    assertThat(ofFiles).as("%s: Queries of the files table", url).isNotEmpty().allSatisfy(c -> {
                        assertThat(((QueryRequest) c.request()).projectionExpression()).as(url).isNotBlank();
                        assertThat(((QueryResponse) c.response()).items()).as("%s: items without the layout", url)
                                .allSatisfy(item -> assertThat(item).doesNotContainKey(FileItems.CHUNK_LAYOUT));
                    });
                }
                // (What an earlier request of the list read already, e.g. the collections for one collection, is warm.)
                assertThat(cost).as("%s: read units DynamoDB reported for one page, cold", url).isLessThanOrEqualTo(10.0);
                assertThat(units.total()).as("DynamoDB reports what it charges").isPositive();
                double warmBefore = units.total();
                assertThat(api.get(url).status()).as(url).isEqualTo(200);
                assertThat(units.total() - warmBefore).as("%s: read units warm", url).isLessThanOrEqualTo(1.0);
            }
        });
    }

    @Test
    void aSeriesOfPastTimesReadsEachRunsOneOpenTimeOfTheWantedVariableOnly() throws Exception {
        // Each of R0, R0+1h, R0+2h answered by the run that starts then (the newest that has it): three runs, each
        // left with one open time, so each is asked for wind_speed at that time alone, not every variable of the range.
        List<Call> calls = new CopyOnWriteArrayList<>();
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            ForecastIndex forecastIndex = forecastIndex(recording(calls), executor);
            Map<String, java.util.NavigableMap<Instant, List<ForecastFile>>> answer = forecastIndex
                    .range("ukv", List.of("wind_speed"), R0, R0.plus(Duration.ofHours(2)), java.util.Optional.empty());
            assertThat(answer.get("wind_speed")).hasSize(3).allSatisfy((time, chosen) ->
                    assertThat(chosen).singleElement().satisfies(f -> assertThat(f.forecastReferenceTime()).isEqualTo(time)));
            // Time by time, newest run first: at most the runs that reach each time (1, 2, 3), never other variables.
            assertThat(filesItemsRead(calls)).as("files items read for a series of 3 times of one variable")
                    .hasSizeLessThanOrEqualTo(6).allSatisfy(item -> assertThat(item.get("variable").s()).isEqualTo("wind_speed"));
            // Every variable over the 10 times: runs, each for the times no newer run answers (8 + 1 + 1 times of 6
            // variables), not each run over the whole range (8 + 9 + 10).
            calls.clear();
            Map<String, java.util.NavigableMap<Instant, List<ForecastFile>>> all = forecastIndex
                    .range("ukv", VARIABLES, R0, R0.plus(Duration.ofHours(9)), java.util.Optional.empty());
            assertThat(all).hasSize(VARIABLES.size()).allSatisfy((v, byTime) -> assertThat(byTime).hasSize(10));
            assertThat(filesItemsRead(calls)).as("files items read for a series of 10 times of 6 variables").hasSize(60);
        } finally {
            executor.shutdownNow();
        }
    }

    /** A client that records every call it makes in {@code calls}. */
    private static DynamoDbClient recording(List<Call> calls) {
        return AwsClients.dynamoDb(index.fixture().aws(), o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                calls.add(new Call(context.request(), context.response()));
            }
        }));
    }

    /** The engine's index side, as the service wires it, on {@code dynamoDb}. */
    private static ForecastIndex forecastIndex(DynamoDbClient dynamoDb, java.util.concurrent.Executor executor) {
        IndexClient client = new IndexClient(dynamoDb, Duration.ofSeconds(10));
        Caches caches = new Caches(Duration.ofMinutes(1), Duration.ofMinutes(1), Ticker.systemTicker());
        String validTimes = index.fixture().tables().validTimes();
        return new ForecastIndex(new FilesReader(client, index.fixture().tables().files(), executor, caches), client,
                index.fixture().tables().files(), validTimes, new MarkerIndex(client, validTimes, Marker.Kind.VALID_TIME, executor, caches),
                new MarkerIndex(client, validTimes, Marker.Kind.RUN, executor, caches), caches, executor);
    }

    /** The files items the recorded Queries of the files table returned. */
    private static List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> filesItemsRead(List<Call> calls) {
        return calls.stream().filter(c -> c.request() instanceof QueryRequest q && q.tableName().equals(index.fixture().tables().files()))
                .flatMap(c -> ((QueryResponse) c.response()).items().stream()).toList();
    }

    @Test
    void aPointReadsTheNewestRunsFilesOnlyAndAnUnknownVariableReadsNoFiles() {
        List<Call> calls = new CopyOnWriteArrayList<>();
        DynamoDbClient recorded = recording(calls);
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            // BUSY is reached by 3 runs, each with 2 files of a variable: the newest run's 2 answer, read newest first
            // a page at a time, never the 6 of every run (at the feed's steady state ~126 runs reach a time).
            List<ForecastFile> chosen = forecastIndex(recorded, executor).at("mogreps-uk", "wind_speed", BUSY, java.util.Optional.empty());
            assertThat(chosen).hasSize(2).allSatisfy(f -> assertThat(f.forecastReferenceTime()).isEqualTo(R0.plus(Duration.ofHours(2))));
            assertThat(filesItemsRead(calls)).as("files items read for one point").hasSizeLessThanOrEqualTo(4);
        } finally {
            executor.shutdownNow();
        }
        calls.clear();
        QueryService service = new QueryService(index.fixture().config(), recorded, new ReadUnits(), Clock.systemUTC(),
                EventHub.Settings.defaults());
        QueryServiceTesting.test(service, api -> {
            // A misspelt variable: the 404 names the variables valid then (from the models' parameters), and reading
            // them costs no file of the time (a busy time holds ~16,000 at the real feed's steady state).
            TestApi.Answer a = api.get("/v1/point?place=Edinburgh&variable=wind_sped&model=mogreps-uk&time=" + BUSY);
            assertThat(a.status()).isEqualTo(404);
            assertThat(a.json().path("detail").asText()).contains("Did you mean wind_speed?");
            assertThat(filesItemsRead(calls)).as("files items read for the 404").isEmpty();
        });
    }

    @Test
    void aLaggedPointReadsItsSetsRunsOnly() {
        // BUSY is reached by 3 hourly runs, each with 2 files of a variable. A lagged set of 2 runs is the newest two
        // runs' 4 files, read newest first a page at a time up to the first file of a run outside the set (at the feed's
        // steady state ~126 runs reach a time); as of the middle run, no file of the newer run is read at all.
        List<Call> calls = new CopyOnWriteArrayList<>();
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            ForecastIndex forecastIndex = forecastIndex(recording(calls), executor);
            List<ForecastFile> set = forecastIndex.lagged("mogreps-uk", "wind_speed", BUSY, java.util.Optional.empty(),
                    new LaggedEnsemble(2, Duration.ofHours(1)));
            assertThat(set).hasSize(4).extracting(ForecastFile::forecastReferenceTime)
                    .containsOnly(R0.plus(Duration.ofHours(2)), R0.plus(Duration.ofHours(1)));
            assertThat(calls).filteredOn(c -> c.request() instanceof QueryRequest q && q.tableName().equals(index.fixture().tables().files()))
                    .isNotEmpty().allSatisfy(c -> assertThat(((QueryRequest) c.request()).scanIndexForward()).isFalse())
                    .allSatisfy(c -> assertThat(((QueryRequest) c.request()).limit()).isNotNull());

            calls.clear();
            String newer = FileItems.iso(R0.plus(Duration.ofHours(2)));
            List<ForecastFile> asOfMiddle = forecastIndex.lagged("mogreps-uk", "wind_speed", BUSY,
                    java.util.Optional.of(R0.plus(Duration.ofHours(1))), new LaggedEnsemble(1, Duration.ofHours(1)));
            assertThat(asOfMiddle).hasSize(2).allSatisfy(f -> assertThat(f.forecastReferenceTime()).isEqualTo(R0.plus(Duration.ofHours(1))));
            assertThat(filesItemsRead(calls)).as("files items read for the set as of the middle run").hasSizeLessThanOrEqualTo(4)
                    .allSatisfy(item -> assertThat(item.get("forecast_reference_time").s()).isNotEqualTo(newer));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void pagesOfATimeAreWholeExactAndNewestFirst() {
        List<ForecastFile> atBusy = files().stream().filter(f -> f.time().equals(BUSY)).toList();
        index.test(api -> {
            // Every file once, in reverse key order (model, variable, run: newest first); pages of 7 split variables.
            List<String> paged = ids(api.pages("/v1/times/" + BUSY + "?limit=7", 100));
            assertThat(paged).doesNotHaveDuplicates().containsExactlyElementsOf(ids(atBusy.stream()
                    .sorted(Comparator.comparing(ForecastFile::model).thenComparing(ForecastFile::variable)
                            .thenComparing(ForecastFile::forecastReferenceTime).thenComparing(ForecastFile::objectId)
                            .reversed()).toList()));
            assertThat(ids(api.pages("/v1/times/" + BUSY + "?limit=1000", 1))).containsExactlyElementsOf(paged);
            // Latest: only the newest run of each variable, in pages that end inside and between groups.
            Instant newest = R0.plus(Duration.ofHours(2));
            for (int limit : new int[] {1, 2, 3, 5, 1000}) {
                assertThat(ids(api.pages("/v1/times/" + BUSY + "?model=mogreps-uk&latest=true&limit=" + limit, 100)))
                        .as("latest, pages of %d", limit).containsExactlyElementsOf(paged.stream()
                                .filter(id -> atBusy.stream().anyMatch(f -> f.objectId().equals(id)
                                        && f.model().equals("mogreps-uk") && f.forecastReferenceTime().equals(newest)))
                                .toList());
            }
            // A variable in every model.
            assertThat(ids(api.pages("/v1/times/" + BUSY + "?variable=wind_speed&limit=4", 100))).containsExactlyElementsOf(
                    paged.stream().filter(id -> atBusy.stream().anyMatch(f -> f.objectId().equals(id)
                            && f.variable().equals("wind_speed"))).toList());
        });
    }

    @Test
    void pagesOfARunAreWholeAndExact() {
        List<ForecastFile> ofRun = files().stream().filter(f -> f.model().equals("mogreps-uk")
                && f.forecastReferenceTime().equals(R0)).toList();
        index.test(api -> {
            List<JsonNode> pages = api.pages("/v1/runs/" + R0 + "?model=mogreps-uk&limit=10", 100);
            assertThat(pages).hasSize((ofRun.size() + 9) / 10);
            assertThat(ids(pages)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(ofRun));
            List<JsonNode> windPages = api.pages("/v1/runs/" + R0 + "?model=mogreps-uk&variable=wind_speed&limit=10", 100);
            assertThat(ids(windPages)).containsExactlyInAnyOrderElementsOf(
                    ids(ofRun.stream().filter(f -> f.variable().equals("wind_speed")).toList()));
            assertThat(pages.get(0).path("count").asInt()).isEqualTo(10);
        });
    }

    @Test
    void forgedCursorsAreRefused() {
        index.test(api -> {
            String timePage = "/v1/times/" + BUSY + "?model=mogreps-uk&limit=2";
            String cursor = api.get(timePage).json().path("next_cursor").asText();
            assertThat(api.get(timePage + "&cursor=" + q(cursor)).status()).isEqualTo(200);
            String runPage = "/v1/runs/" + R0 + "?model=mogreps-uk&limit=2";
            String runCursor = api.get(runPage).json().path("next_cursor").asText();
            // Another query's cursor, an edited one, and well-formed ones whose position lies outside the query.
            String otherModel = Cursor.encode(Cursor.fingerprint("files-at", BUSY.toString(), "mogreps-uk", "", "false"),
                    Map.of("k", "ukv#wind_speed#2026-11-23T00:00:00Z#0"));
            String badRun = Cursor.encode(Cursor.fingerprint("files-of-run", "mogreps-uk", R0.toString(), ""),
                    Map.of("k", "not-a-time#wind_speed#x"));
            List<String> forged = List.of(timePage + "&cursor=" + q(runCursor), runPage + "&cursor=" + q(cursor),
                    timePage + "&cursor=" + q(cursor.substring(2)), timePage + "&cursor=" + q(otherModel),
                    runPage + "&cursor=" + q(badRun), "/v1/times/" + BUSY + "?model=mogreps-uk&latest=true&cursor=" + q(cursor));
            for (String url : forged) {
                TestApi.Answer a = api.get(url);
                assertThat(a.status()).as(url).isEqualTo(400);
                assertThat(a.json().path("type").asText()).as(url).isEqualTo("/docs#problem-invalid-cursor");
            }
        });
    }

    @Test
    void edrInstancesPageNewestFirstThroughEveryRun() {
        index.test(api -> {
            List<String> ids = new ArrayList<>();
            String url = "/edr/collections/mogreps-uk/instances?limit=2";
            while (url != null) {
                JsonNode page = api.get(url).json();
                page.path("instances").forEach(i -> ids.add(i.path("id").asText()));
                url = StreamSupport.stream(page.path("links").spliterator(), false)
                        .filter(l -> l.path("rel").asText().equals("next")).map(l -> l.path("href").asText())
                        .map(h -> h.substring(h.indexOf("/edr/"))).findFirst().orElse(null);
            }
            assertThat(ids).containsExactly("20261123T020000Z", "20261123T010000Z", "20261123T000000Z");
            JsonNode one = api.get("/edr/collections/mogreps-uk/instances/20261123T010000Z").json();
            assertThat(one.at("/extent/temporal/values")).hasSize(8);
            assertThat(one.path("parameter_names").size()).isEqualTo(VARIABLES.size());
        });
    }

    private static List<String> ids(List<JsonNode> pages) {
        List<String> out = new ArrayList<>();
        pages.forEach(p -> p.path("files").forEach(f -> out.add(f.path("object_id").asText())));
        return out;
    }

    private static List<String> ids(java.util.Collection<ForecastFile> files) {
        return files.stream().map(ForecastFile::objectId).toList();
    }
}
