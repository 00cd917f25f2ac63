package io.isobar.query.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

import io.isobar.model.ForecastFile;
import io.isobar.query.IndexFixture;
import io.isobar.query.forecast.ForecastQuery.Site;

/** What a plan would read, known from the index entries before any file is opened. */
class ForecastPlanTest {

    static final String RUN = "2025-06-14T00:00:00Z";
    static final List<String> TIMES = List.of("2025-06-14T01:00:00Z", "2025-06-14T02:00:00Z", "2025-06-14T03:00:00Z");
    static final List<Site> TWO_SITES = List.of(new Site(54.15, -4.49, "Douglas"), new Site(55.95, -3.19, "Edinburgh"));
    static final ForecastQuery.Points NEAREST = new ForecastQuery.Points(TWO_SITES, PointSample.Method.NEAREST);

    @Test
    void pointsCostTheirSitesTimesEachFilesSlicesKept() {
        // UKV: one field a file (screen temperature at 1.5 m), three times, two sites.
        assertThat(plan("ukv", NEAREST, Selection.all(), EnsembleStatistics.none()).estimatedValues()).isEqualTo(2 * 3);
        assertThat(plan("ukv", new ForecastQuery.Points(TWO_SITES, PointSample.Method.BILINEAR), Selection.all(),
                EnsembleStatistics.none()).estimatedValues()).as("four cells a site").isEqualTo(2 * 3 * 4);
        // MOGREPS-UK: three members a file.
        assertThat(plan("mogreps-uk", NEAREST, Selection.all(), EnsembleStatistics.none()).estimatedValues()).isEqualTo(2 * 3 * 3);
        Selection member1 = new Selection(Optional.of(1), Optional.empty(), Optional.empty());
        assertThat(plan("mogreps-uk", NEAREST, member1, EnsembleStatistics.none()).estimatedValues()).isEqualTo(2 * 3);
        EnsembleStatistics mean = EnsembleStatistics.parse(Optional.of("mean"), Optional.empty(), Optional.empty());
        assertThat(plan("mogreps-uk", NEAREST, member1, mean).estimatedValues()).as("statistics read every member")
                .isEqualTo(2 * 3 * 3);
    }

    @Test
    void aLevelOrMemberNoFileHasCostsNothing() {
        Selection height10 = new Selection(Optional.empty(), Optional.of(10.0), Optional.empty());
        assertThat(plan("ukv", NEAREST, height10, EnsembleStatistics.none()).estimatedValues()).isZero();
        Selection member7 = new Selection(Optional.of(7), Optional.empty(), Optional.empty());
        assertThat(plan("mogreps-uk", NEAREST, member7, EnsembleStatistics.none()).estimatedValues()).isZero();
        Selection percentile = new Selection(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(50.0), Optional.empty());
        Slices screenLevel = new Slices(List.of(), List.of(), null, 1.5, null);
        assertThat(screenLevel.select(Selection.all())).hasSize(1);
        assertThat(screenLevel.select(percentile)).as("a percentile is only ever a blend's dimension").isEmpty();
    }

    @Test
    void anAreaCostsItsCellsOnEachFilesGridOrAtMostTheWholeGrid() {
        GeometryFactory g = new GeometryFactory();
        ForecastQuery.Area box = new ForecastQuery.Area(g.createPolygon(new Coordinate[] {new Coordinate(-3, 54),
            new Coordinate(-2, 54), new Coordinate(-2, 55), new Coordinate(-3, 54)}), 100_000);
        ForecastPlan uncounted = plan("ukv", box, Selection.all(), EnsembleStatistics.none());
        assertThat(uncounted.estimatedValues()).as("no grid known: the whole grid of each file").isEqualTo(3L * 970 * 1042);
        // The cells counted on the files' grid (970 x 1042, as their entries say): 2 a file, whatever the grid's size.
        Grid grid = null; // where the cells were found does not change their count
        List<Grid.Cell> two = List.of(new Grid.Cell(1, 2, 2, 1, 54.1, -2.9), new Grid.Cell(1, 3, 3, 1, 54.1, -2.8));
        ForecastPlan counted = new ForecastPlan(uncounted.query(), "ukv", uncounted.files(),
                Map.of(Grid.sizeInIndex(uncounted.allFiles().get(0)), new ForecastPlan.AreaCells(grid, two)));
        assertThat(Grid.sizeInIndex(uncounted.allFiles().get(0)))
                .containsExactly("projection_y_coordinate=970", "projection_x_coordinate=1042");
        assertThat(counted.estimatedValues()).isEqualTo(3L * 2);
        ForecastPlan mogreps = plan("mogreps-uk", box, Selection.all(), EnsembleStatistics.none());
        assertThat(new ForecastPlan(mogreps.query(), "mogreps-uk", mogreps.files(), counted.areas()).estimatedValues())
                .as("three members a file").isEqualTo(3L * 2 * 3);
    }

    @Test
    void aWholeFieldCostsOneSliceOfTheFirstFile() {
        assertThat(plan("mogreps-uk", new ForecastQuery.Field(), Selection.all(), EnsembleStatistics.none()).estimatedValues())
                .as("a map draws one member of one file").isEqualTo(970L * 1042);
    }

    @Test
    void thePlanListsItsTimesAndFilesInOrder() {
        ForecastPlan plan = plan("mogreps-uk", NEAREST, Selection.all(), EnsembleStatistics.none());
        assertThat(plan.times()).extracting(Instant::toString).containsExactlyElementsOf(TIMES);
        assertThat(plan.allFiles()).extracting(ForecastFile::objectId).containsExactly("f01", "f02", "f03");
        assertThat(plan.byTime("air_temperature")).hasSize(3);
        assertThat(plan.byTime("wind_speed")).isEmpty();
        assertThat(plan.isEmpty()).isFalse();
    }

    private static ForecastPlan plan(String model, ForecastQuery.Where where, Selection selection, EnsembleStatistics stats) {
        ForecastQuery query = new ForecastQuery(Optional.of(model), List.of("air_temperature"), where,
                new ForecastQuery.Between(Instant.parse(TIMES.get(0)), Instant.parse(TIMES.get(2))), new ForecastQuery.Newest(),
                selection, stats);
        NavigableMap<Instant, List<ForecastFile>> byTime = new TreeMap<>();
        for (String t : TIMES) {
            byTime.put(Instant.parse(t), List.of(IndexFixture.file(model, "air_temperature", RUN, t, "f" + t.substring(11, 13))));
        }
        return new ForecastPlan(query, model, Map.of("air_temperature", byTime));
    }
}
