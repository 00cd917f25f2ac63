package io.isobar.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.isobar.simulator.GridSpec;
import io.isobar.simulator.SimulatorConfig;

/**
 * Every {@code curl} example of {@code README.md} and {@code docs/api.md} that targets the local API, pasted into bash
 * as a reader would, against a fresh local system after the simulator's first runs: each must answer 200. The rule
 * (written at the top of docs/api.md's "Endpoints", so that new examples join by themselves): a line of a fenced code
 * block that starts with {@code curl} and names {@code $API} or {@code http://127.0.0.1:7070}, with its
 * {@code \}-continued lines; the files' {@code NAME=$(date ...)} lines are defined first; a line ending with
 * {@code # not simulated} is left out.
 *
 * <p>The simulator publishes the two UK models' runs of the previous hour and of this one, T+0..T+12 h, with
 * {@code ./isobar local}'s variables ({@link SimulatorConfig#recentRuns}: what {@code ./isobar local} answers for
 * "now" and the next hours once it has caught up), on a grid cut to cover every place the examples name, so the test
 * is quick.
 */
class ReadmeExamplesITCase {

    private static final String KEY = "isb_readme_examples_test";
    private static final Path ROOT = Path.of("..");
    private static final List<Path> DOCS = List.of(ROOT.resolve("README.md"), ROOT.resolve("docs/api.md"));
    private static final Pattern DEFINITION = Pattern.compile("^[A-Z_]+=\\$\\(date [^)]*\\)");
    private static final String NOT_SIMULATED = "# not simulated";
    private static final Duration WAIT = Duration.ofMinutes(3);

    private static LocalStack stack;
    private static String api;

    @BeforeAll
    static void start() throws Exception {
        Instant now = Instant.now();
        // 880 x 960 km around the projection origin: every UK city of the examples, a fifth of the real grid's cells.
        SimulatorConfig simulator = SimulatorConfig.recentRuns(now).withGrid(GridSpec.centred(440, 480)).withFilesPerSecond(0);
        stack = LocalStack.start(new LocalStack.Options(0, 0, 0, 0, 0, null, KEY, simulator));
        api = "http://" + LocalDefaults.HOST + ":" + stack.apiPort();
        // Both first runs (the previous hour's and this one's) published and indexed.
        int expected = 2 * simulator.models().size() * simulator.variables().size() * simulator.forecastPeriods().size();
        long end = System.nanoTime() + WAIT.toNanos();
        while (indexed() < expected) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the simulator's first two runs were not indexed within " + WAIT + ": " + indexed()
                        + " of " + expected + " files");
            }
            Thread.sleep(500);
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyExampleAnswers200() throws IOException {
        List<String> definitions = new ArrayList<>();
        List<String[]> examples = new ArrayList<>();
        for (Path doc : DOCS) {
            extract(doc, definitions, examples);
        }
        assertThat(examples).as("curl examples in %s", DOCS).hasSizeGreaterThan(20);
        assertThat(definitions).as("time definitions").isNotEmpty();
        String prelude = String.join("\n", List.of(
                "set -u",
                "API=" + api,
                "KEY=" + KEY,
                "ISOBAR_API_KEY=" + KEY,
                // The reader's curl, printing only the status: -o for the body before their own options (an -o of
                // theirs then has no URL left to write), and a time limit for the event stream.
                "curl() { command curl -sS -o /dev/null -w '%{http_code}\\n' --max-time 10 \"$@\"; }"))
                + "\n" + String.join("\n", definitions) + "\n";
        return examples.stream().map(e -> DynamicTest.dynamicTest(e[0], () -> {
            String status = bash(prelude + e[1]);
            assertThat(status).as("%s\n%s", e[0], e[1]).isEqualTo("200");
        }));
    }

    /** The definitions and curl examples of one file, by the rule above. */
    static void extract(Path doc, List<String> definitions, List<String[]> examples) throws IOException {
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                continue;
            }
            String trimmed = line.strip();
            if (DEFINITION.matcher(trimmed).find()) {
                definitions.add(trimmed.replaceAll("\\s+#.*$", ""));
            }
            if (!trimmed.startsWith("curl ")) {
                continue;
            }
            int first = i;
            StringBuilder command = new StringBuilder(line);
            while (lines.get(i).stripTrailing().endsWith("\\") && i + 1 < lines.size()) {
                command.append('\n').append(lines.get(++i));
            }
            String text = command.toString();
            boolean local = text.contains("$API") || text.contains("http://127.0.0.1:7070");
            if (local && !text.stripTrailing().endsWith(NOT_SIMULATED)) {
                examples.add(new String[] {ROOT.relativize(doc) + ":" + (first + 1), text.replace("http://127.0.0.1:7070", "$API")});
            }
        }
    }

    /** Runs {@code script} in bash and returns the status of its one request: the last 3-digit line it printed. */
    private static String bash(String script) throws Exception {
        Path dir = Files.createTempDirectory("readme-example");
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String out;
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the example did not finish in 60 s");
            }
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        List<String> lines = out.lines().map(String::strip).filter(l -> l.matches("\\d{3}")).toList();
        return lines.isEmpty() ? out : lines.get(lines.size() - 1);
    }

    private static int indexed() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create(api + "/v1/times?limit=1000")).header("x-api-key", KEY).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        int files = 0;
        for (com.fasterxml.jackson.databind.JsonNode t : io.isobar.json.Json.mapper().readTree(r.body()).path("times")) {
            files += t.path("file_count").asInt();
        }
        return files;
    }
}
