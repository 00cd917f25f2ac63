package io.isobar.cli.local;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.isobar.model.MetOfficeProduct;
import io.isobar.model.MetOfficeProducts;

/**
 * The local stack's fixed names and default ports, in one place: {@code isobar local} listens on them and
 * {@code isobar publish}, {@code inspect} and {@code keys} find it there by default.
 */
public final class LocalDefaults {

    public static final String HOST = "127.0.0.1";
    public static final int API_PORT = 7070;
    public static final int FLINK_UI_PORT = 8081;
    public static final int S3_PORT = 9000;
    public static final int SQS_PORT = 9324;
    public static final int DYNAMODB_PORT = 8000;

    /** Where {@code isobar publish} puts files by default: stands in for any Met Office bucket. */
    public static final String SOURCE_BUCKET = "metoffice-source";
    /** Our own archive bucket. */
    public static final String ARCHIVE_BUCKET = "isobar-archive";
    public static final String QUEUE = "isobar-ingest";
    public static final String DEAD_LETTER_QUEUE = "isobar-ingest-dlq";
    /**
     * Receives after which a message moves to the dead-letter queue. Every restart of the job (a crash, a
     * failover, a restart during an outage) hands back the messages it held and their next receive counts, so
     * the threshold must exceed the restarts a bad hour can bring, not the attempts a bad file needs: files that
     * are bad become error records and are deleted, they never reach it. Same value as Terraform's queue; see
     * docs/operations.md.
     */
    public static final int MAX_RECEIVE_COUNT = 20;
    /**
     * Visibility timeout of the local queue and its job. The source keeps the messages it holds invisible (it
     * extends them every quarter of this), so the timeout only decides how soon a crashed job's messages come back:
     * short locally, so that {@code --data-dir} recovers within seconds after a kill -9.
     */
    public static final int VISIBILITY_TIMEOUT_SECONDS = 20;
    /** Flink's checkpoints, under the data directory. */
    public static final String CHECKPOINTS_DIR = "flink-checkpoints";
    /** Account id in the SQS emulator's queue URLs. */
    public static final String ACCOUNT = "000000000000";

    private LocalDefaults() {}

    /**
     * Every bucket the local stack holds Met Office objects in: {@link #SOURCE_BUCKET}, then today's buckets of the feed
     * (the simulator puts each product in its own, under the real names).
     */
    public static List<String> sourceBuckets() {
        List<String> buckets = new ArrayList<>(List.of(SOURCE_BUCKET));
        MetOfficeProducts.all().stream().map(MetOfficeProduct::bucket).distinct().forEach(buckets::add);
        return List.copyOf(buckets);
    }

    public static URI endpoint(int port) {
        return URI.create("http://" + HOST + ":" + port);
    }

    public static String queueUrl(URI sqsEndpoint, String queue) {
        return sqsEndpoint.toString().replaceAll("/$", "") + "/" + ACCOUNT + "/" + queue;
    }
}
