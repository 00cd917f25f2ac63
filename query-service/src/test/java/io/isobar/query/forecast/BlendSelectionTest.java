package io.isobar.query.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.isobar.model.FieldKind;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.GridKind;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.query.IndexFixture;
import io.isobar.query.http.ApiProblem;

/** What percentile= and threshold= mean for the files that answer, decided from their index entries alone. */
class BlendSelectionTest {

    static final String RUN = "2026-07-21T03:00:00Z";
    static final String TIME = "2026-07-21T06:00:00Z";
    static final NetcdfHeader.Threshold WIND = new NetcdfHeader.Threshold("wind_speed", "m s-1", "greater_than_or_equal_to",
            List.of(5.0, 10.0, 15.0));
    static final ForecastFile PERCENTILES = kind(IndexFixture.file("bpf-uk-percentiles", "air_temperature", RUN, TIME, "p"),
            new FieldKind(GridKind.PROJECTED, 0, List.of(10.0, 50.0, 90.0), null));
    static final ForecastFile PROBABILITIES = kind(IndexFixture.file("bpf-uk-probabilities",
            "probability_of_wind_speed_above_threshold", RUN, TIME, "t"), new FieldKind(GridKind.PROJECTED, 0, List.of(), WIND));
    static final ForecastFile UKV = kind(IndexFixture.file("ukv", "air_temperature", RUN, TIME, "u"),
            new FieldKind(GridKind.PROJECTED, 0, List.of(), null));
    static final ForecastFile UKV_UNRECORDED = IndexFixture.file("ukv", "air_temperature", RUN, TIME, "o");

    @Test
    void aPercentileTheBlendHasChoosesItsSlice() {
        ForecastQuery q = query(percentile(50), EnsembleStatistics.none());
        assertThat(resolve(q, PERCENTILES)).isSameAs(q);
    }

    @Test
    void aPercentileTheBlendLacksIsA400ListingTheOnesItHas() {
        assertThatThrownBy(() -> resolve(query(percentile(33), EnsembleStatistics.none()), PERCENTILES))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.detail()).contains("'percentile' is 33").contains("10, 50, 90%").contains("bpf-uk-percentiles");
                    assertThat(p.suggestions()).containsExactly("percentile=10", "percentile=50", "percentile=90");
                });
    }

    @Test
    void theEnsembleStatisticsParametersAskABlendForItsOwnSlices() {
        ForecastQuery p90 = resolve(query(Selection.all(), stats(null, "90", null)), PERCENTILES);
        assertThat(p90.selection().percentile()).contains(90.0);
        assertThat(p90.statistics().any()).as("nothing left to compute from members").isFalse();

        ForecastQuery above10 = resolve(query(Selection.all(), stats(null, null, "10")), PROBABILITIES);
        assertThat(above10.selection().threshold()).contains(10.0);
        assertThat(above10.statistics().any()).isFalse();
    }

    @Test
    void aThresholdTheBlendLacksIsA400WithItsThresholdsAndUnits() {
        assertThatThrownBy(() -> resolve(query(Selection.all(), stats(null, null, "7")), PROBABILITIES))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.detail()).contains("'threshold' is 7").contains("5, 10, 15 m s-1");
                    assertThat(p.suggestions()).containsExactly("threshold=5", "threshold=10", "threshold=15");
                });
        assertThatThrownBy(() -> resolve(query(Selection.all(), stats(null, null, "5,10")), PROBABILITIES))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.detail()).contains("one at a time"));
        assertThatThrownBy(() -> resolve(query(Selection.all(), stats("mean", null, null)), PROBABILITIES))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.detail()).contains("not ensemble members"));
    }

    @Test
    void onAModelThresholdStaysAnEnsembleStatisticAndAPercentileIsA400() {
        ForecastQuery exceed = query(Selection.all(), stats(null, null, "280"));
        assertThat(resolve(exceed, UKV)).isSameAs(exceed);
        assertThatThrownBy(() -> resolve(query(percentile(50), EnsembleStatistics.none()), UKV))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.detail()).contains("has no percentile dimension");
                });
    }

    @Test
    void entriesIndexedBeforeFieldKindsAreLeftToTheirHeaders() {
        ForecastQuery q = query(percentile(50), EnsembleStatistics.none());
        assertThat(resolve(q, UKV_UNRECORDED)).isSameAs(q);
    }

    @Test
    void aBlendsSlicesCostOneValueEachAndOneAskedForCostsOne() {
        ForecastPlan all = plan(query(Selection.all(), EnsembleStatistics.none()), PERCENTILES);
        assertThat(all.estimatedValues()).isEqualTo(3);
        assertThat(plan(query(percentile(50), EnsembleStatistics.none()), PERCENTILES).estimatedValues()).isEqualTo(1);
        assertThat(plan(query(percentile(33), EnsembleStatistics.none()), PERCENTILES).estimatedValues()).isZero();
        assertThat(plan(query(Selection.all(), EnsembleStatistics.none()), PROBABILITIES).estimatedValues()).isEqualTo(3);
        assertThat(plan(query(Selection.all().withBlend(Optional.empty(), Optional.of(10.0)), EnsembleStatistics.none()),
                PROBABILITIES).estimatedValues()).isEqualTo(1);
    }

    private static ForecastQuery resolve(ForecastQuery q, ForecastFile file) {
        return BlendSelection.resolve(q, file.model(), List.of(file));
    }

    private static ForecastPlan plan(ForecastQuery q, ForecastFile file) {
        java.util.TreeMap<Instant, List<ForecastFile>> byTime = new java.util.TreeMap<>();
        byTime.put(file.time(), List.of(file));
        return new ForecastPlan(q, file.model(), java.util.Map.of(file.variable(), byTime));
    }

    private static ForecastQuery query(Selection selection, EnsembleStatistics statistics) {
        return new ForecastQuery(Optional.empty(), List.of("air_temperature"),
                new ForecastQuery.Points(List.of(new ForecastQuery.Site(51.5, -0.12, null)), PointSample.Method.NEAREST),
                new ForecastQuery.At(Instant.parse(TIME)), new ForecastQuery.Newest(), selection, statistics);
    }

    private static Selection percentile(double p) {
        return Selection.all().withBlend(Optional.of(p), Optional.empty());
    }

    private static EnsembleStatistics stats(String names, String percentiles, String thresholds) {
        return EnsembleStatistics.parse(Optional.ofNullable(names), Optional.ofNullable(percentiles), Optional.ofNullable(thresholds));
    }

    private static ForecastFile kind(ForecastFile f, FieldKind kind) {
        return new ForecastFile(f.objectId(), f.model(), f.variable(), f.standardName(), f.longName(), f.units(), f.cellMethods(),
                f.forecastReferenceTime(), f.forecastPeriod(), f.time(), f.realizations(), List.of(), f.pressures(), f.dimensions(),
                f.uri(), f.sourceUri(), f.sizeBytes(), f.etag(), f.indexedAt(), f.chunkLayout(), f.announcedAt(), kind);
    }
}
