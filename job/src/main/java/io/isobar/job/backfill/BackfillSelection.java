package io.isobar.job.backfill;

import java.io.Serializable;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.apache.flink.core.fs.Path;

import io.isobar.job.ingest.IngestFilter;
import io.isobar.model.MetOfficeKey;

/**
 * Decides, from names alone, which listed files a backfill takes: netCDF files ({@code *.nc}, not hidden)
 * that the allow-list and time window do not rule out by what their key says. A file whose key says nothing
 * (the older buckets' {@code <sha1>.nc}) is taken, and its header decides. Whole run folders
 * ({@code YYYYMMDDTHHMMZ}) at or after the end of the time window are not even listed: no file of a run is
 * valid before the run.
 */
public final class BackfillSelection implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What the listing does with one file. */
    public enum Decision {
        /** Backfill it. */
        TAKE,
        /** Its key shows it is outside the allow-list or the time window: skipped without reading it. */
        SKIPPED_BY_KEY,
        /** Not a netCDF file by its name (or hidden, like Flink's default filter): ignored. */
        NOT_NETCDF
    }

    private final SourceMapping mapping;
    private final IngestFilter filter;

    public BackfillSelection(SourceMapping mapping, IngestFilter filter) {
        this.mapping = mapping;
        this.filter = filter;
    }

    /** Whether to list the folder {@code dir} at all. */
    public boolean enters(Path dir) {
        String name = dir.getName();
        if (hidden(name)) {
            return false;
        }
        Optional<Instant> run = MetOfficeKey.runOfFolder(dir.getPath());
        return run.isEmpty() || filter.to() == null || run.get().isBefore(filter.to());
    }

    /** What to do with {@code file} of {@code size} bytes. */
    public Decision decide(Path file, long size) {
        String name = file.getName();
        if (hidden(name) || !name.toLowerCase(Locale.ROOT).endsWith(".nc")) {
            return Decision.NOT_NETCDF;
        }
        SourceMapping.Listed listed = mapping.map(file, size);
        Instant time = listed.key() == null ? null : listed.key().time();
        return filter.mayAccept(listed.task().model(), listed.task().variable(), time) ? Decision.TAKE : Decision.SKIPPED_BY_KEY;
    }

    public SourceMapping mapping() {
        return mapping;
    }

    public IngestFilter filter() {
        return filter;
    }

    private static boolean hidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }
}
