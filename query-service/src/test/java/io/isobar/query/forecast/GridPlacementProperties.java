package io.isobar.query.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.NetcdfHeader.Axis;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Points placed on the real global grid (2560 x 1920, 0.140625 x 0.09375 degrees, cell centres, poles not on it), stored
 * with longitudes -180..180 as the Met Office does and 0..360 as others do, checked against an independent computation:
 * a brute-force search of every column and row for the nearest centre, in circular longitude. Points come anywhere,
 * with extra weight near the antimeridian, the prime meridian and the poles, and longitudes in any turn (0..360, -540..).
 */
class GridPlacementProperties {

    private static final int COLUMNS = 2560;
    private static final int ROWS = 1920;
    private static final double DX = 360.0 / COLUMNS;
    private static final double DY = 180.0 / ROWS;
    private static final GridProjection SPHERE = GridProjection.of(new NetcdfHeader.GridMapping("latitude_longitude",
            Map.of("grid_mapping_name", "latitude_longitude", "earth_radius", 6371229.0, "longitude_of_prime_meridian", 0.0)));
    private static final Axis LATITUDES = new Axis(-90 + DY / 2, 90 - DY / 2, DY, ROWS);
    /** As the Met Office stores them: -179.9296875 .. 179.9296875. */
    static final Grid MET_OFFICE = new Grid(SPHERE, new Axis(-180 + DX / 2, 180 - DX / 2, DX, COLUMNS), LATITUDES);
    /** The same grid stored 0.0703125 .. 359.9296875, seam at the prime meridian. */
    static final Grid ZERO_TO_360 = new Grid(SPHERE, new Axis(DX / 2, 360 - DX / 2, DX, COLUMNS), LATITUDES);
    /** The same grid stored north to south. */
    static final Grid NORTH_FIRST = new Grid(SPHERE, new Axis(-180 + DX / 2, 180 - DX / 2, DX, COLUMNS),
            new Axis(90 - DY / 2, -90 + DY / 2, -DY, ROWS));

