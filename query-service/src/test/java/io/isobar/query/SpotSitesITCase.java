package io.isobar.query;

import static io.isobar.query.TestApi.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.query.TestApi.Answer;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variables;
import io.jhdf.HdfFile;

/**
 * A spot collection served as sites, not a grid: its EDR locations are the file's sites, {@code locations/{id}} and
 * {@code /v1/point?site=} answer from the site's column of the file, and {@code /v1/point?lat&lon} from the nearest site
 * with its distance. Values and site positions are read independently from the written file with jHDF; the nearest site
 * and its distance are the test's own haversine over those positions.
 */
@ExtendWith(LocalAwsExtension.class)
class SpotSitesITCase {

    static final String MODEL = "bpf-uk-spot-percentiles";
    static final Instant BLEND = Instant.parse("2026-07-21T03:00:00Z");
    static final Instant TIME = BLEND.plus(Duration.ofHours(3));
    static final int SITES = 40;

    private static IndexFixture index;
    private static GridSpec grid;
    private static ForecastFileSpec spec;
    /** The written values, [percentile][site], and the sites' positions, as jHDF reads them from the file. */
    private static float[][] written;
    private static float[] latitudes;
    private static float[] longitudes;

    @BeforeAll
    static void seed(LocalAws aws) throws Exception {
        index = new IndexFixture(aws, "spot");
        grid = GridSpec.sites(SITES, true);
        spec = new ForecastFileSpec(MetOfficeModel.BPF_UK_SPOT_PERCENTILES, Variables.TEMPERATURE_AT_SCREEN_LEVEL, BLEND,
                Duration.between(BLEND, TIME), List.of(), grid, BLEND);
        byte[] bytes = new MetOfficeFileWriter(new SyntheticField(7)).toBytes(spec);
        String bucket = LocalAws.uniqueName("spot-archive");
        assertThat(index.archive("s3://" + bucket + "/spot.nc", bytes, MODEL, Instant.parse("2026-07-21T03:30:00Z")).model())
                .isEqualTo(MODEL);
        Path copy = Files.createTempFile("spot", ".nc");
        try {
            Files.write(copy, bytes);
            try (HdfFile hdf = new HdfFile(copy)) {
                written = (float[][]) hdf.getDatasetByPath(spec.dataVariable()).getData();
                latitudes = (float[]) hdf.getDatasetByPath("latitude").getData();
                longitudes = (float[]) hdf.getDatasetByPath("longitude").getData();
            }
        } finally {
            Files.deleteIfExists(copy);
        }
        assertThat(written).hasNumberOfRows(spec.percentiles().size());
        assertThat(written[0]).hasSize(SITES);
    }

    @AfterAll
    static void close() {
        index.close();
    }

    @Test
    void theLocationsAreTheFilesSites() {
        QueryServiceTesting.test(index.service(), api -> {
            JsonNode fc = ok(api, "/edr/collections/" + MODEL + "/locations");
            assertThat(fc.path("features")).hasSize(SITES);
            for (int i = 0; i < SITES; i++) {
                JsonNode f = fc.path("features").get(i);
                GridSpec.Site s = grid.site(i);
                assertThat(f.path("id").asText()).isEqualTo(s.siteId());
                assertThat(f.at("/geometry/coordinates/0").asDouble()).isCloseTo(longitudes[i], within(1e-4));
                assertThat(f.at("/geometry/coordinates/1").asDouble()).isCloseTo(latitudes[i], within(1e-4));
                assertThat(f.at("/geometry/coordinates/2").asDouble()).isCloseTo(s.altitude(), within(1e-3));
                if ("None".equals(s.wmoId())) {
                    assertThat(f.at("/properties/wmo_id").isMissingNode()).isTrue();
                } else {
                    assertThat(f.at("/properties/wmo_id").asText()).isEqualTo(s.wmoId());
                }
            }
        });
    }

