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
import io.isobar.model.ForecastFile;
import io.isobar.query.TestApi.Answer;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variables;
import io.jhdf.HdfFile;

/**
 * The IMPROVER blends' percentiles and probabilities as first-class answers: {@code /v1/point} and EDR {@code position}
 * take {@code percentile=} and {@code threshold=} on a blend's collection and answer from the file's percentile or
 * threshold dimension, each value labelled with what it is; a value the file lacks is a 400 listing those it has. Values
 * are compared with the written array read independently with jHDF at the cell the answer names.
 */
@ExtendWith(LocalAwsExtension.class)
class BlendQueriesITCase {

    static final Instant BLEND = Instant.parse("2026-07-21T03:00:00Z");
    static final Instant TIME = BLEND.plus(Duration.ofHours(3));
    static final String LAT = "54.9";
    static final String LON = "-2.5";

    private static IndexFixture index;
    private static Blend percentiles;
    private static Blend probabilities;

    /** One archived blend file: its index entry, what the simulator wrote, and the array read back with jHDF. */
    record Blend(ForecastFile entry, ForecastFileSpec spec, float[][][] written) {}

    @BeforeAll
    static void seed(LocalAws aws) throws Exception {
        index = new IndexFixture(aws, "blends");
        String bucket = LocalAws.uniqueName("blends-archive");
        percentiles = archive(bucket, MetOfficeModel.BPF_UK_PERCENTILES);
        probabilities = archive(bucket, MetOfficeModel.BPF_UK_PROBABILITIES);
        assertThat(percentiles.entry().kind().percentiles()).isNotEmpty();
        assertThat(probabilities.entry().kind().threshold().values()).hasSizeGreaterThan(1);
    }

    @AfterAll
    static void close() {
        index.close();
    }

