package io.isobar.job.backfill;

import java.io.IOException;

import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

import io.isobar.job.ingest.IngestFilter;
import io.isobar.job.ingest.IngestTask;

/**
 * The backfill's source: flink-connector-files' {@link FileSource}, bounded, over an S3 prefix (through Flink's
 * S3 file system) or a local directory, listing with {@link BackfillEnumerator} and turning each file into an
 * {@link IngestTask} with {@link IngestTaskFormat}.
 *
 * <pre>{@code
 * FileSource<IngestTask> source = BackfillSource.create(spec, filter);
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "Backfill listing");
 * }</pre>
 */
public final class BackfillSource {

    private BackfillSource() {}

    public static FileSource<IngestTask> create(BackfillSpec spec, IngestFilter filter) {
        BackfillSelection selection = new BackfillSelection(new SourceMapping(spec), filter);
        return FileSource.forBulkFileFormat(new IngestTaskFormat(selection.mapping()), new Path(spec.source()))
                .setFileEnumerator(() -> new BackfillEnumerator(selection))
                .build();
    }

    /**
     * Lists the source the way the job will, in this process, without running anything: how many files there
     * are to backfill and what was left out. The CLI uses it for its progress (the job's own listing happens
     * inside the source's enumerator, which reports no totals).
     *
     * @throws java.io.FileNotFoundException when the source does not exist
     */
    public static BackfillEnumerator.Listing inventory(BackfillSpec spec, IngestFilter filter) throws IOException {
        return new BackfillEnumerator(new BackfillSelection(new SourceMapping(spec), filter)).list(new Path(spec.source()));
    }
}
