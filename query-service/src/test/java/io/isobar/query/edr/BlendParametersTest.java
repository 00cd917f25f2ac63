package io.isobar.query.edr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.isobar.query.forecast.Selection;
import io.isobar.query.http.ApiProblem;

/** A blend's parameter named as its answers name it is its variable with that percentile or threshold chosen. */
class BlendParametersTest {

    static final Set<String> PERCENTILES = Set.of("air_temperature", "wind_speed");
    static final Set<String> PROBABILITIES = Set.of("probability_of_wind_speed_above_threshold",
            "probability_of_air_temperature_below_threshold");

    @Test
    void aPercentileNameIsItsVariableAndPercentile() {
        BlendParameters.Resolved r = BlendParameters.resolve(List.of("air_temperature_p90", "wind_speed_p90"), PERCENTILES,
                Selection.all());
        assertThat(r.names()).containsExactly("air_temperature", "wind_speed");
        assertThat(r.selection().percentile()).contains(90.0);
        assertThat(r.selection().threshold()).isEmpty();
    }

    @Test
    void aProbabilityNameIsImproversVariableAndThreshold() {
        BlendParameters.Resolved above = BlendParameters.resolve(List.of("wind_speed_probability_above_10.5"), PROBABILITIES,
                Selection.all());
        assertThat(above.names()).containsExactly("probability_of_wind_speed_above_threshold");
        assertThat(above.selection().threshold()).contains(10.5);
        BlendParameters.Resolved below = BlendParameters.resolve(List.of("air_temperature_probability_below_273.15"),
                PROBABILITIES, Selection.all());
        assertThat(below.names()).containsExactly("probability_of_air_temperature_below_threshold");
        assertThat(below.selection().threshold()).contains(273.15);
    }

    @Test
    void otherNamesAreLeftForTheUnknownParameterCheck() {
        BlendParameters.Resolved r = BlendParameters.resolve(List.of("air_temperature", "rain_p90", "wind_speed_probability_above_x"),
                PERCENTILES, Selection.all());
        assertThat(r.names()).containsExactly("air_temperature", "rain_p90", "wind_speed_probability_above_x");
        assertThat(r.selection()).isEqualTo(Selection.all());
    }

    @Test
    void twoDifferentSlicesInOneRequestAreA400() {
        assertThatThrownBy(() -> BlendParameters.resolve(List.of("air_temperature_p10", "wind_speed_p90"), PERCENTILES,
                Selection.all())).isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(400));
    }
}
