package io.isobar.query.map;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.grid.ChunkCache;
import io.isobar.netcdf.grid.FileKey;
import io.isobar.query.forecast.ArchiveFiles;
import io.isobar.query.forecast.EnsembleStatistics;
import io.isobar.query.forecast.ForecastEngine;
import io.isobar.query.forecast.ForecastEngine.FieldChoice;
import io.isobar.query.forecast.ForecastPlan;
import io.isobar.query.forecast.ForecastQuery;
import io.isobar.query.forecast.ForecastReader;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Params;
import io.isobar.query.http.Responses;
import io.isobar.query.point.Gazetteer;
import io.isobar.query.point.PointProblems;
import io.isobar.query.units.Conversion;
import io.isobar.query.units.Units;
import io.isobar.query.units.UnitsParam;
import io.isobar.query.forecast.GridProjection;
import io.isobar.query.forecast.Selection;
import io.javalin.http.Context;

/**
 * {@code GET /v1/map.png}: a picture of one field in its native grid; {@code GET /v1/map.json}: which file answers,
 * where its grid lies ({@link MapFrame}) and the palette; {@code GET /v1/map/legend.png} and {@code legend.svg}.
 *
 * <p>Which file, member and level answer is the {@link ForecastEngine}'s choice, as for the point and EDR queries; the
 * field is read through the shared {@link ChunkCache} (every chunk of the field, cached and read in parallel), so a
 * picture after a point query of the same file reuses its chunks and vice versa. Pictures are cached by file
 * version and parameters: an indexed file never changes.
 */
