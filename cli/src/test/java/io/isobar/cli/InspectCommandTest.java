package io.isobar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import picocli.CommandLine;

/**
 * {@code isobar inspect} on the committed fixtures: what it prints must match the fixture's own CDL (read
 * here from the {@code .cdl} beside each {@code .nc}), and bad input must give one line and a non-zero exit.
 */
class InspectCommandTest {

    static final Path FIXTURES = Path.of("..", "core", "src", "test", "resources", "fixtures");

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = IsobarCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            // The UK models' fixtures; the feed's other shapes (global, blends, sites) are read by core's
            // FeedShapesHeaderTest and below.
            List<Path> cdl = files.filter(p -> p.toString().endsWith(".cdl") && !p.getFileName().toString().startsWith("classic"))
                    .filter(p -> {
                        try {
                            return Files.readString(p).matches("(?s).*:mosg__model_configuration = \"uk_(det|ens)\".*");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .sorted().toList();
            assertThat(cdl).hasSizeGreaterThanOrEqualTo(4);
            return cdl.stream();
        }
    }

    @Test
    void printsASpotBlendsSitesAndThresholds() throws Exception {
        Run run = run("inspect", FIXTURES.resolve("bpf-uk-spot-probabilities-rainfall.nc").toString());

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = Json.mapper().readTree(run.out());
        assertThat(json.get("model").asText()).isEqualTo("bpf-uk-spot-probabilities");
        assertThat(json.get("variable").asText()).isEqualTo("probability_of_lwe_precipitation_rate_below_threshold");
        assertThat(json.get("sites").asInt()).isEqualTo(6);
        assertThat(json.get("threshold").get("comparison").asText()).isEqualTo("less_than");
        assertThat(json.get("threshold").get("units").asText()).isEqualTo("m s-1");
        assertThat(json.get("threshold").get("values")).hasSize(4);
        assertThat(json.has("grid_mapping")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void printsWhatTheCdlSays(Path cdlFile) throws Exception {
        String cdl = Files.readString(cdlFile);
        Path nc = cdlFile.resolveSibling(cdlFile.getFileName().toString().replace(".cdl", ".nc"));

        Run run = run("inspect", nc.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = Json.mapper().readTree(run.out());
        Matcher declaration = Pattern.compile("float (\\w+)\\(([\\w, ]+)\\) ;").matcher(cdl);
        String variable = null;
        List<String> dimensions = List.of();
        while (declaration.find()) {
            List<String> dims = List.of(declaration.group(2).split(",\\s*"));
            if (dims.size() > dimensions.size()) {
                variable = declaration.group(1);
                dimensions = dims;
            }
        }
        assertThat(json.get("variable").asText()).isEqualTo(variable);
        assertThat(json.get("units").asText()).isEqualTo(attribute(cdl, variable, "units"));
        assertThat(json.get("standard_name").asText()).isEqualTo(attribute(cdl, variable, "standard_name"));
        assertThat(json.get("forecast_period").asLong()).isEqualTo(Long.parseLong(data(cdl, "forecast_period")));
        assertThat(Instant.parse(json.get("forecast_reference_time").asText()))
                .isEqualTo(Instant.ofEpochSecond(Long.parseLong(data(cdl, "forecast_reference_time"))));
        assertThat(Instant.parse(json.get("time").asText())).isEqualTo(Instant.ofEpochSecond(Long.parseLong(data(cdl, "time"))));
        List<String> names = new ArrayList<>();
        json.get("dimensions").forEach(d -> names.add(d.get("name").asText()));
        assertThat(names).isEqualTo(dimensions);
        for (JsonNode d : json.get("dimensions")) {
            assertThat(d.get("size").asInt()).isEqualTo(Integer.parseInt(dimension(cdl, d.get("name").asText())));
        }
        String configuration = Pattern.compile(":mosg__model_configuration = \"(\\w+)\"").matcher(cdl).results()
                .findFirst().orElseThrow().group(1);
        assertThat(json.get("model").asText()).isEqualTo(configuration.equals("uk_det") ? "ukv" : "mogreps-uk");
        assertThat(json.get("grid_mapping").get("name").asText()).isEqualTo("lambert_azimuthal_equal_area");
        assertThat(json.get("grid_mapping").get("parameters").get("latitude_of_projection_origin").asDouble()).isEqualTo(54.9);
        if (dimensions.contains("realization")) {
            assertThat(json.get("realizations")).hasSize(Integer.parseInt(dimension(cdl, "realization")));
        }
        assertThat(json.get("uri").asText()).endsWith(nc.getFileName().toString());
    }

    @Test
    void severalFilesPrintAnArray() throws Exception {
        List<String> args = new ArrayList<>(List.of("inspect"));
        fixtures().forEach(c -> args.add(c.resolveSibling(c.getFileName().toString().replace(".cdl", ".nc")).toString()));
        Run run = run(args.toArray(String[]::new));
        assertThat(run.exit()).isZero();
        assertThat(Json.mapper().readTree(run.out()).isArray()).isTrue();
        assertThat(Json.mapper().readTree(run.out())).hasSize(args.size() - 1);
    }

    @Test
    void badInputGivesOneLineNamingTheFileAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.nc"), "not a netCDF file at all, just some words\n".repeat(50));
        byte[] whole = Files.readAllBytes(FIXTURES.resolve("ukv-2d-air_temperature.nc"));
        Path truncated = Files.write(dir.resolve("truncated.nc"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Path missing = dir.resolve("missing.nc");
        Path classic = FIXTURES.resolve("classic.nc");

        for (Path bad : List.of(text, truncated, missing, classic)) {
            Run run = run("inspect", bad.toString());
            assertThat(run.exit()).as("exit code for %s", bad).isNotZero();
            assertThat(run.err().strip().lines()).as("stderr for %s", bad).singleElement()
                    .satisfies(line -> assertThat(line).startsWith("inspect: ").contains(bad.getFileName().toString()));
            assertThat(run.err()).doesNotContain("\tat ");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void verboseAddsTheStackTrace(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.nc"), "plain text");
        Run run = run("inspect", "--verbose", text.toString());
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("\tat ");
    }

    private static String attribute(String cdl, String variable, String name) {
        Matcher m = Pattern.compile(variable + ":" + name + " = \"([^\"]*)\"").matcher(cdl);
        return m.find() ? m.group(1) : null;
    }

    private static String data(String cdl, String variable) {
        Matcher m = Pattern.compile("(?m)^ " + variable + " = (-?\\d+) ;").matcher(cdl.substring(cdl.indexOf("data:")));
        assertThat(m.find()).as("data for %s", variable).isTrue();
        return m.group(1);
    }

    private static String dimension(String cdl, String name) {
        Matcher m = Pattern.compile("(?m)^\\s+" + name + " = (\\d+) ;").matcher(cdl);
        assertThat(m.find()).as("dimension %s", name).isTrue();
        return m.group(1);
    }
}
