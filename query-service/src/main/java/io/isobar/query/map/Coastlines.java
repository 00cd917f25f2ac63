package io.isobar.query.map;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import io.isobar.query.forecast.GridProjection;

/**
 * Natural Earth's coastlines and land borders (public domain, from the npm package world-atlas 2.0.2, converted once
 * by {@code scripts/coastlines.py} into {@code coastlines.json} beside this class; NOTICE), projected into a grid's
 * own coordinates so the viewer draws them over the field in the grid's metres, with no projection in the browser.
 */
public final class Coastlines {

    /** The shipped resource. */
    public static final String RESOURCE = "coastlines.json";
    /** Lines are kept this far (as a share of the grid's extent) outside the grid, so they reach its edges. */
    private static final double MARGIN = 0.1;
    /**
     * Grid coordinates are rounded to this many metres (or, on a latitude/longitude grid, ten-thousandths of a degree,
     * about as far): far below any grid's cells, and compact.
     */
    private static final double ROUND_M = 10;
    private static final double ROUND_DEGREES = 1e-4;

    /**
     * The lines on one grid.
     *
     * @param coastlines each line a flat {@code [x, y, x, y, ...]} array in the grid's units (metres, or degrees)
     * @param borders the land borders between countries, likewise
     */
    public record OnGrid(String proj4, String source, List<double[]> coastlines, List<double[]> borders) {}

    private final String source;
    private final List<int[]> coastlines;
    private final List<int[]> borders;

    private Coastlines(String source, List<int[]> coastlines, List<int[]> borders) {
        this.source = source;
        this.coastlines = coastlines;
        this.borders = borders;
    }

    /** The shipped lines. */
    public static Coastlines load() {
        try (InputStream in = Coastlines.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The map resource " + RESOURCE + " is missing from the classpath");
            }
            JsonNode root = Json.mapper().readTree(in);
            return new Coastlines(root.path("source").asText(), lines(root.path("coastlines")), lines(root.path("borders")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the map resource " + RESOURCE, e);
        }
    }

    /** Every line, projected with {@code projection} and cut to the grid's extent (with a margin). */
    public OnGrid on(GridProjection projection, double xMin, double xMax, double yMin, double yMax) {
        double mx = (xMax - xMin) * MARGIN;
        double my = (yMax - yMin) * MARGIN;
        double[] box = {xMin - mx, xMax + mx, yMin - my, yMax + my};
        return new OnGrid(projection.definition(), source, project(coastlines, projection, box), project(borders, projection, box));
    }

    private static List<double[]> project(List<int[]> lines, GridProjection projection, double[] box) {
        List<double[]> out = new ArrayList<>();
        double unit = projection.isLatitudeLongitude() ? ROUND_DEGREES : ROUND_M;
        for (int[] line : lines) {
            List<Double> run = new ArrayList<>();
            for (int i = 0; i < line.length; i += 2) {
                Optional<double[]> xy = projection.toGrid(line[i + 1] / 1000.0, line[i] / 1000.0);
                boolean in = xy.isPresent() && xy.get()[0] >= box[0] && xy.get()[0] <= box[1] && xy.get()[1] >= box[2]
                        && xy.get()[1] <= box[3];
                if (in) {
                    run.add(Math.round(xy.get()[0] / unit) * unit);
                    run.add(Math.round(xy.get()[1] / unit) * unit);
                } else {
                    flush(run, out);
                }
            }
            flush(run, out);
        }
        return out;
    }

    private static void flush(List<Double> run, List<double[]> out) {
        if (run.size() >= 4) {
            out.add(run.stream().mapToDouble(Double::doubleValue).toArray());
        }
        run.clear();
    }

    private static List<int[]> lines(JsonNode array) {
        List<int[]> lines = new ArrayList<>(array.size());
        for (JsonNode line : array) {
            int[] flat = new int[line.size()];
            for (int i = 0; i < flat.length; i++) {
                flat[i] = line.get(i).asInt();
            }
            lines.add(flat);
        }
        return List.copyOf(lines);
    }
}
