package io.isobar.cli.local;

import java.net.URI;

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

    /** Stands in for the Met Office's public bucket. */
    public static final String SOURCE_BUCKET = "metoffice-source";
    /** Our own archive bucket. */
    public static final String ARCHIVE_BUCKET = "isobar-archive";
    public static final String QUEUE = "isobar-ingest";
    public static final String DEAD_LETTER_QUEUE = "isobar-ingest-dlq";
    /** Receives after which a message moves to the dead-letter queue. */
    public static final int MAX_RECEIVE_COUNT = 5;
    /** Account id in the SQS emulator's queue URLs. */
    public static final String ACCOUNT = "000000000000";

    private LocalDefaults() {}

    public static URI endpoint(int port) {
        return URI.create("http://" + HOST + ":" + port);
    }

    public static String queueUrl(URI sqsEndpoint, String queue) {
        return sqsEndpoint.toString().replaceAll("/$", "") + "/" + ACCOUNT + "/" + queue;
    }
}
