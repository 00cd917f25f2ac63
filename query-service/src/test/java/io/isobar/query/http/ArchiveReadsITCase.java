package io.isobar.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.bytes.LocalFileSource;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.isobar.netcdf.layout.StoredLayout;
import io.isobar.query.IndexFixture;
import io.isobar.query.QueryServiceTesting;
import io.isobar.query.TestApi;

/**
 * Point reads over HTTP of a file indexed with its chunk layout cost one archive GET (the chunk), of one indexed
 * without it the header GETs too; {@code GET /metrics} counts both, requests and bytes.
 */
@ExtendWith(LocalAwsExtension.class)
class ArchiveReadsITCase {

    private static final String FIXTURE = "ukv-2d-air_temperature.nc";
    private static final String RUN = "2025-06-14T00:00:00Z";
    private static IndexFixture index;

    @BeforeAll
    static void seed(LocalAws aws) throws Exception {
        index = new IndexFixture(aws, "archive-reads");
        String bucket = LocalAws.uniqueName("reads-archive");
        Path fixture = Path.of(ArchiveReadsITCase.class.getResource("/fixtures/" + FIXTURE).toURI());
        byte[] bytes = IndexFixture.resource("fixtures/" + FIXTURE);
        byte[] layout;
        try (LocalFileSource source = LocalFileSource.open(fixture)) {
            layout = new NetcdfHeaderReader().readWithLayout(source).layout().encode();
        }
        for (String hour : List.of("01", "02")) {
            String uri = "s3://" + bucket + "/ukv/at-" + hour + ".nc";
            index.upload(uri, bytes);
            Instant t = Instant.parse("2025-06-14T" + hour + ":00:00Z");
            ForecastFile file = new ForecastFile("at-" + hour, "ukv", "air_temperature", "air_temperature", null, "K", null,
                    Instant.parse(RUN), Duration.between(Instant.parse(RUN), t).toSeconds(), t, List.of(), List.of(), List.of(),
                    List.of(), uri, "s3://met-office/at-" + hour + ".nc", bytes.length, "etag-" + hour,
                    Instant.parse("2025-06-14T00:30:00Z"));
            // Hour 01 is indexed with its layout (as the job now does), hour 02 without (indexed before layouts).
            index.put("01".equals(hour) ? file.withChunkLayout(StoredLayout.inline(layout)) : file);
        }
    }

    @AfterAll
    static void close() {
        index.close();
    }

    @Test
    void aFileWithItsLayoutCostsOneGetPerChunkAndTheMetricsCountIt() {
        QueryServiceTesting.test(index.service(), api -> {
            long requests0 = metric(api, "isobar_archive_get_requests_total");
            long bytes0 = metric(api, "isobar_archive_get_bytes_total");
            assertThat(requests0).isZero();

            TestApi.Answer a = api.get("/v1/point?place=Douglas&time=2025-06-14T01:00:00Z&variable=air_temperature&model=ukv");
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            assertThat(metric(api, "isobar_archive_get_requests_total")).as("one GET: the chunk, no header").isEqualTo(1);
            long chunkBytes = metric(api, "isobar_archive_get_bytes_total") - bytes0;
            assertThat(chunkBytes).isPositive().isLessThan(64 * 1024);
            assertThat(metric(api, "isobar_archive_files_opened_total{from=\"layout\"}")).isEqualTo(1);

            TestApi.Answer b = api.get("/v1/point?place=Douglas&time=2025-06-14T02:00:00Z&variable=air_temperature&model=ukv");
            assertThat(b.status()).as(b.body()).isEqualTo(200);
            assertThat(b.json().at("/values/0/value").asDouble()).isEqualTo(a.json().at("/values/0/value").asDouble());
            long withHeader = metric(api, "isobar_archive_get_requests_total") - 1;
            assertThat(withHeader).as("a file indexed without its layout also costs its header").isGreaterThan(1);
            assertThat(metric(api, "isobar_archive_files_opened_total{from=\"header\"}")).isEqualTo(1);
        });
    }

    /** A counter's value in the Prometheus text of {@code GET /metrics}. */
    private static long metric(TestApi api, String series) {
        String text = api.get("/metrics").body();
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        String labels = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : "";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        while (m.find()) {
            if (labels.isEmpty() || (m.group(1) != null && m.group(1).contains(labels))) {
                return (long) Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no " + series + " in /metrics:\n" + text);
    }
}
