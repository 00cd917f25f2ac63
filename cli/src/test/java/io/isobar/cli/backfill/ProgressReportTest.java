package io.isobar.cli.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.isobar.job.backfill.BackfillProgress;

class ProgressReportTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void reportsCountsRateOverTheRecentWindowAndTimeLeft() {
        ProgressReport report = new ProgressReport(1000, 0);
        assertThat(report.line(BackfillProgress.NONE, 2 * SECOND)).contains("processed 0/1000 (0%)").contains("ETA ?");
        String line = report.line(new BackfillProgress(180, 10, 5, 5), 4 * SECOND);
        assertThat(line).startsWith("[4 s] processed 200/1000 (20%): 180 indexed, 10 skipped, 5 duplicates, 5 failed")
                .contains("100.0 files/s").contains("ETA 8 s");
    }

    @Test
    void forgetsSamplesOlderThanTheWindow() {
        ProgressReport report = new ProgressReport(10_000, 0);
        report.line(new BackfillProgress(0, 0, 0, 0), 0);
        report.line(new BackfillProgress(5000, 0, 0, 0), 5 * SECOND); // a fast start...
        report.line(new BackfillProgress(5100, 0, 0, 0), 20 * SECOND);
        assertThat(report.line(new BackfillProgress(5200, 0, 0, 0), 25 * SECOND)).as("...no longer counts")
                .contains("20.0 files/s");
    }

    @Test
    void formatsDurationsForPeople() {
        assertThat(ProgressReport.duration(Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(ProgressReport.duration(Duration.ofSeconds(185))).isEqualTo("3 min 05 s");
        assertThat(ProgressReport.duration(Duration.ofMinutes(62))).isEqualTo("1 h 02 min");
    }
}
