package io.isobar.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.isobar.query.http.AccessLog;

/**
 * The CloudWatch metric filters that count refused API keys (alarms.tf; their patterns pinned by
 * {@code tests/waf.tftest.hcl}) match the query service's own access-log lines ({@link AccessLog#line}): a line of a
 * request refused for its key (no verified key; 401, 403, or 429 from a client over its failed-key budget) is counted by
 * exactly one filter, and no other line is. Change the log format or a pattern alone and the build fails here.
 */
class AccessLogFiltersTest {

    /** {@code name = "\"term\" \"term\""} in the Terraform test's pinned map of patterns. */
    private static final Pattern PINNED = Pattern.compile("(\\w+)\\s*=\\s*\"((?:\\\\\"[^\"\\\\]*\\\\\"\\s*)+)\"");

    @Test
    void everyRefusedKeyIsCountedOnceAndNothingElse() throws IOException {
        Map<String, List<String>> filters = pinnedFilters();
        assertThat(filters).containsOnlyKeys("missing", "invalid", "failed_keys");
        assertThat(matching(filters, line(null, 401))).containsExactly("missing");
        assertThat(matching(filters, line(null, 403))).containsExactly("invalid");
        assertThat(matching(filters, line(null, 429))).containsExactly("failed_keys");
        // A verified key's refusals are its own limits (rate, budget, work in progress), not a bad key; nor is success.
        for (int status : new int[] {200, 304, 400, 404, 413, 414, 429, 503}) {
            assertThat(matching(filters, line("0123abcd", status))).as("key status " + status).isEmpty();
        }
        for (int status : new int[] {200, 400, 404, 414, 4010, 4030, 503}) {
            assertThat(matching(filters, line(null, status))).as("no key, status " + status).isEmpty();
        }
    }

    private static String line(String keyId, int status) {
        // As the container's log layout writes it: timestamp, level, logger, then the message.
        return "2026-05-01T12:00:00,000Z INFO  access - " + AccessLog.line(keyId, "GET", "/v1/times", status, 0.4f, "9f2c6a1e0b7d3c4a");
    }

    /** CloudWatch Logs' filter syntax for quoted terms: every term must occur in the line, case-sensitively. */
    private static List<String> matching(Map<String, List<String>> filters, String line) {
        List<String> out = new ArrayList<>();
        filters.forEach((name, terms) -> {
            if (terms.stream().allMatch(line::contains)) {
                out.add(name);
            }
        });
        return out;
    }

    private static Map<String, List<String>> pinnedFilters() throws IOException {
        String test = Files.readString(TerraformModule.DIR.resolve("tests/waf.tftest.hcl"));
        int start = test.indexOf("f.pattern } == {");
        assertThat(start).as("tests/waf.tftest.hcl pins the metric filters' patterns").isPositive();
        String block = test.substring(start, test.indexOf('}', test.indexOf('{', start + 12)));
        Map<String, List<String>> filters = new LinkedHashMap<>();
        Matcher m = PINNED.matcher(block);
        while (m.find()) {
            List<String> terms = new ArrayList<>();
            Matcher t = Pattern.compile("\\\\\"([^\"\\\\]*)\\\\\"").matcher(m.group(2));
            while (t.find()) {
                terms.add(t.group(1));
            }
            filters.put(m.group(1), terms);
        }
        return filters;
    }
}
