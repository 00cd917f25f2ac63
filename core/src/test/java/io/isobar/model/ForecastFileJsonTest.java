package io.isobar.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import io.isobar.netcdf.layout.StoredLayout;

/** The index entry as the API shows it: every field users read, in order, and nothing that is only for reading the file. */
class ForecastFileJsonTest {

    @Test
    void theApiShowsTheEntryWithoutItsEtagAndLayout() throws Exception {
        Instant run = Instant.parse("2025-06-14T00:00:00Z");
        ForecastFile file = new ForecastFile("0123456789abcdef", "ukv", "air_temperature", "air_temperature", "Screen temperature",
                "K", null, run, 3600, run.plusSeconds(3600), List.of(), List.of(1.5), List.of(),
                List.of("projection_y_coordinate=970", "projection_x_coordinate=1042"), "s3://archive/ukv/a.nc",
                "s3://mo/a.nc", 4_034_391L, "etag-a", run.plusSeconds(1800), StoredLayout.inline(new byte[] {1, 2, 3}),
                run.plusSeconds(1797));

        JsonNode json = Json.mapper().valueToTree(file);

        assertThat(json.fieldNames()).toIterable().containsExactly("model", "variable", "standard_name", "long_name", "units",
                "forecast_reference_time", "forecast_period", "time", "realizations", "heights", "pressures", "dimensions", "uri",
                "source_uri", "size_bytes", "object_id", "indexed_at", "announced_at");
        assertThat(json.get("forecast_reference_time").asText()).isEqualTo("2025-06-14T00:00:00Z");
        assertThat(json.get("forecast_period").asLong()).isEqualTo(3600);
        assertThat(json.get("object_id").asText()).isEqualTo("0123456789abcdef");
        assertThat(json.get("heights").get(0).asDouble()).isEqualTo(1.5);
    }
}
