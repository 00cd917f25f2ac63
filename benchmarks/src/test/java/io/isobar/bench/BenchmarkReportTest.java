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
        assertThat(written("# Benchmarks\n\n## A\n\nold a\n\n## B\n\nold b\n\n## C\n\nc\n", "## B", "## B\n\nnew b\n"))
                .isEqualTo("# Benchmarks\n\n## A\n\nold a\n\n## B\n\nnew b\n\n## C\n\nc\n");
    }

    @Test
    void aNewSectionIsAppendedAfterABlankLine() throws Exception {
        assertThat(written("# Benchmarks\n\n## A\n\na\n", "## D", "## D\n\nd\n")).isEqualTo("# Benchmarks\n\n## A\n\na\n\n## D\n\nd\n");
        assertThat(written("# Benchmarks\n\n## A\n\na", "## D", "## D\n")).isEqualTo("# Benchmarks\n\n## A\n\na\n\n## D\n");
    }

    /** The document after writing {@code section} into one that held {@code before}. */
    private String written(String before, String heading, String section) throws Exception {
        Path docs = dir.resolve("benchmarks.md");
        Files.writeString(docs, before);
        BenchmarkReport.write(docs, heading, section);
        return Files.readString(docs);
    }

    @Test
    void theHeaderNamesTheClassAndTheCommand() {
        String header = BenchmarkReport.header("## Point queries", PointBenchmark.class, PointBenchmark.COMMAND).toString();
        assertThat(header).startsWith("## Point queries\n\nRun ").contains(" by `io.isobar.bench.PointBenchmark`. Command:\n\n"
                + "```\n./isobar benchmark point\n```\n\n");
    }
}
