package io.isobar.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {

    @TempDir
    Path dir;

    @Test
    void aRunReplacesItsOwnSectionAndLeavesTheOthers() throws Exception {
        Path docs = dir.resolve("benchmarks.md");
        Files.writeString(docs, "# Benchmarks\n\n## A\n\nold a\n\n## B\n\nold b\n\n## C\n\nc\n");
        BenchmarkReport.write(docs, "## B", "## B\n\nnew b\n");
        assertThat(Files.readString(docs)).isEqualTo("# Benchmarks\n\n## A\n\nold a\n\n## B\n\nnew b\n\n## C\n\nc\n");
    }

    @Test
    void aNewSectionIsAppendedAfterABlankLine() throws Exception {
        Path docs = dir.resolve("benchmarks.md");
        Files.writeString(docs, "# Benchmarks\n\n## A\n\na\n");
        BenchmarkReport.write(docs, "## D", "## D\n\nd\n");
        assertThat(Files.readString(docs)).isEqualTo("# Benchmarks\n\n## A\n\na\n\n## D\n\nd\n");
    }

    @Test
    void theHeaderNamesTheClassAndTheCommand() {
        String header = BenchmarkReport.header("## Point queries", PointBenchmark.class, PointBenchmark.COMMAND).toString();
        assertThat(header).startsWith("## Point queries\n\nRun ").contains(" by `io.isobar.bench.PointBenchmark`. Command:\n\n"
                + "```\n./isobar benchmark point\n```\n\n");
    }
}
