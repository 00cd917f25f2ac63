package io.isobar.query.point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import io.isobar.netcdf.NetcdfHeader.Axis;
import io.isobar.query.forecast.ForecastQuery.Site;
import io.isobar.query.forecast.GreatCircle;
import io.isobar.query.forecast.Grid;
import io.isobar.query.forecast.GridCells;
import io.isobar.query.forecast.GridProjection;
import io.isobar.query.forecast.GridProjectionTest;

import io.isobar.query.point.PointViews.CellView;
import io.isobar.query.point.PointViews.PointView;

class PlacementTest {

    private static final GridProjection UK = GridProjection.of(GridProjectionTest.UK);

    @Test
    void aCellAtTheProjectionOriginIsThereAndItsDistanceIsThePointsGreatCircleDistance() {
        // The UK grid's origin (0, 0) is at 54.9 N, 2.5 W; the point is a little north-east of it.
        Site where = new Site(55.0, -2.4, "Near");
        CellView cell = Placement.cell(new GridCells.Cell(3, 4, 0, 0, 0.25), UK, where, false);
        assertThat(cell.row()).isEqualTo(3);
        assertThat(cell.column()).isEqualTo(4);
        assertThat(cell.latitude()).isCloseTo(54.9, within(1e-6));
        assertThat(cell.longitude()).isCloseTo(-2.5, within(1e-6));
        assertThat(cell.distanceM()).isCloseTo(GreatCircle.distance(55.0, -2.4, 54.9, -2.5), within(0.05));
        assertThat(cell.distanceM() * 10).isEqualTo(Math.rint(cell.distanceM() * 10));
        assertThat(cell.weight()).isNull();
        assertThat(Placement.cell(new GridCells.Cell(3, 4, 0, 0, 0.1234567), UK, where, true).weight()).isEqualTo(0.123457);
    }

    @Test
    void thePointKeepsWhatWasAskedAndGetsItsGridCoordinatesToTheMillimetre() {
        Grid grid = new Grid(UK, new Axis(-156_000, -78_000, 2000, 40), new Axis(-102_000, -32_000, 2000, 36));
        Grid.Located at = grid.locate(54.1523, -4.4861).orElseThrow();
        PointView point = Placement.point(new Site(54.1523, -4.4861, "Douglas"), at);
        assertThat(point.latitude()).isEqualTo(54.1523);
        assertThat(point.place()).isEqualTo("Douglas");
        // pyproj: x -129745.7814, y -81398.3652 (see GridProjectionTest).
        assertThat(point.x()).isCloseTo(-129_745.781, within(0.01));
        assertThat(point.y()).isCloseTo(-81_398.365, within(0.01));
        assertThat(point.x() * 1000).isCloseTo(Math.rint(point.x() * 1000), within(1e-6));
    }

    @Test
    void roundsHalfUpToTheDigitsAsked() {
        assertThat(Placement.round(1.23456789, 6)).isEqualTo(1.234568);
        assertThat(Placement.round(2.5, 0)).isEqualTo(3.0);
        assertThat(Placement.round(-2.5, 0)).isEqualTo(-2.0);
    }
}
