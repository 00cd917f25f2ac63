package io.isobar.query.edr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import io.isobar.json.Json;
import io.isobar.localaws.LocalAws;
import io.isobar.model.ForecastFile;
import io.isobar.model.ModelNames;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.bytes.S3ByteSource;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.isobar.query.IndexFixture;
import io.isobar.query.forecast.GreatCircle;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variable;
import io.isobar.simulator.Variables;

/**
 * The data and request bodies of the limits tests ({@link EdrLimitsITCase}, {@link LimitsPropertiesITCase}), written by
 * the simulator: UKV screen temperature, 10 m wind and screen humidity on a 300 x 320 cut of the UK grid (96,000 cells,
 * under the cell limit) at R0 + 1 h and + 2 h; MOGREPS-UK mean sea-level pressure on a 400 x 410 cut (164,000 cells,
 * over it) at R0 + 1 h.
 */
final class LimitsData {

    static final Instant R0 = Instant.parse("2025-06-14T00:00:00Z");
    static final String T1 = R0.plusSeconds(3_600).toString();
    static final String T2 = R0.plusSeconds(7_200).toString();
    /** Around the whole 300 x 320 grid (and most of the 400 x 400 one's), in longitude/latitude. */
    static final String EVERYWHERE = "POLYGON((-12 49,8 49,8 61,-12 61,-12 49))";
    /** The UKV parameters, in the order their files are written. */
    static final List<String> UKV_PARAMETERS = List.of("air_temperature", "wind_speed", "relative_humidity");

    private LimitsData() {}

    /** An index named for {@code testName} holding the files above, archived in a bucket of their own. */
    static IndexFixture seed(LocalAws aws, String testName) throws Exception {
        IndexFixture index = new IndexFixture(aws, testName);
        String bucket = LocalAws.uniqueName(testName + "-archive");
        MetOfficeFileWriter writer = new MetOfficeFileWriter(new SyntheticField(11));
        for (Variable v : List.of(Variables.TEMPERATURE_AT_SCREEN_LEVEL, Variables.WIND_SPEED_AT_10M,
                Variables.RELATIVE_HUMIDITY_AT_SCREEN_LEVEL)) {
            for (int h = 1; h <= 2; h++) {
                put(index, writer, bucket, new ForecastFileSpec(MetOfficeModel.UKV, v, R0, Duration.ofHours(h), List.of(),
                        GridSpec.centred(300, 320), R0));
            }
        }
        put(index, writer, bucket, new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.PRESSURE_AT_MEAN_SEA_LEVEL, R0,
                Duration.ofHours(1), List.of(0), GridSpec.centred(400, 410), R0));
        return index;
    }

    private static void put(IndexFixture index, MetOfficeFileWriter writer, String bucket, ForecastFileSpec spec) throws Exception {
        String model = ModelNames.normalise(spec.model().shortName());
        String id = model + "-" + spec.variable().parameter() + "-" + spec.forecastPeriod().toHours();
        String uri = "s3://" + bucket + "/" + id + ".nc";
        byte[] bytes = writer.toBytes(spec);
        index.upload(uri, bytes);
        NetcdfHeader h = new NetcdfHeaderReader().read(S3ByteSource.of(index.s3(), bucket, id + ".nc"));
        index.put(new ForecastFile(id, model, h.variable(), h.standardName(), h.longName(), h.units(), h.cellMethods(),
                h.forecastReferenceTime(), h.forecastPeriod(), h.time(), h.realizations(), h.heights(), h.pressures(),
                h.dimensions().stream().map(d -> d.name() + "=" + d.size()).toList(), uri, "s3://met-office/" + id + ".nc",
                bytes.length, "etag-" + id, Instant.now()));
    }

    /** {@code n} points on the 300 x 320 grid, four decimals, the same for the same seed. */
    static List<double[]> points(int n, long seed) {
        Random random = new Random(seed);
        List<double[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new double[] {Math.round((-4.5 + 4 * random.nextDouble()) * 1e4) / 1e4,
                Math.round((53.6 + 2.6 * random.nextDouble()) * 1e4) / 1e4});
        }
        return out;
    }

    static String multipoint(List<double[]> points) {
        StringBuilder s = new StringBuilder("MULTIPOINT(");
        for (int i = 0; i < points.size(); i++) {
            s.append(i == 0 ? "" : ",").append('(').append(points.get(i)[0]).append(' ').append(points.get(i)[1]).append(')');
        }
        return s.append(')').toString();
    }

    static String geoJsonMultiPoint(List<double[]> points) {
        StringBuilder s = new StringBuilder("{\"type\": \"MultiPoint\", \"coordinates\": [");
        for (int i = 0; i < points.size(); i++) {
            s.append(i == 0 ? "" : ",").append('[').append(points.get(i)[0]).append(',').append(points.get(i)[1]).append(']');
        }
        return s.append("]}").toString();
    }

    /** A circle of 50 km around the grid's origin as a GeoJSON polygon of {@code n} distinct vertices and the closing one. */
    static String geoJsonCircle(int n) {
        StringBuilder s = new StringBuilder("{\"type\": \"Polygon\", \"coordinates\": [[");
        for (int i = 0; i <= n; i++) {
            double[] at = GreatCircle.destination(54.9, -2.5, 2 * Math.PI * (i % n) / n, 50_000);
            s.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "[%.6f,%.6f]", at[1], at[0]));
        }
        return s.append("]]}").toString();
    }

    /** {@code wkt} with spaces after its first comma until it is {@code length} characters long. */
    static String padded(String wkt, int length) {
        int comma = wkt.indexOf(',');
        return wkt.substring(0, comma + 1) + " ".repeat(length - wkt.length()) + wkt.substring(comma + 1);
    }

    static String quote(String s) throws Exception {
        return Json.mapper().writeValueAsString(s);
    }
}
