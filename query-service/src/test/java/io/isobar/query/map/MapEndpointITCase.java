package io.isobar.query.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.model.ForecastFile;
import io.isobar.query.FieldWithHoles;
import io.isobar.query.IndexFixture;
import io.isobar.query.QueryService;
import io.isobar.query.live.LiveHttp;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variables;

/**
 * Map pictures end to end: archived files in the emulated S3, index entries in DynamoDB Local, PNGs over HTTP decoded
 * with {@code javax.imageio}. Fixtures: the simulator's full 970 x 1042 UK grid, the 40 x 36 Isle of Man cut whose
 * values are {@code 273.15 + 0.01 row + 0.001 column}, and a cut with a NaN and a fill value.
 */
@ExtendWith(LocalAwsExtension.class)
class MapEndpointITCase {

    static final Instant RUN = Instant.parse("2025-06-14T00:00:00Z");
    static final Instant T1 = Instant.parse("2025-06-14T01:00:00Z");
    static final Instant T3 = Instant.parse("2025-06-14T03:00:00Z");
    /** The global lat/lon field's time (no UKV file then, so every request of it is answered by the global file). */
    static final Instant T6 = Instant.parse("2025-06-14T06:00:00Z");
    /** The global field: a whole globe of 2 x 3 degree cells, longitudes from -180 as the Met Office's, as written. */
    static final GridSpec GLOBE = GridSpec.globe(90, 120);
    private static float[][] globe;

    private static IndexFixture index;
    private static QueryService service;
    private static LiveHttp http;
    private static String bucket;

    @TempDir
    static Path dir;