    @Test
    void aPercentileIsAnsweredFromItsSliceAndSaysWhatItIs() {
        QueryServiceTesting.test(index.service(), api -> {
            List<Double> all = percentiles.spec().percentiles();
            int i = all.size() - 2;
            double p = all.get(i);
            JsonNode point = ok(api, point("bpf-uk-percentiles", "air_temperature") + "&percentile=" + p);
            assertThat(point.path("values")).hasSize(1);
            JsonNode v = point.path("values").get(0);
            assertThat(v.path("percentile").asDouble()).isEqualTo(p);
            assertThat(v.path("value").asDouble()).isCloseTo(written(percentiles, i, point), within(1e-4));

            // Without percentile=, every percentile, in order, each labelled.
            JsonNode every = ok(api, point("bpf-uk-percentiles", "air_temperature"));
            assertThat(every.path("values")).hasSize(all.size());
            for (int k = 0; k < all.size(); k++) {
                assertThat(every.path("values").get(k).path("percentile").asDouble()).isEqualTo(all.get(k));
                assertThat(every.path("values").get(k).path("value").asDouble()).isCloseTo(written(percentiles, k, every),
                        within(1e-4));
            }

            // EDR names it as the statistic it is, with the same value.
            JsonNode edr = ok(api, "/edr/collections/bpf-uk-percentiles/position?coords=" + q("POINT(" + LON + " " + LAT + ")")
                    + "&parameter-name=air_temperature&datetime=" + TIME + "&percentile=" + p);
            String key = "air_temperature_p" + number(p);
            assertThat(edr.path("ranges").has(key)).as(edr.path("ranges").toString()).isTrue();
            assertThat(edr.at("/ranges/" + key + "/values/0").asDouble()).isCloseTo(v.path("value").asDouble(), within(1e-4));
            assertThat(edr.at("/parameters/" + key + "/description/en").asText()).contains("percentile of the blend");

            // A series answers the same slice.
            JsonNode series = ok(api, "/v1/point/series?lat=" + LAT + "&lon=" + LON + "&variable=air_temperature"
                    + "&model=bpf-uk-percentiles&from=" + TIME + "&to=" + TIME + "&percentile=" + p);
            assertThat(series.at("/series/0/values")).hasSize(1);
            assertThat(series.at("/series/0/values/0/percentile").asDouble()).isEqualTo(p);
            assertThat(series.at("/series/0/values/0/value").asDouble()).isEqualTo(v.path("value").asDouble());

            // The CSV names it in the statistic column.
            Answer csv = api.get(point("bpf-uk-percentiles", "air_temperature") + "&percentile=" + p + "&format=csv");
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.body()).contains(",p" + number(p) + ",");
        });
    }

    @Test
    void aThresholdIsAnsweredFromItsSliceWithItsUnitsAndComparison() {
        QueryServiceTesting.test(index.service(), api -> {
            List<Double> thresholds = probabilities.spec().thresholds();
            int i = 1;
            double t = thresholds.get(i);
            String variable = probabilities.spec().dataVariable();
            JsonNode point = ok(api, point("bpf-uk-probabilities", variable) + "&threshold=" + t);
            assertThat(point.path("values")).hasSize(1);
            JsonNode v = point.path("values").get(0);
            assertThat(v.at("/threshold/value").asDouble()).isEqualTo(t);
            assertThat(v.at("/threshold/units").asText()).isEqualTo("K");
            assertThat(v.at("/threshold/comparison").asText()).isEqualTo("greater_than_or_equal_to");
            assertThat(v.at("/threshold/quantity").asText()).isEqualTo("air_temperature");
            assertThat(v.path("value").asDouble()).isCloseTo(written(probabilities, i, point), within(1e-4));

            JsonNode edr = ok(api, "/edr/collections/bpf-uk-probabilities/position?coords=" + q("POINT(" + LON + " " + LAT + ")")
                    + "&parameter-name=" + variable + "&datetime=" + TIME + "&threshold=" + t);
            String key = "air_temperature_probability_above_" + number(t);
            assertThat(edr.path("ranges").has(key)).as(edr.path("ranges").toString()).isTrue();
            assertThat(edr.at("/ranges/" + key + "/values/0").asDouble()).isCloseTo(v.path("value").asDouble(), within(1e-4));
            assertThat(edr.at("/parameters/" + key + "/unit/symbol").asText()).isEqualTo("1");
        });
    }

    @Test
    void edrTakesABlendsParameterByTheNameItsAnswersGiveIt() {
        QueryServiceTesting.test(index.service(), api -> {
            String coords = "/position?coords=" + q("POINT(" + LON + " " + LAT + ")") + "&datetime=" + TIME;
            double p = percentiles.spec().percentiles().get(0);
            String p0 = "air_temperature_p" + number(p);
            JsonNode byName = ok(api, "/edr/collections/bpf-uk-percentiles" + coords + "&parameter-name=" + p0);
            JsonNode byParameter = ok(api, "/edr/collections/bpf-uk-percentiles" + coords
                    + "&parameter-name=air_temperature&percentile=" + p);
            assertThat(byName.path("ranges").has(p0)).as(byName.path("ranges").toString()).isTrue();
            assertThat(byName.at("/ranges/" + p0 + "/values/0")).isEqualTo(byParameter.at("/ranges/" + p0 + "/values/0"));

            double t = probabilities.spec().thresholds().get(0);
            String t0 = "air_temperature_probability_above_" + number(t);
            JsonNode probability = ok(api, "/edr/collections/bpf-uk-probabilities" + coords + "&parameter-name=" + t0);
            JsonNode point = ok(api, point("bpf-uk-probabilities", probabilities.spec().dataVariable()) + "&threshold=" + t);
            assertThat(probability.at("/ranges/" + t0 + "/values/0").asDouble())
                    .isCloseTo(point.at("/values/0/value").asDouble(), within(1e-4));

            Answer two = api.get("/edr/collections/bpf-uk-percentiles" + coords + "&parameter-name=" + p0 + ",air_temperature_p"
                    + number(percentiles.spec().percentiles().get(1)));
            assertThat(two.status()).as(two.body()).isEqualTo(400);
        });
    }

    @Test
    void aValueTheFileLacksIsA400ListingTheValidOnes() {
        QueryServiceTesting.test(index.service(), api -> {
            Answer p = api.get(point("bpf-uk-percentiles", "air_temperature") + "&percentile=33");
            assertThat(p.status()).as(p.body()).isEqualTo(400);
            assertThat(p.header("Content-Type")).startsWith("application/problem+json");
            assertThat(p.json().path("detail").asText()).contains("33").contains(number(percentiles.spec().percentiles().get(0)));
            assertThat(p.json().path("suggestions")).hasSize(percentiles.spec().percentiles().size());

            Answer t = api.get("/edr/collections/bpf-uk-probabilities/position?coords=" + q("POINT(" + LON + " " + LAT + ")")
                    + "&parameter-name=" + probabilities.spec().dataVariable() + "&datetime=" + TIME + "&threshold=1.25");
            assertThat(t.status()).as(t.body()).isEqualTo(400);
            assertThat(t.json().path("detail").asText()).contains("1.25").contains(" K");

            Answer noPercentiles = api.get(point("bpf-uk-probabilities", probabilities.spec().dataVariable()) + "&percentile=50");
            assertThat(noPercentiles.status()).as(noPercentiles.body()).isEqualTo(400);
            assertThat(noPercentiles.json().path("detail").asText()).contains("has no percentile dimension");
        });
    }

    private static String point(String model, String variable) {
        return "/v1/point?lat=" + LAT + "&lon=" + LON + "&variable=" + variable + "&model=" + model + "&time=" + TIME;
    }

    /** The written value of slice {@code lead} at the cell the answer says it read. */
    private static double written(Blend blend, int lead, JsonNode answer) {
        return blend.written()[lead][answer.at("/cell/row").asInt()][answer.at("/cell/column").asInt()];
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static JsonNode ok(TestApi api, String path) {
        Answer a = api.get(path);
        assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(200);
        return a.json();
    }

    private static Blend archive(String bucket, MetOfficeModel model) throws Exception {
        ForecastFileSpec spec = new ForecastFileSpec(model, Variables.TEMPERATURE_AT_SCREEN_LEVEL, BLEND,
                Duration.between(BLEND, TIME), List.of(), GridSpec.centred(60, 64), BLEND);
        byte[] bytes = new MetOfficeFileWriter(new SyntheticField(11)).toBytes(spec);
        ForecastFile entry = index.archive("s3://" + bucket + "/" + model.shortName() + ".nc", bytes, model.shortName(),
                Instant.parse("2026-07-21T03:30:00Z"));
        assertThat(entry.model()).isEqualTo(model.shortName());
        Path copy = Files.createTempFile("blend", ".nc");
        try {
            Files.write(copy, bytes);
            try (HdfFile hdf = new HdfFile(copy)) {
                return new Blend(entry, spec, (float[][][]) hdf.getDatasetByPath(spec.dataVariable()).getData());
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
