package io.isobar.query.point;

import io.isobar.query.forecast.ForecastQuery.Site;
import io.isobar.query.forecast.GreatCircle;
import io.isobar.query.forecast.Grid;
import io.isobar.query.forecast.GridCells;
import io.isobar.query.forecast.GridProjection;
import io.isobar.query.point.PointViews.CellView;
import io.isobar.query.point.PointViews.PointView;

/**
 * Where a point falls on a file's grid, as the point answers show it: the point in grid coordinates, and each cell
 * used with its centre on the Earth and its great-circle distance from the point.
 */
final class Placement {

    private Placement() {}

    /** The point asked about, with its grid coordinates (to the millimetre). */
    static PointView point(Site where, Grid.Located at) {
        return new PointView(where.latitude(), where.longitude(), where.name(), round(at.x(), 3), round(at.y(), 3));
    }

    /** A cell used for the answer; its weight is shown only for bilinear answers ({@code withWeight}). */
    static CellView cell(GridCells.Cell c, GridProjection projection, Site where, boolean withWeight) {
        double[] latLon = projection.toGeographic(c.x(), c.y());
        double distance = GreatCircle.distance(where.latitude(), where.longitude(), latLon[0], latLon[1]);
        return new CellView(c.row(), c.column(), c.x(), c.y(), round(latLon[0], 6), round(latLon[1], 6), round(distance, 1),
                withWeight ? round(c.weight(), 6) : null);
    }

    static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