    @Test
    void aSiteIsAnsweredFromItsColumnOfTheFile() {
        QueryServiceTesting.test(index.service(), api -> {
            for (int i : new int[] {0, 3, SITES - 1}) {
                String id = grid.site(i).siteId();
                JsonNode point = ok(api, "/v1/point?model=" + MODEL + "&site=" + id + "&variable=air_temperature&time=" + TIME);
                assertThat(point.at("/point/site/id").asText()).isEqualTo(id);
                assertThat(point.at("/point/site/distance_km").asDouble()).isEqualTo(0.0);
                assertValues(point.path("values"), i);

                JsonNode edr = ok(api, "/edr/collections/" + MODEL + "/locations/" + id + "?parameter-name=air_temperature"
                        + "&datetime=" + TIME);
                int p = spec.percentiles().size() - 1;
                String key = "air_temperature_p" + number(spec.percentiles().get(p));
                assertThat(edr.at("/ranges/" + key + "/values/0").asDouble()).as(edr.toString())
                        .isCloseTo(written[p][i], within(1e-4));
                assertThat(edr.at("/domain/axes/x/values/0").asDouble()).isCloseTo(longitudes[i], within(1e-4));
            }
            // One percentile, as on a gridded blend.
            double p = spec.percentiles().get(1);
            JsonNode one = ok(api, "/v1/point?model=" + MODEL + "&site=" + grid.site(2).siteId()
                    + "&variable=air_temperature&time=" + TIME + "&percentile=" + number(p));
            assertThat(one.path("values")).hasSize(1);
            assertThat(one.at("/values/0/value").asDouble()).isCloseTo(written[1][2], within(1e-4));

            // A series and the CSV answer the same site.
            JsonNode series = ok(api, "/v1/point/series?model=" + MODEL + "&site=" + grid.site(2).siteId()
                    + "&variable=air_temperature&from=" + TIME + "&to=" + TIME + "&percentile=" + number(p));
            assertThat(series.at("/point/site/id").asText()).isEqualTo(grid.site(2).siteId());
            assertThat(series.at("/series/0/values/0/value").asDouble()).isCloseTo(written[1][2], within(1e-4));
            Answer csv = api.get("/v1/point?model=" + MODEL + "&site=" + grid.site(2).siteId()
                    + "&variable=air_temperature&time=" + TIME + "&percentile=" + number(p) + "&format=csv");
            assertThat(csv.status()).as(csv.body()).isEqualTo(200);
            String[] lines = csv.body().split("\r?\n");
            assertThat(lines[0]).contains(",place,site,method,");
            assertThat(lines[1]).contains("," + grid.site(2).siteId() + ",nearest,");
        });
    }

    @Test
    void aLatitudeAndLongitudeAreAnsweredByTheNearestSiteWithItsDistance() {
        QueryServiceTesting.test(index.service(), api -> {
            double[][] places = {{51.5074, -0.1278}, {57.15, -2.11}, {50.37, -4.14}, {52.2, 0.12}};
            for (double[] place : places) {
                int nearest = 0;
                for (int i = 1; i < SITES; i++) {
                    if (haversineKm(place, i) < haversineKm(place, nearest)) {
                        nearest = i;
                    }
                }
                JsonNode point = ok(api, "/v1/point?model=" + MODEL + "&lat=" + place[0] + "&lon=" + place[1]
                        + "&variable=air_temperature&time=" + TIME);
                assertThat(point.at("/point/site/id").asText()).isEqualTo(grid.site(nearest).siteId());
                assertThat(point.at("/point/site/distance_km").asDouble()).isCloseTo(haversineKm(place, nearest), within(0.05));
                assertValues(point.path("values"), nearest);

                // EDR position on a spot collection answers from the same site.
                JsonNode edr = ok(api, "/edr/collections/" + MODEL + "/position?coords=" + q("POINT(" + place[1] + " " + place[0]
                        + ")") + "&parameter-name=air_temperature_p" + number(spec.percentiles().get(0)) + "&datetime=" + TIME);
                assertThat(edr.at("/ranges/air_temperature_p" + number(spec.percentiles().get(0)) + "/values/0").asDouble())
                        .as(edr.toString()).isCloseTo(written[0][nearest], within(1e-4));
            }
        });
    }

    @Test
    void badSitesAreProblems() {
        QueryServiceTesting.test(index.service(), api -> {
            String id = grid.site(0).siteId();
            String typo = id.substring(0, id.length() - 1) + (id.endsWith("9") ? "8" : "9");
            Answer unknown = api.get("/v1/point?model=" + MODEL + "&site=" + typo + "&variable=air_temperature&time=" + TIME);
            assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
            assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
            assertThat(unknown.json().path("suggestions").toString()).contains(id);

            Answer location = api.get("/edr/collections/" + MODEL + "/locations/" + typo + "?parameter-name=air_temperature");
            assertThat(location.status()).as(location.body()).isEqualTo(404);
            assertThat(location.json().path("suggestions").toString()).contains(id);

            Answer noModel = api.get("/v1/point?site=" + id + "&variable=air_temperature&time=" + TIME);
            assertThat(noModel.status()).as(noModel.body()).isEqualTo(400);
            assertThat(noModel.json().path("detail").asText()).contains("model");

            Answer both = api.get("/v1/point?model=" + MODEL + "&site=" + id + "&lat=51&lon=0&variable=air_temperature&time=" + TIME);
            assertThat(both.status()).as(both.body()).isEqualTo(400);
        });
    }

    /** Every percentile of site {@code i}, in order, each equal to the written value. */
    private static void assertValues(JsonNode values, int i) {
        assertThat(values).hasSize(spec.percentiles().size());
        for (int k = 0; k < spec.percentiles().size(); k++) {
            assertThat(values.get(k).path("percentile").asDouble()).isEqualTo(spec.percentiles().get(k));
            assertThat(values.get(k).path("value").asDouble()).isCloseTo(written[k][i], within(1e-4));
        }
    }

    /** Great-circle distance (km, mean Earth radius 6371.0088 km) from {@code place} to site {@code i}. */
    private static double haversineKm(double[] place, int i) {
        double p1 = Math.toRadians(place[0]);
        double p2 = Math.toRadians(latitudes[i]);
        double dp = p2 - p1;
        double dl = Math.toRadians(longitudes[i] - place[1]);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static JsonNode ok(TestApi api, String path) {
        Answer a = api.get(path);
        assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(200);
        return a.json();
    }
}
