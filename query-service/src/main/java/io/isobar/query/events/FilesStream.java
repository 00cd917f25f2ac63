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
 * Reads the files table's DynamoDB Stream and hands every newly inserted file to its {@link FileListener}s (the event
 * hub, the status statistics, the model catalog). Each query service instance runs one: the stream, not the job, is
 * the source of events, so every instance sees every file.
 *
 * <p>At start it reads the stream's retained history (up to 24 hours on AWS) as not live, so a client reconnecting
 * with {@code Last-Event-ID} to a newly started instance still finds the events it missed. Shards are re-listed every
 * 10 s (DynamoDB splits and rolls them); a closed shard is read to its end and dropped, and forgotten once the stream
 * no longer lists it.
 *
 * <p>Within DynamoDB Streams' limits for several instances: a shard takes about 5 GetRecords a second in all, so each
 * instance reads each shard at most once per {@code poll} (default 1.5 s: six instances make 4 calls a second per
 * shard); a call returns up to 1,000 records, so catching up still reads hundreds of records a second per shard. A
 * throttled or failed read backs that shard off (1 s doubling to 30 s) and the others are read on: one shard's trouble
 * never stops the pass.
 */
public final class FilesStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FilesStream.class);
    /** The default least time between two reads of one shard by one instance. */
    public static final Duration POLL = Duration.ofMillis(1500);
    private static final Duration RELIST = Duration.ofSeconds(10);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** One shard being read: where it is, and when it may be read again. */
    private static final class ShardReader {
        String iterator;
        long nextReadMillis;
        long backoffMillis;
        /** Whether its last read came back empty: it has nothing older left to read. */
        boolean drained;

        ShardReader(String iterator) {
            this.iterator = iterator;
        }
    }

    private final DynamoDbClient dynamoDb;
    private final DynamoDbStreamsClient streams;
    private final String filesTable;
    private final List<FileListener> listeners;
    private final Duration poll;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final Map<String, ShardReader> shards = new HashMap<>();
    /** Closed shards read to their end, until the stream stops listing them (bounded by the stream's shards). */
    private final Set<String> finished = new HashSet<>();
    private volatile boolean caughtUp;

    public FilesStream(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, String filesTable, Duration poll,
            List<FileListener> listeners) {
        this.dynamoDb = dynamoDb;
        this.streams = streams;
        this.filesTable = filesTable;
        this.poll = poll;
        this.listeners = List.copyOf(listeners);
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

    /** Closed shards remembered (bounded by what the stream lists; for tests). */
    int finishedShards() {
        return finished.size();
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
                for (Map.Entry<String, ShardReader> e : List.copyOf(shards.entrySet())) {
                    if (e.getValue().nextReadMillis <= now) {
                        readShard(e.getKey(), e.getValue(), streamArn, now);
                    }
                }
                if (!caughtUp && shards.values().stream().allMatch(s -> s.drained)) {
                    caughtUp = true;
                    LOG.info("Files stream of {} caught up; events are live", filesTable);
                }
                if (now - lastTick >= 1000) {
                    listeners.forEach(FileListener::tick);
                    lastTick = now;
                }
                sleep(Duration.ofMillis(Math.max(10, Math.min(poll.toMillis(), nextRead() - System.currentTimeMillis()))));
            } catch (SdkException e) {
                if (running.get()) {
                    LOG.warn("Listing the files stream of {} failed, retrying: {}", filesTable, e.toString());
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

    /** When the next shard may be read. */
    private long nextRead() {
        return shards.values().stream().mapToLong(s -> s.nextReadMillis).min().orElse(System.currentTimeMillis() + poll.toMillis());
    }

    private void listShards(String streamArn) {
        Set<String> listed = new HashSet<>();
        String start = null;
        do {
            String from = start;
            StreamDescription d = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(from)).streamDescription();
            for (Shard shard : d.shards()) {
                String id = shard.shardId();
                listed.add(id);
                if (!shards.containsKey(id) && !finished.contains(id)) {
                    shards.put(id, new ShardReader(oldest(streamArn, id)));
                }
            }
            start = d.lastEvaluatedShardId();
        } while (start != null);
        // A shard the stream no longer lists (trimmed after 24 hours) will not come back.
        finished.retainAll(listed);
    }

    private String oldest(String streamArn, String shardId) {
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    }

    /** Reads one batch of a shard. A failure backs the shard off. */
    private void readShard(String shardId, ShardReader shard, String streamArn, long now) {
        GetRecordsResponse response;
        try {
            response = streams.getRecords(b -> b.shardIterator(shard.iterator).limit(1000));
        } catch (ExpiredIteratorException | TrimmedDataAccessException e) {
            LOG.info("Shard {} iterator expired or trimmed; reading it again from its oldest record", shardId);
            shard.iterator = oldest(streamArn, shardId);
            shard.nextReadMillis = now + poll.toMillis();
            return;
        } catch (SdkException e) {
            // Throttled (more readers than the shard allows) or failing: this shard waits, the others are read on.
            shard.backoffMillis = shard.backoffMillis == 0 ? FIRST_BACKOFF.toMillis()
                    : Math.min(MAX_BACKOFF.toMillis(), shard.backoffMillis * 2);
            shard.nextReadMillis = now + shard.backoffMillis;
            LOG.warn("Reading shard {} of the files stream failed; again in {} ms: {}", shardId, shard.backoffMillis, e.toString());
            return;
        }
        shard.backoffMillis = 0;
        shard.nextReadMillis = now + poll.toMillis();
        shard.drained = response.records().isEmpty();
        for (Record r : response.records()) {
            if (r.eventName() != OperationType.INSERT || r.dynamodb() == null || !r.dynamodb().hasNewImage()) {
                continue;
            }
            Map<String, AttributeValue> item = r.dynamodb().newImage();
            ForecastFile f;
            try {
                f = FileItems.fromItem(item);
            } catch (RuntimeException e) {
                LOG.warn("Skipping a files-table stream record that is not a file item ({}): {}", r.eventID(), e.toString());
                continue;
            }
            for (FileListener listener : listeners) {
                listener.fileIndexed(f, caughtUp);
            }
        }
        if (response.nextShardIterator() == null) {
            shards.remove(shardId);
            finished.add(shardId);
        } else {
            shard.iterator = response.nextShardIterator();
        }
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
