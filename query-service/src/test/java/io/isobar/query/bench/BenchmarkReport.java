package io.isobar.query.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the query-service benchmarks share: machine facts, settings from the environment, and their docs section. */
final class BenchmarkReport {

    private BenchmarkReport() {}

    /** The 1-minute load average, or "unknown" off Linux. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Total memory, or "unknown" off Linux. */
    static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }

    /** An integer setting from the environment, or its default. */
    static int setting(String env, int def) {
        String v = System.getenv(env);
        return v == null || v.isBlank() ? def : Integer.parseInt(v.trim());
    }

    /**
     * Replaces the section starting with {@code heading} in {@code file}, or appends it; other sections stay as
     * they are.
     */
    static void write(Path file, String heading, String section) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String existing = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        int start = existing.indexOf(heading);
        String updated;
        if (start < 0) {
            updated = existing + (existing.endsWith("\n\n") ? "" : existing.endsWith("\n") ? "\n" : "\n\n") + section;
        } else {
            int next = existing.indexOf("\n## ", start + heading.length());
            updated = existing.substring(0, start) + section + (next < 0 ? "" : "\n" + existing.substring(next + 1));
        }
        Files.writeString(file, updated);
    }
}
