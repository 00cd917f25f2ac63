package io.isobar.cli;

import io.isobar.index.IndexSchema;
import picocli.CommandLine.Option;

/** {@code --table-prefix}: which index tables a command reads or writes. */
public final class TablePrefixOption {

    @Option(names = "--table-prefix", paramLabel = "PREFIX", defaultValue = IndexSchema.DEFAULT_PREFIX,
            description = "Index tables are PREFIX-files, PREFIX-valid-times, PREFIX-ingest-errors (default: ${DEFAULT-VALUE}).")
    String prefix;

    public String prefix() {
        return prefix;
    }

    public IndexSchema.TableNames tables() {
        return IndexSchema.TableNames.withPrefix(prefix);
    }
}
