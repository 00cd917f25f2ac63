package io.isobar.query.point;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.isobar.model.ForecastFile;
import io.isobar.model.Models;
import io.isobar.netcdf.GridFile.CellValue;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.PointReader;
import io.isobar.query.files.FilesReader;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.index.MarkerIndex;
import io.isobar.query.index.ModelCatalog;
import io.isobar.query.point.GridCells.Cell;
import io.isobar.query.point.PointViews.CellView;
import io.isobar.query.point.PointViews.PointAnswer;
import io.isobar.query.point.PointViews.PointView;
import io.isobar.query.point.PointViews.SeriesAnswer;
import io.isobar.query.point.PointViews.SeriesEntry;
import io.isobar.query.point.PointViews.ValueView;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Answers "what is the forecast at this place": finds the files valid at a time in the index (the newest run that
 * has the variable), places the point on the file's grid with the file's own projection, and reads the values of
 * the cell(s) there from the archived file, chunk by chunk ({@link PointReader}).
 *
 * <ul>
 *   <li><b>Which files</b>: those of {@code model} and {@code variable} valid at the time, from the newest run.
 *       When the variable comes both as an instantaneous field and as a statistic ({@code cell_methods}, e.g. the
 *       hourly maximum temperature), the instantaneous one is used. An ensemble run split over several files is
 *       read from all of them. Without {@code model}, models are tried in the order of {@link Models#ALL}
 *       (then by name) and the first whose grid holds the point answers.</li>
 *   <li><b>Which values</b>: every realization and level of those files, unless one is asked for.</li>
 *   <li><b>Where</b>: the nearest cell, or bilinear interpolation of the (up to) four around the point; a point
 *       off the grid is a 422.</li>
 * </ul>
 */
public final class PointForecasts {

    private static final Logger LOG = LoggerFactory.getLogger(PointForecasts.class);

    /** The most validity times one series may span. */
    public static final int MAX_SERIES_TIMES = 240;
    private static final double EARTH_RADIUS_M = 6_371_008.8;

    /** How values are taken from the grid. */
    public enum Method {
        NEAREST, BILINEAR;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where: a latitude and longitude (WGS84 degrees), and the place's name when asked for by name. */
    public record Location(double latitude, double longitude, String place) {}

    /** Which realization and level to return; empty means every one. */
    public record Selection(Optional<Integer> realization, Optional<Double> height, Optional<Double> pressure) {

        public static Selection all() {
            return new Selection(Optional.empty(), Optional.empty(), Optional.empty());
        }

        boolean isAll() {
            return realization.isEmpty() && height.isEmpty() && pressure.isEmpty();
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            realization.ifPresent(r -> parts.add("realization " + r));
            height.ifPresent(h -> parts.add("height " + number(h) + " m"));
            pressure.ifPresent(p -> parts.add("pressure " + number(p) + " Pa"));
            return String.join(" and ", parts);
        }
    }

    /** One validity time's answer, read from the files of one run. */
    private record Reading(ForecastFile file, NetcdfHeader header, PointView point, CellView cell, List<CellView> cells,
            List<ValueView> values, List<Leading> leading) {

        /** What the files have, for "no such realization" answers (only built for them). */
        String available() {
            return leading.stream().map(Leading::describe).distinct().collect(Collectors.joining("; "));
        }
    }

    /** The point is off the grid of the files that would answer. */
    private static final class OutsideGrid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutsideGrid(String message) {
            super(message, null, false, false);
        }
    }

    private final FilesReader files;
    private final MarkerIndex validTimes;
    private final ModelCatalog catalog;
    private final PointReader reader;
    private final S3Client s3;
    private final Executor executor;
    private final Cache<NetcdfHeader.GridMapping, GridProjection> projections =
            Caffeine.newBuilder().maximumSize(64).build();

    /**
     * @param executor runs the reads of one request that can go in parallel (the files of an ensemble run, the
     *     times of a series); it must not be the executor the {@link PointReader} reads chunks on
     */
    public PointForecasts(FilesReader files, MarkerIndex validTimes, ModelCatalog catalog, PointReader reader, S3Client s3,
            Executor executor) {
        this.files = files;
        this.validTimes = validTimes;
        this.catalog = catalog;
        this.reader = reader;
        this.s3 = s3;
        this.executor = executor;
    }

    /** The values at {@code where} valid at {@code time}. */
    public PointAnswer at(Location where, Instant time, String variable, Optional<String> model, Selection selection,
            Method method) {
        List<ForecastFile> valid = model.isPresent()
                ? files.validAt(time, model, Optional.of(variable))
                : files.validAt(time, Optional.empty(), Optional.empty()).stream().filter(f -> variable.equals(f.variable())).toList();
        Map<String, List<ForecastFile>> byModel = valid.stream()
                .collect(Collectors.groupingBy(ForecastFile::model, LinkedHashMap::new, Collectors.toList()));
        if (byModel.isEmpty()) {
            throw ApiProblem.notFound("No " + model.map(m -> m + " ").orElse("") + variable + " file is valid at " + time
                    + "; GET /v1/times/" + time + " lists the files valid then");
        }
        OutsideGrid outside = null;
        for (String m : preferred(byModel.keySet())) {
            try {
                Reading r = read(where, newestRun(byModel.get(m)), selection, method, true);
                if (r.values().isEmpty()) {
                    throw noSuchSelection(selection, m, variable, "valid at " + time, r.available());
                }
                ForecastFile f = r.file();
                return new PointAnswer(r.point(), time, f.model(), f.variable(), f.standardName(), f.units(), f.cellMethods(),
                        f.forecastReferenceTime(), f.forecastPeriod(), method.apiName(), r.cell(), r.cells(), r.values());
            } catch (OutsideGrid e) {
                outside = e;
            }
        }
        throw outsideGrid(outside);
    }

    /** One value set per validity time from {@code from} to {@code to}, each from the newest run for that time. */
    public SeriesAnswer series(Location where, Instant from, Instant to, String variable, Optional<String> model,
            Selection selection, Method method) {
        List<String> models = model.map(List::of).orElseGet(() -> preferred(catalog.models()));
        OutsideGrid outside = null;
        String available = null;
        for (String m : models) {
            MarkerIndex.Page page = validTimes.page(List.of(m), from, to, MAX_SERIES_TIMES, Optional.empty());
            if (page.last().isPresent()) {
                throw ApiProblem.invalidParameter("From " + from + " to " + to + " " + m + " has more than " + MAX_SERIES_TIMES
                        + " validity times; ask for a shorter range (at most " + MAX_SERIES_TIMES + " times per series)");
            }
            List<Instant> times = page.markers().stream().map(MarkerIndex.Marker::time).sorted().toList();
            List<CompletableFuture<Optional<Reading>>> readings = times.stream()
                    .map(t -> CompletableFuture.supplyAsync(() -> readAt(where, t, m, variable, selection, method), executor))
                    .toList();
            List<SeriesEntry> entries = new ArrayList<>();
            Reading first = null;
            boolean anyFile = false;
            try {
                for (CompletableFuture<Optional<Reading>> f : readings) {
                    Optional<Reading> r = join(f);
                    if (r.isEmpty()) {
                        continue;
                    }
                    anyFile = true;
                    Reading reading = r.get();
                    if (reading.values().isEmpty()) {
                        available = reading.available();
                        continue;
                    }
                    first = first == null ? reading : first;
                    ForecastFile file = reading.file();
                    entries.add(new SeriesEntry(file.time(), file.forecastReferenceTime(), file.forecastPeriod(), reading.cell(),
                            reading.cells(), reading.values()));
                }
            } catch (OutsideGrid e) {
                outside = e;
                continue;
            }
            if (entries.isEmpty()) {
                if (anyFile && model.isPresent()) {
                    throw noSuchSelection(selection, m, variable, "from " + from + " to " + to, available);
                }
                continue;
            }
            ForecastFile f = first.file();
            return new SeriesAnswer(first.point(), f.model(), f.variable(), f.standardName(), f.units(), f.cellMethods(),
                    method.apiName(), from, to, entries.size(), entries);
        }
        if (outside != null) {
            throw outsideGrid(outside);
        }
        if (available != null) {
            throw noSuchSelection(selection, model.orElse("any model"), variable, "from " + from + " to " + to, available);
        }
        throw ApiProblem.notFound("No " + model.map(m -> m + " ").orElse("") + variable + " file is valid from " + from
                + " to " + to + "; GET /v1/times lists the validity times that have files");
    }

    /** The reading at one time for one model, empty when no file of the variable is valid then. */
    private Optional<Reading> readAt(Location where, Instant time, String model, String variable, Selection selection,
            Method method) {
        List<ForecastFile> valid = files.validAt(time, Optional.of(model), Optional.of(variable));
        if (valid.isEmpty()) {
            return Optional.empty();
        }
        // Times of one series already run in parallel: the files of each are read one after another.
        return Optional.of(read(where, newestRun(valid), selection, method, false));
    }

    /**
     * The files that answer: the instantaneous field if there is one (else the first statistic by name), from its
     * newest run; several files when the run's ensemble members are split over files.
     */
    static List<ForecastFile> newestRun(List<ForecastFile> candidates) {
        Map<String, List<ForecastFile>> byCellMethods = candidates.stream().collect(Collectors.groupingBy(
                f -> f.cellMethods() == null ? "" : f.cellMethods(), java.util.TreeMap::new, Collectors.toList()));
        List<ForecastFile> kind = byCellMethods.values().iterator().next();
        Instant newest = kind.stream().map(ForecastFile::forecastReferenceTime).max(Comparator.naturalOrder()).orElseThrow();
        return kind.stream().filter(f -> f.forecastReferenceTime().equals(newest))
                .sorted(Comparator.comparing(ForecastFile::objectId)).toList();
    }

    /** Reads the point from every file of one run; in parallel when asked and there are several. */
    private Reading read(Location where, List<ForecastFile> run, Selection selection, Method method, boolean parallel) {
        List<Reading> parts;
        if (parallel && run.size() > 1) {
            List<CompletableFuture<Reading>> futures = run.stream()
                    .map(f -> CompletableFuture.supplyAsync(() -> readFile(where, f, selection, method), executor)).toList();
            parts = new ArrayList<>();
            for (CompletableFuture<Reading> f : futures) {
                parts.add(join(f));
            }
        } else {
            parts = run.stream().map(f -> readFile(where, f, selection, method)).toList();
        }
        Reading first = parts.get(0);
        List<ValueView> values = parts.stream().flatMap(p -> p.values().stream())
                .sorted(Comparator.comparing(ValueView::realization, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(ValueView::height, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(ValueView::pressure, Comparator.nullsFirst(Comparator.reverseOrder())))
                .toList();
        List<Leading> leading = parts.stream().flatMap(p -> p.leading().stream()).toList();
        return new Reading(first.file(), first.header(), first.point(), first.cell(), first.cells(), values, leading);
    }

    /** Reads the point from one file. */
    private Reading readFile(Location where, ForecastFile file, Selection selection, Method method) {
        PointReader.FileKey key = new PointReader.FileKey(file.uri(), file.etag() != null ? file.etag() : Long.toString(file.sizeBytes()));
        PointReader.Opener opener = opener(file);
        try {
            NetcdfHeader header = reader.header(key, opener);
            GridProjection projection;
            try {
                projection = header.gridMapping() == null ? GridProjection.of(null)
                        : projections.get(header.gridMapping(), GridProjection::of);
            } catch (GridProjection.UnsupportedGridException e) {
                throw new ApiProblem(422, "unsupported-grid", "Unsupported grid", "The " + file.model() + " file " + file.uri()
                        + " cannot answer point queries: " + e.getMessage());
            }
            NetcdfHeader.Axis xAxis = header.xCoordinates();
            NetcdfHeader.Axis yAxis = header.yCoordinates();
            if (xAxis == null || yAxis == null) {
                throw new ApiProblem(422, "unsupported-grid", "Unsupported grid", "The " + file.model() + " file " + file.uri()
                        + " has no projection x/y coordinates, so a point cannot be placed on its grid");
            }
            double[] xy = projection.toGrid(where.latitude(), where.longitude()).orElse(null);
            Optional<GridCells> located = xy == null ? Optional.empty() : GridCells.locate(xAxis, yAxis, xy[0], xy[1]);
            if (located.isEmpty()) {
                throw new OutsideGrid("The point " + coordinates(where) + " is outside the " + file.model() + " grid"
                        + (xy == null ? "" : String.format(Locale.ROOT, " (it is at x %.0f m, y %.0f m", xy[0], xy[1]) + "; the grid covers "
                                + GridCells.extent(xAxis, yAxis) + " in " + projection.definition() + ")"));
            }
            GridCells grid = located.get();
            PointView point = new PointView(where.latitude(), where.longitude(), where.place(), round(xy[0], 3), round(xy[1], 3));
            List<Cell> cells = method == Method.NEAREST ? List.of(grid.nearest()) : grid.bilinear();
            CellView nearest = view(grid.nearest(), projection, where, false);
            List<CellView> used = method == Method.NEAREST ? null : cells.stream().map(c -> view(c, projection, where, true)).toList();

            Leading leading = Leading.of(header);
            List<int[]> combos = leading.select(selection);
            List<int[]> indices = new ArrayList<>(combos.size() * cells.size());
            for (int[] combo : combos) {
                for (Cell c : cells) {
                    int[] index = java.util.Arrays.copyOf(combo, combo.length + 2);
                    index[combo.length] = c.row();
                    index[combo.length + 1] = c.column();
                    indices.add(index);
                }
            }
            List<CellValue> read = indices.isEmpty() ? List.of() : reader.values(key, opener, indices);
            List<ValueView> values = new ArrayList<>(combos.size());
            for (int i = 0; i < combos.size(); i++) {
                List<CellValue> around = read.subList(i * cells.size(), (i + 1) * cells.size());
                values.add(combine(leading, combos.get(i), cells, around, file.uri()));
            }
            return new Reading(file, header, point, nearest, used, values, List.of(leading));
        } catch (HeaderException e) {
            LOG.warn("Archived file {} cannot be read: {}", file.uri(), e.getMessage());
            throw new ApiProblem(502, "archive-file-unreadable", "Archived file unreadable", "The archived file " + file.uri()
                    + " that answers this query cannot be read: " + e.getMessage());
        } catch (IOException | SdkException e) {
            LOG.warn("Archived file {} could not be read just now: {}", file.uri(), e.toString());
            throw new ApiProblem(503, "archive-unavailable", "Archive unavailable", "The archived file " + file.uri()
                    + " could not be read just now; retry shortly", Map.of("Retry-After", "1"));
        }
    }

    /** One value from the cells around the point: the nearest cell's, or the bilinear mix of all of them. */
    private static ValueView combine(Leading leading, int[] combo, List<Cell> cells, List<CellValue> values, String uri) {
        double sum = 0;
        for (int i = 0; i < cells.size(); i++) {
            CellValue v = values.get(i);
            if (v.value() == null) {
                String reason = v.missing().reason();
                if (cells.size() > 1) {
                    reason = "bilinear interpolation needs every cell around the point; the cell at row " + cells.get(i).row()
                            + ", column " + cells.get(i).column() + " has no value (" + reason + ")";
                }
                return leading.view(combo, null, reason, uri);
            }
            sum += cells.get(i).weight() * v.value();
        }
        Float value = cells.size() == 1 ? values.get(0).value() : (Float) (float) sum;
        return leading.view(combo, value, null, uri);
    }

    private CellView view(Cell c, GridProjection projection, Location where, boolean withWeight) {
        double[] latLon = projection.toGeographic(c.x(), c.y());
        double distance = haversine(where.latitude(), where.longitude(), latLon[0], latLon[1]);
        return new CellView(c.row(), c.column(), c.x(), c.y(), round(latLon[0], 6), round(latLon[1], 6), round(distance, 1),
                withWeight ? round(c.weight(), 6) : null);
    }

    private PointReader.Opener opener(ForecastFile file) {
        URI uri;
        try {
            uri = URI.create(file.uri());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !"s3".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawPath() == null
                || uri.getRawPath().length() < 2) {
            throw new ApiProblem(502, "archive-file-unreadable", "Archived file unreadable", "The index names "
                    + file.uri() + " as the archived copy of a " + file.model() + " " + file.variable()
                    + " file, which is not an s3://bucket/key URI");
        }
        String bucket = uri.getHost();
        String objectKey = file.uri().substring(("s3://" + bucket + "/").length());
        long size = file.sizeBytes() > 0 ? file.sizeBytes() : -1;
        // The size lets the head and the tail of the file be fetched at once; the index's ETag is the Met Office
        // original's, not necessarily the archived copy's, so it is not given to the source to check against.
        return PointReader.Opener.s3(s3, bucket, objectKey, size, file.chunkLayout());
    }

    /** Known models first, in {@link Models#ALL} order, then the others by name. */
    static List<String> preferred(java.util.Collection<String> models) {
        return models.stream().distinct().sorted(Comparator.comparing((String m) -> {
            int i = Models.ALL.indexOf(m);
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(Function.identity())).toList();
    }

    private static ApiProblem outsideGrid(OutsideGrid e) {
        return new ApiProblem(422, "outside-grid", "Point outside the grid", e.getMessage());
    }

    private static ApiProblem noSuchSelection(Selection selection, String model, String variable, String when, String available) {
        return ApiProblem.notFound("No " + model + " " + variable + " file " + when + " has " + selection.describe()
                + (available == null || available.isBlank() ? "" : "; the files have " + available));
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static String coordinates(Location where) {
        return String.format(Locale.ROOT, "%.4f, %.4f", where.latitude(), where.longitude())
                + (where.place() == null ? "" : " (" + where.place() + ")");
    }

    static double haversine(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * The data variable's dimensions before y and x (realization, height, pressure, ...): which index combinations
     * a selection keeps, and the realization, height and pressure each combination stands for.
     */
    private record Leading(List<NetcdfHeader.Dimension> dimensions, List<List<Number>> labels, Integer realization,
            Double height, Double pressure) {

        static Leading of(NetcdfHeader h) {
            List<NetcdfHeader.Dimension> dims = h.dimensions().subList(0, Math.max(0, h.dimensions().size() - 2));
            List<List<Number>> labels = new ArrayList<>();
            for (NetcdfHeader.Dimension d : dims) {
                List<? extends Number> values = switch (d.name()) {
                    case "realization" -> h.realizations();
                    case "height" -> h.heights();
                    case "pressure" -> h.pressures();
                    default -> List.of();
                };
                labels.add(values.size() == d.size() ? List.copyOf(values) : List.of());
            }
            boolean realizationDim = dims.stream().anyMatch(d -> d.name().equals("realization"));
            boolean heightDim = dims.stream().anyMatch(d -> d.name().equals("height"));
            boolean pressureDim = dims.stream().anyMatch(d -> d.name().equals("pressure"));
            // A scalar coordinate (one member, the 1.5 m screen level) labels every value of the file.
            return new Leading(dims, labels,
                    !realizationDim && h.realizations().size() == 1 ? h.realizations().get(0) : null,
                    !heightDim && h.heights().size() == 1 ? h.heights().get(0) : null,
                    !pressureDim && h.pressures().size() == 1 ? h.pressures().get(0) : null);
        }

        /** Every index combination of the leading dimensions that the selection keeps, in order. */
        List<int[]> select(Selection s) {
            List<int[]> combos = new ArrayList<>();
            combos.add(new int[0]);
            for (int d = 0; d < dimensions.size(); d++) {
                String name = dimensions.get(d).name();
                List<Integer> keep = new ArrayList<>();
                for (int i = 0; i < dimensions.get(d).size(); i++) {
                    Number label = labels.get(d).isEmpty() ? null : labels.get(d).get(i);
                    boolean ok = switch (name) {
                        case "realization" -> s.realization().map(r -> label != null && label.intValue() == r).orElse(true);
                        case "height" -> s.height().map(v -> label != null && same(label.doubleValue(), v)).orElse(true);
                        case "pressure" -> s.pressure().map(v -> label != null && same(label.doubleValue(), v)).orElse(true);
                        default -> true;
                    };
                    if (ok) {
                        keep.add(i);
                    }
                }
                List<int[]> next = new ArrayList<>();
                for (int[] c : combos) {
                    for (int i : keep) {
                        int[] n = java.util.Arrays.copyOf(c, c.length + 1);
                        n[c.length] = i;
                        next.add(n);
                    }
                }
                combos = next;
            }
            // A selection on a coordinate the file has only as a scalar (or not at all) keeps all or nothing.
            boolean scalarOk = s.realization().map(r -> hasDimension("realization") || Objects.equals(realization, r)).orElse(true)
                    && s.height().map(v -> hasDimension("height") || (height != null && same(height, v))).orElse(true)
                    && s.pressure().map(v -> hasDimension("pressure") || (pressure != null && same(pressure, v))).orElse(true);
            return scalarOk ? combos : List.of();
        }

        ValueView view(int[] combo, Float value, String reason, String uri) {
            Integer r = realization;
            Double h = height;
            Double p = pressure;
            for (int d = 0; d < combo.length; d++) {
                Number label = labels.get(d).isEmpty() ? null : labels.get(d).get(combo[d]);
                switch (dimensions.get(d).name()) {
                    case "realization" -> r = label == null ? null : label.intValue();
                    case "height" -> h = label == null ? null : label.doubleValue();
                    case "pressure" -> p = label == null ? null : label.doubleValue();
                    default -> { }
                }
            }
            return new ValueView(r, h, p, value, reason, uri);
        }

        /** What the file has, for "no such realization" answers: {@code realizations [0, 1, 2], heights [1.5] m}. */
        String describe() {
            List<String> parts = new ArrayList<>();
            for (int d = 0; d < dimensions.size(); d++) {
                String name = dimensions.get(d).name();
                if (List.of("realization", "height", "pressure").contains(name)) {
                    parts.add(plural(name) + " " + labels.get(d).stream().map(n -> number(n.doubleValue())).toList() + unit(name));
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

        private static String plural(String name) {
            return name + "s";
        }

        private static String unit(String name) {
            return switch (name) {
                case "height" -> " m";
                case "pressure" -> " Pa";
                default -> "";
            };
        }

        private static boolean same(double a, double b) {
            return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
        }
    }
}
