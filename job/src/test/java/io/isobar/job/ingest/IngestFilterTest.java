package io.isobar.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isobar.job.config.JobConfig;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The allow-list: built from the job's settings in one place, open for unknown hints, strict on the header. */
class IngestFilterTest {

    private static final Instant T0 = Instant.parse("2026-11-23T06:00:00Z");

    private static IngestFilter fromSettings(String models, String variables) {
        Properties p = new Properties();
        p.setProperty(JobConfig.REGION, "eu-west-2");
        p.setProperty(JobConfig.ARCHIVE_BUCKET, "archive");
        p.setProperty(JobConfig.FILTER_MODELS, models);
        p.setProperty(JobConfig.FILTER_VARIABLES, variables);
        return IngestFilter.of(JobConfig.fromProperties(p));
    }

    @Test
    void theSettingsAllowListDecides() {
        IngestFilter filter = fromSettings("ukv", "air_temperature, wind_speed");

        assertThat(filter.accepts("ukv", "wind_speed")).isTrue();
        assertThat(filter.accepts("ukv", "relative_humidity")).isFalse();
        assertThat(filter.accepts("global", "wind_speed")).isFalse();
        // Before the header is read, what is not known yet cannot reject a file.
        assertThat(filter.mayAccept(null, "wind_speed")).isTrue();
        assertThat(filter.mayAccept("global", null)).isFalse();
    }

    @Test
    void emptyListsAcceptEverything() {
        IngestFilter filter = fromSettings("", "");
        assertThat(filter.accepts("anything", "at_all")).isTrue();
        assertThat(filter).isEqualTo(IngestFilter.all());
    }

    @Test
    void aTimeWindowIsHalfOpen() {
        IngestFilter window = fromSettings("", "").withTimeRange(T0, T0.plusSeconds(3600));
        assertThat(window.accepts("ukv", "x", T0)).isTrue();
        assertThat(window.accepts("ukv", "x", T0.plusSeconds(3600))).isFalse();
        assertThat(window.mayAccept("ukv", "x", null)).isTrue();
        assertThatThrownBy(() -> IngestFilter.all().withTimeRange(T0, T0)).isInstanceOf(IllegalArgumentException.class);
    }
}
