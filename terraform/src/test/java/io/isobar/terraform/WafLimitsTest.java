package io.isobar.terraform;

import static io.isobar.terraform.TerraformModule.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.isobar.query.http.Limits;

/**
 * The WAF's URL limits are the service's ({@link Limits}): the sizes in {@code local.api_limits} of query_service.tf,
 * which the WAF's size rules use and {@code tests/waf.tftest.hcl} pins, equal the constants the service checks. Change
 * one side alone and the build fails here.
 */
class WafLimitsTest {

    private final TerraformModule module = TerraformModule.load();

    @Test
    void theWafBlocksExactlyTheUrlsTheServiceRefuses() {
        @SuppressWarnings("unchecked")
        Map<String, Object> limits = (Map<String, Object>) module.locals().get("api_limits");
        assertThat(Integer.parseInt(text(limits.get("uri_path_bytes")))).isEqualTo(Limits.PATH_BYTES);
        assertThat(Integer.parseInt(text(limits.get("query_string_bytes")))).isEqualTo(Limits.QUERY_BYTES);
    }

    @Test
    void theTerraformTestPinsTheSameNumbers() throws IOException {
        String test = Files.readString(TerraformModule.DIR.resolve("tests/waf.tftest.hcl"));
        assertThat(test).contains("if r.name == \"query-string-too-long\"][0].size == " + Limits.QUERY_BYTES)
                .contains("if r.name == \"uri-path-too-long\"][0].size == " + Limits.PATH_BYTES);
    }
}
