package io.isobar.query.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The palette arithmetic the pictures and legends rely on. */
class PaletteTest {

    @Test
    void linearPositionsClampAndInvert() {
        Palette t = Palettes.of("air_temperature").orElseThrow().in("K").orElseThrow();
        assertThat(t.units()).isEqualTo("K");
        assertThat(t.min()).isCloseTo(253.15, within(1e-9));
        assertThat(t.position(253.15)).isCloseTo(0, within(1e-12));
        assertThat(t.position(313.15)).isCloseTo(1.0, within(1e-12));
        assertThat(t.position(283.15)).isCloseTo(0.5, within(1e-12));
        assertThat(t.position(200)).isZero();
        assertThat(t.position(400)).isEqualTo(1.0);
        assertThat(t.position(Double.NaN)).isNaN();
        assertThat(t.valueAt(t.position(290.0))).isCloseTo(290.0, within(1e-9));
    }

    @Test
    void precipitationIsOnALogScale() {
        Palette rain = Palettes.of("precipitation_rate").orElseThrow();
        assertThat(rain.log()).isTrue();
        assertThat(rain.units()).isEqualTo("mm/h");
        // 0.1 .. 100 mm/h is three decades: each decade a third of the bar.
        assertThat(rain.position(1)).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(rain.position(10)).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(rain.position(0)).isZero();
        assertThat(rain.clear(0)).isTrue();
        assertThat(rain.clear(0.2)).isFalse();
        assertThat(rain.valueAt(0.5)).isCloseTo(Math.pow(10, 0.5), within(1e-12));
        // The same palette for a file in m s-1: 1 mm/h is 1e-3 m per 3600 s, still a third of the bar.
        Palette inFile = rain.in("m s-1").orElseThrow();
        assertThat(inFile.position(1e-3 / 3600)).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(rain.in("degC")).isEmpty();
    }

    @Test
    void theTableRunsFromTheFirstStopToTheLast() {
        Palette t = Palettes.of("air_temperature").orElseThrow();
        int[] table = t.table();
        assertThat(table).hasSize(Palette.LEVELS);
        assertThat(table[0]).isEqualTo(Palettes.TEMPERATURE.get(0));
        assertThat(table[Palette.LEVELS - 1]).isEqualTo(Palettes.TEMPERATURE.get(Palettes.TEMPERATURE.size() - 1));
        assertThat(t.withRange(0, 1).min()).isZero();
        assertThat(Palette.css(0x0b3d5c)).isEqualTo("#0b3d5c");
    }

    @Test
    void unknownVariablesGetTheDefaultOverTheirRange() {
        assertThat(Palettes.of("no_such_variable")).isEmpty();
        Palette p = Palettes.fallback("m", 3, 3);
        assertThat(p.name()).isEqualTo("viridis");
        assertThat(p.max()).isGreaterThan(p.min());
    }
}
