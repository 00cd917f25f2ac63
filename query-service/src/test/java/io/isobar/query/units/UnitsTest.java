package io.isobar.query.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Conversions checked against the definitions (SI, NIST), computed here independently of UDUNITS. */
class UnitsTest {

    @Test
    void temperaturesFromKelvin() {
        for (double k : new double[] {0, 253.15, 273.15, 288.4, 313.15}) {
            assertThat(Units.conversion("K", "degC").apply(k)).isCloseTo(k - 273.15, within(1e-9));
            assertThat(Units.conversion("K", "degF").apply(k)).isCloseTo((k - 273.15) * 9 / 5 + 32, within(1e-9));
            assertThat(Units.conversion("K", "°C").apply(k)).isCloseTo(k - 273.15, within(1e-9));
        }
        assertThat(Units.conversion("degC", "K").apply(-40)).isCloseTo(233.15, within(1e-9));
        assertThat(Units.conversion("degF", "degC").apply(-40)).isCloseTo(-40, within(1e-9));
    }

    @Test
    void speedsFromMetresPerSecond() {
        double v = 12.5;
        assertThat(Units.conversion("m s-1", "km/h").apply(v)).isCloseTo(v * 3.6, within(1e-9));
        // A statute mile is 1609.344 m, exactly; a knot is 1852 m per hour.
        assertThat(Units.conversion("m s-1", "mph").apply(v)).isCloseTo(v * 3600 / 1609.344, within(1e-9));
        assertThat(Units.conversion("m s-1", "kt").apply(v)).isCloseTo(v * 3600 / 1852, within(1e-9));
        assertThat(Units.conversion("m s-1", "m/s").isIdentity()).isTrue();
    }

    @Test
    void rainAsARateOrAFluxBothGiveMillimetresPerHour() {
        // 1 mm/h is 1e-3 m per 3600 s; the same depth of water is 1 kg m-2 per hour (density 1000 kg m-3).
        assertThat(Units.conversion("m s-1", "mm/h").apply(5.6e-7)).isCloseTo(5.6e-7 * 1000 * 3600, within(1e-9));
        assertThat(Units.conversion("kg m-2 s-1", "mm/h").apply(1e-3)).isCloseTo(1e-3 * 3600, within(1e-9));
        assertThat(Units.conversion("mm/h", "kg m-2 s-1").apply(3.6)).isCloseTo(1e-3, within(1e-12));
        assertThat(Units.conversion("kg m-2", "mm").apply(2.5)).isCloseTo(2.5, within(1e-12));
        assertThat(Units.conversion("kg m-2 s-1", "m s-1").apply(1)).isCloseTo(1e-3, within(1e-15));
    }

    @Test
    void pressuresAndFractions() {
        assertThat(Units.conversion("Pa", "hPa").apply(101325)).isCloseTo(1013.25, within(1e-9));
        assertThat(Units.conversion("%", "1").apply(55)).isCloseTo(0.55, within(1e-12));
        assertThat(Units.conversion("1", "%").apply(0.3)).isCloseTo(30, within(1e-9));
    }

    @Test
    void storedFloatsConvertWithoutConversionNoise() {
        assertThat(Units.conversion("K", "degC").apply(Float.valueOf(273.15f))).isEqualTo(0f);
        assertThat(Units.conversion("K", "degC").apply(Float.valueOf(276.96875f))).isCloseTo(3.81875f, within(1e-4f));
        assertThat(Units.conversion("K", "degF").apply(Float.valueOf(273.15f))).isEqualTo(32f);
        assertThat(Units.conversion("m s-1", "mm/h").apply(Float.valueOf(1.4e-7f))).isCloseTo(0.504f, within(1e-6f));
        assertThat(Units.conversion("K", "degC").apply((Float) null)).isNull();
        assertThat(Units.conversion("K", "degC").invert(10)).isCloseTo(283.15, within(1e-9));
    }

    @Test
    void impossibleConversionsSayWhatWouldWork() {
        assertThatThrownBy(() -> Units.conversion("m s-1", "degC")).isInstanceOf(UnitsException.class)
                .hasMessageContaining("a speed").hasMessageContaining("a temperature").hasMessageContaining("mph");
        // UDUNITS reads "furlongs per fortnight" (a speed), but not this:
        assertThatThrownBy(() -> Units.conversion("K", "wibble")).isInstanceOf(UnitsException.class)
                .hasMessageContaining("not a unit");
        assertThatThrownBy(() -> Units.conversion("K", "%%%")).isInstanceOf(UnitsException.class);
        assertThat(Units.find("nonsense-unit", "K")).isEmpty();
        assertThat(Units.known("kg m-2 s-1")).isTrue();
        assertThat(Units.known("")).isFalse();
    }

    @Test
    void labelsAreTheSymbolsPeopleRead() {
        assertThat(Units.label("degC")).isEqualTo("°C");
        assertThat(Units.label("m s-1")).isEqualTo("m/s");
        assertThat(Units.label("mm/h")).isEqualTo("mm/h");
    }
}