    @Provide
    Arbitrary<Double> latitudes() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(-90, 90),
                Arbitraries.doubles().between(89.9, 90), Arbitraries.doubles().between(-90, -89.9),
                Arbitraries.of(90.0, -90.0, 0.0, 89.953125, -89.953125));
    }

    @Provide
    Arbitrary<Double> longitudes() {
        Arbitrary<Double> near = Arbitraries.oneOf(Arbitraries.doubles().between(179.8, 180.2), Arbitraries.doubles().between(-180.2, -179.8),
                Arbitraries.doubles().between(-0.2, 0.2), Arbitraries.of(180.0, -180.0, 0.0, 202.14, 359.99, 360.0));
        Arbitrary<Double> any = Arbitraries.doubles().between(-180, 180);
        // Any turn: the same longitude given -540..540.
        return Arbitraries.oneOf(near, any).flatMap(lon -> Arbitraries.of(lon, lon + 360, lon - 360));
    }

    @Provide
    Arbitrary<Grid> grids() {
        return Arbitraries.of(MET_OFFICE, ZERO_TO_360, NORTH_FIRST);
    }

    @Property(tries = 400)
    void theNearestCellIsTheNearestCentreInCircularLongitude(@ForAll("grids") Grid grid, @ForAll("latitudes") double lat,
            @ForAll("longitudes") double lon) {
        GridCells.Cell cell = grid.locate(lat, lon).orElseThrow().cells().nearest();

        int column = bruteForceColumn(grid.x(), lon);
        int row = bruteForceRow(grid.y(), lat);
        assertThat(circular(centre(grid.x(), cell.column()) - lon)).as("longitude distance")
                .isCloseTo(circular(centre(grid.x(), column) - lon), within(1e-9));
        assertThat(Math.abs(centre(grid.y(), cell.row()) - lat)).as("latitude distance")
                .isCloseTo(Math.abs(centre(grid.y(), row) - lat), within(1e-9));
    }

    @Property(tries = 300)
    void bilinearWeightsReproduceThePointFromCellsAtMostAStepAway(@ForAll("grids") Grid grid, @ForAll("latitudes") double lat,
            @ForAll("longitudes") double lon) {
        List<GridCells.Cell> cells = grid.locate(lat, lon).orElseThrow().cells().bilinear();

        assertThat(cells.stream().mapToDouble(GridCells.Cell::weight).sum()).isCloseTo(1.0, within(1e-12));
        double lonOffset = 0;
        double latitude = 0;
        for (GridCells.Cell c : cells) {
            assertThat(c.weight()).isPositive();
            double offset = signedCircular(centre(grid.x(), c.column()) - lon);
            assertThat(Math.abs(offset)).isLessThanOrEqualTo(DX + 1e-9);
            lonOffset += c.weight() * offset;
            latitude += c.weight() * centre(grid.y(), c.row());
        }
        // Linear in longitude across the seam; in latitude up to the polar rows of centres, constant beyond them.
        assertThat(lonOffset).isCloseTo(0.0, within(1e-9));
        double southmost = -90 + DY / 2;
        assertThat(latitude).isCloseTo(Math.max(southmost, Math.min(-southmost, lat)), within(1e-9));
    }

    @Property(tries = 300)
    void aPointHasTheSameCellsInEveryStorageAndTurnOfLongitude(@ForAll("latitudes") double lat, @ForAll("longitudes") double lon) {
        List<Tuple2<List<Double>, Double>> metOffice = geographic(MET_OFFICE, lat, lon);

        assertThat(geographic(ZERO_TO_360, lat, lon)).isEqualTo(metOffice);
        assertThat(geographic(NORTH_FIRST, lat, lon)).isEqualTo(metOffice);
        assertThat(geographic(MET_OFFICE, lat, lon + 360)).isEqualTo(metOffice);
        assertThat(geographic(MET_OFFICE, lat, lon - 720)).isEqualTo(metOffice);
    }

    @Example
    void bothSidesOfTheAntimeridianAreNeighbours() {
        List<GridCells.Cell> east = MET_OFFICE.locate(-17.7, 179.99).orElseThrow().cells().bilinear();
        List<GridCells.Cell> west = MET_OFFICE.locate(-17.7, -179.99).orElseThrow().cells().bilinear();

        assertThat(east).extracting(GridCells.Cell::column).containsOnly(COLUMNS - 1, 0);
        assertThat(west).extracting(GridCells.Cell::column).containsOnly(COLUMNS - 1, 0);
        // Symmetric about the seam: the weights mirror.
        assertThat(weightOf(east, 0)).isCloseTo(weightOf(west, COLUMNS - 1), within(1e-9));
    }

    @Example
    void theSeamOfAGridStored0To360IsThePrimeMeridian() {
        List<GridCells.Cell> greenwich = ZERO_TO_360.locate(51.4779, 0.0).orElseThrow().cells().bilinear();

        assertThat(greenwich).extracting(GridCells.Cell::column).containsOnly(COLUMNS - 1, 0);
        assertThat(weightOf(greenwich, 0)).isCloseTo(0.5, within(1e-9));
    }

    @Example
    void aLongitudeOf202Is157West() {
        GridCells.Cell a = MET_OFFICE.locate(21.3, 202.14).orElseThrow().cells().nearest();
        GridCells.Cell b = MET_OFFICE.locate(21.3, -157.86).orElseThrow().cells().nearest();

        assertThat(a).isEqualTo(b);
        assertThat(centre(MET_OFFICE.x(), a.column())).isCloseTo(-157.86, within(DX / 2));
    }

    @Example
    void latitudesBeyondThePolesAreOffEveryGrid() {
        assertThat(MET_OFFICE.locate(90.01, 0)).isEmpty();
        assertThat(MET_OFFICE.locate(Double.NaN, 0)).isEmpty();
        assertThat(MET_OFFICE.locate(0, Double.POSITIVE_INFINITY)).isEmpty();
        assertThat(MET_OFFICE.locate(90, 0)).isPresent();
    }

    @Example
    void aRegionalGridAcrossTheAntimeridianTakesLongitudesInEitherTurn() {
        // 170.05 .. 189.95: a 20-degree grid over the date line, not round the Earth.
        Grid pacific = new Grid(SPHERE, new Axis(170.05, 189.95, 0.1, 200), new Axis(-9.95, 9.95, 0.1, 200));

        assertThat(pacific.periodic()).isFalse();
        assertThat(pacific.locate(0, -174.98).orElseThrow().cells().nearest().column()).isEqualTo(150);
        assertThat(pacific.locate(0, 185.02).orElseThrow().cells().nearest().column()).isEqualTo(150);
        assertThat(pacific.locate(0, 0.0)).isEmpty();
        assertThat(pacific.bboxCrs84()).containsExactly(170.0, -10.0, -170.0, 10.0);
    }

    @Example
    void anAreaAcrossTheAntimeridianHasTheCellsOfBothSides() {
        Geometry across = box(179.0, -1.0, 181.0, 1.0);
        Geometry sameWest = box(-181.0, -1.0, -179.0, 1.0);

        List<Grid.Cell> cells = MET_OFFICE.inside(across, 10_000);

        long expected = countCentres(MET_OFFICE, c -> circular(c[1] - 180) <= 1, c -> Math.abs(c[0]) <= 1);
        assertThat(cells).hasSize((int) expected);
        assertThat(cells).extracting(Grid.Cell::longitude).anyMatch(l -> l > 179).anyMatch(l -> l < -179)
                .allMatch(l -> l >= -180 && l < 180);
        assertThat(sorted(MET_OFFICE.inside(sameWest, 10_000))).isEqualTo(sorted(cells));
        assertThat(sorted(ZERO_TO_360.inside(across, 10_000))).extracting(Grid.Cell::latitude, Grid.Cell::longitude)
                .isEqualTo(sorted(cells).stream().map(c -> Tuple.of(c.latitude(), c.longitude()))
                        .map(t -> org.assertj.core.groups.Tuple.tuple(t.get1(), t.get2())).toList());
    }

    @Example
    void aGlobalGridsBoundingBoxIsTheWholeEarth() {
        assertThat(MET_OFFICE.bboxCrs84()).containsExactly(-180.0, -90.0, 180.0, 90.0);
        assertThat(ZERO_TO_360.bboxCrs84()).containsExactly(-180.0, -90.0, 180.0, 90.0);
        assertThat(MET_OFFICE.periodic()).isTrue();
    }

    // ---- the independent computation -------------------------------------------------------------------------

    private static int bruteForceColumn(Axis x, double lon) {
        int best = 0;
        for (int c = 1; c < x.size(); c++) {
            if (circular(centre(x, c) - lon) < circular(centre(x, best) - lon)) {
                best = c;
            }
        }
        return best;
    }

    private static int bruteForceRow(Axis y, double lat) {
        int best = 0;
        for (int r = 1; r < y.size(); r++) {
            if (Math.abs(centre(y, r) - lat) < Math.abs(centre(y, best) - lat)) {
                best = r;
            }
        }
        return best;
    }

    private static double centre(Axis axis, int i) {
        return axis.first() + i * axis.step();
    }

    /** |a| as an angle: the shorter way round, 0..180. */
    private static double circular(double a) {
        return Math.abs(signedCircular(a));
    }

    private static double signedCircular(double a) {
        double r = a % 360;
        if (r > 180) {
            r -= 360;
        } else if (r <= -180) {
            r += 360;
        }
        return r;
    }

    /** The bilinear cells as (latitude, longitude -180..180) and weight, rounded, sorted: comparable across storages. */
    private static List<Tuple2<List<Double>, Double>> geographic(Grid grid, double lat, double lon) {
        return grid.locate(lat, lon).orElseThrow().cells().bilinear().stream()
                .map(c -> {
                    double[] ll = grid.projection().toGeographic(centre(grid.x(), c.column()), centre(grid.y(), c.row()));
                    return Tuple.of(List.of(round(ll[0]), round(ll[1] == 180 ? -180 : ll[1])), round(c.weight()));
                })
                .sorted(Comparator.comparing((Tuple2<List<Double>, Double> t) -> t.get1().get(0)).thenComparing(t -> t.get1().get(1)))
                .toList();
    }

    private static double round(double v) {
        return Math.round(v * 1e9) / 1e9;
    }

    private static double weightOf(List<GridCells.Cell> cells, int column) {
        return cells.stream().filter(c -> c.column() == column).mapToDouble(GridCells.Cell::weight).sum();
    }

    private static Geometry box(double west, double south, double east, double north) {
        return new GeometryFactory().createPolygon(new Coordinate[] {new Coordinate(west, south), new Coordinate(east, south),
                new Coordinate(east, north), new Coordinate(west, north), new Coordinate(west, south)});
    }

    private static long countCentres(Grid grid, java.util.function.Predicate<double[]> lonOk, java.util.function.Predicate<double[]> latOk) {
        long n = 0;
        for (int r = 0; r < grid.y().size(); r++) {
            for (int c = 0; c < grid.x().size(); c++) {
                double[] ll = {centre(grid.y(), r), centre(grid.x(), c)};
                if (lonOk.test(ll) && latOk.test(ll)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static List<Grid.Cell> sorted(List<Grid.Cell> cells) {
        return cells.stream().sorted(Comparator.comparingDouble(Grid.Cell::latitude).thenComparingDouble(Grid.Cell::longitude)).toList();
    }
}
