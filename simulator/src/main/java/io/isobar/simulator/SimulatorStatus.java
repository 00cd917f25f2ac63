package io.isobar.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a running {@link Simulator} is doing, for people: per product what it has published and which run it is in,
 * and what comes next. The local stack's banner and progress lines are written from it.
 *
 * @param schedule the schedule it follows
 * @param running false once it has stopped (closed, or every configured run published)
 * @param startedAt when it started, or null before
 * @param published files published since it started
 * @param failures writes, uploads and sends that failed
 * @param nextDue when the next file is due (FEED), or null
 * @param backlog files already due and not yet published (FEED): more than a few means it is catching up
 * @param products per canonical product name, in the configured order
 */
public record SimulatorStatus(SimulatorConfig.Schedule schedule, boolean running, Instant startedAt, long published,
        long failures, Instant nextDue, int backlog, Map<String, Product> products) {

    /**
     * One product's progress.
     *
     * @param bucket its bucket (today's name)
     * @param published files published
     * @param lastPublished when its last file went, or null
     * @param run the run it is publishing, or null before its first file
     * @param ofRun files of that run published so far
     * @param runSize files that run has
     * @param nextRun its next run (FEED), or null
     */
    public record Product(String bucket, long published, Instant lastPublished, Instant run, int ofRun, int runSize,
            Instant nextRun) {}

    /**
     * One line for a person: {@code 312 files published, last 3 s ago (mogreps-g run 12Z, 14/70), next in 9 s}, or
     * that it is catching up, or has stopped.
     */
    public String line(Instant now) {
        StringBuilder out = new StringBuilder().append(published).append(published == 1 ? " file" : " files").append(" published");
        Map.Entry<String, Product> last = null;
        for (Map.Entry<String, Product> e : products.entrySet()) {
            if (e.getValue().lastPublished() != null && (last == null
                    || e.getValue().lastPublished().isAfter(last.getValue().lastPublished()))) {
                last = e;
            }
        }
        if (last != null) {
            Product p = last.getValue();
            out.append(", last ").append(ago(p.lastPublished(), now)).append(" (").append(last.getKey());
            if (p.run() != null) {
                out.append(" run ").append(hour(p.run())).append(", ").append(p.ofRun()).append('/').append(p.runSize());
            }
            out.append(')');
        }
        if (failures > 0) {
            out.append(", ").append(failures).append(failures == 1 ? " failure" : " failures");
        }
        if (!running) {
            return out.append("; stopped").toString();
        }
        if (backlog > 1) {
            out.append("; catching up, ").append(backlog).append(" files due");
        } else if (nextDue != null) {
            out.append("; next ").append(nextDue.isAfter(now) ? "in " + Duration.between(now, nextDue).toSeconds() + " s" : "now");
        }
        return out.toString();
    }

    private static String ago(Instant then, Instant now) {
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        return s < 120 ? s + " s ago" : s / 60 + " min ago";
    }

    /** {@code 12Z} for a run on the hour, {@code 20260721T1200Z} otherwise... the hour is what people say. */
    private static String hour(Instant run) {
        return String.format(java.util.Locale.ROOT, "%02dZ", run.atZone(java.time.ZoneOffset.UTC).getHour());
    }
}
