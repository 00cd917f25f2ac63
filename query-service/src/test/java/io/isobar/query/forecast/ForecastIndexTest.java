package io.isobar.query.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.isobar.model.ForecastFile;
import io.isobar.query.IndexFixture;

class ForecastIndexTest {

    @Test
    void theNewestRunAnswersAndWithinItTheInstantaneousField() {
        ForecastFile oldRun = IndexFixture.file("ukv", "air_temperature", "2025-06-14T00:00:00Z", "2025-06-14T03:00:00Z", "a");
        ForecastFile newRun = IndexFixture.file("ukv", "air_temperature", "2025-06-14T01:00:00Z", "2025-06-14T03:00:00Z", "b");
        ForecastFile newMax = IndexFixture.file("ukv", "air_temperature_max", "2025-06-14T01:00:00Z", "2025-06-14T03:00:00Z", "c");
        ForecastFile statistic = new ForecastFile("d", "ukv", "air_temperature", null, null, "K", "time: maximum",
                newMax.forecastReferenceTime(), newMax.forecastPeriod(), newMax.time(), List.of(), List.of(), List.of(), List.of(),
                "s3://a/d.nc", "s3://m/d.nc", 1, null, newMax.indexedAt());
        assertThat(ForecastIndex.choose(List.of(oldRun, statistic, newRun))).containsExactly(newRun);
        assertThat(ForecastIndex.choose(List.of(oldRun, statistic))).containsExactly(statistic);
        assertThat(ForecastIndex.choose(List.of(oldRun))).containsExactly(oldRun);
        // An ensemble run split over files: all of them, by object id.
        ForecastFile memberA = IndexFixture.file("mogreps-uk", "air_temperature", "2025-06-14T00:00:00Z", "2025-06-14T03:00:00Z", "m-b");
        ForecastFile memberB = IndexFixture.file("mogreps-uk", "air_temperature", "2025-06-14T00:00:00Z", "2025-06-14T03:00:00Z", "m-a");
        assertThat(ForecastIndex.choose(List.of(memberA, memberB))).containsExactly(memberB, memberA);
        assertThat(ForecastIndex.choose(List.of())).isEmpty();
    }
}
