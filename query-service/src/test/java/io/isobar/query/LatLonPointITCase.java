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
