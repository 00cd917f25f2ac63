package io.isobar.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The ingest queue's dead-letter threshold is set for job restarts, not for bad files: every restart hands back the
 * messages the job held and counts a receive, so a low threshold parks healthy files after an outage
 * (docs/operations.md).
 */
class DeadLetterThresholdTest {

    private final TerraformModule module = TerraformModule.load();

    @Test
    void thresholdDefaultsTo20AndCannotBeSetBelow10() {
        Map<String, Object> variable = module.variableDeclarations().stream()
                .filter(v -> v.address().equals("var.max_receive_count") || v.address().equals("max_receive_count"))
                .findFirst().orElseThrow().body();
        assertThat(TerraformModule.text(variable.get("default"))).isEqualTo("20");
        Map<String, Object> validation = TerraformModule.block(variable, "validation", "var.max_receive_count");
        // hcl4j evaluates the condition against the default; the message states the rule.
        assertThat(validation.get("condition")).isNotNull();
        assertThat(TerraformModule.text(validation.get("error_message"))).contains("must be 10 to 1000");
    }
}