public final class MapHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MapHandler.class);
    /** The request attribute holding the field a request has read ({@link #readField}). */
    private static final String FIELD_ATTRIBUTE = "isobar.map.field";

    public static final Set<String> MAP_PARAMS = Set.of("variable", "time", "model", "run", "realization", "height",
            "pressure", "width", "range", "crs", UnitsParam.NAME);
    public static final Set<String> COASTLINE_PARAMS = Set.of("variable", "time", "model", "run", "realization", "height",
            "pressure");
    public static final Set<String> LEGEND_PARAMS = Set.of("variable", "range", UnitsParam.NAME);
    private static final int MAX_WIDTH = 4096;

    /** The picture's projection: the grid's own ({@code crs} absent), or web mercator for a latitude/longitude grid. */
    private static final String WEB_MERCATOR = "EPSG:3857";

    private record PictureKey(FileKey file, List<Integer> leading, int width, String palette, double min, double max,
            boolean mercator) {}

    /** The palette a request draws with, in the file's units, and how its range is shown (in the units asked for). */
    private record Colours(Palette drawn, Conversion toShown) {
        Palette shown() {
            return new Palette(drawn.name(), drawn.stops(), toShown.apply(drawn.min()), toShown.apply(drawn.max()), drawn.log(),
                    drawn.clearBelow(), toShown.to());
        }
    }

    private final ForecastEngine engine;
    private final Gazetteer gazetteer;
    private final Cache<PictureKey, byte[]> pictures = Caffeine.newBuilder()
            .maximumWeight(64L * 1024 * 1024).<PictureKey, byte[]>weigher((k, v) -> v.length + 128).build();
    private final Cache<NetcdfHeader.GridMapping, GridProjection> projections = Caffeine.newBuilder().maximumSize(64).build();
    private final Cache<List<Object>, MapFrame> frames = Caffeine.newBuilder().maximumSize(64).build();
    private final Cache<List<Object>, Coastlines.OnGrid> outlines = Caffeine.newBuilder().maximumSize(16).build();
    private final Coastlines coastlines = Coastlines.load();

    /**
     * @param engine chooses the file, member and level of every picture, as it does for the point and EDR queries
     * @param gazetteer the places drawn on the map
     */
    public MapHandler(ForecastEngine engine, Gazetteer gazetteer) {
        this.engine = engine;
        this.gazetteer = gazetteer;
    }

    /** {@code GET /v1/map.png?variable=&time=[&model][&run][&realization][&height|&pressure][&width][&range=min,max]}. */
    public void png(Context ctx) {
        Params params = Params.of(ctx, MAP_PARAMS);
        UnitsParam.asked(params.raw(UnitsParam.NAME));
        FieldChoice target = target(params);
        Colours colours = colours(ctx, params, target);
        Palette palette = colours.drawn();
        int columns = target.header().xCoordinates().size();
        int width = params.integer("width", 1, MAX_WIDTH).orElse(columns);
        boolean mercator = mercator(params, target);
        PictureKey pictureKey = new PictureKey(ArchiveFiles.key(target.file()), java.util.Arrays.stream(target.slice().index()).boxed().toList(),
                Math.min(width, columns), palette.name(), palette.min(), palette.max(), mercator);
        MapFrame frame = frame(target);
        double south = Math.max(frame.yMin(), -MapRenderer.MERCATOR_MAX_LATITUDE);
        double north = Math.min(frame.yMax(), MapRenderer.MERCATOR_MAX_LATITUDE);
        byte[] png = pictures.getIfPresent(pictureKey);
        if (png == null) {
            ChunkCache.Field field = readField(ctx, target);
            NetcdfHeader.Axis y = target.header().yCoordinates();
            png = mercator ? MapRenderer.mercatorPng(field, palette, y, frame.xMax() - frame.xMin(), south, north, width)
                    : MapRenderer.png(field, palette, y.step() > 0, width);
            pictures.put(pictureKey, png);
        }
        if (mercator) {
            // West, south, east, north in degrees: where a viewer over web-mercator tiles places the picture.
            ctx.header("X-Isobar-Picture-Bounds", join(frame.xMin(), south, frame.xMax(), north));
        }
        ForecastFile f = target.file();
        ctx.header("X-Isobar-Grid-Bounds", join(frame.xMin(), frame.yMin(), frame.xMax(), frame.yMax()));
        ctx.header("X-Isobar-Grid-Crs", frame.proj4());
        ctx.header("X-Isobar-Corners", frame.corners().stream().map(c -> join(c[0], c[1])).reduce((a, b) -> a + ";" + b).orElse(""));
        Palette shown = colours.shown();
        ctx.header("X-Isobar-Range", join(shown.min(), shown.max()));
        ctx.header("X-Isobar-Units", shown.units());
        ctx.header("X-Isobar-Forecast-Reference-Time", f.forecastReferenceTime().toString());
        ctx.header("X-Isobar-Indexed-At", f.indexedAt().toString());
        if (f.announcedAt() != null) {
            ctx.header("X-Isobar-Announced-At", f.announcedAt().toString());
        }
        ctx.header("X-Isobar-Uri", f.uri());
        Responses.send(ctx, png, "image/png", Responses.CachePolicy.REVALIDATE);
    }

    /** {@code GET /v1/map.json}: the same parameters as the picture; what it shows and where to place it. */
    public void json(Context ctx) {
        Params params = Params.of(ctx, MAP_PARAMS);
        FieldChoice target = target(params);
        Palette palette = colours(ctx, params, target).shown();
        ForecastFile f = target.file();
        NetcdfHeader h = target.header();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", f.model());
        body.put("variable", f.variable());
        body.put("standard_name", f.standardName());
        body.put("units", f.units());
        body.put("cell_methods", f.cellMethods());
        body.put("time", f.time());
        body.put("forecast_reference_time", f.forecastReferenceTime());
        body.put("forecast_period", f.forecastPeriod());
        body.put("realization", target.slice().realization());
        body.put("height", target.slice().height());
        body.put("pressure", target.slice().pressure());
        body.put("realizations", h.realizations());
        body.put("heights", h.heights());
        body.put("pressures", h.pressures());
        body.put("uri", f.uri());
        body.put("indexed_at", f.indexedAt());
        body.put("announced_at", f.announcedAt());
        body.put("rows", h.yCoordinates().size());
        body.put("columns", h.xCoordinates().size());
        body.put("palette", Map.of("name", palette.name(), "min", palette.min(), "max", palette.max(),
                "scale", palette.log() ? "log" : "linear", "units", palette.units(), "label", Units.label(palette.units())));
        body.put("grid", frame(target));
        Responses.ok(ctx, body, Responses.CachePolicy.REVALIDATE);
    }

    /**
     * {@code GET /v1/map/coastlines.json}: the same parameters as the picture; coastlines and borders in the grid of the
     * file they choose (the same for every file on that grid, so the viewer fetches it once per grid).
     */
    public void coastlines(Context ctx) {
        Params params = Params.of(ctx, COASTLINE_PARAMS);
        FieldChoice target = target(params);
        MapFrame frame = frame(target);
        Coastlines.OnGrid lines = outlines.get(frameKey(target), k -> coastlines.on(projection(target), frame.xMin(), frame.xMax(),
                frame.yMin(), frame.yMax()));
        Responses.ok(ctx, lines, Responses.CachePolicy.REVALIDATE);
    }

    /** {@code GET /v1/map/legend.png?variable=[&range=min,max]}: the palette's colour bar, low values left. */
    public void legendPng(Context ctx) {
        Params params = Params.of(ctx, LEGEND_PARAMS);
        Palette palette = legendPalette(params);
        ctx.header("X-Isobar-Range", join(palette.min(), palette.max()));
        ctx.header("X-Isobar-Scale", palette.log() ? "log" : "linear");
        Responses.send(ctx, MapRenderer.legend(palette, 256, 16), "image/png", Responses.CachePolicy.STATIC);
    }

    /** {@code GET /v1/map/legend.svg?variable=[&range=min,max]}: the colour bar with labelled ticks and units. */
    public void legendSvg(Context ctx) {
        Params params = Params.of(ctx, LEGEND_PARAMS);
        Palette palette = legendPalette(params);
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"44\" viewBox=\"0 0 300 44\""
                + " role=\"img\" aria-label=\"" + escape(palette.name() + " scale, " + label(palette.min()) + " to " + label(palette.max())
                + " " + Units.label(palette.units())) + "\"><defs><linearGradient id=\"g\">");
        int stops = 16;
        for (int i = 0; i <= stops; i++) {
            double p = i / (double) stops;
            svg.append("<stop offset=\"").append(fmt(p)).append("\" stop-color=\"").append(Palette.css(palette.colourAt(p))).append("\"/>");
        }
        svg.append("</linearGradient></defs><rect x=\"30\" y=\"2\" width=\"240\" height=\"16\" fill=\"url(#g)\" stroke=\"#333\"/>");
        for (double p : ticks(palette)) {
            double xPos = 30 + 240 * p;
            svg.append("<line x1=\"").append(fmt(xPos)).append("\" x2=\"").append(fmt(xPos)).append("\" y1=\"18\" y2=\"23\" stroke=\"#333\"/>");
            svg.append("<text x=\"").append(fmt(xPos)).append("\" y=\"34\" font-family=\"sans-serif\" font-size=\"10\" text-anchor=\"middle\">")
                    .append(escape(label(palette.valueAt(p)))).append("</text>");
        }
        svg.append("<text x=\"150\" y=\"43\" font-family=\"sans-serif\" font-size=\"9\" text-anchor=\"middle\">")
                .append(escape(Units.label(palette.units()) + (palette.log() ? " (log scale)" : ""))).append("</text></svg>");
        Responses.send(ctx, svg.toString().getBytes(StandardCharsets.UTF_8), "image/svg+xml", Responses.CachePolicy.STATIC);
    }

    /** Tick positions (0..1): five even ones, or each power of ten for a log scale. */
    private static List<Double> ticks(Palette palette) {
        List<Double> ticks = new ArrayList<>();
        if (palette.log()) {
            for (int e = (int) Math.ceil(Math.log10(palette.min()) - 1e-9); Math.pow(10, e) <= palette.max() * (1 + 1e-9); e++) {
                ticks.add(palette.position(Math.pow(10, e)));
            }
        }
        if (ticks.size() < 2) {
            ticks.clear();
            for (int i = 0; i <= 4; i++) {
                ticks.add(i / 4.0);
            }
        }
        return ticks;
    }

    /** A short label: 273.15, 0.001, 1e-05. */
    private static String label(double v) {
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) {
            String s = String.format(Locale.ROOT, "%.3g", v);
            return s.contains("e") ? s.replaceAll("\\.?0+e", "e") : s;
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /**
     * The legend's palette: the variable's, in the units asked for (else its canonical ones), over {@code range} if
     * given; a variable not in the table, or units its palette does not convert to, need {@code range}.
     */
    private Palette legendPalette(Params params) {
        String variable = params.variable("variable").orElseThrow(() -> ApiProblem.invalidParameter(
                "Query parameter 'variable' is required, e.g. air_temperature"));
        Optional<double[]> range = range(params);
        Optional<String> units = params.raw(UnitsParam.NAME);
        Optional<Palette> known = Palettes.of(variable).flatMap(p -> units.isEmpty() ? Optional.of(p) : p.in(units.get()));
        Palette base = known.orElseGet(() -> range.map(r -> Palettes.fallback(units.orElse(""), r[0], r[1]))
                .orElseThrow(() -> ApiProblem.notFound("No palette for " + variable + units.map(u -> " in " + u).orElse("")
                        + " in the table; give range=min,max")));
        return range.map(r -> ranged(base, r[0], r[1])).orElse(base);
    }

    /**
     * The palette of the request's file, in the file's units ({@link Palettes#forField}: the field's own range when its
     * units are unknown), with {@code range} (given in the units asked for) applied.
     */
    private Colours colours(Context ctx, Params params, FieldChoice target) {
        ForecastFile f = target.file();
        String fileUnits = f.units() == null ? "" : f.units();
        Conversion toShown = UnitsParam.conversion(params.raw(UnitsParam.NAME), f.variable(), fileUnits);
        Palette drawn = Palettes.forField(f.variable(), fileUnits, () -> fieldRange(readField(ctx, target)));
        Optional<double[]> range = range(params);
        if (range.isPresent()) {
            double a = toShown.invert(range.get()[0]);
            double b = toShown.invert(range.get()[1]);
            drawn = ranged(drawn, Math.min(a, b), Math.max(a, b));
        }
        return new Colours(drawn, toShown);
    }

    private static Palette ranged(Palette palette, double min, double max) {
        if (palette.log() && !(min > 0)) {
            throw ApiProblem.invalidParameter("Query parameter 'range' of " + palette.name() + " (a log scale) must be above 0,"
                    + " e.g. range=0.1,100");
        }
        return palette.withRange(min, max);
    }

    /**
     * The request's field, read once per request (for the palette and the picture alike). It is not taken from the key's
     * cost budget: one slice of the UK grid is 1,010,740 values, more than a key's whole burst, so the viewer could draw
     * one map every 4 s; a map still holds one of the key's admission slots while it is drawn.
     */
    private ChunkCache.Field readField(Context ctx, FieldChoice target) {
        ChunkCache.Field read = ctx.attribute(FIELD_ATTRIBUTE);
        if (read == null) {
            read = engine.readField(target);
            ctx.attribute(FIELD_ATTRIBUTE, read);
        }
        return read;
    }

    /** The smallest and largest value of a field (NaN left out); 0..1 for a field without values. */
    private static double[] fieldRange(ChunkCache.Field field) {
        float[] values = field.values();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (!Float.isNaN(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return min <= max ? new double[] {min, max} : new double[] {0, 1};
    }

    private static Optional<double[]> range(Params params) {
        return params.raw("range").map(r -> {
            String[] parts = r.split(",", -1);
            try {
                if (parts.length == 2) {
                    double min = Double.parseDouble(parts[0].trim());
                    double max = Double.parseDouble(parts[1].trim());
                    if (Double.isFinite(min) && Double.isFinite(max) && min < max) {
                        return new double[] {min, max};
                    }
                }
            } catch (NumberFormatException e) {
                // falls through to the problem below
            }
            throw ApiProblem.invalidParameter("Query parameter 'range' must be two finite numbers min,max with min < max,"
                    + " e.g. range=270,300; got '" + r + "'");
        });
    }

    /**
     * Whether {@code crs=EPSG:3857} asks for the picture in web mercator; only a latitude/longitude grid is redrawn so
     * (its rows are whole latitudes), a projected grid answers in its own projection or not at all.
     */
    private boolean mercator(Params params, FieldChoice target) {
        Optional<String> crs = params.raw("crs");
        if (crs.isEmpty()) {
            return false;
        }
        if (!crs.get().equalsIgnoreCase(WEB_MERCATOR)) {
            throw ApiProblem.invalidParameter("Query parameter 'crs' must be " + WEB_MERCATOR + " (web mercator) or absent (the grid's own); got '"
                    + crs.get() + "'");
        }
        if (!projection(target).isLatitudeLongitude()) {
            throw ApiProblem.invalidParameter("crs=" + WEB_MERCATOR + " is drawn for latitude/longitude grids only; the " + target.file().model()
                    + " grid is " + projection(target).definition() + ": draw it in its own grid (leave crs out) and place it by its corners");
        }
        return true;
    }

    /** The file that answers and which of its members and levels to draw: the engine's choice. */
    private FieldChoice target(Params params) {
        String variable = params.variable("variable").orElseThrow(() -> ApiProblem.invalidParameter(
                "Query parameter 'variable' is required, e.g. air_temperature"));
        Instant time = params.time("time").orElseThrow(() -> ApiProblem.invalidParameter(
                "Query parameter 'time' is required: the validity time, e.g. 2025-06-14T01:00:00Z"));
        Optional<String> model = params.model("model");
        Optional<Instant> run = params.time("run");
        Optional<Integer> realization = params.integer("realization", 0, 1_000_000);
        Optional<Double> height = params.decimal("height", -20_000, 1_000_000);
        Optional<Double> pressure = params.decimal("pressure", 0, 10_000_000);
        if (height.isPresent() && pressure.isPresent()) {
            throw ApiProblem.invalidParameter("Give 'height' or 'pressure', not both");
        }
        Selection selection = new Selection(realization, height, pressure);
        ForecastQuery query = new ForecastQuery(model, List.of(variable), new ForecastQuery.Field(), new ForecastQuery.At(time),
                run.<ForecastQuery.Runs>map(ForecastQuery.Run::new).orElseGet(ForecastQuery.Newest::new), selection,
                EnsembleStatistics.none());
        List<ForecastPlan> plans = engine.plans(query);
        if (plans.isEmpty()) {
            // No file of that name valid then at all, while others are: a misspelt or unknown variable.
            Set<String> then = engine.variablesAt(time, model);
            if (!then.isEmpty() && !then.contains(variable)) {
                throw PointProblems.unknownVariable(variable, then, " valid at " + time);
            }
            throw ApiProblem.notFound("No " + model.map(m -> m + " ").orElse("") + variable + " file"
                    + run.map(r -> " of the run " + r).orElse("") + " is valid at " + time
                    + "; GET /v1/times/" + time + " lists the files valid then");
        }
        FieldChoice choice;
        try {
            choice = engine.field(plans.get(0), variable);
        } catch (ForecastEngine.NothingSelected e) {
            throw ApiProblem.notFound("No " + plans.get(0).model() + " " + variable + " file valid at " + time + " has "
                    + selection.describe() + "; the files have " + e.getMessage());
        }
        ForecastFile file = choice.file();
        NetcdfHeader header = choice.header();
        if (header.xCoordinates() == null || header.yCoordinates() == null) {
            throw new ApiProblem(422, "unsupported-grid", "Unsupported grid", "The " + ArchiveFiles.describe(file)
                    + " has no projection x/y coordinates, so it cannot be drawn in its grid").withLog(file.uri());
        }
        return choice;
    }

    private MapFrame frame(FieldChoice target) {
        return frames.get(frameKey(target), k -> MapFrame.of(target.header(), projection(target), gazetteer));
    }

    /** One grid: its mapping and axes. */
    private static List<Object> frameKey(FieldChoice target) {
        NetcdfHeader h = target.header();
        return List.of(h.gridMapping() == null ? "none" : h.gridMapping(), h.xCoordinates(), h.yCoordinates());
    }

    private GridProjection projection(FieldChoice target) {
        try {
            NetcdfHeader.GridMapping mapping = target.header().gridMapping();
            return mapping == null ? GridProjection.of(null) : projections.get(mapping, GridProjection::of);
        } catch (GridProjection.UnsupportedGridException e) {
            throw ForecastReader.unsupportedGrid(target.file(), "a map").withLog(target.file().uri() + ": " + e.getMessage());
        }
    }

    private static String join(double... values) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            parts.add(fmt(v));
        }
        return String.join(",", parts);
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        return s.contains("e") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
