package io.isobar.job.backfill;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Paths;

import org.apache.flink.core.fs.Path;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.isobar.aws.S3Uri;
import io.isobar.job.ingest.IngestTask;
import io.isobar.json.Json;
import io.isobar.model.MetOfficeKey;
import io.isobar.model.ModelNames;

/**
 * Turns a file found by a backfill listing into the ingest task for it: which object it is (the S3 object
 * itself; for a directory, the S3 object it is a copy of, or else the local file), where its bytes are read
 * from, and what its key already says (model, variable, validity time), all without reading it.
 */
public final class SourceMapping implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String runId;
    private final String localRoot;
    private final String mirrorBucket;
    private final String mirrorPrefix;

    /** A listed file as a task, with its validity time when the key tells it (else null). */
    public record Listed(IngestTask task, MetOfficeKey key) {}

    public SourceMapping(BackfillSpec spec) {
        this.runId = spec.runId();
        this.localRoot = spec.readsS3() ? null : Paths.get(URI.create(spec.source())).toString();
        if (spec.mirrorOf() != null) {
            S3Uri mirror = S3Uri.parse(spec.mirrorOf());
            this.mirrorBucket = mirror.bucket();
            this.mirrorPrefix = mirror.key();
        } else {
            this.mirrorBucket = null;
            this.mirrorPrefix = null;
        }
    }

    /** The task for {@code file} (as the listing names it) of {@code size} bytes. */
    public Listed map(Path file, long size) {
        URI uri = file.toUri();
        String scheme = uri.getScheme() == null ? "file" : uri.getScheme();
        String bucket;
        String key;
        String location = null;
        if (scheme.startsWith("s3")) {
            bucket = uri.getAuthority();
            key = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
        } else {
            java.nio.file.Path local = Paths.get(uri.getPath());
            location = local.toUri().toString();
            if (mirrorBucket != null) {
                bucket = mirrorBucket;
                key = mirrorKey(local);
            } else {
                bucket = null;
                key = local.toString();
            }
        }
        MetOfficeKey hints = MetOfficeKey.parse(key).orElse(null);
        String model = hints != null && hints.model() != null ? hints.model() : ModelNames.fromKey(bucket, key);
        String variable = hints == null ? null : hints.variable();
        IngestTask task = new IngestTask(bucket, key, size, null, model, variable, 0, runId, describe(file, size), location, 0);
        return new Listed(task, hints);
    }

    /** The key of the object a local file is a copy of: the mirror's prefix plus the file's path below the root. */
    private String mirrorKey(java.nio.file.Path local) {
        java.nio.file.Path root = Paths.get(localRoot);
        String relative = local.equals(root) ? "" : root.relativize(local).toString().replace('\\', '/');
        if (relative.isEmpty()) {
            // The source is one file: the mirror names the object itself, or the folder it is in.
            return mirrorPrefix.isEmpty() || mirrorPrefix.endsWith("/") ? mirrorPrefix + local.getFileName() : mirrorPrefix;
        }
        return mirrorPrefix.isEmpty() || mirrorPrefix.endsWith("/") ? mirrorPrefix + relative : mirrorPrefix + "/" + relative;
    }

    /** What the error record keeps as the "raw message" of a backfilled file: the run and the listing entry. */
    private String describe(Path file, long size) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("backfill_run", runId);
        node.put("listed", file.toString());
        node.put("size", size);
        return node.toString();
    }
}
