package io.isobar.query.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.model.IngestError;
import io.isobar.query.IndexExtension;
import io.isobar.query.IndexFixture;
import io.isobar.query.TestApi.Answer;

class ErrorsEndpointITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.seeded("errors", ErrorsEndpointITCase::seed);

    private static void seed(IndexFixture index) {
        // Three days, two errors in the same second, two kinds.
        index.put(error("e1", "2025-06-12T23:59:59Z", IngestError.Kind.NOT_NETCDF));
        index.put(error("e2", "2025-06-13T10:00:00Z", IngestError.Kind.TRUNCATED));
        index.put(error("e3", "2025-06-13T10:00:00Z", IngestError.Kind.NOT_NETCDF));
        index.put(error("e4", "2025-06-14T00:00:00Z", IngestError.Kind.MALFORMED_NOTIFICATION));
        index.put(error("e5", "2025-06-15T08:00:00Z", IngestError.Kind.NOT_NETCDF));
        // Recent, for the default range (the last 24 hours).
        index.put(error("recent", Instant.now().minusSeconds(60).toString(), IngestError.Kind.OBJECT_NOT_FOUND));
    }

    @Test
    void listsErrorsInARangeAcrossDays() {
        index.test(api -> {
            Answer a = api.get("/v1/ingest/errors?from=2025-06-12T00:00:00Z&to=2025-06-14T23:59:59Z");
            assertThat(a.status()).isEqualTo(200);
            assertThat(ids(a.json())).containsExactly("e1", "e2", "e3", "e4");
            JsonNode e = a.json().get("errors").get(0);
            assertThat(e.get("occurred_at").asText()).isEqualTo("2025-06-12T23:59:59Z");
            assertThat(e.get("kind").asText()).isEqualTo("NOT_NETCDF");
            assertThat(e.get("object_uri").asText()).isEqualTo("s3://met-office/e1.nc");
            assertThat(e.get("reason").asText()).contains("e1");
            assertThat(e.get("raw_message").asText()).isEqualTo("{\"key\":\"e1.nc\"}");
            assertThat(a.json().get("from").asText()).isEqualTo("2025-06-12T00:00:00Z");
        });
    }

    @Test
    void filtersByKindAndDefaultsToTheLastDay() {
        index.test(api -> {
            assertThat(ids(api.get("/v1/ingest/errors?from=20250612T0000Z&to=20250616T0000Z&kind=not_netcdf").json()))
                    .containsExactly("e1", "e3", "e5");
            assertThat(ids(api.get("/v1/ingest/errors").json())).containsExactly("recent");
            assertThat(api.get("/v1/ingest/errors?kind=BROKEN").status()).isEqualTo(400);
        });
    }

    @Test
    void pagesThroughErrorsOfTheSameSecondAndAcrossDays() {
        index.test(api -> {
            List<JsonNode> pages = api.pages("/v1/ingest/errors?from=2025-06-12T00:00:00Z&to=2025-06-16T00:00:00Z&limit=2", 10);
            assertThat(pages.stream().flatMap(p -> ids(p).stream())).containsExactly("e1", "e2", "e3", "e4", "e5");
            assertThat(pages).hasSize(3);
        });
    }

    @Test
    void boundsTheRange() {
        index.test(api -> {
            Answer a = api.get("/v1/ingest/errors?from=2025-05-01T00:00:00Z&to=2025-06-14T00:00:00Z");
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.json().get("detail").asText()).contains("31 days");
            assertThat(api.get("/v1/ingest/errors?from=2025-06-14T00:00:00Z&to=2025-06-13T00:00:00Z").status()).isEqualTo(400);
        });
    }

    private static IngestError error(String id, String at, IngestError.Kind kind) {
        return new IngestError(id, Instant.parse(at), kind, "s3://met-office/" + id + ".nc", "reason for " + id,
                "{\"key\":\"" + id + ".nc\"}");
    }

    private static List<String> ids(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.get("errors").forEach(e -> out.add(e.get("id").asText()));
        return out;
    }
}
