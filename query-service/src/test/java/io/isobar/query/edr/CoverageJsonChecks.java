package io.isobar.query.edr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Structural checks of a CoverageJSON document, written from the CoverageJSON specification's rules: the domain
 * type's axes (required and allowed), referencing of every coordinate, parameters with an observed property, and
 * NdArray ranges whose axis names and shape agree with the domain axes and whose values fill the shape.
 */
final class CoverageJsonChecks {

    /** Allowed and required axes per domain type (CoverageJSON 1.0, "Common Domain Types"). */
    private static final Map<String, List<Set<String>>> AXES = Map.of(
            "Point", List.of(Set.of("x", "y", "z", "t"), Set.of("x", "y")),
            "PointSeries", List.of(Set.of("x", "y", "z", "t"), Set.of("x", "y", "t")),
            "MultiPoint", List.of(Set.of("composite", "t"), Set.of("composite")),
            "MultiPointSeries", List.of(Set.of("composite", "t"), Set.of("composite", "t")),
            "Grid", List.of(Set.of("x", "y", "z", "t"), Set.of("x", "y")),
            "Trajectory", List.of(Set.of("composite", "z"), Set.of("composite")));

    private CoverageJsonChecks() {}

    /** Checks a Coverage and returns its domain type. */
    static String check(JsonNode coverage) {
        return check(coverage, coverage.path("parameters"));
    }

    /**
     * Checks a CoverageCollection: its domain type (which every coverage has), its parameters (which the coverages share
     * unless they have their own) and each coverage; returns the number of coverages.
     */
    static int checkCollection(JsonNode collection) {
        assertThat(collection.path("type").asText()).isEqualTo("CoverageCollection");
        String domainType = collection.path("domainType").asText();
        assertThat(collection.path("coverages").isArray()).isTrue();
        for (JsonNode coverage : collection.path("coverages")) {
            JsonNode parameters = coverage.has("parameters") ? coverage.path("parameters") : collection.path("parameters");
            assertThat(check(coverage, parameters)).isEqualTo(domainType);
        }
        return collection.path("coverages").size();
    }

