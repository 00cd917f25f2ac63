package io.isobar.job.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackfillSpecTest {

    @ParameterizedTest
    @CsvSource({
            "2026-11-23T06:00:00Z, 2026-11-23T06:00:00Z",
            "2026-11-23T07:00+01:00, 2026-11-23T06:00:00Z",
            "2026-11-23T06:00, 2026-11-23T06:00:00Z",
            "2026-11-23, 2026-11-23T00:00:00Z",
            "20261123T0600Z, 2026-11-23T06:00:00Z"})
    void parsesTimesInEveryFormOperatorsUse(String text, String expected) {
        assertThat(BackfillSpec.parseTime(text)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void aBadTimeSaysWhatWouldDo() {
        assertThatThrownBy(() -> BackfillSpec.parseTime("yesterday")).hasMessageContaining("'yesterday' is not a time")
                .hasMessageContaining("2026-11-23T06:00:00Z");
    }

    @Test
    void normalisesSources() {
        assertThat(new BackfillSpec("s3a://mo/uk/", null, null, null, "r").source()).isEqualTo("s3://mo/uk/");
        BackfillSpec dir = new BackfillSpec("relative/dir", null, null, null, "r");
        assertThat(dir.source()).isEqualTo(Path.of("relative/dir").toAbsolutePath().toUri().toString());
        assertThat(dir.readsS3()).isFalse();
        assertThat(new BackfillSpec(dir.source(), "s3a://mo", null, null, "r").mirrorOf()).isEqualTo("s3://mo");
    }

    @Test
    void rejectsWhatCannotWork() {
        assertThatThrownBy(() -> new BackfillSpec("s3://mo/", "s3://other/", null, null, "r")).hasMessageContaining("only makes sense for a directory");
        assertThatThrownBy(() -> new BackfillSpec("/data", "/elsewhere", null, null, "r")).hasMessageContaining("s3://BUCKET");
        assertThatThrownBy(() -> new BackfillSpec("s3:///prefix", null, null, null, "r")).hasMessageContaining("names no bucket");
        Instant t = Instant.parse("2026-11-23T06:00:00Z");
        assertThatThrownBy(() -> new BackfillSpec("/data", null, t, t, "r")).hasMessageContaining("time range is empty");
    }

    @Test
    void runIdsSayWhenTheRunStarted() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T00:15:00Z"), ZoneOffset.UTC);
        assertThat(BackfillSpec.newRunId(clock)).matches("backfill-20261124T001500Z-[0-9a-f]{4}");
        assertThat(BackfillSpec.of("/data", null, null, null, clock).origin()).startsWith("backfill-20261124T001500Z-");
    }
}
