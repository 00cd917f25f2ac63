package io.isobar.query.edr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.isobar.query.http.ApiProblem;

/** EDR's {@code units}: each parameter in the first listed unit it converts to, checked against hand conversions. */
class EdrUnitsTest {

    private static final Instant T = Instant.parse("2026-06-14T12:00:00Z");

    private static EdrResult.Series series(String variable, String units, String statistic, float value) {
        return new EdrResult.Series(variable + (statistic == null ? "" : "_" + statistic), variable, variable, null, units, null,
                null, false, null, statistic, new Float[][] {{value, null}}, new Instant[] {T}, new Instant[] {T},
                new Instant[] {T});
    }

    private static EdrResult result(EdrResult.Series... parameters) {
        return new EdrResult("ukv", List.of(T), true, List.of(new EdrResult.Site(-3.1883, 55.9533, null, -1, -1),
                new EdrResult.Site(-0.1278, 51.5074, null, -1, -1)), null, List.of(parameters));
    }

    @Test
    void eachParameterTakesTheFirstUnitItConvertsTo() {
        EdrResult r = result(series("air_temperature", "K", null, 283.15f), series("wind_speed", "m s-1", null, 10f),
                series("relative_humidity", "%", null, 80f)).inUnits(List.of("degC", "mph"));
        assertThat(r.parameters().get(0).units()).isEqualTo("degC");
        assertThat(r.parameters().get(0).values()[0][0]).isCloseTo(10f, within(1e-4f));
        assertThat(r.parameters().get(0).values()[0][1]).isNull();
        assertThat(r.parameters().get(1).units()).isEqualTo("mph");
        assertThat(r.parameters().get(1).values()[0][0]).isCloseTo((float) (10 * 3600 / 1609.344), within(1e-4f));
        assertThat(r.parameters().get(2).units()).isEqualTo("%");
        assertThat(r.parameters().get(2).values()[0][0]).isEqualTo(80f);
    }

    @Test
    void statisticsConvertAsWhatTheyMeasure() {
        EdrResult r = result(series("air_temperature", "K", "std", 2f), series("air_temperature", "K", "mean", 283.15f),
                series("air_temperature", "K", "probability_above_283.15", 0.5f)).inUnits(List.of("degF"));
        assertThat(r.parameters().get(0).values()[0][0]).isCloseTo(3.6f, within(1e-4f));
        assertThat(r.parameters().get(1).values()[0][0]).isCloseTo(50f, within(1e-3f));
        assertThat(r.parameters().get(2).values()[0][0]).isEqualTo(0.5f);
        assertThat(r.parameters().get(2).valueUnits()).isEqualTo("1");
    }

    @Test
    void aUnitNoParameterTakesIsA400() {
        assertThatThrownBy(() -> result(series("wind_speed", "m s-1", null, 10f)).inUnits(List.of("degC")))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("degC").hasMessageContaining("wind_speed m s-1");
        assertThat(result(series("wind_speed", "m s-1", null, 10f)).inUnits(List.of()).parameters().get(0).units()).isEqualTo("m s-1");
        // A list with units for parameters the answer does not have is fine as long as one fits.
        assertThat(result(series("wind_speed", "m s-1", null, 10f)).inUnits(List.of("degC", "kt")).parameters().get(0).units())
                .isEqualTo("kt");
    }
}