    @BeforeAll
    static void seed(LocalAws aws) throws Exception {
        index = new IndexFixture(aws, "map");
        bucket = LocalAws.uniqueName("map-archive");
        put("ukv", "air_temperature", T1, IndexFixture.resource("fixtures/ukv-2d-air_temperature.nc"), "cut", List.of(1.5));
        Path holes = dir.resolve("holes.nc");
        FieldWithHoles.write(holes, T1, RUN);
        put("ukv", "relative_humidity", T1, Files.readAllBytes(holes), "holes", List.of());
        MetOfficeFileWriter writer = new MetOfficeFileWriter(new SyntheticField(7));
        ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.UKV, Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN,
                Duration.ofHours(3), List.of(), GridSpec.uk(), RUN);
        put("ukv", "air_temperature", T3, writer.toBytes(spec), "full", List.of(1.5));
        ForecastFileSpec global = new ForecastFileSpec(MetOfficeModel.GLOBAL, Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN,
                Duration.ofHours(6), List.of(), GLOBE, RUN);
        globe = (float[][]) writer.data(global);
        index.archive("s3://" + bucket + "/archive/global.nc", writer.toBytes(global), "global", Instant.parse("2025-06-14T00:30:00Z"));
        service = index.service();
        int port = service.start();
        http = new LiveHttp(port, service.apiKeys().create("map-test").key());
    }

    @AfterAll
    static void close() {
        service.close();
        index.close();
    }

    @Test
    void aFullUkFieldIsAPngOfItsNativeSizeWithItsGridCorners() throws Exception {
        HttpResponse<byte[]> r = http.get("/v1/map.png?variable=air_temperature&model=ukv&time=" + T3);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(image.getWidth()).isEqualTo(1042);
        assertThat(image.getHeight()).isEqualTo(970);
        // Cell edges of the UK grid: centres -1041000..1041000 and -969000..969000, 2 km apart.
        assertThat(r.headers().firstValue("x-isobar-grid-bounds")).hasValue("-1042000,-970000,1042000,970000");
        assertThat(r.headers().firstValue("x-isobar-indexed-at")).hasValue("2025-06-14T00:30:00Z");
        assertThat(r.headers().firstValue("x-isobar-announced-at")).hasValue(ANNOUNCED_AT.toString());
        // Every cell of the simulator's field has a value: nothing transparent.
        assertThat(alpha(image, 0, 0)).isEqualTo(255);
        assertThat(alpha(image, 521, 485)).isEqualTo(255);

        HttpResponse<byte[]> small = http.get("/v1/map.png?variable=air_temperature&model=ukv&width=521&time=" + T3);
        BufferedImage half = ImageIO.read(new ByteArrayInputStream(small.body()));
        assertThat(half.getWidth()).isEqualTo(521);
        assertThat(half.getHeight()).isEqualTo(485);
    }

    @Test
    void knownValuesGetTheirPaletteColourNorthUp() throws Exception {
        // range 273.15..273.65: row 0 column 0 (273.15) is the palette's first colour; row 35 column 39 (273.539) is at 0.778.
        HttpResponse<byte[]> r = http.get("/v1/map.png?variable=air_temperature&model=ukv&range=273.15,273.65&time=" + T1);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(image.getWidth()).isEqualTo(40);
        assertThat(image.getHeight()).isEqualTo(36);
        Palette palette = Palettes.of("air_temperature").orElseThrow().withRange(273.15, 273.65);
        // y ascends northwards in the file: its row 0 is the picture's bottom row.
        assertThat(rgb(image, 0, 35)).isEqualTo(expected(palette, 273.15f));
        assertThat(rgb(image, 39, 0)).isEqualTo(expected(palette, 273.15f + 0.35f + 0.039f));
        assertThat(rgb(image, 13, 35 - 10)).isEqualTo(expected(palette, 273.15f + 0.10f + 0.013f));
        assertThat(r.headers().firstValue("x-isobar-range")).hasValue("273.15,273.65");
        assertThat(r.headers().firstValue("x-isobar-units")).hasValue("K");

        // The same picture with the range given in degC.
        HttpResponse<byte[]> c = http.get("/v1/map.png?variable=air_temperature&model=ukv&units=degC&range=0,0.5&time=" + T1);
        assertThat(c.statusCode()).isEqualTo(200);
        BufferedImage inCelsius = ImageIO.read(new ByteArrayInputStream(c.body()));
        assertThat(rgb(inCelsius, 13, 35 - 10)).isEqualTo(rgb(image, 13, 35 - 10));
        assertThat(c.headers().firstValue("x-isobar-range")).hasValue("0,0.5");
        assertThat(c.headers().firstValue("x-isobar-units")).hasValue("degC");
    }

    @Test
    void missingCellsAreTransparent() throws Exception {
        HttpResponse<byte[]> r = http.get("/v1/map.png?variable=relative_humidity&model=ukv&time=" + T1);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        // NaN at row 10 column 13, the fill value at row 20 column 17; flipped north up.
        assertThat(alpha(image, 13, 35 - 10)).isZero();
        assertThat(alpha(image, 17, 35 - 20)).isZero();
        assertThat(alpha(image, 14, 35 - 10)).isEqualTo(255);
        Palette palette = Palettes.of("relative_humidity").orElseThrow();
        assertThat(rgb(image, 0, 0)).isEqualTo(expected(palette, 80f));
    }

    @Test
    void mapJsonTellsWhereThePictureGoes() throws Exception {
        JsonNode j = http.json("/v1/map.json?variable=air_temperature&model=ukv&time=" + T1);
        assertThat(j.path("columns").asInt()).isEqualTo(40);
        assertThat(j.path("rows").asInt()).isEqualTo(36);
        assertThat(j.path("forecast_reference_time").asText()).isEqualTo("2025-06-14T00:00:00Z");
        assertThat(j.path("indexed_at").asText()).isEqualTo("2025-06-14T00:30:00Z");
        assertThat(j.path("announced_at").asText()).isEqualTo(ANNOUNCED_AT.toString());
        assertThat(j.at("/palette/name").asText()).isEqualTo("temperature");
        // The palette's range in the file's units (K) unless others are asked for.
        assertThat(j.at("/palette/units").asText()).isEqualTo("K");
        assertThat(j.at("/palette/min").asDouble()).isCloseTo(253.15, org.assertj.core.api.Assertions.within(1e-9));
        JsonNode celsius = http.json("/v1/map.json?variable=air_temperature&model=ukv&units=degC&time=" + T1);
        assertThat(celsius.at("/palette/units").asText()).isEqualTo("degC");
        assertThat(celsius.at("/palette/label").asText()).isEqualTo("°C");
        assertThat(celsius.at("/palette/min").asDouble()).isCloseTo(-20, org.assertj.core.api.Assertions.within(1e-9));
        JsonNode grid = j.path("grid");
        assertThat(grid.path("x_min").asDouble()).isEqualTo(-157000);
        assertThat(grid.path("y_max").asDouble()).isEqualTo(-31000);
        // The Isle of Man cut's south-west corner is in the Irish Sea, about 54.0 N 4.9 W.
        assertThat(grid.at("/corners/0/0").asDouble()).isBetween(53.9, 54.1);
        assertThat(grid.at("/corners/0/1").asDouble()).isBetween(-5.0, -4.8);
        List<String> places = grid.path("places").findValuesAsText("name");
        assertThat(places).contains("Douglas").doesNotContain("London");
        assertThat(grid.path("graticule")).isNotEmpty();
        assertThat(grid.at("/lookup/latitudes").size()).isEqualTo(grid.at("/lookup/columns").asInt() * grid.at("/lookup/rows").asInt());
    }

    @Test
    void theLegendIsTheColourBarOfThePalette() throws Exception {
        HttpResponse<byte[]> r = http.get("/v1/map/legend.png?variable=air_temperature");
        assertThat(r.statusCode()).isEqualTo(200);
        BufferedImage bar = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(bar.getWidth()).isEqualTo(256);
        Palette palette = Palettes.of("air_temperature").orElseThrow();
        assertThat(bar.getRGB(0, 5) & 0xffffff).isEqualTo(palette.colourAt(0));
        assertThat(bar.getRGB(255, 5) & 0xffffff).isEqualTo(palette.colourAt(1));
        // Palettes are defined in canonical units: temperature in degC.
        assertThat(r.headers().firstValue("x-isobar-range")).hasValue("-20,40");

        HttpResponse<byte[]> svg = http.get("/v1/map/legend.svg?variable=precipitation_rate");
        String text = new String(svg.body(), StandardCharsets.UTF_8);
        assertThat(svg.headers().firstValue("content-type").orElse("")).startsWith("image/svg+xml");
        assertThat(text).contains("<linearGradient").contains("log scale").contains(">0.1<").contains(">100<").contains("mm/h");

        // In the units asked for: the same colours, the ticks and label in K.
        String kelvin = new String(http.get("/v1/map/legend.svg?variable=air_temperature&units=K").body(), StandardCharsets.UTF_8);
        assertThat(kelvin).contains(">253.15<").contains(">313.15<").contains(">K<");
        String celsius = new String(http.get("/v1/map/legend.svg?variable=air_temperature").body(), StandardCharsets.UTF_8);
        assertThat(celsius).contains(">-20<").contains(">40<").contains("°C");
    }

    @Test
    void badRequestsArePreciseProblems() throws Exception {
        HttpResponse<byte[]> none = http.get("/v1/map.png?variable=air_temperature&model=ukv&time=2025-06-14T09:00:00Z");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        HttpResponse<byte[]> range = http.get("/v1/map.png?variable=air_temperature&model=ukv&range=5,1&time=" + T1);
        assertThat(range.statusCode()).isEqualTo(400);
        assertThat(new String(range.body(), StandardCharsets.UTF_8)).contains("min < max");
        HttpResponse<byte[]> misspelt = http.get("/v1/map.png?variable=temperature&model=ukv&time=" + T1);
        assertThat(misspelt.statusCode()).isEqualTo(404);
        assertThat(new String(misspelt.body(), StandardCharsets.UTF_8)).contains("Unknown variable 'temperature'")
                .contains("Did you mean air_temperature?");
        HttpResponse<byte[]> degreesOnWind = http.get("/v1/map.png?variable=air_temperature&model=ukv&units=mph&time=" + T1);
        assertThat(degreesOnWind.statusCode()).isEqualTo(400);
        assertThat(new String(degreesOnWind.body(), StandardCharsets.UTF_8)).contains("'units'").contains("a temperature")
                .contains("degC");
        HttpResponse<byte[]> noKey = http.client().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(http.base() + "/v1/map.png?variable=air_temperature&time=" + T1)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(noKey.statusCode()).isEqualTo(401);
    }

    @Test
    void aGlobalLatLonFieldIsDrawnWhereItBelongsIncludingBothSidesOfTheAntimeridian() throws Exception {
        double[] range = range(globe);
        String query = "variable=air_temperature&model=global&range=" + range[0] + "," + range[1] + "&time=" + T6;
        JsonNode grid = http.json("/v1/map.json?" + query).path("grid");
        // The picture spans the whole globe: its east edge is +180, not folded onto its west edge.
        assertThat(List.of(grid.path("x_min").asDouble(), grid.path("y_min").asDouble(), grid.path("x_max").asDouble(),
                grid.path("y_max").asDouble())).containsExactly(-180.0, -90.0, 180.0, 90.0);
        assertThat(grid.path("corners").toString()).isEqualTo("[[-90.0,-180.0],[-90.0,180.0],[90.0,180.0],[90.0,-180.0]]");
        assertThat(grid.path("places").findValuesAsText("name")).contains("London", "Douglas");

        // Coastlines in degrees, not rounded as metres would be (to 10 units: 10-degree staircases).
        JsonNode coast = http.json("/v1/map/coastlines.json?variable=air_temperature&model=global&time=" + T6).path("coastlines");
        List<Double> coordinates = new java.util.ArrayList<>();
        coast.forEach(line -> line.forEach(v -> coordinates.add(v.asDouble())));
        assertThat(coordinates).hasSizeGreaterThan(1000).allMatch(v -> Math.abs(v) <= 216);
        assertThat(coordinates.stream().filter(v -> v % 1 != 0).count()).isGreaterThan(coordinates.size() / 2);

        HttpResponse<byte[]> r = http.get("/v1/map.png?" + query);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("x-isobar-grid-bounds")).hasValue("-180,-90,180,90");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(image.getWidth()).isEqualTo(120);
        assertThat(image.getHeight()).isEqualTo(90);
        Palette palette = Palettes.of("air_temperature").orElseThrow().withRange(range[0], range[1]);
        // London, Wellington, just east and just west of the antimeridian, the prime meridian, near each pole: the pixel a
        // viewer places there (linear between the picture's bounds) has the colour of the written cell holding the place.
        double[][] places = {{51.51, -0.13}, {-41.29, 174.78}, {10.5, 179.9}, {-10.5, -179.9}, {0.5, 0.1}, {89.2, 30}, {-89.5, -100}};
        for (double[] p : places) {
            int x = (int) Math.floor((p[1] + 180) / 360 * image.getWidth());
            int y = (int) Math.floor((90 - p[0]) / 180 * image.getHeight());
            assertThat(rgb(image, x, y)).as("lat %s lon %s", p[0], p[1]).isEqualTo(expected(palette, cell(p[0], p[1])));
        }
    }

    @Test
    void aGlobalFieldOverWebMercatorTilesHasItsRowsAtTheirLatitudes() throws Exception {
        double[] range = range(globe);
        String query = "variable=air_temperature&model=global&crs=EPSG:3857&range=" + range[0] + "," + range[1] + "&time=" + T6;
        HttpResponse<byte[]> r = http.get("/v1/map.png?" + query);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        String[] bounds = r.headers().firstValue("x-isobar-picture-bounds").orElseThrow().split(",");
        double north = Double.parseDouble(bounds[3]);
        assertThat(north).isCloseTo(85.0511, org.assertj.core.api.Assertions.within(1e-4));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(image.getWidth()).isEqualTo(120);
        assertThat(image.getHeight()).isEqualTo(120); // a square world, as the tiles'
        Palette palette = Palettes.of("air_temperature").orElseThrow().withRange(range[0], range[1]);
        double top = Math.log(Math.tan(Math.PI / 4 + Math.toRadians(north) / 2));
        // The pixel a viewer over tiles places at each place; its rows are taller than a cell near the equator, so the
        // cell expected is the one at the pixel's centre latitude (web mercator inverted here), a few degrees at most away.
        for (double[] p : new double[][] {{51.51, -0.13}, {-41.29, 174.78}, {1, 179.9}, {-55, -179.9}, {33, 60}, {-1, 0.1}, {84, 10}}) {
            double mercator = Math.log(Math.tan(Math.PI / 4 + Math.toRadians(p[0]) / 2));
            int x = (int) Math.floor((p[1] + 180) / 360 * image.getWidth());
            int y = (int) Math.floor((top - mercator) / (2 * top) * image.getHeight());
            double centre = Math.toDegrees(Math.atan(Math.sinh(top - (y + 0.5) * 2 * top / image.getHeight())));
            assertThat(centre).isCloseTo(p[0], org.assertj.core.api.Assertions.within(1.5));
            assertThat(rgb(image, x, y)).as("lat %s lon %s", p[0], p[1]).isEqualTo(expected(palette, cell(centre, p[1])));
        }
        // A projected grid is not redrawn: it is placed by its corners in its own projection.
        HttpResponse<byte[]> ukv = http.get("/v1/map.png?variable=air_temperature&model=ukv&crs=EPSG:3857&time=" + T1);
        assertThat(ukv.statusCode()).isEqualTo(400);
        assertThat(new String(ukv.body(), StandardCharsets.UTF_8)).contains("latitude/longitude grids only");
    }

    /** The written value of the global cell holding a place (cells of 3 x 2 degrees from -180, -90). */
    private static float cell(double latitude, double longitude) {
        return globe[(int) Math.floor((latitude + 90) / 2)][(int) Math.floor((longitude + 180) / 3)];
    }

    private static double[] range(float[][] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float[] row : values) {
            for (float v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return new double[] {min, max};
    }

    private static int expected(Palette palette, float value) {
        int[] table = palette.table();
        return table[(int) Math.round(palette.position(value) * (Palette.LEVELS - 1))];
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }

    private static int alpha(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) >>> 24;
    }

    /** When the Met Office announced every fixture file. */
    private static final Instant ANNOUNCED_AT = Instant.parse("2025-06-14T00:29:58.125Z");

    private static void put(String model, String variable, Instant time, byte[] bytes, String objectId, List<Double> heights) {
        String uri = "s3://" + bucket + "/archive/" + objectId + ".nc";
        index.upload(uri, bytes);
        index.put(new ForecastFile(objectId, model, variable, variable, null, "relative_humidity".equals(variable) ? "%" : "K",
                null, RUN, Duration.between(RUN, time).toSeconds(), time, List.of(), heights, List.of(), List.of(),
                uri, "s3://met-office/" + objectId + ".nc", bytes.length, "etag-" + objectId, Instant.parse("2025-06-14T00:30:00Z"))
                .withAnnouncedAt(ANNOUNCED_AT));
    }
}
