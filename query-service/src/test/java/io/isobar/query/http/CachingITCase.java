package io.isobar.query.http;

import static io.isobar.query.IndexFixture.file;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.isobar.query.IndexExtension;
import io.isobar.query.TestApi;
import io.isobar.query.TestApi.Answer;

class CachingITCase {

    @RegisterExtension
    static final IndexExtension index = IndexExtension.sample("caching");

    @Test
    void answersIfNoneMatchWith304() {
        index.test(api -> {
            for (String path : new String[] {"/v1/times", "/v1/times/20250614T0100Z", "/v1/runs", "/v1/runs/20250614T0000Z?model=ukv",
                    "/v1/ingest/errors?from=2025-06-14T00:00:00Z&to=2025-06-15T00:00:00Z", "/v1/openapi.json", "/docs"}) {
                Answer first = api.get(path);
                assertThat(first.status()).as(path).isEqualTo(200);
                String etag = first.header("ETag");
                assertThat(etag).as(path).matches("\"[A-Za-z0-9_-]+\"");
                assertThat(first.header("Cache-Control")).as(path).isNotBlank();
                Answer again = api.get(path, b -> b.header("If-None-Match", etag));
                assertThat(again.status()).as(path).isEqualTo(304);
                assertThat(again.body()).as(path).isEmpty();
                assertThat(api.get(path, b -> b.header("If-None-Match", "W/" + etag + ", \"other\"")).status()).as(path).isEqualTo(304);
                assertThat(api.get(path, b -> b.header("If-None-Match", "\"other\"")).status()).as(path).isEqualTo(200);
            }
            assertThat(api.get("/v1/times").header("Cache-Control")).isEqualTo("private, no-cache");
            assertThat(api.get("/v1/times?limit=0").header("Cache-Control")).isEqualTo("no-store");
        });
    }

    @Test
    void newFilesShowUpInEveryViewWithinASecond() {
        index.test(api -> {
            // Warm every cache first, so the test sees expiry, not a first read.
            String[] views = {"/v1/times?model=ukv", "/v1/times/2025-06-14T09:00:00Z", "/v1/runs?model=ukv",
                    "/v1/runs/2025-06-14T08:00:00Z?model=ukv", "/v1/times"};
            String[] before = new String[views.length];
            for (int i = 0; i < views.length; i++) {
                before[i] = api.get(views[i]).header("ETag");
            }
            Instant written = Instant.now();
            index.fixture().put(file("ukv", "air_temperature", "2025-06-14T08:00:00Z", "2025-06-14T09:00:00Z", "fresh-09"));
            for (int i = 0; i < views.length; i++) {
                assertThat(waitForChange(api, views[i], before[i])).as(views[i]).isTrue();
            }
            // Generous for a loaded machine; the caches themselves hold data for 500 ms.
            assertThat(Duration.between(written, Instant.now())).isLessThan(Duration.ofSeconds(10));
            assertThat(api.get("/v1/times/2025-06-14T09:00:00Z").body()).contains("fresh-09");
        });
    }

    private static boolean waitForChange(TestApi api, String path, String etag) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!etag.equals(api.get(path).header("ETag"))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
