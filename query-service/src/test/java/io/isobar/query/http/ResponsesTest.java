package io.isobar.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ResponsesTest {

    @Test
    void etagsAreStableQuotedAndDifferPerBody() {
        String a = Responses.etag("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(a).isEqualTo(Responses.etag("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).startsWith("\"").endsWith("\"");
        assertThat(a).isNotEqualTo(Responses.etag("{\"a\":2}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void ifNoneMatchUsesWeakComparison() {
        assertThat(Responses.matches("\"x\"", "\"x\"")).isTrue();
        assertThat(Responses.matches("W/\"x\"", "\"x\"")).isTrue();
        assertThat(Responses.matches("\"y\", \"x\"", "\"x\"")).isTrue();
        assertThat(Responses.matches("*", "\"x\"")).isTrue();
        assertThat(Responses.matches("\"y\"", "\"x\"")).isFalse();
        assertThat(Responses.matches("x", "\"x\"")).isFalse();
        assertThat(Responses.matches(null, "\"x\"")).isFalse();
    }
}
