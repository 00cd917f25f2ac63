package io.isobar.job.backfill;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.SingletonResultIterator;

import io.isobar.job.ingest.IngestTask;

/**
 * The {@code FileSource} format of a backfill: each file (split) becomes one {@link IngestTask} built from
 * its path and size alone. The file is never opened here; reading its header is the pipeline's job, with
 * the same enricher as the streaming job's.
 */
public final class IngestTaskFormat implements BulkFormat<IngestTask, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    private final SourceMapping mapping;

    public IngestTaskFormat(SourceMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public BulkFormat.Reader<IngestTask> createReader(Configuration config, FileSourceSplit split) {
        return new OneTask(mapping.map(split.path(), split.fileSize()).task());
    }

    @Override
    public BulkFormat.Reader<IngestTask> restoreReader(Configuration config, FileSourceSplit split) {
        // A checkpointed position means the split's one task was already emitted.
        boolean emitted = split.getReaderPosition().map(p -> p.getRecordsAfterOffset() > 0).orElse(false);
        return emitted ? new OneTask(null) : createReader(config, split);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<IngestTask> getProducedType() {
        return TypeInformation.of(IngestTask.class);
    }

    /** Emits its task (if any) once, then reports the split finished. */
    private static final class OneTask implements BulkFormat.Reader<IngestTask> {
        private IngestTask task;

        OneTask(IngestTask task) {
            this.task = task;
        }

        @Override
        public BulkFormat.RecordIterator<IngestTask> readBatch() {
            if (task == null) {
                return null;
            }
            SingletonResultIterator<IngestTask> batch = new SingletonResultIterator<>();
            batch.set(task, CheckpointedPosition.NO_OFFSET, 1);
            task = null;
            return batch;
        }

        @Override
        public void close() {
            // nothing was opened
        }
    }
}
