package io.isobar.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SyntheticFieldTest {

    private static final long RUN = Instant.parse("2025-01-10T00:00:00Z").getEpochSecond();
    private static final long SUMMER = Instant.parse("2025-07-10T00:00:00Z").getEpochSecond();

    private final SyntheticField field = new SyntheticField(3);

    @Test
    void isDeterministicForASeed() {
        SyntheticField again = new SyntheticField(3);
        SyntheticField other = new SyntheticField(4);
        Variable t = Variables.TEMPERATURE_AT_SCREEN_LEVEL;
        assertThat(field.value(t, RUN, RUN + 3600, 1, 1.5, 12_000, -40_000))
                .isEqualTo(again.value(t, RUN, RUN + 3600, 1, 1.5, 12_000, -40_000))
                .isNotEqualTo(other.value(t, RUN, RUN + 3600, 1, 1.5, 12_000, -40_000));
    }

    @Test
    void valuesArePlausibleEverywhereAndAlways() {
        for (long run : new long[] {RUN, SUMMER}) {
            for (int hour = 0; hour <= 48; hour += 5) {
                long valid = run + hour * 3600L;
                for (int member = 0; member < 4; member++) {
                    for (double x = -1_040_000; x <= 1_040_000; x += 130_000) {
                        for (double y = -968_000; y <= 968_000; y += 121_000) {
                            assertThat(value(Variables.TEMPERATURE_AT_SCREEN_LEVEL, run, valid, member, 1.5, x, y))
                                    .isBetween(255f, 310f);
                            assertThat(value(Variables.WIND_SPEED_AT_10M, run, valid, member, 10, x, y)).isBetween(0f, 40f);
                            assertThat(value(Variables.RELATIVE_HUMIDITY_AT_SCREEN_LEVEL, run, valid, member, 1.5, x, y))
                                    .isBetween(0f, 100f);
                            assertThat(value(Variables.RAINFALL_RATE, run, valid, member, Double.NaN, x, y))
                                    .isBetween(0f, 1e-5f);
                            assertThat(value(Variables.PRESSURE_AT_MEAN_SEA_LEVEL, run, valid, member, Double.NaN, x, y))
                                    .isBetween(96_000f, 106_000f);
                        }
                    }
                }
            }
        }
    }

    @Test
    void variesInSpaceTimeRunAndMember() {
        Variable t = Variables.TEMPERATURE_AT_SCREEN_LEVEL;
        long valid = RUN + 6 * 3600;
        float base = value(t, RUN, valid, 0, 1.5, 0, 0);
        assertThat(value(t, RUN, valid, 0, 1.5, 0, 600_000)).as("further north").isNotEqualTo(base);
        assertThat(value(t, RUN, valid, 0, 1.5, 300_000, 0)).as("further east").isNotEqualTo(base);
        assertThat(value(t, RUN, valid + 3 * 3600, 0, 1.5, 0, 0)).as("later").isNotEqualTo(base);
        assertThat(value(t, RUN - 3600, valid, 0, 1.5, 0, 0)).as("earlier run").isNotEqualTo(base);
        assertThat(value(t, RUN, valid, 5, 1.5, 0, 0)).as("another member").isNotEqualTo(base);
        // Mid-afternoon is warmer than before dawn, all else near enough equal.
        long afternoon = Instant.parse("2025-01-10T15:00:00Z").getEpochSecond();
        long night = Instant.parse("2025-01-10T04:00:00Z").getEpochSecond();
        double meanAfternoon = 0;
        double meanNight = 0;
        for (int i = -5; i <= 5; i++) {
            meanAfternoon += value(t, afternoon, afternoon, 0, 1.5, i * 150_000, i * 90_000);
            meanNight += value(t, night, night, 0, 1.5, i * 150_000, i * 90_000);
        }
        assertThat(meanAfternoon).isGreaterThan(meanNight);
    }

    @Test
    void rainsSomewhereButNotEverywhere() {
        int wet = 0;
        int cells = 0;
        for (double x = -1_000_000; x <= 1_000_000; x += 20_000) {
            for (double y = -900_000; y <= 900_000; y += 20_000) {
                cells++;
                if (value(Variables.RAINFALL_RATE, RUN, RUN, 0, Double.NaN, x, y) > 0) {
                    wet++;
                }
            }
        }
        assertThat(wet).isGreaterThan(0).isLessThan(cells / 2);
    }

    @Test
    void quantisesToTheLeastSignificantDigit() {
        assertThat(SyntheticField.quantise(283.123456, 2)).isEqualTo(36_240 / 128f);
        assertThat(SyntheticField.quantise(101_325.4, 0)).isEqualTo(101_325f);
        float t = value(Variables.TEMPERATURE_AT_SCREEN_LEVEL, RUN, RUN, 0, 1.5, 5_000, 5_000);
        assertThat(t * 128 % 1).isZero();
    }

    private float value(Variable v, long run, long valid, int member, double level, double x, double y) {
        return field.value(v, run, valid, member, level, x, y);
    }
}