    private static String check(JsonNode coverage, JsonNode parameters) {
        assertThat(coverage.path("type").asText()).isEqualTo("Coverage");
        JsonNode domain = coverage.path("domain");
        assertThat(domain.path("type").asText()).isEqualTo("Domain");
        String domainType = domain.path("domainType").asText();
        assertThat(AXES).containsKey(domainType);
        JsonNode axes = domain.path("axes");
        Set<String> names = new TreeSet<>();
        axes.fieldNames().forEachRemaining(names::add);
        assertThat(AXES.get(domainType).get(0)).as("axes allowed in " + domainType).containsAll(names);
        assertThat(names).as("axes required in " + domainType).containsAll(AXES.get(domainType).get(1));

        Map<String, Integer> lengths = new HashMap<>();
        Set<String> coordinates = new TreeSet<>();
        for (String name : names) {
            JsonNode axis = axes.path(name);
            JsonNode values = axis.path("values");
            assertThat(values.isArray() && values.size() > 0).as("axis " + name + " has values").isTrue();
            lengths.put(name, values.size());
            if (name.equals("composite") && domainType.equals("Trajectory")) {
                // CoverageJSON 1.0, Trajectory: a tuple axis of t, x, y (and z), ordered by t.
                assertThat(axis.path("dataType").asText()).isEqualTo("tuple");
                List<String> components = toList(axis.path("coordinates"));
                assertThat(components).isIn(List.of("t", "x", "y"), List.of("t", "x", "y", "z"));
                assertThat(axes.has("z") && components.contains("z")).as("z is in the tuples or an axis, not both").isFalse();
                Instant previous = Instant.MIN;
                for (JsonNode tuple : values) {
                    assertThat(tuple.size()).isEqualTo(components.size());
                    Instant t = Instant.parse(tuple.get(0).asText());
                    assertThat(t).as("tuples are ordered by t").isAfterOrEqualTo(previous);
                    previous = t;
                    for (int i = 1; i < tuple.size(); i++) {
                        assertThat(tuple.get(i).isNumber()).as("component " + components.get(i)).isTrue();
                    }
                }
                coordinates.addAll(components);
            } else if (name.equals("composite")) {
                assertThat(axis.path("dataType").asText()).isEqualTo("tuple");
                List<String> components = List.of("x", "y");
                assertThat(axis.path("coordinates")).extracting(JsonNode::asText).containsExactlyElementsOf(components);
                for (JsonNode tuple : values) {
                    assertThat(tuple.size()).isEqualTo(2);
                    assertThat(tuple.get(0).isNumber() && tuple.get(1).isNumber()).isTrue();
                }
                coordinates.addAll(components);
            } else if (name.equals("t")) {
                for (JsonNode t : values) {
                    Instant.parse(t.asText());
                }
                coordinates.add(name);
            } else {
                values.forEach(v -> assertThat(v.isNumber()).as("axis " + name).isTrue());
                coordinates.add(name);
            }
            if (Set.of("Point", "PointSeries").contains(domainType) && !name.equals("t") || domainType.equals("Point")
                    || domainType.equals("MultiPoint") && name.equals("t") || domainType.equals("Trajectory") && name.equals("z")) {
                assertThat(values.size()).as("single-valued axis " + name + " of " + domainType).isEqualTo(1);
            }
        }
        Set<String> referenced = new TreeSet<>();
        for (JsonNode r : domain.path("referencing")) {
            assertThat(r.path("system").path("type").asText()).isNotEmpty();
            if (r.path("system").path("type").asText().equals("TemporalRS")) {
                assertThat(r.path("system").path("calendar").asText()).isEqualTo("Gregorian");
            }
            r.path("coordinates").forEach(c -> referenced.add(c.asText()));
        }
        assertThat(referenced).as("every coordinate is referenced").containsAll(coordinates);

        JsonNode ranges = coverage.path("ranges");
        Set<String> parameterKeys = new TreeSet<>();
        parameters.fieldNames().forEachRemaining(parameterKeys::add);
        Set<String> rangeKeys = new TreeSet<>();
        ranges.fieldNames().forEachRemaining(rangeKeys::add);
        assertThat(rangeKeys).isEqualTo(parameterKeys).isNotEmpty();
        for (String key : parameterKeys) {
            JsonNode p = parameters.path(key);
            assertThat(p.path("type").asText()).isEqualTo("Parameter");
            assertThat(p.path("observedProperty").path("label").path("en").asText()).as(key).isNotEmpty();
            if (p.has("unit")) {
                assertThat(p.path("unit").has("label") || p.path("unit").has("symbol")).isTrue();
            }
            JsonNode range = ranges.path(key);
            assertThat(range.path("type").asText()).isEqualTo("NdArray");
            assertThat(range.path("dataType").asText()).isIn("float", "integer");
            List<String> axisNames = toList(range.path("axisNames"));
            assertThat(axisNames).doesNotHaveDuplicates();
            assertThat(names).containsAll(axisNames);
            assertThat(range.path("shape").size()).isEqualTo(axisNames.size());
            long product = 1;
            for (int i = 0; i < axisNames.size(); i++) {
                int n = range.path("shape").get(i).asInt();
                assertThat(n).as("shape of " + axisNames.get(i)).isEqualTo(lengths.get(axisNames.get(i)));
                product *= n;
            }
            // Axes left out of axisNames must have one value.
            names.stream().filter(n -> !axisNames.contains(n)).forEach(n -> assertThat(lengths.get(n)).isEqualTo(1));
            assertThat(range.path("values").size()).isEqualTo(product);
            for (JsonNode v : range.path("values")) {
                assertThat(v.isNull() || v.isNumber()).isTrue();
                if (range.path("dataType").asText().equals("integer")) {
                    assertThat(v.isNull() || v.isIntegralNumber()).isTrue();
                }
            }
        }
        return domainType;
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
