package io.isobar.job.summary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
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
 * <p>When a summary changes it is written {@code delay} later (a burst of files becomes one write). A zero delay
 * (bounded jobs, whose pending timers would not fire at the end of input) writes every change; the sink keeps the
 * last write of a key within a batch. The summary sinks keep one batch in flight, so a later write of an item never
 * lands before an earlier one ({@code IndexSinks}).
 *
 * @param <I> what comes in
 * @param <S> the summary kept per key
 * @param <O> what is written
 */
abstract class SummaryFunction<I, S, O> extends KeyedProcessFunction<String, I, O> {

    private static final long serialVersionUID = 1L;
    /** How long the seed reads keep trying when DynamoDB cannot be reached (like the sinks' writes). */
    private static final Duration READ_RETRY_BUDGET = Duration.ofMinutes(10);

    private final Class<S> type;
    private final Duration delay;
    private final Duration ttl;
    protected final JobConfig config;
    private transient ValueState<String> summary;
    private transient ValueState<Long> due;
    private transient DynamoDbClient dynamoDb;
    /** What the index holds, for keys the state does not. */
    protected transient SummarySeeds seeds;

    SummaryFunction(Class<S> type, JobConfig config, Duration delay, Duration ttl) {
        this.type = type;
        this.config = config;
        this.delay = delay;
        this.ttl = ttl;
    }

    /** The summary of a key met for the first time, from the index (the input is the key's first element). */
    abstract S seed(I first);

    /** {@code current} with {@code in}; equal to {@code current} when {@code in} changes nothing. */
    abstract S add(S current, I in);

    /** The writes for {@code s}. */
    abstract void emit(S s, Collector<O> out);

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
        S next = add(fresh ? seed(in) : current, in);
        if (!fresh && next.equals(current)) {
            return;
        }
        summary.update(Json.mapper().writeValueAsString(next));
        if (delay.isZero()) {
            emit(next, out);
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
            emit(s, out);
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
