package io.isobar.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.cli.IsobarCommand;
import io.isobar.json.Json;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SimulatorConfig;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variables;

/**
 * The viewer in a real browser (Debian's headless chromium through its chromedriver) against the whole local system
 * in one JVM: emulators, the Flink job, the query API and the simulator's files. The page loads with the key in the
 * fragment, shows the map picture, follows the time slider, draws the series of a picked place with the API's values,
 * and shows a newly published file's time without a reload. On failure a screenshot is kept under
 * {@code target/browser/}; on success the last view is saved there too ({@code viewer.png}).
 *
 * <p>Without chromium and chromedriver the test is skipped, except under {@code CI=true}, where it fails.
 */
class ViewerBrowserITCase {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerBrowserITCase.class);
    private static final String KEY = "isb_viewer_browser_test";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path SHOTS = Path.of("target", "browser");
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String CHROMIUM = "/usr/bin/chromium";

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalStack stack;
    private WebDriver browser;
    private URI api;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        boolean installed = new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute();
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: install Debian's chromium and chromium-driver (.ci/run does)");
        }
        Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed");
        Instant run = Instant.now().truncatedTo(ChronoUnit.HOURS);
        stack = LocalStack.start(new LocalStack.Options(0, 0, 0, 0, 0, null, KEY, SimulatorConfig.small(run)));
        api = URI.create("http://" + LocalDefaults.HOST + ":" + stack.apiPort());
        await("the simulator's 12 files are indexed", () -> {
            int files = 0;
            for (JsonNode t : get("/v1/times").path("times")) {
                files += t.path("file_count").asInt();
            }
            return files >= 12;
        });
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop(TestInfo test) throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Test
    void theViewerShowsTheMapTheSeriesAndNewFilesLive(TestInfo test) throws Exception {
        try {
            browser.get(api + "/#key=" + KEY);
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            // The key left the address bar at once (kept in sessionStorage).
            wait.until(b -> !b.getCurrentUrl().contains("key="));

            new Select(wait.until(b -> present(b, By.cssSelector("#model option[value='ukv']")) ? b.findElement(By.id("model")) : null))
                    .selectByValue("ukv");
            wait.until(b -> "air_temperature".equals(b.findElement(By.id("variable")).getAttribute("value")));
            WebElement picture = wait.until(b -> present(b, By.id("map-picture")) ? b.findElement(By.id("map-picture")) : null);
            wait.until(b -> String.valueOf(picture.getAttribute("src")).startsWith("blob:")
                    && String.valueOf(picture.getAttribute("data-request")).contains("model=ukv"));
            assertThat((Boolean) ((org.openqa.selenium.JavascriptExecutor) browser)
                    .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", picture)).isTrue();

            // Moving the slider asks for another picture.
            String before = picture.getAttribute("data-request");
            WebElement slider = browser.findElement(By.id("time"));
            slider.sendKeys(slider.getAttribute("value").equals(slider.getAttribute("max")) ? Keys.ARROW_LEFT : Keys.ARROW_RIGHT);
            wait.until(b -> !before.equals(b.findElement(By.id("map-picture")).getAttribute("data-request")));
            assertThat(browser.findElement(By.id("map-picture")).getAttribute("data-request")).contains("time=");

            // A place picked from the list: the chart and its table show the API's series.
            Select places = new Select(browser.findElement(By.id("place")));
            wait.until(b -> places.getOptions().size() > 1);
            String place = places.getOptions().get(1).getAttribute("value");
            places.selectByValue(place);
            wait.until(b -> b.findElements(By.cssSelector("#series-table tbody tr")).size() >= 3);
            wait.until(b -> present(b, By.cssSelector("#chart .uplot")));
            List<WebElement> rows = browser.findElements(By.cssSelector("#series-table tbody tr"));
            JsonNode times = get("/v1/runs/" + runOf() + "?model=ukv&variable=air_temperature").path("files");
            String from = times.get(0).path("time").asText();
            String to = times.get(times.size() - 1).path("time").asText();
            JsonNode series = get("/v1/point/series?place=" + URLEncoder.encode(place, StandardCharsets.UTF_8)
                    + "&variable=air_temperature&model=ukv&from=" + from + "&to=" + to).path("series");
            assertThat(rows).hasSize(series.size());
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i).getAttribute("data-time")).isEqualTo(series.get(i).path("time").asText());
                double shown = Double.parseDouble(rows.get(i).findElement(By.cssSelector(".value")).getText());
                assertThat(shown).as("value at %s", series.get(i).path("time").asText())
                        .isEqualTo(series.get(i).at("/values/0/value").asDouble());
            }

            // A new file (T+3 h of the same run) appears without a reload.
            int maxBefore = Integer.parseInt(browser.findElement(By.id("time")).getAttribute("max"));
            publishNextStep();
            wait.until(b -> Integer.parseInt(b.findElement(By.id("time")).getAttribute("max")) == maxBefore + 1);
            assertThat(browser.findElement(By.id("freshness")).getText()).contains("ukv: last file").contains("files");
            screenshot("viewer");
        } catch (Throwable failure) {
            screenshot("failure-" + test.getTestMethod().orElseThrow().getName());
            throw failure;
        }
    }

    private String runOf() throws Exception {
        return get("/v1/status?model=ukv").at("/models/0/newest_run").asText();
    }

    /** Publishes the UKV screen temperature at T+3 h of the simulator's run, as {@code ./isobar publish} does. */
    private void publishNextStep() throws Exception {
        Instant run = Instant.parse(runOf());
        SimulatorConfig small = SimulatorConfig.small(run);
        ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.UKV, Variables.TEMPERATURE_AT_SCREEN_LEVEL, run,
                Duration.ofHours(3), List.of(), GridSpec.centred(60, 64), Instant.now());
        Path file = dir.resolve("ukv-t3.nc");
        Files.write(file, new MetOfficeFileWriter(new SyntheticField(small.seed())).toBytes(spec));
        int exit = IsobarCommand.commandLine().execute("publish", "--s3-endpoint", stack.s3Endpoint().toString(),
                "--sqs-endpoint", stack.sqsEndpoint().toString(), "--bucket", LocalDefaults.SOURCE_BUCKET,
                "--queue-url", stack.queueUrl(), file.toString());
        assertThat(exit).isZero();
    }

    private static boolean present(WebDriver b, By by) {
        return !b.findElements(by).isEmpty();
    }

    private void screenshot(String name) {
        try {
            if (browser instanceof TakesScreenshot shooter) {
                Files.createDirectories(SHOTS);
                Path target = SHOTS.resolve(name + ".png");
                Files.write(target, shooter.getScreenshotAs(OutputType.BYTES));
                LOG.info("Browser screenshot: {}", target.toAbsolutePath());
            }
        } catch (Exception e) {
            LOG.warn("Could not take a screenshot: {}", e.toString());
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.resolve(path)).header("x-api-key", KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(200);
        }
    }
}
