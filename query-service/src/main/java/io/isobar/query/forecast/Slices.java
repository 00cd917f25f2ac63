package io.isobar.query.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

import io.isobar.netcdf.NetcdfHeader;

/**
 * The data variable's dimensions before y and x (realization, height, pressure, and the blends' percentile or
 * threshold) of one file: which index combinations a {@link Selection} keeps, and the member, level, percentile or
 * threshold each combination stands for.
 */
public record Slices(List<NetcdfHeader.Dimension> dimensions, List<List<Number>> labels, Integer realization,
        Double height, Double pressure) {

    /**
     * One 2-D field of a file: its leading indices and the member, level, percentile (%) and threshold they stand for
     * (null when none).
     */
    public record Slice(int[] index, Integer realization, Double height, Double pressure, Double percentile, Double threshold) {

        public Slice(int[] index, Integer realization, Double height, Double pressure) {
            this(index, realization, height, pressure, null, null);
        }

        /** The index of the cell at {@code row} and {@code column} of this slice: its leading indices, then y and x. */
        public int[] at(int row, int column) {
            int[] cell = Arrays.copyOf(index, index.length + 2);
            cell[index.length] = row;
            cell[index.length + 1] = column;
            return cell;
        }

        /** The level, height or pressure, or null. */
        public Double level() {
            return height != null ? height : pressure;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Slice s && Arrays.equals(index, s.index) && Objects.equals(realization, s.realization)
                    && Objects.equals(height, s.height) && Objects.equals(pressure, s.pressure)
                    && Objects.equals(percentile, s.percentile) && Objects.equals(threshold, s.threshold);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(index), realization, height, pressure, percentile, threshold);
        }

        @Override
        public String toString() {
            return "Slice" + Arrays.toString(index) + "[r=" + realization + ", h=" + height + ", p=" + pressure
                    + (percentile == null ? "" : ", percentile=" + percentile) + (threshold == null ? "" : ", threshold=" + threshold)
                    + "]";
        }
    }

    /** The blends' dimensions (IMPROVER's names). */
    static final String PERCENTILE = "percentile";
    static final String THRESHOLD = "threshold";

    public static Slices of(NetcdfHeader h) {
        List<NetcdfHeader.Dimension> dims = h.dimensions().subList(0, Math.max(0, h.dimensions().size() - 2));
        List<List<Number>> labels = new ArrayList<>();
        for (NetcdfHeader.Dimension d : dims) {
            List<? extends Number> values = switch (d.name()) {
                case "realization" -> h.realizations();
                case "height" -> h.heights();
                case "pressure" -> h.pressures();
                case PERCENTILE -> h.percentiles();
                case THRESHOLD -> h.threshold() == null ? List.<Double>of() : h.threshold().values();
                default -> List.of();
            };
            labels.add(values.size() == d.size() ? List.copyOf(values) : List.of());
        }
        boolean realizationDim = dims.stream().anyMatch(d -> d.name().equals("realization"));
        boolean heightDim = dims.stream().anyMatch(d -> d.name().equals("height"));
        boolean pressureDim = dims.stream().anyMatch(d -> d.name().equals("pressure"));
        // A scalar coordinate (one member, the 1.5 m screen level) labels every value of the file.
        return new Slices(dims, labels,
                !realizationDim && h.realizations().size() == 1 ? h.realizations().get(0) : null,
                !heightDim && h.heights().size() == 1 ? h.heights().get(0) : null,
                !pressureDim && h.pressures().size() == 1 ? h.pressures().get(0) : null);
    }

    /** Every slice the selection keeps, in index order (realization, then level). */
    public List<Slice> select(Selection s) {
        List<int[]> combos = new ArrayList<>();
        combos.add(new int[0]);
        boolean pressureFile = hasDimension("pressure") || pressure != null;
        for (int d = 0; d < dimensions.size(); d++) {
            String name = dimensions.get(d).name();
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < dimensions.get(d).size(); i++) {
                Number label = labels.get(d).isEmpty() ? null : labels.get(d).get(i);
                boolean ok = switch (name) {
                    case "realization" -> s.realization().map(r -> label != null && label.intValue() == r).orElse(true);
                    case "height" -> s.height().map(v -> label != null && same(label.doubleValue(), v)).orElse(true)
                            && (pressureFile || s.level().map(v -> label != null && same(label.doubleValue(), v)).orElse(true));
                    case "pressure" -> s.pressure().map(v -> label != null && same(label.doubleValue(), v)).orElse(true)
                            && s.level().map(v -> label != null && same(label.doubleValue(), v)).orElse(true);
                    case PERCENTILE -> s.percentile().map(v -> label != null && same(label.doubleValue(), v)).orElse(true);
                    case THRESHOLD -> s.threshold().map(v -> label != null && same(label.doubleValue(), v)).orElse(true);
                    default -> true;
                };
                if (ok) {
                    keep.add(i);
                }
            }
            List<int[]> next = new ArrayList<>();
            for (int[] c : combos) {
                for (int i : keep) {
                    int[] n = Arrays.copyOf(c, c.length + 1);
                    n[c.length] = i;
                    next.add(n);
                }
            }
            combos = next;
        }
        // A selection on a coordinate the file has only as a scalar (or not at all) keeps all or nothing; a percentile or
        // threshold is only ever a dimension of the blends' files.
        boolean scalarOk = s.percentile().map(v -> hasDimension(PERCENTILE)).orElse(true)
                && s.threshold().map(v -> hasDimension(THRESHOLD)).orElse(true)
                && s.realization().map(r -> hasDimension("realization") || Objects.equals(realization, r)).orElse(true)
                && s.height().map(v -> hasDimension("height") || (height != null && same(height, v))).orElse(true)
                && s.pressure().map(v -> hasDimension("pressure") || (pressure != null && same(pressure, v))).orElse(true)
                && s.level().map(v -> pressureFile
                        ? hasDimension("pressure") || (pressure != null && same(pressure, v))
                        : hasDimension("height") || (height != null && same(height, v))).orElse(true);
        if (!scalarOk) {
            return List.of();
        }
        return combos.stream().map(this::slice).toList();
    }

    private Slice slice(int[] combo) {
        Integer r = realization;
        Double h = height;
        Double p = pressure;
        Double percentile = null;
        Double threshold = null;
        for (int d = 0; d < combo.length; d++) {
            Number label = labels.get(d).isEmpty() ? null : labels.get(d).get(combo[d]);
            switch (dimensions.get(d).name()) {
                case "realization" -> r = label == null ? null : label.intValue();
                case "height" -> h = label == null ? null : label.doubleValue();
                case "pressure" -> p = label == null ? null : label.doubleValue();
                case PERCENTILE -> percentile = label == null ? null : label.doubleValue();
                case THRESHOLD -> threshold = label == null ? null : label.doubleValue();
                default -> { }
            }
        }
        return new Slice(combo, r, h, p, percentile, threshold);
    }

    /** What the file has, for "no such realization" answers: {@code realizations [0, 1, 2], heights [1.5] m}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (int d = 0; d < dimensions.size(); d++) {
            String name = dimensions.get(d).name();
            if (List.of("realization", "height", "pressure", PERCENTILE, THRESHOLD).contains(name)) {
                parts.add(name + "s " + labels.get(d).stream().map(n -> number(n.doubleValue())).toList() + unit(name));
            }
        }
        if (realization != null) {
            parts.add("realizations [" + realization + "]");
        }
        if (height != null) {
            parts.add("heights [" + number(height) + "] m");
        }
        if (pressure != null) {
            parts.add("pressures [" + number(pressure) + "] Pa");
        }
        TreeSet<String> missing = new TreeSet<>(List.of("realizations", "heights", "pressures"));
        parts.forEach(p -> missing.remove(p.substring(0, p.indexOf(' '))));
        missing.forEach(m -> parts.add("no " + m.substring(0, m.length() - 1)));
        return String.join(", ", parts);
    }

    private boolean hasDimension(String name) {
        return dimensions.stream().anyMatch(d -> d.name().equals(name));
    }

    private static String unit(String name) {
        return switch (name) {
            case "height" -> " m";
            case "pressure" -> " Pa";
            case PERCENTILE -> " %";
            default -> "";
        };
    }

    static boolean same(double a, double b) {
        return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
    }

    /** {@code 10} for 10.0, {@code 1.5} for 1.5. */
    public static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
