package io.isobar.job.summary;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import io.isobar.aws.AwsClients;
import io.isobar.index.SummarySeeds;
import io.isobar.job.config.JobConfig;
import io.isobar.json.Json;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A running summary per key (a step, a run, a validity time, a parameter) that the job writes to the valid-times
 * table. The summary lives in keyed state (as JSON, so its form is explicit and survives upgrades); a key the state
 * does not hold (new, expired, or created after the checkpoint a restart went back to) starts from what the index
 * already holds ({@link SummarySeeds}). Summaries merge without double counting (absolute counts, unions), so
 * neither a replay nor a seed that already includes a replayed file counts anything twice.
 *
 * <p>A key's first summary is written at once (a new run or validity time is listed as soon as its first file is
 * indexed); when it changes after that it is written {@code delay} later (a burst of files becomes one write). A zero
 * delay (bounded jobs, whose pending timers would not fire at the end of input) writes every change; the sink keeps
 * the last write of a key within a batch. The summary sinks keep one batch in flight, so a later write of an item never
 * lands before an earlier one ({@code IndexSinks}).
 *
 * @param <I> what comes in
 * @param <S> the summary kept per key
 * @param <O> what is written
 */
public final class SummaryFunction<I, S, O> extends KeyedProcessFunction<String, I, O> implements ResultTypeQueryable<O> {

    private static final long serialVersionUID = 1L;
    /** How long the seed reads keep trying when DynamoDB cannot be reached (like the sinks' writes). */
    private static final Duration READ_RETRY_BUDGET = Duration.ofMinutes(10);

    /** Where a key's summary starts: what the index holds for it, given the key's first element. */
    public interface Seed<I, S> extends Serializable {
        S from(SummarySeeds seeds, I first);
    }

    /** The summary with one more element; equal to it when the element changes nothing. */
    public interface Add<S, I> extends Serializable {
        S apply(S current, I in);
    }

    /** The writes for a summary. */
    public interface Emit<S, O> extends Serializable {
        void apply(S summary, Collector<O> out);
    }

    private final Class<S> type;
    private final Class<O> out;
    private final Duration delay;
    private final Duration ttl;
    private final JobConfig config;
    private final Seed<I, S> seed;
    private final Add<S, I> add;
    private final Emit<S, O> emit;
    private transient ValueState<String> summary;
    private transient ValueState<Long> due;
    private transient DynamoDbClient dynamoDb;
    /** What the index holds, for keys the state does not. */
    private transient SummarySeeds seeds;

    /**
     * @param type the summary's class (its state is its JSON)
     * @param out what it writes (generic functions lose it to erasure)
     * @param ttl how long a key's summary is kept after its last change; later, it starts again from the index
     */
    SummaryFunction(Class<S> type, Class<O> out, JobConfig config, Duration delay, Duration ttl, Seed<I, S> seed,
            Add<S, I> add, Emit<S, O> emit) {
        this.type = type;
        this.out = out;
        this.config = config;
        this.delay = delay;
        this.ttl = ttl;
        this.seed = seed;
        this.add = add;
        this.emit = emit;
    }

    @Override
    public TypeInformation<O> getProducedType() {
        return TypeInformation.of(out);
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig expiry = StateTtlConfig.newBuilder(ttl).cleanupFullSnapshot().build();
        ValueStateDescriptor<String> s = new ValueStateDescriptor<>("summary", Types.STRING);
        s.enableTimeToLive(expiry);
        summary = getRuntimeContext().getState(s);
        due = getRuntimeContext().getState(new ValueStateDescriptor<>("due", Types.LONG));
        int attempts = (int) Math.max(3, READ_RETRY_BUDGET.toSeconds() / 5);
        dynamoDb = AwsClients.dynamoDb(config.aws(), o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(attempts)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(10)))
                .retryOnException(e -> e instanceof SdkClientException)
                .circuitBreakerEnabled(false)
                .build()));
        seeds = new SummarySeeds(dynamoDb, config.index().tables());
    }

    @Override
    public void close() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
    }

    @Override
    public void processElement(I in, Context ctx, Collector<O> out) throws Exception {
        S current = read();
        boolean fresh = current == null;
        S next = add.apply(fresh ? seed.from(seeds, in) : current, in);
        if (!fresh && next.equals(current)) {
            return;
        }
        summary.update(Json.mapper().writeValueAsString(next));
        if (delay.isZero() || fresh) {
            // A key met for the first time is written at once: a new run or validity time shows as soon as its first
            // file is indexed; its count follows the files, a delay late.
            emit.apply(next, out);
        } else if (due.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + delay.toMillis();
            due.update(at);
            ctx.timerService().registerProcessingTimeTimer(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
        due.clear();
        S s = read();
        if (s != null) {
            emit.apply(s, out);
        }
    }

    private S read() throws IOException {
        String json = summary.value();
        try {
            return json == null ? null : Json.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the summary state of " + type.getSimpleName(), e);
        }
    }
}
