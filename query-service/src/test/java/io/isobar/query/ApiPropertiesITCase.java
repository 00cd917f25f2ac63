package io.isobar.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import io.isobar.localaws.LocalAws;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random strings in every parameter and path segment: the API answers 2xx or 4xx, always with JSON
 * ({@code application/problem+json} for errors), never 5xx and never a stack trace.
 */
class ApiPropertiesITCase {

    private static final List<String> ENDPOINTS = List.of(
            "/v1/times?%s", "/v1/times/{}?%s", "/v1/runs?%s", "/v1/runs/{}?%s", "/v1/ingest/errors?%s",
            "/health?%s", "/v1/openapi.json?%s", "/v1/point?%s", "/v1/point/series?%s",
            "/edr?%s", "/edr/conformance?%s", "/edr/collections?%s", "/edr/collections/{}?%s", "/edr/collections/{}/instances?%s",
            "/edr/collections/ukv/instances/{}?%s", "/edr/collections/{}/position?%s", "/edr/collections/ukv/instances/{}/area?%s",
            "/edr/collections/ukv/locations/{}?%s", "/edr/collections/ukv/cube?%s", "/edr/collections/ukv/radius?%s");
    private static final List<String> PARAMS = List.of("model", "from", "to", "limit", "cursor", "variable", "latest", "kind",
            "lat", "lon", "place", "time", "realization", "height", "pressure", "method", "format", "run", "stats", "percentiles",
            "threshold", "coords", "datetime", "parameter-name", "z", "crs", "f", "within", "within-units", "bbox", "before");
    private static final List<String> EDR_PARAMS = List.of("coords", "datetime", "parameter-name", "z", "crs", "f", "realization",
            "stats", "percentiles", "threshold", "within", "within-units", "bbox");

    private static LocalAws localAws;
    private static IndexFixture index;
    private static QueryService service;
    private static String key;
    private static HttpClient http;

    @BeforeContainer
    static void start() {
        localAws = LocalAws.builder().start();
        index = new IndexFixture(localAws, "properties");
        SampleIndex.seed(index);
        SampleIndex.seedArchive(index);
        service = index.service();
        int port = service.start();
        key = service.apiKeys().create("properties").key();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        base = "http://127.0.0.1:" + port;
        ApiPropertiesITCase.port = port;
    }

    private static String base;
    private static int port;

