package io.isobar.query.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.isobar.netcdf.grid.ChunkCache.Field;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variable;
import io.isobar.simulator.Variables;

/**
 * Every variable the simulator writes, drawn as the map draws it (palette chosen from the file's own units, the
 * renderer of {@code /v1/map.png}) on the real UK grid: a field that varies must not come out in one colour, as
 * {@code rainfall_rate} in m s-1 did when the palette assumed kg m-2 s-1.
 */
class PicturesOfEveryVariableTest {

    private static final SyntheticField FIELD = new SyntheticField(1L);
    private static final Instant RUN = Instant.parse("2026-06-14T00:00:00Z");
    private static final GridSpec GRID = GridSpec.uk();

    static List<Variable> variables() {
        return Variables.all();
    }

    @ParameterizedTest
    @MethodSource("variables")
    void aFieldThatVariesIsDrawnInManyColours(Variable variable) throws Exception {
        Field field = varyingField(variable, 1);
        Palette palette = Palettes.forField(variable.name(), variable.units(), () -> range(field));
        Set<Integer> colours = colours(MapRenderer.png(field, palette, true, GRID.columns()));
        assertThat(colours).as("%s in %s drawn with %s %s..%s %s", variable.parameter(), variable.units(), palette.name(),
                palette.min(), palette.max(), palette.units()).hasSizeGreaterThanOrEqualTo(16);
    }

    @Test
    void rainAsAFluxOrAsARateDrawsTheSamePicture() throws Exception {
        // The same rain in m s-1 and in kg m-2 s-1 (x 1000: water's density): the same colours at the same cells.
        Field rate = varyingField(Variables.RAINFALL_RATE, 1);
        float[] flux = rate.values().clone();
        for (int i = 0; i < flux.length; i++) {
            flux[i] *= 1000f;
        }
        Palette inRate = Palettes.forField("rainfall_rate", "m s-1", () -> { throw new AssertionError("table palette expected"); });
        Palette inFlux = Palettes.forField("rainfall_rate", "kg m-2 s-1", () -> { throw new AssertionError("table palette expected"); });
        BufferedImage a = ImageIO.read(new ByteArrayInputStream(MapRenderer.png(rate, inRate, true, GRID.columns())));
        BufferedImage b = ImageIO.read(new ByteArrayInputStream(MapRenderer.png(new Field(rate.rows(), rate.columns(), flux), inFlux,
                true, GRID.columns())));
        int differ = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                differ += a.getRGB(x, y) == b.getRGB(x, y) ? 0 : 1;
            }
        }
        // Float rounding may move a value at a colour boundary by one step; nothing more.
        assertThat(differ).isLessThan(a.getWidth() * a.getHeight() / 1000);
        assertThat(colours(MapRenderer.png(rate, inRate, true, GRID.columns()))).hasSizeGreaterThanOrEqualTo(16);
    }

    @Test
    void unknownUnitsFallBackToTheFieldsOwnRange() throws Exception {
        Field field = varyingField(Variables.RAINFALL_RATE, 1);
        Palette palette = Palettes.forField("rainfall_rate", "furlongs", () -> range(field));
        assertThat(palette.name()).isEqualTo("viridis");
        assertThat(palette.min()).isEqualTo(range(field)[0]);
        assertThat(palette.max()).isEqualTo(range(field)[1]);
        assertThat(colours(MapRenderer.png(field, palette, true, GRID.columns()))).hasSizeGreaterThanOrEqualTo(16);
    }

    /** The variable's first plane at the first hour (from T+1) whose values vary: rain cells come and go. */
    private static Field varyingField(Variable variable, int firstHour) {
        double level = variable.levelValues()[0];
        for (int hour = firstHour; hour < firstHour + 48; hour++) {
            ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.UKV, variable, RUN, Duration.ofHours(hour), List.of(), GRID, RUN);
            float[][] plane = FIELD.plane(spec, 0, level);
            float[] values = new float[GRID.rows() * GRID.columns()];
            for (int r = 0; r < plane.length; r++) {
                System.arraycopy(plane[r], 0, values, r * GRID.columns(), GRID.columns());
            }
            Field field = new Field(GRID.rows(), GRID.columns(), values);
            double[] range = range(field);
            // Enough of the grid varies to be seen (rain: at least 1 % of the cells wet).
            long distinct = java.util.stream.IntStream.range(0, values.length).filter(i -> values[i] != range[0]).count();
            if (range[1] > range[0] && distinct > values.length / 100) {
                return field;
            }
        }
        throw new AssertionError(variable.parameter() + " does not vary over 48 hours");
    }

    private static double[] range(Field field) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : field.values()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new double[] {min, max};
    }

    /** The distinct opaque colours of a PNG. */
    private static Set<Integer> colours(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                if (argb >>> 24 == 0xff) {
                    colours.add(argb);
                }
            }
        }
        return colours;
    }
}
