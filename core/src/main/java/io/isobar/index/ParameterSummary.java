package io.isobar.index;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import io.isobar.model.ForecastFile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One parameter (variable) of a model as its files describe it, kept by the job so that the EDR catalogue never
 * reads files: names and units, the levels and members seen, the newest run that has it. Item: partition
 * {@code model#parameters}, sort the variable.
 *
 * <p>Merging is a union (levels, members) and a fixed choice (the description of the instantaneous field when there
 * is one, else of the first statistic by name; between equals, the newest run's), so the order files arrive in and
 * any replay give the same item. Its expiry is rounded up to a whole day, so a parameter item is rewritten about once
 * a day however many files name it.
 */
public record ParameterSummary(String model, String variable, String standardName, String longName, String units,
        String cellMethods, TreeSet<Double> heights, TreeSet<Double> pressures, TreeSet<Integer> realizations,
        Instant newestRun, Instant expiresAt) {

    public ParameterSummary {
        heights = new TreeSet<>(heights);
        pressures = new TreeSet<>(pressures);
        realizations = new TreeSet<>(realizations);
    }

    /** What one file says about its variable; it expires {@code retention} after the file was indexed (rounded up to a day). */
    public static ParameterSummary of(ForecastFile f, Duration retention) {
        return new ParameterSummary(f.model(), f.variable(), f.standardName(), f.longName(), f.units(), f.cellMethods(),
                new TreeSet<>(f.heights()), new TreeSet<>(f.pressures()), new TreeSet<>(f.realizations()),
                f.forecastReferenceTime(), ceilDay(f.indexedAt().plus(retention)));
    }

    /** Which description speaks for the parameter: instantaneous first, then by cell methods, then the newest run. */
    private static final Comparator<ParameterSummary> PREFERRED = Comparator
            .comparing((ParameterSummary p) -> p.cellMethods() == null ? "" : "~" + p.cellMethods())
            .thenComparing(ParameterSummary::newestRun, Comparator.nullsLast(Comparator.reverseOrder()));

    /** The two descriptions of one parameter as one. */
    public ParameterSummary merge(ParameterSummary other) {
        if (!model.equals(other.model) || !variable.equals(other.variable)) {
            throw new IllegalArgumentException("Cannot merge two parameters: " + key() + " and " + other.key());
        }
        ParameterSummary d = PREFERRED.compare(this, other) <= 0 ? this : other;
        TreeSet<Double> h = new TreeSet<>(heights);
        h.addAll(other.heights);
        TreeSet<Double> p = new TreeSet<>(pressures);
        p.addAll(other.pressures);
        TreeSet<Integer> r = new TreeSet<>(realizations);
        r.addAll(other.realizations);
        return new ParameterSummary(model, variable, d.standardName, d.longName, d.units, d.cellMethods, h, p, r,
                RunSummary.later(newestRun, other.newestRun), RunSummary.later(expiresAt, other.expiresAt));
    }

    /** The item's identity, {@code model#parameters|variable}. */
    public String key() {
        return partition(model) + "|" + variable;
    }

    /** The valid-times partition holding the parameters of {@code model}. */
    public static String partition(String model) {
        return model + IndexSchema.PARAMETERS_PARTITION_SUFFIX;
    }

    private static final String HEIGHTS = "heights";
    private static final String PRESSURES = "pressures";
    private static final String REALIZATIONS = "realizations";

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(IndexSchema.TIMES_PK, AttributeValue.fromS(partition(model)));
        item.put(IndexSchema.TIMES_SK, AttributeValue.fromS(variable));
        FileItems.putIfPresent(item, "standard_name", standardName);
        FileItems.putIfPresent(item, "long_name", longName);
        FileItems.putIfPresent(item, "units", units);
        FileItems.putIfPresent(item, "cell_methods", cellMethods);
        putNumbers(item, HEIGHTS, heights);
        putNumbers(item, PRESSURES, pressures);
        putNumbers(item, REALIZATIONS, realizations);
        if (newestRun != null) {
            item.put(Marker.NEWEST_RUN, AttributeValue.fromS(FileItems.iso(newestRun)));
        }
        if (expiresAt != null) {
            item.put(IndexSchema.TIMES_TTL, FileItems.n(expiresAt.getEpochSecond()));
        }
        return item;
    }

    public static ParameterSummary fromItem(Map<String, AttributeValue> item) {
        String partition = item.get(IndexSchema.TIMES_PK).s();
        String newest = FileItems.str(item, Marker.NEWEST_RUN);
        AttributeValue expires = item.get(IndexSchema.TIMES_TTL);
        return new ParameterSummary(partition.substring(0, partition.length() - IndexSchema.PARAMETERS_PARTITION_SUFFIX.length()),
                item.get(IndexSchema.TIMES_SK).s(), FileItems.str(item, "standard_name"), FileItems.str(item, "long_name"),
                FileItems.str(item, "units"), FileItems.str(item, "cell_methods"), numbers(item, HEIGHTS, Double::valueOf),
                numbers(item, PRESSURES, Double::valueOf), numbers(item, REALIZATIONS, Integer::valueOf),
                newest == null ? null : Instant.parse(newest),
                expires == null ? null : Instant.ofEpochSecond(Long.parseLong(expires.n())));
    }

    private static void putNumbers(Map<String, AttributeValue> item, String name, TreeSet<? extends Number> values) {
        // A number set cannot be empty: no levels is no attribute.
        if (!values.isEmpty()) {
            // As DynamoDB keeps numbers (10.0 is 10), so that an item written and read back is the item.
            item.put(name, AttributeValue.fromNs(values.stream()
                    .map(v -> new java.math.BigDecimal(v.toString()).stripTrailingZeros().toPlainString()).toList()));
        }
    }

    private static <T extends Comparable<T>> TreeSet<T> numbers(Map<String, AttributeValue> item, String name,
            Function<String, T> parse) {
        AttributeValue v = item.get(name);
        TreeSet<T> out = new TreeSet<>();
        if (v != null && v.hasNs()) {
            v.ns().forEach(n -> out.add(parse.apply(n)));
        }
        return out;
    }

    private static Instant ceilDay(Instant t) {
        Instant day = t.truncatedTo(ChronoUnit.DAYS);
        return day.equals(t) ? t : day.plus(Duration.ofDays(1));
    }

    /** The parameters of a list of descriptions, merged per (model, variable). */
    public static List<ParameterSummary> mergeAll(List<ParameterSummary> all) {
        Map<String, ParameterSummary> out = new java.util.TreeMap<>();
        all.forEach(p -> out.merge(p.key(), p, ParameterSummary::merge));
        return List.copyOf(out.values());
    }
}
