package io.isobar.job.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequest;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriterStateSerializer;
import org.apache.flink.connector.dynamodb.sink.client.SdkClientProvider;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

import io.isobar.index.ItemGuard;
import io.isobar.model.ForecastFile;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The files sink: flink-connector-base's {@link AsyncSinkBase} (buffering, batching, backpressure, entries in the
 * checkpoint) writing each entry with a conditional PutItem ({@link VersionedPut}), so an older version of an object
 * finishing late cannot overwrite a newer one's entry. It buffers the connector's {@link DynamoDbWriteRequest}s in the
 * connector's own state format ({@link DynamoDbWriterStateSerializer}), so a snapshot of the connector's sink, which
 * wrote this table before, restores into it.
 *
 * <p>Failures: a write whose key holds a newer version is dropped (counted as {@value #SUPERSEDED}); throttling and
 * server errors the client's retries did not get through are tried again; anything else (a client error after the
 * retry budget, a request DynamoDB refuses) fails the job, which restarts from its checkpoint with the entries.
 */
final class VersionedFilesSink extends AsyncSinkBase<ForecastFile, DynamoDbWriteRequest> {
    private static final long serialVersionUID = 1L;

    /** Entries not written because a newer version of the same file was already indexed. */
    static final String SUPERSEDED = "filesSuperseded";

    private final String table;
    private final SerializableClients clients;

    /** How each writer gets its client, counting retries in the given metric (made on the task manager; closed with the writer). */
    interface SerializableClients extends Function<Counter, SdkClientProvider<DynamoDbAsyncClient>>, java.io.Serializable {}

    VersionedFilesSink(ElementConverter<ForecastFile, DynamoDbWriteRequest> converter, int maxBatchSize,
            int maxInFlightRequests, int maxBufferedRequests, long maxBatchSizeInBytes, long maxTimeInBufferMS,
            long maxRecordSizeInBytes, String table, SerializableClients clients) {
        super(converter, maxBatchSize, maxInFlightRequests, maxBufferedRequests, maxBatchSizeInBytes, maxTimeInBufferMS,
                maxRecordSizeInBytes);
        this.table = table;
        this.clients = clients;
    }

    @Override
    public Writer createWriter(Sink.InitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public Writer restoreWriter(Sink.InitContext context, Collection<BufferedRequestState<DynamoDbWriteRequest>> state) {
        return new Writer(this, context, state);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<DynamoDbWriteRequest>> getWriterStateSerializer() {
        return new DynamoDbWriterStateSerializer();
    }

    /** Writes one batch as parallel conditional PutItems. */
    static final class Writer extends AsyncSinkWriter<ForecastFile, DynamoDbWriteRequest> {
        private final String table;
        private final SdkClientProvider<DynamoDbAsyncClient> client;
        private final Counter superseded;

        Writer(VersionedFilesSink sink, Sink.InitContext context, Collection<BufferedRequestState<DynamoDbWriteRequest>> state) {
            super(sink.getElementConverter(), context, sink.getMaxBatchSize(), sink.getMaxInFlightRequests(),
                    sink.getMaxBufferedRequests(), sink.getMaxBatchSizeInBytes(), sink.getMaxTimeInBufferMS(),
                    sink.getMaxRecordSizeInBytes(), state);
            this.table = sink.table;
            this.client = sink.clients.apply(context.metricGroup().counter(IndexSinks.RETRIES, new ThreadSafeSimpleCounter()));
            this.superseded = context.metricGroup().counter(SUPERSEDED);
        }

        @Override
        protected void submitRequestEntries(List<DynamoDbWriteRequest> entries, ResultHandler<DynamoDbWriteRequest> result) {
            List<CompletableFuture<VersionedPut.Outcome>> writes = new ArrayList<>(entries.size());
            for (DynamoDbWriteRequest entry : entries) {
                writes.add(VersionedPut.put(client.getClient(), table, entry.getItem()));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).whenComplete((ignored, any) -> {
                List<DynamoDbWriteRequest> retry = new ArrayList<>();
                for (int i = 0; i < entries.size(); i++) {
                    CompletableFuture<VersionedPut.Outcome> write = writes.get(i);
                    if (!write.isCompletedExceptionally()) {
                        if (write.join() == VersionedPut.Outcome.SUPERSEDED) {
                            superseded.inc();
                        }
                        continue;
                    }
                    Throwable failure = write.handle((v, t) -> t).join();
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    if (retryable(cause)) {
                        retry.add(entries.get(i));
                    } else {
                        result.completeExceptionally(new IOException("Cannot write a files entry to " + table + ": " + cause,
                                cause));
                        return;
                    }
                }
                if (retry.isEmpty()) {
                    result.complete();
                } else {
                    result.retryForEntries(retry);
                }
            });
        }

        /** Throttling and server errors the client's own retries did not get through: worth another batch. */
        private static boolean retryable(Throwable cause) {
            if (cause instanceof SdkClientException) {
                return false; // the client retried these for the whole retry budget already
            }
            return cause instanceof AwsServiceException aws && (aws.isThrottlingException() || aws.statusCode() >= 500);
        }

        @Override
        protected long getSizeInBytes(DynamoDbWriteRequest entry) {
            return ItemGuard.sizeOf(entry.getItem());
        }

        @Override
        public void close() {
            try {
                super.close();
            } finally {
                client.close();
            }
        }
    }
}
