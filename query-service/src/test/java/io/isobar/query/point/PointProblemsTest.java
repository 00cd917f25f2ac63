package io.isobar.query.point;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.isobar.netcdf.NetcdfHeader.Axis;
import io.isobar.query.IndexFixture;
import io.isobar.query.forecast.ForecastQuery.Site;
import io.isobar.query.forecast.Grid;
import io.isobar.query.forecast.GridProjection;
import io.isobar.query.forecast.GridProjectionTest;
import io.isobar.query.forecast.Selection;
import io.isobar.query.http.ApiProblem;

class PointProblemsTest {

    private static final Instant T = Instant.parse("2025-06-14T03:00:00Z");
    private static final Instant RUN = Instant.parse("2025-06-14T00:00:00Z");

    @Test
    void namesThePointByItsCoordinatesAndPlace() {
        assertThat(PointProblems.coordinates(new Site(51.50741, -0.12781, null))).isEqualTo("51.5074, -0.1278");
        assertThat(PointProblems.coordinates(new Site(51.5, -0.1, "London"))).isEqualTo("51.5000, -0.1000 (London)");
    }

    @Test
    void aPointOffTheGridSaysWhereItFallsAndWhatTheGridCovers() {
        Grid grid = new Grid(GridProjection.of(GridProjectionTest.UK), new Axis(-156_000, -78_000, 2000, 40),
                new Axis(-102_000, -32_000, 2000, 36));
        PointProblems.OutsideGrid e = PointProblems.outside(new Site(51.5074, -0.1278, "London"),
                IndexFixture.file("ukv", "air_temperature", "2025-06-14T00:00:00Z", "2025-06-14T03:00:00Z", "f"), grid);
        // The grid covers its cells' outer edges, half a step beyond the first and last centres.
        assertThat(e.getMessage()).startsWith("The point 51.5074, -0.1278 (London) is outside the ukv grid (it is at x 164728 m,"
                + " y -374764 m; the grid covers x -157000..-77000 m, y -103000..-31000 m in +proj=laea");
        assertThat(e.getStackTrace()).isEmpty();
        ApiProblem p = PointProblems.outsideGrid(e);
        assertThat(p.status()).isEqualTo(422);
        assertThat(p.type()).isEqualTo("outside-grid");
        assertThat(p.detail()).isEqualTo(e.getMessage());
    }

    @Test
    void aMissingSelectionListsWhatTheFilesHave() {
        Selection member7 = new Selection(Optional.of(7), Optional.empty(), Optional.empty());
        ApiProblem p = PointProblems.noSuchSelection(member7, "mogreps-uk", "air_temperature", "valid at " + T,
                "realizations 0, 1, 2");
        assertThat(p.status()).isEqualTo(404);
        assertThat(p.detail()).isEqualTo("No mogreps-uk air_temperature file valid at 2025-06-14T03:00:00Z has realization 7;"
                + " the files have realizations 0, 1, 2");
        assertThat(PointProblems.noSuchSelection(member7, "ukv", "air_temperature", "valid at " + T, " ").detail())
                .isEqualTo("No ukv air_temperature file valid at 2025-06-14T03:00:00Z has realization 7");
    }

    @Test
    void noFileNamesTheModelAndRunWhenGivenAndWhereToLook() {
        assertThat(PointProblems.noFileAt(Optional.empty(), "air_temperature", Optional.empty(), T, Set.of()).detail())
                .isEqualTo("No air_temperature file is valid at 2025-06-14T03:00:00Z; GET /v1/times/2025-06-14T03:00:00Z lists"
                        + " the files valid then");
        assertThat(PointProblems.noFileAt(Optional.of("ukv"), "air_temperature", Optional.of(RUN), T, Set.of("air_temperature")).detail())
                .startsWith("No ukv air_temperature file of the run 2025-06-14T00:00:00Z is valid at 2025-06-14T03:00:00Z;");
        ApiProblem between = PointProblems.noFileBetween(Optional.of("ukv"), "wind_speed", Optional.empty(), RUN, T);
        assertThat(between.status()).isEqualTo(404);
        assertThat(between.detail()).isEqualTo("No ukv wind_speed file is valid from 2025-06-14T00:00:00Z to 2025-06-14T03:00:00Z;"
                + " GET /v1/times lists the validity times that have files");
    }

    @Test
    void aTooLongSeriesIsA400ThatGivesTheLimit() {
        ApiProblem p = PointProblems.tooManyTimes("ukv", RUN, T, 240);
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.detail()).isEqualTo("From 2025-06-14T00:00:00Z to 2025-06-14T03:00:00Z ukv has more than 240 validity"
                + " times; ask for a shorter range (at most 240 times per series)");
    }

    @Test
    void anUnknownVariableIsNamedWithTheClosestKnownOnesAndTheList() {
        ApiProblem p = PointProblems.noFileAt(Optional.empty(), "temperature", Optional.empty(), T,
                Set.of("air_temperature", "wind_speed", "relative_humidity", "rainfall_rate"));
        assertThat(p.status()).isEqualTo(404);
        assertThat(p.detail()).isEqualTo("Unknown variable 'temperature': no file of it is valid at 2025-06-14T03:00:00Z."
                + " Did you mean air_temperature? Variables with files valid at 2025-06-14T03:00:00Z: air_temperature,"
                + " rainfall_rate, relative_humidity, wind_speed.");
        assertThat(p.suggestions()).containsExactly("air_temperature");
        assertThat(PointProblems.noFileAt(Optional.empty(), "wind_sped", Optional.empty(), T, Set.of("wind_speed")).detail())
                .contains("Did you mean wind_speed?");
    }

    @Test
    void swappedLatitudeAndLongitudeAreNamed() {
        Grid grid = new Grid(GridProjection.of(GridProjectionTest.UK), new Axis(-520_000, 520_000, 2000, 521),
                new Axis(-480_000, 480_000, 2000, 481));
        // Edinburgh is 55.9533 N, 3.1883 W; given the other way round it is near the Equator, off the grid.
        PointProblems.OutsideGrid e = PointProblems.outside(new Site(-3.1883, 55.9533, null),
                IndexFixture.file("ukv", "air_temperature", "2025-06-14T00:00:00Z", "2025-06-14T03:00:00Z", "f"), grid);
        assertThat(e.getMessage()).endsWith(". Are latitude and longitude swapped? lat=55.9533&lon=-3.1883 is on the grid");
        PointProblems.OutsideGrid far = PointProblems.outside(new Site(40.0, -70.0, null),
                IndexFixture.file("ukv", "air_temperature", "2025-06-14T00:00:00Z", "2025-06-14T03:00:00Z", "f"), grid);
        assertThat(far.getMessage()).doesNotContain("swapped");
    }

    @Test
    void anUnknownPlaceIsASentenceWithSuggestions() {
        Gazetteer gazetteer = Gazetteer.load();
        ApiProblem p = PointProblems.unknownPlace(gazetteer, "location", "Edinburg");
        assertThat(p.status()).isEqualTo(404);
        assertThat(p.detail()).startsWith("Unknown location 'Edinburg'. Did you mean Edinburgh?").endsWith(".");
        assertThat(PointProblems.unknownPlace(gazetteer, "location", "Atlantis").detail())
                .startsWith("Unknown location 'Atlantis'. Places are UK cities and towns");
    }
}
