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
 * {@code /v1/point} and EDR {@code position} on a global latitude/longitude file: a longitude given as 0..360 answers
 * as its -180..180 twin, bilinear interpolation across the antimeridian mixes the last and the first column, and the
 * values equal the written array read independently with jHDF at the cells the answer names.
 */
@ExtendWith(LocalAwsExtension.class)
class LatLonPointITCase {

    static final Instant RUN = Instant.parse("2026-07-21T00:00:00Z");
    static final Instant TIME = RUN.plus(Duration.ofHours(3));

    private static IndexFixture index;
    private static float[][] written;
    /** The MOGREPS-G file's members as written, {@code [member][row][column]}, on the same globe. */
    private static float[][][] members;

    @BeforeAll
    static void seed(LocalAws aws) throws Exception {
        index = new IndexFixture(aws, "latlon");
        ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.GLOBAL, Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN,
                Duration.between(RUN, TIME), List.of(), GridSpec.globe(48, 64), RUN);
        byte[] bytes = new MetOfficeFileWriter(new SyntheticField(3)).toBytes(spec);
        index.archive("s3://" + LocalAws.uniqueName("latlon-archive") + "/global.nc", bytes, "global",
                Instant.parse("2026-07-21T03:30:00Z"));
        Path copy = Files.createTempFile("global", ".nc");
        try {
            Files.write(copy, bytes);
            try (HdfFile hdf = new HdfFile(copy)) {
                written = (float[][]) hdf.getDatasetByPath(spec.dataVariable()).getData();
            }
        } finally {
            Files.deleteIfExists(copy);
        }
        ForecastFileSpec ensemble = new ForecastFileSpec(MetOfficeModel.MOGREPS_G, Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN,
                Duration.between(RUN, TIME), List.of(0, 1, 2), GridSpec.globe(48, 64), RUN);
        byte[] ensembleBytes = new MetOfficeFileWriter(new SyntheticField(5)).toBytes(ensemble);
        index.archive("s3://" + LocalAws.uniqueName("latlon-archive") + "/mogreps-g.nc", ensembleBytes, "mogreps-g",
                Instant.parse("2026-07-21T03:30:00Z"));
        Path ensembleCopy = Files.createTempFile("mogreps-g", ".nc");
        try {
            Files.write(ensembleCopy, ensembleBytes);
            try (HdfFile hdf = new HdfFile(ensembleCopy)) {
                members = (float[][][]) hdf.getDatasetByPath(ensemble.dataVariable()).getData();
            }
        } finally {
            Files.deleteIfExists(ensembleCopy);
        }
    }

    @Test
    void mogrepsGEnsembleStatisticsAreThoseOfTheWrittenMembersAnywhereOnTheGlobe() {
        QueryServiceTesting.test(index.service(), api -> {
            // Wellington, just west of the antimeridian, the same place given as 0..360, near the south pole.
            for (String[] place : new String[][] {{"-41.29", "174.78"}, {"20.1", "-179.9"}, {"20.1", "180.1"}, {"-89.5", "33"}}) {
                JsonNode a = ok(api, "/v1/point?lat=" + place[0] + "&lon=" + place[1]
                        + "&variable=air_temperature&model=mogreps-g&stats=mean,std,min,max&time=" + TIME);
                // The cell holding the place, computed here: 64 x 48 cells of 5.625 x 3.75 degrees from -180, -90.
                double lon = Double.parseDouble(place[1]);
                int column = Math.floorMod((int) Math.floor((lon + 180) / 5.625), 64);
                int row = (int) Math.floor((Double.parseDouble(place[0]) + 90) / 3.75);
                assertThat(List.of(a.at("/cell/row").asInt(), a.at("/cell/column").asInt())).as("%s", (Object) place)
                        .containsExactly(row, column);
                double[] v = {members[0][row][column], members[1][row][column], members[2][row][column]};
                double mean = (v[0] + v[1] + v[2]) / 3;
                double std = Math.sqrt(((v[0] - mean) * (v[0] - mean) + (v[1] - mean) * (v[1] - mean) + (v[2] - mean) * (v[2] - mean)) / 3);
                assertThat(a.path("values")).hasSize(3);
                for (int m = 0; m < 3; m++) {
                    assertThat(a.at("/values/" + m + "/value").asDouble()).isCloseTo(v[a.at("/values/" + m + "/realization").asInt()], within(1e-4));
                }
                assertThat(a.path("statistics")).extracting(st -> st.path("statistic").asText()).containsExactly("mean", "std", "min", "max");
                assertThat(a.at("/statistics/0/value").asDouble()).as("mean at %s", (Object) place).isCloseTo(mean, within(1e-3));
                assertThat(a.at("/statistics/1/value").asDouble()).as("std at %s", (Object) place).isCloseTo(std, within(1e-3));
                assertThat(a.at("/statistics/2/value").asDouble()).isCloseTo(Math.min(v[0], Math.min(v[1], v[2])), within(1e-4));
                assertThat(a.at("/statistics/3/value").asDouble()).isCloseTo(Math.max(v[0], Math.max(v[1], v[2])), within(1e-4));
                assertThat(a.at("/statistics/0/members").asInt()).isEqualTo(3);
            }
        });
    }

    @AfterAll
    static void close() {
        index.close();
    }

    @Test
    void aLongitudeFrom0To360AnswersAsItsTwin() {
        QueryServiceTesting.test(index.service(), api -> {
            JsonNode east = ok(api, point("-41.29", "202.14", "nearest"));
            JsonNode west = ok(api, point("-41.29", "-157.86", "nearest"));
            assertThat(east.path("cell")).isEqualTo(west.path("cell"));
            double value = east.at("/values/0/value").asDouble();
            assertThat(value).isEqualTo(west.at("/values/0/value").asDouble())
                    .isCloseTo(written[east.at("/cell/row").asInt()][east.at("/cell/column").asInt()], within(1e-4));
            JsonNode edr = ok(api, "/edr/collections/global/position?coords=" + q("POINT(202.14 -41.29)")
                    + "&parameter-name=air_temperature&datetime=" + TIME);
            assertThat(edr.at("/ranges/air_temperature/values/0").asDouble()).isCloseTo(value, within(1e-4));
        });
    }

    @Test
    void bilinearAcrossTheAntimeridianMixesTheLastAndFirstColumns() {
        QueryServiceTesting.test(index.service(), api -> {
            JsonNode a = ok(api, point("10.3", "179.99", "bilinear"));
            JsonNode cells = a.path("cells");
            assertThat(cells).hasSize(4);
            List<Integer> columns = new java.util.ArrayList<>();
            double sum = 0;
            for (JsonNode c : cells) {
                columns.add(c.path("column").asInt());
                sum += c.path("weight").asDouble() * written[c.path("row").asInt()][c.path("column").asInt()];
            }
            assertThat(columns).contains(0, 63);
            assertThat(a.at("/values/0/value").asDouble()).isCloseTo(sum, within(1e-3));
        });
    }

    @Test
    void nearThePoleTheNearestCellIsOnThePolarRow() {
        QueryServiceTesting.test(index.service(), api -> {
            JsonNode north = ok(api, point("89.99", "12.5", "nearest"));
            int row = north.at("/cell/row").asInt();
            assertThat(row == 0 || row == 47).as("a polar row, not " + row).isTrue();
            assertThat(north.at("/values/0/value").asDouble())
                    .isCloseTo(written[row][north.at("/cell/column").asInt()], within(1e-4));
        });
    }

    private static String point(String lat, String lon, String method) {
        return "/v1/point?lat=" + lat + "&lon=" + lon + "&variable=air_temperature&model=global&method=" + method + "&time=" + TIME;
    }

    private static JsonNode ok(TestApi api, String path) {
        Answer a = api.get(path);
        assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(200);
        return a.json();
    }
}
