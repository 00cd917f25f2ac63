package io.isobar.netcdf.header;

import java.lang.reflect.Array;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.model.ModelNames;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.filter.PipelineFilterWithData;

/**
 * Finds a forecast file's metadata in an open HDF5 file, the way netCDF-4 and CF lay it out.
 *
 * <ul>
 *   <li><b>Data variable</b>: the dataset with a {@code grid_mapping} attribute (the one with most
 *       dimensions if several); failing that, the largest dataset that is not a coordinate, bounds,
 *       dimension scale or grid mapping variable.</li>
 *   <li><b>Dimension names</b>, in this order of trust: (1) the data variable's {@code DIMENSION_LIST}
 *       attribute, whose object references jhdf returns as the addresses of the dimension-scale datasets;
 *       (2) netCDF's own {@code _Netcdf4Coordinates} dimension ids matched with each scale's
 *       {@code _Netcdf4Dimid}; (3) for files without dimension scales (e.g. written by plain HDF5 tools), the
 *       1-D datasets whose length matches, preferring by role in CF order: realization, time, vertical
 *       ({@code height}/{@code pressure}), then {@code Y} for the second-last and {@code X} for the last
 *       dimension; (4) else {@code dim0}, {@code dim1}, ...</li>
 *   <li><b>Coordinates</b> are found by name, else by {@code standard_name}; times honour their
 *       {@code units} ({@code <seconds|minutes|hours|days> since <date>}).</li>
 * </ul>
 * The data variable's values are never read: only datasets up to {@link #MAX_COORDINATE_VALUES} values.
 */
