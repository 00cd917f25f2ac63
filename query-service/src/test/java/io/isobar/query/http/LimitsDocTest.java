package io.isobar.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The limits table of {@code docs/api.md} ("## Limits") says what {@link Limits} holds: every constant has its row, and
 * every row's value is the constant's.
 */
class LimitsDocTest {

    /** Which row (by the start of its first cell) documents which constant, and in what unit the row gives it. */
    private static final Map<String, Object[]> ROWS = new LinkedHashMap<>();

    static {
        ROWS.put("URL path", new Object[] {"PATH_BYTES", 1.0});
        ROWS.put("URL query string", new Object[] {"QUERY_BYTES", 1.0});
        ROWS.put("request line and headers", new Object[] {"HEADER_BYTES", 1.0});
        ROWS.put("POST body of an EDR", new Object[] {"BODY_BYTES", 1.0});
        ROWS.put("points of an EDR", new Object[] {"POINTS", 1.0});
        ROWS.put("vertices of an EDR", new Object[] {"POLYGON_VERTICES", 1.0});
        ROWS.put("characters of an EDR", new Object[] {"WKT_CHARS", 1.0});
        ROWS.put("grid cells of an EDR", new Object[] {"CELLS", 1.0});
        ROWS.put("values of an EDR", new Object[] {"VALUES", 1.0});
        ROWS.put("validity times of an EDR", new Object[] {"TIMES", 1.0});
        ROWS.put("names in an EDR", new Object[] {"PARAMETER_NAMES", 1.0});
        ROWS.put("radius of an EDR", new Object[] {"RADIUS_METRES", 1000.0});
        ROWS.put("validity times of a `/v1/point/series`", new Object[] {"SERIES_TIMES", 1.0});
        ROWS.put("path vertices of an EDR", new Object[] {"PATH_VERTICES", 1.0});
        ROWS.put("places of an EDR trajectory", new Object[] {"PATH_POINTS", 1.0});
        ROWS.put("width of an EDR corridor", new Object[] {"CORRIDOR_WIDTH_METRES", 1000.0});
        ROWS.put("height of an EDR corridor", new Object[] {"CORRIDOR_HEIGHT_METRES", 1.0});
    }

    private static final Pattern ROW = Pattern.compile("(?m)^\\| ([^|]+) \\| ([0-9,]+)[^|]* \\| [^|]+ \\|$");

    @Test
    void theDocumentedTableIsTheCodesLimits() throws Exception {
        String doc = Files.readString(Path.of("../docs/api.md"));
        int start = doc.indexOf("\n## Limits\n");
        assertThat(start).as("docs/api.md has a '## Limits' section").isPositive();
        String section = doc.substring(start + 1, doc.indexOf("\n## ", start + 1));
        Map<String, Double> documented = new LinkedHashMap<>();
        Matcher m = ROW.matcher(section);
        while (m.find()) {
            String label = m.group(1);
            String key = ROWS.keySet().stream().filter(label::startsWith).findFirst()
                    .orElseThrow(() -> new AssertionError("A row of the limits table names no limit of Limits: " + label));
            documented.put(key, Double.parseDouble(m.group(2).replace(",", "")));
        }
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(ROWS.keySet());
        for (Map.Entry<String, Object[]> row : ROWS.entrySet()) {
            double value = ((Number) Limits.class.getField((String) row.getValue()[0]).get(null)).doubleValue();
            assertThat(documented.get(row.getKey()) * (double) row.getValue()[1]).as(row.getKey()).isEqualTo(value);
        }
    }

    @Test
    void everyLimitHasItsRow() throws IOException {
        TreeSet<String> constants = new TreeSet<>();
        for (Field f : Limits.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && Number.class.isAssignableFrom(wrap(f.getType()))) {
                constants.add(f.getName());
            }
        }
        TreeSet<String> rows = new TreeSet<>();
        ROWS.values().forEach(r -> rows.add((String) r[0]));
        assertThat(rows).isEqualTo(constants);
    }

    private static Class<?> wrap(Class<?> type) {
        return type == int.class ? Integer.class : type == long.class ? Long.class : type == double.class ? Double.class : type;
    }
}
