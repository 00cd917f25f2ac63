package io.isobar.query.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.NetcdfHeader.Axis;

/**
 * Latitude/longitude to grid x/y and cell, against reference numbers computed independently with PROJ 9.1.1 through
 * Debian's python3-pyproj 3.4.1 from the UK grid's grid_mapping attributes:
 *
 * <pre>
 * crs = CRS.from_proj4("+proj=laea +lat_0=54.9 +lon_0=-2.5 +x_0=0 +y_0=0 +a=6378137 +b=6356752.31414036 +units=m +no_defs")
 * x, y = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon, lat)
 * </pre>
 *
 * The cells are those of the simulator's 970 x 1042 UK grid (centres x = -1041000 + 2000 c, y = -969000 + 2000 r)
 * and of the 40 x 36 fixtures (x = -156000 + 2000 c, y = -102000 + 2000 r), rounded from the pyproj x/y.
 */
public class GridProjectionTest {

    public static final NetcdfHeader.GridMapping UK = new NetcdfHeader.GridMapping("lambert_azimuthal_equal_area", laea());
    static final Axis UK_X = new Axis(-1_041_000, 1_041_000, 2000, 1042);
    static final Axis UK_Y = new Axis(-969_000, 969_000, 2000, 970);
    static final Axis FIXTURE_X = new Axis(-156_000, -78_000, 2000, 40);
    static final Axis FIXTURE_Y = new Axis(-102_000, -32_000, 2000, 36);

