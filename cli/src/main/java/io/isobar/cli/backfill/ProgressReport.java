package io.isobar.cli.backfill;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import io.isobar.job.backfill.BackfillProgress;

/**
 * The console line of a running backfill: files processed out of those found, what became of them, the
 * rate over the last {@value #WINDOW_SECONDS} seconds and the time left at that rate.
 */
public final class ProgressReport {

    static final int WINDOW_SECONDS = 10;

    private record Sample(long nanos, long processed) {}

    private final long found;
    private final long startNanos;
    private final Deque<Sample> window = new ArrayDeque<>();

    /** A report for {@code found} files, timed from {@code startNanos} ({@link System#nanoTime()}). */
    public ProgressReport(long found, long startNanos) {
        this.found = found;
        this.startNanos = startNanos;
    }

    /** The line for {@code progress} seen at {@code nowNanos}. */
    public String line(BackfillProgress progress, long nowNanos) {
        window.addLast(new Sample(nowNanos, progress.processed()));
        while (window.size() > 2 && window.peekFirst().nanos() < nowNanos - Duration.ofSeconds(WINDOW_SECONDS).toNanos()) {
            window.removeFirst();
        }
        double rate = rate();
        long left = Math.max(0, found - progress.processed());
        String eta = rate > 0 ? duration(Duration.ofMillis((long) (left / rate * 1000))) : "?";
        return String.format("[%s] processed %d/%d (%d%%): %d indexed, %d skipped, %d duplicates, %d failed | %.1f files/s | ETA %s",
                duration(Duration.ofNanos(nowNanos - startNanos)), progress.processed(), found,
                found == 0 ? 100 : progress.processed() * 100 / found, progress.indexed(), progress.skippedByHeader(),
                progress.duplicates(), progress.failed(), rate, eta);
    }

    /** Files per second over the window (0 until there are two samples). */
    double rate() {
        if (window.size() < 2) {
            return 0;
        }
        Sample first = window.peekFirst();
        Sample last = window.peekLast();
        double seconds = (last.nanos() - first.nanos()) / 1e9;
        return seconds <= 0 ? 0 : (last.processed() - first.processed()) / seconds;
    }

    /** {@code 42 s}, {@code 3 min 05 s}, {@code 1 h 02 min}. */
    public static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format("%d min %02d s", s / 60, s % 60);
        }
        return String.format("%d h %02d min", s / 3600, s % 3600 / 60);
    }
}