    @AfterContainer
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (index != null) {
            index.close();
        }
        if (localAws != null) {
            localAws.close();
        }
    }

    @Property(tries = 400)
    void randomParametersNeverFailTheServer(@ForAll("endpoints") String endpoint, @ForAll("segments") String segment,
            @ForAll("queries") String query) throws Exception {
        String url = base + endpoint.replace("{}", segment).replace("%s", query);
        check(url);
    }

    @Property(tries = 150)
    void validLookingValuesInEveryParameterNeverFailTheServer(@ForAll("endpoints") String endpoint,
            @ForAll("plausibleQueries") String query) throws Exception {
        check(base + endpoint.replace("{}", "20250614T0100Z").replace("%s", query));
    }

    @Property(tries = 200)
    void validLookingPointQueriesNeverFailTheServer(@ForAll("pointEndpoints") String endpoint,
            @ForAll("pointQueries") String query) throws Exception {
        check(base + endpoint + "?" + query);
    }

    @Property(tries = 300)
    void validLookingEdrQueriesNeverFailTheServer(@ForAll("edrEndpoints") String endpoint, @ForAll("edrQueries") String query)
            throws Exception {
        check(base + endpoint + "?" + query);
    }

    @Provide
    Arbitrary<String> edrEndpoints() {
        return Arbitraries.of("/edr/collections/ukv/position", "/edr/collections/mogreps-uk/position",
                "/edr/collections/ukv/instances/20250614T000000Z/position", "/edr/collections/ukv/instances/20250614T010000Z/position",
                "/edr/collections/ukv/area", "/edr/collections/ukv/cube", "/edr/collections/ukv/radius",
                "/edr/collections/ukv/locations/Douglas", "/edr/collections/mogreps-uk/locations/Peel",
                "/edr/collections/ukv/instances/20250614T000000Z/area");
    }

    /** The EDR parameters only, with values that look right but are often subtly wrong. */
    @Provide
    Arbitrary<String> edrQueries() {
        return plausible(EDR_PARAMS);
    }

    @Provide
    Arbitrary<String> pointEndpoints() {
        return Arbitraries.of("/v1/point", "/v1/point/series");
    }

    /** The point endpoints' parameters only, so that most requests get past validation to the files. */
    @Provide
    Arbitrary<String> pointQueries() {
        return plausible(List.of("lat", "lon", "place", "time", "variable", "model", "realization", "height", "pressure",
                "method", "format", "from", "to", "run", "stats", "percentiles", "threshold"));
    }

    @Property(tries = 200)
    void rawRequestTargetsNeverFailTheServer(@ForAll("endpoints") String endpoint, @ForAll("rawText") String segment,
            @ForAll("rawText") String query) throws Exception {
        String target = endpoint.replace("{}", segment).replace("%s", query);
        RawHttp.Reply r = RawHttp.get(port, target, key);
        assertThat(r.status()).as(target + " -> " + r.body()).isBetween(200, 499);
        if (r.status() >= 400 || !r.contentType().startsWith("text/csv")) {
            if (r.status() >= 400) {
                assertThat(r.contentType()).as(target).startsWith("application/problem+json");
            } else {
                assertThat(r.contentType()).as(target).matches("application/(json|vnd\\.cov\\+json|geo\\+json).*");
            }
            Json.mapper().readTree(r.body());
        }
    }

    /** Text sent unencoded in the request line: printable ASCII (with % and / and ?), sometimes beyond. */
    @Provide
    Arbitrary<String> rawText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40),
                Arbitraries.strings().withChars("%0123456789abcdefABCDEF/?&=#.;").ofMaxLength(20),
                Arbitraries.strings().withCharRange('\u00a0', '\u00ff').ofMaxLength(5));
    }

    private static void check(String url) throws Exception {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException notAUri) {
            return; // the client could not even send it
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("x-api-key", key)
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("Content-Type").orElse("");
        assertThat(r.statusCode()).as(url + " -> " + r.body()).isBetween(200, 499);
        if (r.statusCode() >= 400) {
            assertThat(type).as(url).startsWith("application/problem+json");
            JsonNode problem = Json.mapper().readTree(r.body());
            assertThat(problem.path("status").asInt()).as(url).isEqualTo(r.statusCode());
            assertThat(problem.path("detail").asText()).as(url).isNotBlank();
        } else if (type.startsWith("text/csv")) {
            assertThat(r.body()).as(url).startsWith(url.contains("/edr/") ? "time,forecast_reference_time" : "time,model,variable");
        } else {
            assertThat(type).as(url).matches("application/(json|vnd\\.cov\\+json|geo\\+json).*");
            Json.mapper().readTree(r.body());
        }
        assertThat(r.body()).as(url).doesNotContain("Exception", "\tat ");
    }

    @Provide
    Arbitrary<String> endpoints() {
        return Arbitraries.of(ENDPOINTS);
    }

    /** A path segment: any string, percent-encoded whole (so it may hold %2F, %00, %25...), or partly raw. */
    @Provide
    Arbitrary<String> segments() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(60);
        return Arbitraries.oneOf(
                any.map(ApiPropertiesITCase::encodePath),
                any.map(ApiPropertiesITCase::encodeEveryByte),
                Arbitraries.strings().withChars("0123456789TZ:-+.%/#").ofMaxLength(30),
                Arbitraries.of("20250614T0100Z", "2025-06-14T01:00:00Z", "2025-06-14T02:00:00%2B01:00", "%2F", "..", "%00"));
    }

    /** A query string of 0-3 parameters with known or random names and random values. */
    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(PARAMS), Arbitraries.strings().all().ofMaxLength(10));
        Arbitrary<String> value = Arbitraries.strings().all().ofMaxLength(80);
        Arbitrary<String> pair = Combinators.combine(name, value).as((n, v) -> enc(n) + "=" + enc(v));
        return pair.list().ofMaxSize(3).map(l -> String.join("&", l));
    }

    /** Every parameter with values that look right but are often subtly wrong. */
    @Provide
    Arbitrary<String> plausibleQueries() {
        return plausible(PARAMS);
    }

    private static Arbitrary<String> plausible(List<String> names) {
        Map<String, Arbitrary<String>> values = Map.ofEntries(
                Map.entry("model", Arbitraries.of("ukv", "mogreps-uk", "UK_DET", "global", "a#b", "x".repeat(200), "-bad")),
                Map.entry("from", Arbitraries.of("2025-06-14T00:00:00Z", "20250614T0000Z", "2025-06-14T00:00:00+14:00", "9999-12-31T23:59:59Z",
                        "1970-01-01T00:00:00Z", "2025-06-14")),
                Map.entry("to", Arbitraries.of("2025-06-15T00:00:00Z", "20250615T2359Z", "2025-06-14T00:00:00-12:00", "1970-01-01T00:00:00Z")),
                Map.entry("limit", Arbitraries.of("1", "2", "1000", "0", "-1", "1001", "99999999999", "1e3")),
                Map.entry("cursor", Arbitraries.of("e30", "eyJ0aW1lIjoiMjAyNS0wNi0xNFQwMTowMDowMFoiLCJtb2RlbCI6InVrdiIsInEiOiJ4In0", "", "%")),
                Map.entry("variable", Arbitraries.of("air_temperature", "relative_humidity", "a b", "ä")),
                Map.entry("latest", Arbitraries.of("true", "false", "TRUE", "1")),
                Map.entry("kind", Arbitraries.of("NOT_NETCDF", "not_netcdf", "OTHER")),
                Map.entry("lat", Arbitraries.of("54.1523", "-90", "90.0001", "54", "NaN", "1e2", "51.5074", "-54.9", ".5", "54.15230000000000000001")),
                Map.entry("lon", Arbitraries.of("-4.4861", "180", "-180.5", "-4", "Infinity", "0x10", "-0.1278", "177.5", "-4.")),
                Map.entry("place", Arbitraries.of("Douglas", "douglas", "DUGLAS", "London", "Stoke on Trent", "x".repeat(101), "Ramsey", "Peel")),
                Map.entry("time", Arbitraries.of("2025-06-14T01:00:00Z", "20250614T0200Z", "2025-06-14T01:00:00+01:00", "2025-06-14", "9999-12-31T23:59:59Z")),
                Map.entry("realization", Arbitraries.of("0", "1", "2", "-1", "99999999999", "1.5")),
                Map.entry("height", Arbitraries.of("1.5", "10", "-1", "abc", "1e3")),
                Map.entry("pressure", Arbitraries.of("85000", "0", "-5", "100000.0")),
                Map.entry("method", Arbitraries.of("nearest", "BILINEAR", "cubic")),
                Map.entry("format", Arbitraries.of("json", "csv", "CSV", "xml")),
                Map.entry("run", Arbitraries.of("2025-06-14T00:00:00Z", "20250614T0100Z", "2025-06-14", "1970-01-01T00:00:00Z")),
                Map.entry("stats", Arbitraries.of("mean", "mean,std,min,max", "median", "", ",", "MEAN,mean")),
                Map.entry("percentiles", Arbitraries.of("50", "10,90", "101", "-1", "1e2", "50,,60")),
                Map.entry("threshold", Arbitraries.of("273.15", "0,300", "NaN", "x")),
                Map.entry("coords", Arbitraries.of("POINT(-4.4861 54.1523)", "MULTIPOINT((-4.4861 54.1523),(-4.68 54.22))",
                        "POINT(54.1523 -4.4861)", "POINT(-0.1278 51.5074)", "POINT(", "POINT EMPTY", "MULTIPOINT EMPTY",
                        "MULTIPOINT((0 0), EMPTY)", "POINT(NaN NaN)", "POINT(1 2 3)", "LINESTRING(0 0,1 1)",
                        "POLYGON((-4.6 54.1,-4.4 54.1,-4.4 54.2,-4.6 54.2,-4.6 54.1))", "POLYGON((-1 51,0 52,0 51,-1 52,-1 51))",
                        "POLYGON EMPTY", "POLYGON((0 0,1 1,0 0))", "GEOMETRYCOLLECTION(POINT(1 1))", "POLYGON((-180 -90,180 -90,180 90,-180 90,-180 -90))",
                        "POINT(0 90)", "POINT(-4.5 54.15)")),
                Map.entry("datetime", Arbitraries.of("2025-06-14T01:00:00Z", "2025-06-14T01:00:00Z/2025-06-14T03:00:00Z", "../2025-06-14T02:00:00Z",
                        "2025-06-14T02:00:00Z/..", "../..", "/", "2025-06-14", "2025-06-14T03:00:00Z/2025-06-14T01:00:00Z", "a/b/c",
                        "1970-01-01T00:00:00Z/9999-12-31T23:59:59Z")),
                Map.entry("parameter-name", Arbitraries.of("air_temperature", "air_temperature,relative_humidity", "snowfall", ",", "a b",
                        "air_temperature,air_temperature")),
                Map.entry("z", Arbitraries.of("1.5", "10", "abc", "1e3", "-5", "10/20")),
                Map.entry("crs", Arbitraries.of("CRS84", "OGC:CRS84", "EPSG:4326", "http://www.opengis.net/def/crs/OGC/1.3/CRS84")),
                Map.entry("f", Arbitraries.of("CoverageJSON", "GeoJSON", "CSV", "covjson", "json", "xml")),
                Map.entry("within", Arbitraries.of("5", "0", "-1", "100000", "1e3", "0.001")),
                Map.entry("within-units", Arbitraries.of("km", "m", "mi", "KM", "furlongs")),
                Map.entry("bbox", Arbitraries.of("-4.6,54.1,-4.4,54.2", "-4.4,54.1,-4.6,54.2", "1,2,3", "-180,-90,180,90", "a,b,c,d",
                        "-4.6,54.1,-4.4,54.2,0,10")),
                Map.entry("before", Arbitraries.of("20250614T010000Z", "x", "20250614T0100Z")));
        List<Arbitrary<String>> pairs = names.stream().map(p -> values.get(p).map(v -> p + "=" + enc(v))).toList();
        return Combinators.combine(pairs).as(list -> list).flatMap(all -> Arbitraries.subsetOf(all).map(s -> String.join("&", s)));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String encodePath(String s) {
        return enc(s).replace("+", "%20");
    }

    private static String encodeEveryByte(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            b.append('%').append(String.format("%02X", x & 0xff));
        }
        return b.toString();
    }
}