    public static Map<String, Object> laea() {
        Map<String, Object> p = new TreeMap<>();
        p.put("grid_mapping_name", "lambert_azimuthal_equal_area");
        p.put("longitude_of_prime_meridian", 0.0);
        p.put("semi_major_axis", 6378137.0);
        p.put("semi_minor_axis", 6356752.31414036);
        p.put("longitude_of_projection_origin", -2.5);
        p.put("latitude_of_projection_origin", 54.9);
        p.put("false_easting", 0.0);
        p.put("false_northing", 0.0);
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // place, lat, lon, pyproj x, pyproj y, UK grid row, column
        "London,     51.5074, -0.1278,  164727.6746, -374764.1220, 297, 603",
        "Edinburgh,  55.9533, -3.1883,  -42998.5821,  117474.0527, 543, 499",
        "Cardiff,    51.4816, -3.1791,  -47193.2626, -380162.5877, 294, 497",
        "Belfast,    54.5973, -5.9301, -221599.6106,  -28284.8459, 470, 410",
        "Douglas,    54.1523, -4.4861, -129745.7814,  -81398.3652, 444, 456",
        "Lerwick,    60.1550, -1.1450,   75336.0445,  585749.4392, 777, 558",
        "Penzance,   50.1188, -5.5376, -217342.4848, -527271.1136, 221, 412"})
    void mapsLatLonToTheGridAsProjDoes(String place, double lat, double lon, double x, double y, int row, int column) {
        GridProjection projection = GridProjection.of(UK);

        double[] xy = projection.toGrid(lat, lon).orElseThrow();
        assertThat(xy[0]).as(place + " x").isCloseTo(x, within(0.01));
        assertThat(xy[1]).as(place + " y").isCloseTo(y, within(0.01));

        GridCells.Cell cell = GridCells.locate(UK_X, UK_Y, xy[0], xy[1]).orElseThrow().nearest();
        assertThat(cell.row()).as(place + " row").isEqualTo(row);
        assertThat(cell.column()).as(place + " column").isEqualTo(column);

        double[] back = projection.toGeographic(xy[0], xy[1]);
        assertThat(back[0]).isCloseTo(lat, within(1e-7));
        assertThat(back[1]).isCloseTo(lon, within(1e-7));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // place, lat, lon, fixture row, column (pyproj)
        "Douglas,    54.1523, -4.4861, 10, 13",
        "Ramsey,     54.3220, -4.3830, 20, 17",
        "Peel,       54.2210, -4.6950, 14,  6",
        "Castletown, 54.0740, -4.6530,  6,  8"})
    void placesTheIsleOfManOnTheFixtureGrid(String place, double lat, double lon, int row, int column) {
        double[] xy = GridProjection.of(UK).toGrid(lat, lon).orElseThrow();
        GridCells.Cell cell = GridCells.locate(FIXTURE_X, FIXTURE_Y, xy[0], xy[1]).orElseThrow().nearest();
        assertThat(cell.row()).isEqualTo(row);
        assertThat(cell.column()).isEqualTo(column);
    }

    @Test
    void inversesGridCornersAsProjDoes() {
        // pyproj: (-156000, -102000) -> 53.959995451N 4.877118269W; (-78000, -32000) -> 54.606517911N 3.707147414W
        double[] sw = GridProjection.of(UK).toGeographic(-156_000, -102_000);
        double[] ne = GridProjection.of(UK).toGeographic(-78_000, -32_000);
        assertThat(sw[0]).isCloseTo(53.959995451, within(1e-8));
        assertThat(sw[1]).isCloseTo(-4.877118269, within(1e-8));
        assertThat(ne[0]).isCloseTo(54.606517911, within(1e-8));
        assertThat(ne[1]).isCloseTo(-3.707147414, within(1e-8));
    }

    @Test
    void buildsTheProjFromTheFileParameters() {
        assertThat(GridProjection.of(UK).definition()).isEqualTo(
                "+proj=laea +lat_0=54.9 +lon_0=-2.5 +x_0=0.0 +y_0=0.0 +a=6378137.0 +b=6356752.31414036 +units=m +no_defs");
    }

    @Test
    void refusesGridsItCannotPlacePointsOn() {
        assertThatThrownBy(() -> GridProjection.of(new NetcdfHeader.GridMapping("rotated_pole",
                Map.of("grid_mapping_name", "rotated_latitude_longitude"))))
                .isInstanceOf(GridProjection.UnsupportedGridException.class)
                .hasMessageContaining("'rotated_latitude_longitude'").hasMessageContaining("not supported");
        assertThatThrownBy(() -> GridProjection.of(null)).isInstanceOf(GridProjection.UnsupportedGridException.class);
    }

    @Test
    void theNearestCellAndTheBilinearWeights() {
        // Between centres: 9.6 rows and 13.25 columns from the first.
        GridCells g = GridCells.locate(FIXTURE_X, FIXTURE_Y, -156_000 + 13.25 * 2000, -102_000 + 9.6 * 2000).orElseThrow();
        assertThat(g.nearest()).extracting(GridCells.Cell::row, GridCells.Cell::column).containsExactly(10, 13);
        List<GridCells.Cell> cells = g.bilinear();
        assertThat(cells).extracting(GridCells.Cell::row, GridCells.Cell::column).containsExactly(
                tuple(9, 13), tuple(9, 14), tuple(10, 13), tuple(10, 14));
        double[] weights = {0.4 * 0.75, 0.4 * 0.25, 0.6 * 0.75, 0.6 * 0.25};
        for (int i = 0; i < 4; i++) {
            assertThat(cells.get(i).weight()).isCloseTo(weights[i], within(1e-12));
        }
        // On a centre, bilinear is that cell alone; in the outer half-cell, only the edge cells count.
        assertThat(GridCells.locate(FIXTURE_X, FIXTURE_Y, -130_000, -84_000).orElseThrow().bilinear()).hasSize(1);
        assertThat(GridCells.locate(FIXTURE_X, FIXTURE_Y, -156_900, -102_000).orElseThrow().bilinear())
                .extracting(GridCells.Cell::column).containsOnly(0);
        // Beyond the outer edges: off the grid.
        assertThat(GridCells.locate(FIXTURE_X, FIXTURE_Y, -157_001, -90_000)).isEmpty();
        assertThat(GridCells.locate(FIXTURE_X, FIXTURE_Y, -100_000, -31_001)).isPresent();
        assertThat(GridCells.locate(FIXTURE_X, FIXTURE_Y, -100_000, -30_999)).isEmpty();
    }
}
