package io.isobar.query.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimeParamTest {

    private static Instant parse(String s) {
        return TimeParam.parse("query parameter 'test'", s);
    }

    @Test
    void acceptsIsoWithZOrAnOffsetAndTheMetOfficeForm() {
        Instant t = Instant.parse("2025-06-14T01:00:00Z");
        assertThat(parse("2025-06-14T01:00:00Z")).isEqualTo(t);
        assertThat(parse("2025-06-14T01:00Z")).isEqualTo(t);
        assertThat(parse("2025-06-14T02:00:00+01:00")).isEqualTo(t);
        assertThat(parse("2025-06-13T20:00:00-05:00")).isEqualTo(t);
        assertThat(parse("2025-06-14T01:00:00.000Z")).isEqualTo(t);
        assertThat(parse("20250614T0100Z")).isEqualTo(t);
        // '+' decoded to a space in a query string.
        assertThat(parse("2025-06-14T02:00:00 01:00")).isEqualTo(t);
    }

    @Test
    void rejectsEverythingElseNamingTheParameter() {
        for (String bad : new String[] {"", "now", "2025-06-14", "2025-06-14T01:00:00", "20250614T0100", "20250614T2460Z",
                "2025-02-30T00:00:00Z", "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "x".repeat(1000)}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(ApiProblem.class)
                    .hasMessageStartingWith("Query parameter 'test'")
                    .satisfies(e -> assertThat(((ApiProblem) e).status()).isEqualTo(400));
        }
    }

    @Test
    void detailsAreSentencesWithExamples() {
        assertThatThrownBy(() -> TimeParam.parse("query parameter 'from'", "06/12/2026")).isInstanceOf(ApiProblem.class)
                .hasMessageStartingWith("Query parameter 'from' is not a time: '06/12/2026'")
                .hasMessageContaining("2025-06-14T01:00:00Z").hasMessageContaining("20250614T0100Z");
    }
}