final class HeaderExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderExtractor.class);

    /** Coordinates are small; anything larger is data and is never read while reading a header. */
    static final long MAX_COORDINATE_VALUES = 1_000_000;

    /** netCDF prefixes a dimension scale's name when a variable of the same name is not its coordinate. */
    private static final String NON_COORD_PREFIX = "_nc4_non_coord_";
    private static final Set<String> HDF5_BOOKKEEPING = Set.of("CLASS", "NAME", "REFERENCE_LIST", "DIMENSION_LIST");
    private static final Pattern TIME_UNITS = Pattern.compile("(?i)\\s*(\\w+)\\s+since\\s+(.+?)\\s*");
    private static final Pattern REFERENCE_DATE = Pattern.compile(
            "(-?\\d{1,4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d+))?)?)?"
                    + "\\s*(Z|UTC|GMT|[+-]\\d{1,2}(?::?\\d{2})?)?");

    private final HdfFile file;
    private final String uri;
    private final Map<String, Dataset> datasets = new LinkedHashMap<>();
    private final Map<Long, String> namesByAddress = new HashMap<>();

    HeaderExtractor(HdfFile file, String uri) {
        this.file = file;
        this.uri = uri;
    }

    NetcdfHeader extract() throws HeaderException {
        for (Node node : file.getChildren().values()) {
            if (node instanceof Dataset dataset && !node.isLink()) {
                datasets.put(node.getName(), dataset);
                namesByAddress.put(node.getAddress(), dimensionName(node.getName()));
            }
        }
        Dataset data = dataVariable();
        String variable = data.getName();
        Map<String, String> globals = globalAttributes();

        Dataset timeVar = require(coordinate("time", "time"), "time");
        Dataset frtVar = require(coordinate("forecast_reference_time", "forecast_reference_time"), "forecast_reference_time");
        Dataset fpVar = coordinate("forecast_period", "forecast_period");

        String timeUnits = string(timeVar, "units");
        Instant time = toInstant(single(timeVar), timeUnits, timeVar.getName());
        Instant frt = toInstant(single(frtVar), string(frtVar, "units"), frtVar.getName());
        long forecastPeriod;
        List<Long> forecastPeriodBounds = List.of();
        if (fpVar != null) {
            double scale = periodSeconds(string(fpVar, "units"), fpVar.getName());
            forecastPeriod = Math.round(single(fpVar) * scale);
            double[] bounds = boundsOf(fpVar);
            if (bounds.length >= 2) {
                forecastPeriodBounds = List.of(Math.round(bounds[0] * scale), Math.round(bounds[bounds.length - 1] * scale));
            }
        } else {
            // Derivable: the period is by definition the validity time minus the run time.
            forecastPeriod = time.getEpochSecond() - frt.getEpochSecond();
        }
        List<Instant> timeBounds = List.of();
        double[] tb = boundsOf(timeVar);
        if (tb.length >= 2) {
            timeBounds = List.of(toInstant(tb[0], timeUnits, timeVar.getName()), toInstant(tb[tb.length - 1], timeUnits, timeVar.getName()));
        }

        List<NetcdfHeader.Dimension> dimensions = dimensions(data);
        Dataset realization = coordinate("realization", "realization");
        Dataset height = coordinate("height", "height");
        Dataset pressure = coordinate("pressure", "air_pressure");

        return new NetcdfHeader(
                variable,
                string(data, "standard_name"),
                string(data, "long_name"),
                string(data, "units"),
                string(data, "cell_methods"),
                ModelNames.fromModelConfiguration(globals.get("mosg__model_configuration")),
                frt,
                forecastPeriod,
                time,
                timeBounds,
                forecastPeriodBounds,
                dimensions,
                chunkShape(data),
                compression(data),
                realization == null ? List.of() : Arrays.stream(values(realization)).mapToObj(v -> (int) Math.round(v)).toList(),
                height == null ? List.of() : boxed(values(height)),
                pressure == null ? List.of() : boxed(pascals(pressure)),
                gridMapping(data),
                axis(data, dimensions, 1, "X", "projection_x_coordinate", "longitude", "grid_longitude"),
                axis(data, dimensions, 2, "Y", "projection_y_coordinate", "latitude", "grid_latitude"),
                globals);
    }

    // ---- the data variable ------------------------------------------------------------------------

    private Dataset dataVariable() throws HeaderException {
        Dataset best = null;
        for (Dataset d : datasets.values()) {
            if (attribute(d, "grid_mapping") != null && (best == null || isBigger(d, best))) {
                best = d;
            }
        }
        if (best != null) {
            return best;
        }
        Set<String> coordinates = coordinateLikeNames();
        for (Dataset d : datasets.values()) {
            if (!d.isScalar() && !coordinates.contains(d.getName()) && (best == null || isBigger(d, best))) {
                best = d;
            }
        }
        if (best == null) {
            throw new HeaderException(HeaderException.Reason.MISSING_VARIABLE, uri,
                    "no data variable: no dataset has a grid_mapping attribute and every dataset is a coordinate,"
                            + " bounds or grid mapping variable");
        }
        return best;
    }

    private static boolean isBigger(Dataset a, Dataset b) {
        int rankA = a.getDimensions().length;
        int rankB = b.getDimensions().length;
        return rankA != rankB ? rankA > rankB : a.getSize() > b.getSize();
    }

    private Set<String> coordinateLikeNames() {
        Set<String> names = new HashSet<>(List.of("time", "forecast_reference_time", "forecast_period", "realization",
                "height", "pressure", "projection_x_coordinate", "projection_y_coordinate", "latitude", "longitude",
                "grid_latitude", "grid_longitude"));
        for (Dataset d : datasets.values()) {
            String name = d.getName();
            if (name.endsWith("_bnds") || name.endsWith("_bounds") || "DIMENSION_SCALE".equals(string(d, "CLASS"))
                    || attribute(d, "grid_mapping_name") != null) {
                names.add(name);
            }
            String bounds = string(d, "bounds");
            if (bounds != null) {
                names.add(bounds.trim());
            }
            String coordinates = string(d, "coordinates");
            if (coordinates != null) {
                names.addAll(Arrays.asList(coordinates.trim().split("\\s+")));
            }
        }
        return names;
    }

    // ---- dimensions ---------------------------------------------------------------------------------

    private List<NetcdfHeader.Dimension> dimensions(Dataset data) {
        int[] shape = data.getDimensions();
        String[] names = new String[shape.length];
        fromDimensionList(data, names);
        fromNetcdfDimensionIds(data, names);
        fromMatchingCoordinates(data, shape, names);
        List<NetcdfHeader.Dimension> dimensions = new ArrayList<>(shape.length);
        for (int i = 0; i < shape.length; i++) {
            dimensions.add(new NetcdfHeader.Dimension(names[i] != null ? names[i] : "dim" + i, shape[i]));
        }
        return List.copyOf(dimensions);
    }

    private void fromDimensionList(Dataset data, String[] names) {
        Attribute list = attribute(data, "DIMENSION_LIST");
        if (list == null) {
            return;
        }
        try {
            Object value = list.getData();
            if (value == null || !value.getClass().isArray() || Array.getLength(value) != names.length) {
                return;
            }
            for (int i = 0; i < names.length; i++) {
                Long address = firstAddress(Array.get(value, i));
                if (address != null && names[i] == null) {
                    names[i] = namesByAddress.get(address);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("{}: cannot decode {}:DIMENSION_LIST, falling back", uri, data.getName(), e);
        }
    }

    private static Long firstAddress(Object reference) {
        if (reference instanceof Number n) {
            return n.longValue();
        }
        if (reference != null && reference.getClass().isArray() && Array.getLength(reference) > 0) {
            return firstAddress(Array.get(reference, 0));
        }
        return null;
    }

    private void fromNetcdfDimensionIds(Dataset data, String[] names) {
        double[] ids = numbers(attribute(data, "_Netcdf4Coordinates"));
        if (ids.length != names.length) {
            return;
        }
        Map<Integer, String> byId = new HashMap<>();
        for (Dataset d : datasets.values()) {
            double[] id = numbers(attribute(d, "_Netcdf4Dimid"));
            if (id.length == 1) {
                byId.put((int) id[0], dimensionName(d.getName()));
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null) {
                names[i] = byId.get((int) ids[i]);
            }
        }
    }

    private void fromMatchingCoordinates(Dataset data, int[] shape, String[] names) {
        Set<String> used = new HashSet<>(Arrays.asList(names));
        for (int i = 0; i < shape.length; i++) {
            if (names[i] != null) {
                continue;
            }
            Role wanted = i == shape.length - 1 && shape.length >= 2 ? Role.X
                    : i == shape.length - 2 ? Role.Y : null;
            Dataset best = null;
            int bestScore = Integer.MAX_VALUE;
            for (Dataset d : datasets.values()) {
                int[] dims = d.getDimensions();
                if (d == data || dims.length != 1 || dims[0] != shape[i] || used.contains(d.getName())
                        || d.getName().endsWith("_bnds") || d.getName().endsWith("_bounds")) {
                    continue;
                }
                Role role = role(d);
                boolean fits = wanted == null ? role != Role.X && role != Role.Y : role == wanted || role == Role.OTHER;
                int score = (fits ? 0 : 100) + role.ordinal();
                if (score < bestScore) {
                    best = d;
                    bestScore = score;
                }
            }
            if (best != null) {
                names[i] = dimensionName(best.getName());
                used.add(best.getName());
            }
        }
    }

    /** Where a coordinate usually comes in a CF variable's dimensions, for telling same-length coordinates apart. */
    private enum Role { ENSEMBLE, TIME, VERTICAL, Y, X, OTHER }

    private Role role(Dataset d) {
        String name = d.getName().toLowerCase(Locale.ROOT);
        String standardName = String.valueOf(lower(string(d, "standard_name")));
        String axis = String.valueOf(lower(string(d, "axis")));
        if (name.equals("realization") || "realization".equals(standardName)) {
            return Role.ENSEMBLE;
        }
        if ("t".equals(axis) || name.equals("time") || "time".equals(standardName) || "forecast_period".equals(standardName)
                || "forecast_reference_time".equals(standardName)) {
            return Role.TIME;
        }
        if ("z".equals(axis) || name.equals("height") || name.equals("pressure") || "height".equals(standardName)
                || "air_pressure".equals(standardName) || "model_level_number".equals(standardName)
                || attribute(d, "positive") != null) {
            return Role.VERTICAL;
        }
        if ("y".equals(axis) || Set.of("projection_y_coordinate", "latitude", "grid_latitude").contains(standardName)) {
            return Role.Y;
        }
        if ("x".equals(axis) || Set.of("projection_x_coordinate", "longitude", "grid_longitude").contains(standardName)) {
            return Role.X;
        }
        return Role.OTHER;
    }

    private static String dimensionName(String datasetName) {
        return datasetName.startsWith(NON_COORD_PREFIX) ? datasetName.substring(NON_COORD_PREFIX.length()) : datasetName;
    }

    // ---- storage ------------------------------------------------------------------------------------

    private static List<Integer> chunkShape(Dataset data) {
        if (data instanceof ChunkedDataset chunked) {
            return Arrays.stream(chunked.getChunkDimensions()).boxed().toList();
        }
        return List.of();
    }

    private String compression(Dataset data) {
        List<PipelineFilterWithData> filters;
        try {
            filters = data.getFilters();
        } catch (RuntimeException e) {
            LOG.debug("{}: cannot read the filters of {}", uri, data.getName(), e);
            return null;
        }
        if (filters == null || filters.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (PipelineFilterWithData filter : filters) {
            names.add(switch (filter.getId()) {
                case 1 -> "deflate";
                case 2 -> "shuffle";
                case 3 -> "fletcher32";
                case 4 -> "szip";
                case 32015 -> "zstd";
                default -> filter.getName().toLowerCase(Locale.ROOT);
            });
        }
        return String.join("+", names);
    }

    // ---- coordinates --------------------------------------------------------------------------------

    private Dataset coordinate(String name, String standardName) {
        Dataset byName = datasets.get(name);
        if (byName != null) {
            return byName;
        }
        for (Dataset d : datasets.values()) {
            if (standardName.equals(string(d, "standard_name")) && d.getSize() <= MAX_COORDINATE_VALUES) {
                return d;
            }
        }
        return null;
    }

    private Dataset require(Dataset coordinate, String name) throws HeaderException {
        if (coordinate == null) {
            throw new HeaderException(HeaderException.Reason.MISSING_COORDINATE, uri, "no " + name + " coordinate");
        }
        return coordinate;
    }

    private double single(Dataset coordinate) throws HeaderException {
        double[] values = values(coordinate);
        if (values.length == 0) {
            throw new HeaderException(HeaderException.Reason.MISSING_COORDINATE, uri, coordinate.getName() + " has no value");
        }
        if (values.length > 1) {
            LOG.warn("{}: {} has {} values; a forecast file has one, using the first", uri, coordinate.getName(), values.length);
        }
        return values[0];
    }

    /** The values of the coordinate's {@code bounds} variable ({@code <name>_bnds} if the attribute is absent). */
    private double[] boundsOf(Dataset coordinate) throws HeaderException {
        String name = string(coordinate, "bounds");
        Dataset bounds = datasets.get(name != null ? name.trim() : coordinate.getName() + "_bnds");
        return bounds == null ? new double[0] : values(bounds);
    }

    private double[] pascals(Dataset pressure) throws HeaderException {
        double[] values = values(pressure);
        String units = lower(string(pressure, "units"));
        double scale = switch (units == null ? "pa" : units) {
            case "hpa", "mbar", "millibar", "millibars", "mb" -> 100;
            case "kpa" -> 1000;
            default -> 1;
        };
        return Arrays.stream(values).map(v -> v * scale).toArray();
    }

    private NetcdfHeader.Axis axis(Dataset data, List<NetcdfHeader.Dimension> dimensions, int fromEnd, String axisName,
            String... standardNames) throws HeaderException {
        Dataset coordinate = null;
        if (dimensions.size() >= fromEnd) {
            Dataset d = datasets.get(dimensions.get(dimensions.size() - fromEnd).name());
            if (d != null && d != data && d.getDimensions().length == 1) {
                coordinate = d;
            }
        }
        for (int i = 0; coordinate == null && i < standardNames.length; i++) {
            coordinate = coordinate(standardNames[i], standardNames[i]);
        }
        if (coordinate == null) {
            for (Dataset d : datasets.values()) {
                if (axisName.equalsIgnoreCase(string(d, "axis")) && d.getDimensions().length == 1) {
                    coordinate = d;
                    break;
                }
            }
        }
        if (coordinate == null || coordinate == data) {
            return null;
        }
        double[] v = values(coordinate);
        if (v.length == 0) {
            return null;
        }
        double step = v.length > 1 ? (v[v.length - 1] - v[0]) / (v.length - 1) : 0;
        return new NetcdfHeader.Axis(v[0], v[v.length - 1], step, v.length);
    }

    private NetcdfHeader.GridMapping gridMapping(Dataset data) throws HeaderException {
        String name = string(data, "grid_mapping");
        if (name == null || name.isBlank()) {
            return null;
        }
        // CF also allows "name: coord1 coord2 ..." forms; the variable is then the first word.
        String variable = name.trim().split("[:\\s]+")[0];
        Dataset mapping = datasets.get(variable);
        if (mapping == null) {
            throw new HeaderException(HeaderException.Reason.MISSING_VARIABLE, uri, "grid mapping variable '" + variable
                    + "' named by " + data.getName() + ":grid_mapping is missing");
        }
        Map<String, Object> parameters = new TreeMap<>();
        for (Map.Entry<String, Attribute> e : mapping.getAttributes().entrySet()) {
            if (isUserAttribute(e.getKey())) {
                Object value = parameterValue(e.getValue());
                if (value != null) {
                    parameters.put(e.getKey(), value);
                }
            }
        }
        return new NetcdfHeader.GridMapping(variable, Collections.unmodifiableMap(parameters));
    }

    // ---- times --------------------------------------------------------------------------------------

    private Instant toInstant(double value, String units, String variable) throws HeaderException {
        if (units == null || units.isBlank()) {
            // Met Office files always say; files that do not are taken to count seconds from 1970.
            return Instant.ofEpochSecond(Math.round(value));
        }
        Matcher m = TIME_UNITS.matcher(units);
        if (!m.matches()) {
            throw unusableUnits(variable, units);
        }
        double scale = unitSeconds(m.group(1));
        Instant reference = referenceDate(m.group(2));
        if (Double.isNaN(scale) || reference == null) {
            throw unusableUnits(variable, units);
        }
        return reference.plusMillis(Math.round(value * scale * 1000));
    }

    private double periodSeconds(String units, String variable) throws HeaderException {
        if (units == null || units.isBlank()) {
            return 1;
        }
        double scale = unitSeconds(units.trim());
        if (Double.isNaN(scale)) {
            throw new HeaderException(HeaderException.Reason.MISSING_COORDINATE, uri,
                    variable + " has units '" + units + "', not seconds, minutes, hours or days");
        }
        return scale;
    }

    private HeaderException unusableUnits(String variable, String units) {
        return new HeaderException(HeaderException.Reason.MISSING_COORDINATE, uri,
                variable + " has units '" + units + "', not '<seconds|minutes|hours|days> since <date>'");
    }

    private static double unitSeconds(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "seconds", "second", "secs", "sec", "s" -> 1;
            case "minutes", "minute", "mins", "min" -> 60;
            case "hours", "hour", "hrs", "hr", "h" -> 3600;
            case "days", "day", "d" -> 86400;
            default -> Double.NaN;
        };
    }

    private static Instant referenceDate(String text) {
        Matcher m = REFERENCE_DATE.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            LocalTime time = LocalTime.of(
                    m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                    m.group(7) == null ? 0 : (int) Math.round(Double.parseDouble("0." + m.group(7)) * 1e9));
            ZoneOffset offset = ZoneOffset.UTC;
            String zone = m.group(8);
            if (zone != null && (zone.startsWith("+") || zone.startsWith("-"))) {
                String digits = zone.substring(1).replace(":", "");
                int hours = Integer.parseInt(digits.length() <= 2 ? digits : digits.substring(0, digits.length() - 2));
                int minutes = digits.length() <= 2 ? 0 : Integer.parseInt(digits.substring(digits.length() - 2));
                int sign = zone.startsWith("-") ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            }
            return LocalDateTime.of(date, time).toInstant(offset);
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- attributes and values ----------------------------------------------------------------------

    private Map<String, String> globalAttributes() {
        Map<String, String> globals = new TreeMap<>();
        for (Map.Entry<String, Attribute> e : file.getAttributes().entrySet()) {
            if (isUserAttribute(e.getKey())) {
                String text = text(e.getValue());
                if (text != null) {
                    globals.put(e.getKey(), text);
                }
            }
        }
        return Collections.unmodifiableMap(globals);
    }

    /** netCDF's hidden attributes ({@code _NCProperties}, ...) and HDF5 dimension-scale bookkeeping are not metadata. */
    private static boolean isUserAttribute(String name) {
        return !name.startsWith("_") && !HDF5_BOOKKEEPING.contains(name);
    }

    private static Attribute attribute(Node node, String name) {
        try {
            return node.getAttribute(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String string(Node node, String name) {
        Attribute a = attribute(node, name);
        return a == null ? null : text(a);
    }

    /** An attribute as text: strings as they are, numbers in Java notation, several values joined by ", ". */
    private static String text(Attribute attribute) {
        Object value = attribute.getData();
        if (value == null) {
            return null;
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<String> parts = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                parts.add(scalarText(Array.get(value, i)));
            }
            return String.join(", ", parts);
        }
        return scalarText(value);
    }

    private static String scalarText(Object value) {
        if (value instanceof Float f) {
            return Float.toString(f);
        }
        return String.valueOf(value);
    }

    /** A grid mapping parameter: a number as Double, text as String, several numbers as a List of Double. */
    private static Object parameterValue(Attribute attribute) {
        Object value = attribute.getData();
        if (value == null) {
            return null;
        }
        if (value instanceof String || value instanceof Number) {
            return value instanceof Number n ? toDouble(n) : value;
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<Object> items = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                Object item = Array.get(value, i);
                items.add(item instanceof Number n ? toDouble(n) : String.valueOf(item));
            }
            if (length == 1) {
                return items.get(0);
            }
            return items.stream().allMatch(String.class::isInstance) ? String.join(", ", items.stream().map(String::valueOf).toList())
                    : List.copyOf(items);
        }
        return String.valueOf(value);
    }

    private static double[] numbers(Attribute attribute) {
        if (attribute == null) {
            return new double[0];
        }
        try {
            return flatten(attribute.getData());
        } catch (RuntimeException e) {
            return new double[0];
        }
    }

    /** A coordinate's values; refuses anything the size of data, so a header read never reads the data. */
    private double[] values(Dataset coordinate) throws HeaderException {
        if (coordinate.getSize() > MAX_COORDINATE_VALUES) {
            throw new HeaderException(HeaderException.Reason.UNREADABLE, uri, coordinate.getName() + " has "
                    + coordinate.getSize() + " values, too many for a coordinate");
        }
        return flatten(coordinate.getData());
    }

    private static double[] flatten(Object value) {
        List<Double> out = new ArrayList<>();
        flattenInto(value, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flattenInto(Object value, List<Double> out) {
        if (value instanceof Number n) {
            out.add(toDouble(n));
        } else if (value != null && value.getClass().isArray()) {
            int length = Array.getLength(value);
            for (int i = 0; i < length; i++) {
                flattenInto(Array.get(value, i), out);
            }
        }
    }

    /** Floats go through their decimal form so that 0.1f becomes 0.1, not 0.10000000149. */
    private static double toDouble(Number n) {
        return n instanceof Float f ? Double.parseDouble(Float.toString(f)) : n.doubleValue();
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static String lower(String s) {
        return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
    }
}
