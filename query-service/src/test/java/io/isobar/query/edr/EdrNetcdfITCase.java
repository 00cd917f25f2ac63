package io.isobar.query.edr;

import static io.isobar.query.TestApi.q;
import static io.isobar.query.edr.EdrFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.query.QueryServiceTesting;
import io.isobar.query.TestApi;
import io.isobar.query.TestApi.Answer;

/**
 * EDR answers as CF netCDF ({@code f=NetCDF}) over simulator files ({@link EdrFixture}): netCDF-C's {@code ncdump} reads
 * every one (cube, area, radius, position, a location, trajectory, corridor, an instance, an ensemble), and the values
 * and coordinates it reads equal the CoverageJSON answer to the same request, variable by variable; Debian's Python
 * netCDF4 opens a cube answer and compares it too. Without {@code ncdump} (or python3-netcdf4) the test is skipped,
 * except under {@code CI=true}, where {@code .ci/run} installs them and their absence fails it.
 */
@ExtendWith(LocalAwsExtension.class)
class EdrNetcdfITCase {

    private static final String COV = "/edr/collections/";
    private static EdrFixture fx;

    @TempDir
    static Path dir;

    @BeforeAll
    static void seed(LocalAws aws) throws Exception {
        fx = new EdrFixture(aws, "edrnetcdf", dir);
    }

    @AfterAll
    static void close() {
        fx.index.close();
    }

    @Test
    void ncdumpReadsEveryNetcdfAnswerAndItsValuesAreTheCoverageJsonOnes() throws Exception {
        requireTool("ncdump", List.of("ncdump"));
        String range = "&datetime=" + q(at(2) + "/" + at(5));
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("cube", COV + "ukv/cube?bbox=-3.3,54.4,-2.9,54.7&parameter-name=" + q("air_temperature,wind_speed") + range);
        requests.put("area", COV + "ukv/area?coords=" + q("POLYGON((-3.4 54.4,-2.8 54.45,-2.9 54.8,-3.4 54.4))")
                + "&parameter-name=relative_humidity&datetime=" + q(at(3).toString()));
        requests.put("radius", COV + "ukv/radius?coords=" + q("POINT(-3.1883 55.9533)") + "&within=8&within-units=km"
                + "&parameter-name=air_temperature" + range);
        requests.put("position", COV + "ukv/position?coords=" + q("MULTIPOINT((-4.4861 54.1523),(-3.1883 55.9533))")
                + "&parameter-name=" + q("air_temperature,wind_speed") + range);
        requests.put("location", COV + "ukv/locations/Carlisle?parameter-name=air_temperature" + range);
        requests.put("instance", COV + "ukv/instances/20250614T000000Z/cube?bbox=-3.3,54.4,-3.1,54.5"
                + "&parameter-name=air_temperature" + range);
        requests.put("ensemble", COV + "mogreps-uk/cube?bbox=-3.3,54.4,-3.1,54.5&parameter-name=wind_speed&datetime="
                + q(at(1).toString()));
        requests.put("trajectory", COV + "ukv/trajectory?coords=" + q("LINESTRINGM(-4.4861 54.1523 "
                + at(2).plusSeconds(600).getEpochSecond() + ", -2.9329 54.8925 " + at(4).plusSeconds(1800).getEpochSecond() + ")")
                + "&parameter-name=" + q("air_temperature,wind_speed") + "&method=bilinear&every-km=30");
        requests.put("corridor", COV + "ukv/corridor?coords=" + q("LINESTRING(-3.5 54.5, -3.0 54.7)")
                + "&corridor-width=8&width-units=km&resolution-x=3&parameter-name=air_temperature&datetime=" + q(at(2).toString()));
        QueryServiceTesting.test(fx.index.service(), api -> {
            for (Map.Entry<String, String> r : requests.entrySet()) {
                String name = r.getKey();
                JsonNode cov = ok(api, r.getValue());
                Path file = netcdf(api, r.getValue(), name);
                String header = run(List.of("ncdump", "-h", file.toString()));
                assertThat(header).as(name).contains(":Conventions = \"CF-1.8\" ;", "forecast_reference_time", "forecast_period",
                        ":source_uris = \"s3://", ":collection = ");
                String dump = run(List.of("ncdump", "-p", "9,17", file.toString()));
                compare(name, cov, dump, header);
            }
        });
    }

