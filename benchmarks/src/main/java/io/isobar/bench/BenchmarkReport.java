package io.isobar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The benchmarks' one report writer: machine facts, and the benchmark's own section of {@code docs/benchmarks.md} (or of
 * the file {@code --docs} names), replaced in place on every run. Settings are each benchmark's options.
 */
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

    /** CPUs, memory, operating system and Java: "2 CPUs (nproc), 23.5 GiB RAM, Linux amd64; OpenJDK 64-Bit Server VM 17.0.15+6". */
    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " CPUs (nproc), " + memory() + " RAM, " + System.getProperty("os.name")
                + ' ' + System.getProperty("os.arch") + "; " + System.getProperty("java.vm.name") + ' '
                + System.getProperty("java.runtime.version");
    }

    /** A section's heading and the line naming the run's date, its class and the command that reruns it. */
    static StringBuilder header(String heading, Class<?> benchmark, String command) {
        return new StringBuilder(heading).append("\n\nRun ").append(LocalDate.now(ZoneOffset.UTC)).append(" by `")
                .append(benchmark.getName()).append("`. Command:\n\n```\n").append(command).append("\n```\n\n");
    }

    /** Prints the section and writes it into the benchmarks document {@code docs}. */
    static void publish(Path docs, String heading, String section) throws IOException {
        System.out.println();
        System.out.println(section);
        write(docs, heading, section);
        System.out.println("Wrote " + docs.toAbsolutePath());
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
