package io.isobar.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.File;
import java.math.BigDecimal;
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
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
 * in one JVM (one stack for the class): emulators, the Flink job, the query API and the simulator's files.
 *
 * <p>What a person sees is checked against values computed here, independently of the page and the API: the series
 * table and the chart's data against the simulator's field at the place's cell, converted to degrees Celsius by hand;
 * the slider, table and chart times in one UTC format; the coastline layer drawn; UKV and degrees Celsius by default;
 * the map in the first screen of a phone; no more {@code /v1/events} calls once the key is refused. Screenshots are
 * kept under {@code target/browser/} ({@code viewer.png}, {@code viewer-phone.png}, and {@code failure-*.png}).
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
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalStack stack;
    private static URI api;
    private static Instant run;
    private WebDriver browser;

    @TempDir
    Path dir;

    @BeforeAll
    static void startStack() throws Exception {
        boolean installed = new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute();
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: install Debian's chromium and chromium-driver (.ci/run does)");
        }
        Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed");
        run = Instant.now().truncatedTo(ChronoUnit.HOURS);
        // UKV and MOGREPS-UK on the UK grid, and the global model on a small whole-globe lat/lon grid.
        stack = LocalStack.start(new LocalStack.Options(0, 0, 0, 0, 0, null, KEY, SimulatorConfig.small(run)
                .withModels(List.of(MetOfficeModel.UKV, MetOfficeModel.MOGREPS_UK, MetOfficeModel.GLOBAL))));
        api = URI.create("http://" + LocalDefaults.HOST + ":" + stack.apiPort());
        await("the simulator's 12 files are indexed", () -> {
            int files = 0;
            for (JsonNode t : get("/v1/times").path("times")) {
                files += t.path("file_count").asInt();
            }
            return files >= 12;
        });
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theViewerShowsTheMapTheSeriesAndNewFilesLive(TestInfo test) throws Exception {
        browser = browser(1280, 900);
        try {
            browser.get(api + "/#key=" + KEY);
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            // The key left the address bar at once (kept in sessionStorage).
            wait.until(b -> !b.getCurrentUrl().contains("key="));

            // Opens on UKV, in degrees Celsius, without anything picked.
            wait.until(b -> "ukv".equals(b.findElement(By.id("model")).getAttribute("value")));
            wait.until(b -> "air_temperature".equals(b.findElement(By.id("variable")).getAttribute("value")));
            assertThat(browser.findElement(By.id("units")).getAttribute("value")).isEqualTo("degC");
            WebElement picture = wait.until(b -> present(b, By.id("map-picture")) ? b.findElement(By.id("map-picture")) : null);
            wait.until(b -> String.valueOf(picture.getAttribute("src")).startsWith("blob:")
                    && String.valueOf(picture.getAttribute("data-request")).contains("model=ukv"));
            assertThat(picture.getAttribute("data-request")).contains("units=degC");
            assertThat((Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", picture)).isTrue();
            wait.until(b -> String.valueOf(b.findElement(By.id("legend-img")).getAttribute("alt")).contains("°C"));

            // Coastlines in the grid's projection, as their own layer; graticule labels and place names shown.
            WebElement coast = wait.until(b -> present(b, By.cssSelector("path.isobar-coastline"))
                    ? b.findElement(By.cssSelector("path.isobar-coastline")) : null);
            assertThat(coast.getAttribute("d")).matches("M[-0-9. ]+L.*");
            assertThat(browser.findElements(By.cssSelector(".graticule-label"))).isNotEmpty();
            assertThat(browser.findElements(By.cssSelector(".place-label"))).isNotEmpty();

            // The slider's time is the picture's, written in UTC as YYYY-MM-DD HH:MMZ.
            assertThat(browser.findElement(By.id("time-label")).getText())
                    .isEqualTo(utc(picture.getAttribute("data-time")));
            String before = picture.getAttribute("data-request");
            WebElement slider = browser.findElement(By.id("time"));
            slider.sendKeys(slider.getAttribute("value").equals(slider.getAttribute("max")) ? Keys.ARROW_LEFT : Keys.ARROW_RIGHT);
            wait.until(b -> !before.equals(b.findElement(By.id("map-picture")).getAttribute("data-request")));
            List<String> times = runTimes();
            int index = Integer.parseInt(browser.findElement(By.id("time")).getAttribute("value"));
            wait.until(b -> times.get(index).equals(b.findElement(By.id("map-picture")).getAttribute("data-time")));
            assertThat(browser.findElement(By.id("time-label")).getText()).isEqualTo(utc(times.get(index)));
            assertThat(browser.findElement(By.id("map-note")).getText()).contains("valid " + utc(times.get(index)));

            // A place picked from the list: the table and the chart show the simulator's values there, in degC.
            Select places = new Select(browser.findElement(By.id("place")));
            wait.until(b -> places.getOptions().size() > 1);
            String place = places.getOptions().get(1).getAttribute("value");
            places.selectByValue(place);
            wait.until(b -> b.findElements(By.cssSelector("#series-table tbody tr")).size() == times.size());
            wait.until(b -> present(b, By.cssSelector("#chart .uplot")));
            JsonNode cell = get("/v1/point?place=" + URLEncoder.encode(place, StandardCharsets.UTF_8)
                    + "&variable=air_temperature&model=ukv&time=" + times.get(0)).path("cell");
            GridSpec grid = SimulatorConfig.small(run).grid();
            SyntheticField field = new SyntheticField(SimulatorConfig.small(run).seed());
            List<WebElement> rows = browser.findElements(By.cssSelector("#series-table tbody tr"));
            List<?> chartTimes = (List<?>) js("return document.getElementById('chart').uplot.data[0]");
            List<?> chartValues = (List<?>) js("return document.getElementById('chart').uplot.data[1]");
            assertThat(chartValues).hasSize(times.size());
            for (int i = 0; i < times.size(); i++) {
                Instant valid = Instant.parse(times.get(i));
                double kelvin = field.value(Variables.TEMPERATURE_AT_SCREEN_LEVEL, run.getEpochSecond(), valid.getEpochSecond(), 0,
                        1.5, grid.x(cell.path("column").asInt()), grid.y(cell.path("row").asInt()));
                double celsius = kelvin - 273.15;
                WebElement row = rows.get(i);
                assertThat(row.getAttribute("data-time")).isEqualTo(times.get(i));
                assertThat(row.findElement(By.cssSelector("td")).getText()).isEqualTo(utc(times.get(i)));
                assertThat(row.findElement(By.cssSelector(".value")).getText()).as("table at %s", times.get(i))
                        .isEqualTo(threeDigits(celsius));
                assertThat(threeDigits(celsius)).matches("-?\\d+(\\.\\d+)?");
                assertThat(((Number) chartTimes.get(i)).longValue()).isEqualTo(valid.getEpochSecond());
                assertThat(((Number) chartValues.get(i)).doubleValue()).as("chart at %s", times.get(i)).isCloseTo(celsius, within(1e-3));
            }
            assertThat(browser.findElement(By.id("value-heading")).getText()).contains("°C");
            // The chart's time axis and its legend in the same UTC format.
            assertThat((String) js("const u = document.getElementById('chart').uplot;"
                    + " return u.axes[0].values(u, [u.data[0][0]])[0].replace('\\n', ' ')")).isEqualTo(utc(times.get(0)).substring(5));
            js("const u = document.getElementById('chart').uplot; u.setCursor({left: u.valToPos(u.data[0][0], 'x'), top: 10})");
            assertThat(browser.findElement(By.cssSelector("#chart .u-legend .u-series:first-child .u-value")).getText())
                    .isEqualTo(utc(times.get(0)));

            // The choice of units is kept: Fahrenheit after a reload, the values converted by the API.
            new Select(browser.findElement(By.id("units"))).selectByValue("degF");
            wait.until(b -> String.valueOf(b.findElement(By.id("map-picture")).getAttribute("data-request")).contains("units=degF"));
            browser.navigate().refresh();
            wait.until(b -> present(b, By.cssSelector("#units option")) && "degF".equals(b.findElement(By.id("units")).getAttribute("value")));
            new Select(browser.findElement(By.id("units"))).selectByValue("degC");

            // A new file (T+3 h of the same run) appears without a reload.
            wait.until(b -> present(b, By.id("map-picture")));
            int maxBefore = Integer.parseInt(browser.findElement(By.id("time")).getAttribute("max"));
            publishNextStep();
            wait.until(b -> Integer.parseInt(b.findElement(By.id("time")).getAttribute("max")) == maxBefore + 1);
            assertThat(browser.findElement(By.id("freshness")).getText()).contains("ukv: last file").contains("files");
            Select placesAgain = new Select(browser.findElement(By.id("place")));
            wait.until(b -> placesAgain.getOptions().size() > 1);
            placesAgain.selectByValue(place);
            wait.until(b -> b.findElements(By.cssSelector("#series-table tbody tr")).size() == times.size() + 1);
            screenshot("viewer");
        } catch (Throwable failure) {
            screenshot("failure-" + test.getTestMethod().orElseThrow().getName());
            throw failure;
        }
    }

    @Test
    void aGlobalCollectionIsListedAndItsFieldFillsTheMap(TestInfo test) throws Exception {
        await("a global file is indexed", () -> get("/v1/status").path("models").findValuesAsText("model").contains("global"));
        browser = browser(1280, 900);
        try {
            browser.get(api + "/#key=" + KEY);
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            Select models = new Select(wait.until(b -> present(b, By.cssSelector("#model option[value=global]"))
                    ? b.findElement(By.id("model")) : null));
            wait.until(b -> present(b, By.id("map-picture")));
            models.selectByValue("global");
            wait.until(b -> String.valueOf(b.findElement(By.id("map-picture")).getAttribute("data-request")).contains("model=global"));
            WebElement picture = browser.findElement(By.id("map-picture"));
            wait.until(b -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth > 0", picture));
            // The map fits the field: the whole globe (360 x 180 degrees, drawn in degrees) fills the map's width or
            // height and lies inside it, rather than a speck in a view sized for a UK grid in metres.
            @SuppressWarnings("unchecked")
            Map<String, Number> box = (Map<String, Number>) js("const p = arguments[0].getBoundingClientRect(),"
                    + " m = document.getElementById('map').getBoundingClientRect();"
                    + " return {pw: p.width, ph: p.height, mw: m.width, mh: m.height, left: p.left - m.left, right: m.right - p.right,"
                    + " top: p.top - m.top, bottom: m.bottom - p.bottom}", picture);
            assertThat(Math.max(box.get("pw").doubleValue() / box.get("mw").doubleValue(),
                    box.get("ph").doubleValue() / box.get("mh").doubleValue())).as("%s", box).isGreaterThan(0.6);
            assertThat(box.get("pw").doubleValue() / box.get("ph").doubleValue()).as("%s", box).isCloseTo(2.0, within(0.05));
            for (String edge : List.of("left", "right", "top", "bottom")) {
                assertThat(box.get(edge).doubleValue()).as("%s: %s", edge, box).isGreaterThan(-2);
            }
            screenshot("viewer-global");
        } catch (Throwable failure) {
            screenshot("failure-" + test.getTestMethod().orElseThrow().getName());
            throw failure;
        }
    }

    @Test
    void onAPhoneTheMapIsInTheFirstScreen(TestInfo test) throws Exception {
        browser = browser(390, 844);
        try {
            // A desktop window cannot be narrower than 500 px: emulate the phone's screen itself.
            ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                    "deviceScaleFactor", 1, "mobile", true));
            browser.get(api + "/#key=" + KEY);
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            wait.until(b -> present(b, By.id("map-picture")) && String.valueOf(b.findElement(By.id("map-picture")).getAttribute("src")).startsWith("blob:"));
            wait.until(b -> present(b, By.cssSelector("path.isobar-coastline")));
            @SuppressWarnings("unchecked")
            Map<String, Number> box = (Map<String, Number>) js("const r = document.getElementById('map').getBoundingClientRect();"
                    + " return {top: r.top, bottom: r.bottom, width: r.width, height: window.innerHeight, pageWidth: document.documentElement.scrollWidth,"
                    + " viewWidth: window.innerWidth}");
            assertThat(box.get("viewWidth").intValue()).as("the phone's width").isEqualTo(390);
            assertThat(box.get("top").doubleValue()).as("map top").isLessThan(150);
            assertThat(box.get("bottom").doubleValue()).as("map bottom").isLessThanOrEqualTo(box.get("height").doubleValue());
            assertThat(box.get("bottom").doubleValue() - box.get("top").doubleValue()).as("map height").isGreaterThan(250);
            assertThat(box.get("pageWidth").doubleValue()).as("no sideways scrolling").isLessThanOrEqualTo(box.get("viewWidth").doubleValue());
            screenshot("viewer-phone");
        } catch (Throwable failure) {
            screenshot("failure-" + test.getTestMethod().orElseThrow().getName());
            throw failure;
        }
    }

    @Test
    void aRefusedKeyStopsTheEventStreamAndAsksForAKey(TestInfo test) throws Exception {
        browser = browser(1280, 900);
        try {
            // Count the page's calls to /v1/events from before its first script runs.
            ((ChromeDriver) browser).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "window.__events = 0; const f = window.fetch; window.fetch = function (u) {"
                            + " if (String(u).indexOf('/v1/events') >= 0) { window.__events++; } return f.apply(this, arguments); };"));
            browser.get(api + "/#key=isb_not_a_key_this_service_knows");
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            wait.until(b -> b.findElement(By.id("key-form")).isDisplayed());
            assertThat(browser.findElement(By.id("freshness")).getText()).contains("refused");
            long calls = ((Number) js("return window.__events")).longValue();
            // The page retried every 2 s before; wait three of those periods: no call may follow the refusal.
            Thread.sleep(6_000);
            assertThat(((Number) js("return window.__events")).longValue()).isEqualTo(calls).isLessThanOrEqualTo(1);
            assertThat(browser.findElement(By.id("key-form")).isDisplayed()).isTrue();

            // The page's policy: no <base> may redirect its URLs, and its one form posts nowhere else.
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(api.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                    .contains("base-uri 'none'").contains("form-action 'self'").contains("script-src 'self'");
        } catch (Throwable failure) {
            screenshot("failure-" + test.getTestMethod().orElseThrow().getName());
            throw failure;
        }
    }

    /** 2026-12-06T01:00:00Z as the viewer writes times: 2026-12-06 01:00Z. */
    private static String utc(String iso) {
        return iso.substring(0, 10) + " " + iso.substring(11, 16) + "Z";
    }

    /**
     * As the viewer writes values: 3 significant digits (whole numbers from 1000 up). The value is first cut to the
     * 4 decimals a converted float carries, and rounded by the browser's own {@code toPrecision}, so a tie (12.35)
     * rounds as on the page.
     */
    private String threeDigits(double v) {
        if (Math.abs(v) >= 1000) {
            return Long.toString(Math.round(v));
        }
        double cut = new BigDecimal(v).setScale(4, java.math.RoundingMode.HALF_EVEN).doubleValue();
        return (String) js("return String(Number(Number(arguments[0]).toPrecision(3)))", cut);
    }

    /** The validity times of the newest UKV run's screen temperature, from the index. */
    private static List<String> runTimes() throws Exception {
        return get("/v1/runs/" + newestRun() + "?model=ukv&variable=air_temperature").path("files").findValuesAsText("time")
                .stream().distinct().sorted().toList();
    }

    private static String newestRun() throws Exception {
        return get("/v1/status?model=ukv").at("/models/0/newest_run").asText();
    }

    /** Publishes the UKV screen temperature at T+3 h of the simulator's run, as {@code ./isobar publish} does. */
    private void publishNextStep() throws Exception {
        SimulatorConfig small = SimulatorConfig.small(run);
        ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.UKV, Variables.TEMPERATURE_AT_SCREEN_LEVEL, run,
                Duration.ofHours(3), List.of(), small.grid(), Instant.now());
        Path file = dir.resolve("ukv-t3.nc");
        Files.write(file, new MetOfficeFileWriter(new SyntheticField(small.seed())).toBytes(spec));
        int exit = IsobarCommand.commandLine().execute("publish", "--s3-endpoint", stack.s3Endpoint().toString(),
                "--sqs-endpoint", stack.sqsEndpoint().toString(), "--bucket", LocalDefaults.SOURCE_BUCKET,
                "--queue-url", stack.queueUrl(), file.toString());
        assertThat(exit).isZero();
    }

    private static WebDriver browser(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
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

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api.resolve(path)).header("x-api-key", KEY).build(),
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
