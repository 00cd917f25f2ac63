package io.isobar.query.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.index.FileItems;
import io.isobar.model.ForecastFile;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads the files table's DynamoDB Stream and feeds every newly inserted file to the {@link EventHub}. Each query
 * service instance runs one: the stream, not the job, is the source of events, so every instance sees every file.
 *
 * <p>At start it reads the stream's retained history (up to 24 hours on AWS) without recording lags, so a client
 * reconnecting with {@code Last-Event-ID} to a newly started instance still finds the events it missed. Shards are
 * re-listed every few seconds (DynamoDB splits and rolls them); a closed shard is read to its end and dropped.
 * Records are in order within a shard; shards are read in turn, so events of files in different shards may interleave
 * differently on different instances (ids still identify them; see {@link LiveEvent}).
 */
public final class FilesStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FilesStream.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RELIST = Duration.ofSeconds(5);

    private final DynamoDbClient dynamoDb;
    private final DynamoDbStreamsClient streams;
    private final String filesTable;
    private final EventHub hub;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final Map<String, String> iterators = new HashMap<>();
    private final Set<String> finished = new HashSet<>();
    private volatile boolean caughtUp;

    public FilesStream(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, String filesTable, EventHub hub) {
        this.dynamoDb = dynamoDb;
        this.streams = streams;
        this.filesTable = filesTable;
        this.hub = hub;
        this.thread = new Thread(this::run, "isobar-files-stream");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Whether the history retained at start has been read (events after this are live). */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        String streamArn = null;
        long lastList = 0;
        long lastTick = 0;
        while (running.get()) {
            try {
                if (streamArn == null) {
                    streamArn = dynamoDb.describeTable(b -> b.tableName(filesTable)).table().latestStreamArn();
                    if (streamArn == null) {
                        LOG.warn("The files table {} has no stream: GET /v1/events will stay silent (enable its stream;"
                                + " IndexSchema and terraform/dynamodb.tf do)", filesTable);
                        sleep(Duration.ofSeconds(30));
                        continue;
                    }
                }
                long now = System.currentTimeMillis();
                if (now - lastList >= RELIST.toMillis()) {
                    listShards(streamArn);
                    lastList = now;
                }
                boolean any = false;
                for (Map.Entry<String, String> e : List.copyOf(iterators.entrySet())) {
                    any |= readShard(e.getKey(), e.getValue(), streamArn);
                }
                if (!caughtUp && !any) {
                    caughtUp = true;
                    LOG.info("Files stream of {} caught up; events are live", filesTable);
                }
                if (now - lastTick >= 1000) {
                    hub.tick();
                    lastTick = now;
                }
                if (!any) {
                    sleep(POLL);
                }
            } catch (SdkException e) {
                if (running.get()) {
                    LOG.warn("Reading the files stream of {} failed, retrying: {}", filesTable, e.toString());
                    sleep(Duration.ofSeconds(1));
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.error("Files stream reader of {} failed, restarting it", filesTable, e);
                    sleep(Duration.ofSeconds(1));
                }
            }
        }
    }

    private void listShards(String streamArn) {
        String start = null;
        do {
            String from = start;
            StreamDescription d = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(from)).streamDescription();
            for (Shard shard : d.shards()) {
                String id = shard.shardId();
                if (!iterators.containsKey(id) && !finished.contains(id)) {
                    iterators.put(id, streams.getShardIterator(b -> b.streamArn(streamArn).shardId(id)
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
                }
            }
            start = d.lastEvaluatedShardId();
        } while (start != null);
    }

    /** Reads one batch of a shard; true when it returned records. */
    private boolean readShard(String shardId, String iterator, String streamArn) {
        GetRecordsResponse response;
        try {
            response = streams.getRecords(b -> b.shardIterator(iterator).limit(1000));
        } catch (ExpiredIteratorException | TrimmedDataAccessException e) {
            LOG.info("Shard {} iterator expired or trimmed; reading it again from its oldest record", shardId);
            iterators.put(shardId, streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
            return false;
        }
        for (Record r : response.records()) {
            if (r.eventName() != OperationType.INSERT || r.dynamodb() == null || !r.dynamodb().hasNewImage()) {
                continue;
            }
            Map<String, AttributeValue> item = r.dynamodb().newImage();
            try {
                ForecastFile f = FileItems.fromItem(item);
                hub.fileIndexed(f, caughtUp);
            } catch (RuntimeException e) {
                LOG.warn("Skipping a files-table stream record that is not a file item ({}): {}", r.eventID(), e.toString());
            }
        }
        if (response.nextShardIterator() == null) {
            iterators.remove(shardId);
            finished.add(shardId);
        } else {
            iterators.put(shardId, response.nextShardIterator());
        }
        return !response.records().isEmpty();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.close();
    }
}
