package io.isobar.query.point;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.query.IndexFixture;
import io.isobar.query.QueryService;
import io.isobar.query.QueryServiceTesting;
import io.isobar.query.TestApi.Answer;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variables;

/**
 * Point values on files of the real size (the simulator's 970 x 1042 UK grid, chunks of 1 x 128 x 128, deflate):
 * the cell each city falls in matches the reference cells computed with pyproj ({@code GridProjectionTest}), the
 * value is the one the simulator wrote there, and a value costs one ranged read of its chunk.
 */
@ExtendWith(LocalAwsExtension.class)
class RealisticGridITCase {

    private static final Instant RUN = Instant.parse("2025-06-14T12:00:00Z");
    private static final Instant TIME = RUN.plus(Duration.ofHours(3));
    private static final SyntheticField FIELD = new SyntheticField(7);

    private static IndexFixture index;
    private static ForecastFileSpec ukv;
    private static ForecastFileSpec mogreps;

    @BeforeAll
    static void seed(LocalAws aws) throws Exception {
        index = new IndexFixture(aws, "realistic-point");
        String bucket = LocalAws.uniqueName("realistic-archive");
        MetOfficeFileWriter writer = new MetOfficeFileWriter(FIELD);
        ukv = new ForecastFileSpec(MetOfficeModel.UKV, Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN, Duration.ofHours(3), List.of(),
                GridSpec.uk(), RUN);
        mogreps = new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN, Duration.ofHours(3),
                List.of(0, 1, 2), GridSpec.uk(), RUN);
        put(bucket, "ukv", writer.toBytes(ukv), List.of());
        put(bucket, "mogreps-uk", writer.toBytes(mogreps), List.of(0, 1, 2));
    }

    @AfterAll
    static void close() {
        index.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // place, lat, lon, UK grid row and column from pyproj (see GridProjectionTest)
        "London,     51.5074, -0.1278, 297, 603",
        "Edinburgh,  55.9533, -3.1883, 543, 499",
        "Cardiff,    51.4816, -3.1791, 294, 497",
        "Belfast,    54.5973, -5.9301, 470, 410",
        "Douglas,    54.1523, -4.4861, 444, 456",
        "Lerwick,    60.1550, -1.1450, 777, 558",
        "Penzance,   50.1188, -5.5376, 221, 412"})
    void eachCityGetsTheValueWrittenInItsCell(String place, double lat, double lon, int row, int column) {
        QueryServiceTesting.test(index.service(), api -> {
            Answer a = api.get("/v1/point?lat=" + lat + "&lon=" + lon + "&time=" + TIME + "&variable=air_temperature&model=ukv");
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            JsonNode json = a.json();
            assertThat(json.at("/cell/row").asInt()).as(place).isEqualTo(row);
            assertThat(json.at("/cell/column").asInt()).as(place).isEqualTo(column);
            assertThat(json.at("/cell/distance_m").asDouble()).isLessThan(1500);
            assertThat((float) json.at("/values/0/value").asDouble()).isEqualTo(FIELD.value(ukv, 0, 1.5, row, column));

            Answer byName = api.get("/v1/point?place=" + place + "&time=" + TIME + "&variable=air_temperature&model=mogreps-uk");
            assertThat(byName.status()).as(byName.body()).isEqualTo(200);
            JsonNode values = byName.json().path("values");
            assertThat(values).hasSize(3);
            for (int m = 0; m < 3; m++) {
                assertThat(values.get(m).path("realization").asInt()).isEqualTo(m);
                assertThat((float) values.get(m).path("value").asDouble()).isEqualTo(FIELD.value(mogreps, m, 1.5, row, column));
            }
        });
    }

    @Test
    void aColdValueCostsTheHeaderAndOneRangedReadOfItsChunk() {
        QueryService service = index.service();
        QueryServiceTesting.test(service, api -> {
            ChunkCache reader = service.chunkCache();
            String london = "/v1/point?place=London&time=" + TIME + "&variable=air_temperature&model=ukv";
            assertThat(api.get(london).status()).isEqualTo(200);
            ChunkCache.Stats first = reader.stats();
            assertThat(first.filesOpened()).isEqualTo(1);
            assertThat(first.chunksRead()).isEqualTo(1);
            // Header: the head and the tail of the file (<= 256 KiB); then the one chunk.
            assertThat(first.sourceReads()).isEqualTo(3);

            // Another chunk of the same file: one more read, no more than a chunk's worth of bytes.
            assertThat(api.get("/v1/point?place=Edinburgh&time=" + TIME + "&variable=air_temperature&model=ukv").status()).isEqualTo(200);
            ChunkCache.Stats second = reader.stats();
            assertThat(second.sourceReads() - first.sourceReads()).isEqualTo(1);
            assertThat(second.sourceBytes() - first.sourceBytes()).isGreaterThan(0).isLessThanOrEqualTo(128 * 128 * 4);

            // The same cell again: from the cache.
            assertThat(api.get(london).status()).isEqualTo(200);
            assertThat(reader.stats().sourceReads()).isEqualTo(second.sourceReads());

            // The ensemble: a header and one chunk per member (1 x 128 x 128 chunks), read in parallel.
            assertThat(api.get("/v1/point?place=London&time=" + TIME + "&variable=air_temperature&model=mogreps-uk").status())
                    .isEqualTo(200);
            assertThat(reader.stats().sourceReads() - second.sourceReads()).isEqualTo(2 + 3);
        });
    }

    private static void put(String bucket, String model, byte[] bytes, List<Integer> realizations) {
        String uri = "s3://" + bucket + "/" + model + "/" + RUN.getEpochSecond() + "/air_temperature.nc";
        index.upload(uri, bytes);
        index.put(new ForecastFile(model + "-at", model, "air_temperature", "air_temperature", null, "K", null, RUN,
                Duration.between(RUN, TIME).toSeconds(), TIME, realizations, List.of(1.5), List.of(),
                List.of("projection_y_coordinate=970", "projection_x_coordinate=1042"), uri, "s3://met-office/" + model + ".nc",
                bytes.length, null, RUN));
    }
}