    @Test
    void pythonNetcdf4OpensACubeAndAgreesWithTheCoverageJson() throws Exception {
        Optional<String> python = pythonWithNetcdf4();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(python).as("python3-netcdf4 must be installed when CI=true (.ci/run installs it)").isPresent();
        }
        assumeTrue(python.isPresent(), "no python3 with netCDF4 (Debian: apt-get install python3-netcdf4)");
        String url = COV + "ukv/cube?bbox=-3.3,54.4,-2.9,54.7&parameter-name=" + q("air_temperature,wind_speed")
                + "&datetime=" + q(at(2) + "/" + at(5));
        QueryServiceTesting.test(fx.index.service(), api -> {
            Path nc = netcdf(api, url, "python-cube");
            Path json = dir.resolve("python-cube.covjson");
            Files.writeString(json, api.get(url).body());
            Path script = dir.resolve("check.py");
            try (var in = EdrNetcdfITCase.class.getResourceAsStream("netcdf_check.py")) {
                Files.write(script, in.readAllBytes());
            }
            String out = run(List.of(python.get(), script.toString(), nc.toString(), json.toString()));
            assertThat(out).contains("compared 2 variables", "4 times", "OK");
        });
    }

    /** Compares every coordinate and data variable of an ncdump with the CoverageJSON answer. */
    private static void compare(String name, JsonNode cov, String dump, String header) {
        boolean corridor = cov.path("type").asText().equals("CoverageCollection");
        String domainType = corridor ? "Trajectory" : cov.at("/domain/domainType").asText();
        if (domainType.equals("Grid")) {
            assertThat(doubles(dump, header.contains("projection_x_coordinate(") ? "projection_x_coordinate" : "longitude"))
                    .as(name + " x").containsExactlyElementsOf(doubles(cov.at("/domain/axes/x/values")));
            assertThat(doubles(dump, header.contains("projection_y_coordinate(") ? "projection_y_coordinate" : "latitude"))
                    .as(name + " y").containsExactlyElementsOf(doubles(cov.at("/domain/axes/y/values")));
        }
        List<Double> times = new ArrayList<>();
        if (domainType.equals("Trajectory") && !corridor) {
            List<Double> lons = new ArrayList<>();
            List<Double> lats = new ArrayList<>();
            cov.at("/domain/axes/composite/values").forEach(t -> {
                times.add((double) Instant.parse(t.get(0).asText()).getEpochSecond());
                lons.add(t.get(1).asDouble());
                lats.add(t.get(2).asDouble());
            });
            assertThat(doubles(dump, "longitude")).as(name + " longitude").containsExactlyElementsOf(lons);
            assertThat(doubles(dump, "latitude")).as(name + " latitude").containsExactlyElementsOf(lats);
        } else if (!corridor) {
            cov.at("/domain/axes/t/values").forEach(t -> times.add((double) Instant.parse(t.asText()).getEpochSecond()));
        }
        if (!corridor) {
            assertThat(doubles(dump, "time")).as(name + " time").containsExactlyElementsOf(times);
        }
        JsonNode parameters = cov.path("parameters");
        List<String> keys = new ArrayList<>();
        parameters.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            Integer member = key.matches(".*_member\\d+") ? Integer.parseInt(key.substring(key.lastIndexOf("member") + 6)) : null;
            String variable = member == null ? key : key.substring(0, key.lastIndexOf("_member"));
            List<Double> all = doubles(dump, variable);
            List<Double> actual;
            List<Double> expected = new ArrayList<>();
            if (corridor) {
                List<Double> lanes = doubles(dump, "lane");
                actual = new ArrayList<>();
                for (JsonNode coverage : cov.path("coverages")) {
                    int lane = coverage.path("isobar:lane").asInt();
                    for (int i = 0; i < lanes.size(); i++) {
                        if (lanes.get(i) == lane) {
                            actual.add(all.get(i));
                        }
                    }
                    coverage.at("/ranges/" + key + "/values").forEach(v -> expected.add(v.isNull() ? null : v.asDouble()));
                }
            } else {
                JsonNode range = cov.at("/ranges/" + key);
                range.path("values").forEach(v -> expected.add(v.isNull() ? null : v.asDouble()));
                int perMember = expected.size();
                int start = member == null ? 0 : member * perMember;
                actual = all.subList(start, start + perMember);
                if (domainType.endsWith("PointSeries")) {
                    // netCDF's timeSeries is (station, time); CoverageJSON's is (t, composite).
                    int nt = cov.at("/domain/axes/t/values").size();
                    int ns = perMember / nt;
                    List<Double> transposed = new ArrayList<>();
                    for (int t = 0; t < nt; t++) {
                        for (int s = 0; s < ns; s++) {
                            transposed.add(actual.get(s * nt + t));
                        }
                    }
                    actual = transposed;
                }
            }
            assertThat(actual).as(name + " " + key).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                if (expected.get(i) == null) {
                    assertThat(actual.get(i)).as("%s %s [%d] is fill", name, key, i).isNull();
                } else {
                    assertThat(actual.get(i)).as("%s %s [%d]", name, key, i).isNotNull();
                    assertThat(actual.get(i)).as("%s %s [%d]", name, key, i).isCloseTo(expected.get(i), within(1e-4));
                }
            }
        }
    }

    /** The values of variable {@code name} in an ncdump's data section; null for fill ({@code _}). */
    private static List<Double> doubles(String dump, String name) {
        int data = dump.indexOf("\ndata:");
        int start = dump.indexOf("\n " + name + " =", data);
        assertThat(start).as("variable " + name + " in the dump").isPositive();
        int end = dump.indexOf(';', start);
        String body = dump.substring(dump.indexOf('=', start) + 1, end);
        List<Double> out = new ArrayList<>();
        for (String token : body.replace("\n", " ").split("[,\\s]+")) {
            if (!token.isBlank()) {
                out.add(token.equals("_") ? null : Double.parseDouble(token));
            }
        }
        return out;
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asDouble()));
        return out;
    }

    private static JsonNode ok(TestApi api, String path) {
        Answer a = api.get(path);
        assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(200);
        return a.json();
    }

    private static Path netcdf(TestApi api, String url, String name) throws IOException {
        TestApi.Bytes answer = api.bytes(url + "&f=NetCDF");
        assertThat(answer.status()).as(url + ": " + new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/netcdf");
        assertThat(new String(answer.body(), 0, 3, StandardCharsets.US_ASCII)).isEqualTo("CDF");
        Path file = dir.resolve(name + ".nc");
        Files.write(file, answer.body());
        return file;
    }

    private static void requireTool(String name, List<String> probe) {
        boolean available = runs(probe);
        if ("true".equals(System.getenv("CI"))) {
            assertThat(available).as(name + " must be installed when CI=true (.ci/run installs netcdf-bin)").isTrue();
        }
        assumeTrue(available, name + " is not installed");
    }

    /** A python3 that imports netCDF4: Debian's (the package python3-netcdf4), else the one on the PATH. */
    private static Optional<String> pythonWithNetcdf4() {
        for (String python : List.of("/usr/bin/python3", "python3")) {
            if (runs(List.of(python, "-c", "import netCDF4"))) {
                return Optional.of(python);
            }
        }
        return Optional.empty();
    }

    private static boolean runs(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && (command.size() == 1 || p.exitValue() == 0);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(p.exitValue()).as("exit status of %s; output:%n%s", command, out).isZero();
        return out;
    }
}
