package io.isobar.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.isobar.model.ForecastFile;
import io.isobar.netcdf.layout.StoredLayout;

/** Listings project every attribute of a files item but the inline chunk layout, so none goes missing from a listing. */
class FileItemsTest {

    @Test
    void listingsProjectEveryAttributeButTheInlineLayout() {
        Instant t = Instant.parse("2026-11-23T06:00:00Z");
        ForecastFile full = new ForecastFile("id", "ukv", "v", "s", "l", "K", "time: mean", t, 0, t, List.of(0), List.of(1.5),
                List.of(85000.0), List.of("x=1"), "s3://a/b", "s3://c/d", 1, "e", t, StoredLayout.inline(new byte[] {1, 2}), t);
        ForecastFile sidecar = full.withChunkLayout(StoredLayout.sidecar("s3://a/b.chunks"));
        Set<String> attributes = new HashSet<>(FileItems.toItem(full).keySet());
        attributes.addAll(FileItems.toItem(sidecar).keySet());
        attributes.add("item_notes"); // what ItemGuard adds when it had to make an entry fit
        attributes.remove(FileItems.CHUNK_LAYOUT);
        assertThat(FileItems.LISTED).containsExactlyInAnyOrderElementsOf(attributes);
    }
}
