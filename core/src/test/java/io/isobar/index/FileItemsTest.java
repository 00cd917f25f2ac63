package io.isobar.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.isobar.model.FieldKind;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.GridKind;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.layout.StoredLayout;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The files item keeps what a query needs of a blend's or a spot file's values, reads entries without it, and listings
 * project every attribute of it but the inline chunk layout, so none goes missing from a listing. */
class FileItemsTest {

    @Test
    void listingsProjectEveryAttributeButTheInlineLayout() {
        Instant t = Instant.parse("2026-11-23T06:00:00Z");
        ForecastFile full = new ForecastFile("id", "ukv", "v", "s", "l", "K", "time: mean", t, 0, t, List.of(0), List.of(1.5),
                List.of(85000.0), List.of("x=1"), "s3://a/b", "s3://c/d", 1, "e", t, StoredLayout.inline(new byte[] {1, 2}), t,
                new FieldKind(GridKind.SPOT, 7213, List.of(5.0, 50.0), new NetcdfHeader.Threshold("wind_speed", "m s-1", "greater_than", List.of(5.0))));
        ForecastFile sidecar = full.withChunkLayout(StoredLayout.sidecar("s3://a/b.chunks"));
        Set<String> attributes = new HashSet<>(FileItems.toItem(full).keySet());
        attributes.addAll(FileItems.toItem(sidecar).keySet());
        attributes.add("item_notes"); // what ItemGuard adds when it had to make an entry fit
        attributes.remove(FileItems.CHUNK_LAYOUT);
        assertThat(FileItems.LISTED).containsExactlyInAnyOrderElementsOf(attributes);
    }

    private static final Instant RUN = Instant.parse("2026-07-21T02:00:00Z");

    private static ForecastFile entry(FieldKind kind) {
        return new ForecastFile("9f86d081884c7d65", "bpf-uk-spot-probabilities", "probability_of_wind_speed_above_threshold",
                null, "probability_of_wind_speed_above_threshold", "1", null, RUN, 3600, RUN.plusSeconds(3600), List.of(),
                List.of(10.0), List.of(), List.of("threshold=3", "spot_index=7213"), "s3://archive/k.nc", "s3://source/k.nc",
                1234, "etag", RUN, null, null, kind);
    }

    @Test
    void thresholdsAndSitesRoundTrip() {
        FieldKind kind = new FieldKind(GridKind.SPOT, 7213, List.of(),
                new NetcdfHeader.Threshold("wind_speed", "m s-1", "greater_than_or_equal_to", List.of(5.0, 10.0, 15.0)));

        Map<String, AttributeValue> item = FileItems.toItem(entry(kind));

        assertThat(item.get(FileItems.GRID_KIND).s()).isEqualTo("spot");
        assertThat(item.get(FileItems.SITES).n()).isEqualTo("7213");
        assertThat(item.get(FileItems.THRESHOLD_COMPARISON).s()).isEqualTo("greater_than_or_equal_to");
        assertThat(FileItems.fromItem(item).kind()).isEqualTo(kind);
    }

    @Test
    void percentilesOnALatitudeLongitudeGridRoundTrip() {
        FieldKind kind = new FieldKind(GridKind.LATITUDE_LONGITUDE, 0, List.of(5.0, 50.0, 95.0), null);

        Map<String, AttributeValue> item = FileItems.toItem(entry(kind));

        assertThat(item).doesNotContainKeys(FileItems.SITES, FileItems.THRESHOLDS, FileItems.THRESHOLD_NAME);
        assertThat(FileItems.fromItem(item).kind()).isEqualTo(kind);
    }

    @Test
    void anEntryIndexedBeforeKindsWereRecordedReadsAsUnknown() {
        Map<String, AttributeValue> item = FileItems.toItem(entry(FieldKind.UNKNOWN));

        assertThat(item).doesNotContainKeys(FileItems.GRID_KIND, FileItems.PERCENTILES);
        assertThat(FileItems.fromItem(item).kind()).isEqualTo(FieldKind.UNKNOWN);
    }
}
