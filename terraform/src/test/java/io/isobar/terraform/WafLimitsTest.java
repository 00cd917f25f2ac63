package io.isobar.terraform;

import static io.isobar.terraform.TerraformModule.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.isobar.query.http.Limits;

/**
 * The WAF's URL and body limits are the service's ({@link Limits}): the sizes in {@code local.api_limits} of
 * query_service.tf, which the WAF's rules use and {@code tests/waf.tftest.hcl} pins, equal the constants the service checks. Change
 * one side alone and the build fails here.
 */
class WafLimitsTest {

    private final TerraformModule module = TerraformModule.load();

    @Test
    void theWafBlocksExactlyTheUrlsAndBodiesTheServiceRefuses() {
        @SuppressWarnings("unchecked")
        Map<String, Object> limits = (Map<String, Object>) module.locals().get("api_limits");
        assertThat(Integer.parseInt(text(limits.get("uri_path_bytes")))).isEqualTo(Limits.PATH_BYTES);
        assertThat(Integer.parseInt(text(limits.get("query_string_bytes")))).isEqualTo(Limits.QUERY_BYTES);
        assertThat(Integer.parseInt(text(limits.get("body_bytes")))).isEqualTo(Limits.BODY_BYTES);
    }

    /**
     * The WAF limits a body by a pattern over its declared Content-Length (it cannot compare numbers): the pattern
     * matches exactly the lengths over {@link Limits#BODY_BYTES}, at the edges and anywhere else.
     */
    @Test
    void theBodyPatternMatchesExactlyTheLengthsOverTheLimit() {
        Pattern over = Pattern.compile(text(module.locals().get("waf_body_too_large_pattern")));
        for (long n : new long[] {0, 1, 8_192, Limits.BODY_BYTES - 1L, Limits.BODY_BYTES, Limits.BODY_BYTES + 1L,
            Limits.BODY_BYTES + 10L, 2L * Limits.BODY_BYTES, 10L * Limits.BODY_BYTES, Long.MAX_VALUE}) {
            assertThat(over.matcher(Long.toString(n)).matches()).as(n + " bytes").isEqualTo(n > Limits.BODY_BYTES);
            assertThat(over.matcher("00" + n).matches()).as("00" + n + " bytes").isEqualTo(n > Limits.BODY_BYTES);
        }
        Random random = new Random(20);
        for (int i = 0; i < 100_000; i++) {
            long n = (long) Math.floor(Math.pow(10, random.nextDouble() * 10));
            assertThat(over.matcher(Long.toString(n)).matches()).as(n + " bytes").isEqualTo(n > Limits.BODY_BYTES);
        }
        assertThat(over.matcher("").matches()).isFalse();
        assertThat(over.matcher("1000001 ").matches()).as("only a number").isFalse();
    }

    @Test
    void theTerraformTestPinsTheSameNumbers() throws IOException {
        String test = Files.readString(TerraformModule.DIR.resolve("tests/waf.tftest.hcl"));
        assertThat(test).contains("if r.name == \"query-string-too-long\"][0].size == " + Limits.QUERY_BYTES)
                .contains("if r.name == \"uri-path-too-long\"][0].size == " + Limits.PATH_BYTES)
                .contains("local.api_limits.body_bytes == " + Limits.BODY_BYTES);
    }
}
