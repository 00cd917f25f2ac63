package io.isobar.query.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class ModelPreferenceTest {

    @Test
    void knownModelsComeFirstInTheirOrderThenOthersByName() {
        assertThat(ModelPreference.preferred(List.of("zeta", "global", "ukv", "alpha", "ukv", "mogreps-g", "mogreps-uk")))
                .containsExactly("ukv", "mogreps-uk", "global", "mogreps-g", "alpha", "zeta");
    }

    @Test
    void theFinestKnownGridWinsWithoutAModel() {
        assertThat(Stream.of("global", "mogreps-uk").min(ModelPreference.ORDER)).hasValue("mogreps-uk");
        assertThat(Stream.of("beta", "alpha").min(ModelPreference.ORDER)).hasValue("alpha");
        assertThat(Stream.of("alpha", "mogreps-g").min(ModelPreference.ORDER)).hasValue("mogreps-g");
        assertThat(ModelPreference.preferred(List.of())).isEmpty();
    }
}
