package io.isobar.query.index;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * What the service's DynamoDB reads cost: an interceptor on its DynamoDB client asks every read (Query, GetItem,
 * BatchGetItem, Scan) for {@code ReturnConsumedCapacity=TOTAL} and adds up the read units DynamoDB reports, per table
 * and operation, exported as {@code isobar_dynamodb_consumed_read_units_total{table,operation}}. The numbers are
 * DynamoDB's own (DynamoDB Local reports them too), so benchmarks and operators can price a request mix.
 */
public final class ReadUnits implements ExecutionInterceptor {

    private record Key(String table, String operation) {}

    private final Map<Key, DoubleAdder> units = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    /** Exposes the totals (those so far, and every table and operation that comes later) on {@code r}. */
    public void bindTo(MeterRegistry r) {
        this.registry = r;
        units.forEach((key, adder) -> register(r, key, adder));
    }

    /** The read units consumed so far, over every table and operation. */
    public double total() {
        return units.values().stream().mapToDouble(DoubleAdder::sum).sum();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        if (r instanceof QueryRequest q && q.returnConsumedCapacity() == null) {
            return q.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (r instanceof GetItemRequest g && g.returnConsumedCapacity() == null) {
            return g.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (r instanceof BatchGetItemRequest b && b.returnConsumedCapacity() == null) {
            return b.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (r instanceof ScanRequest s && s.returnConsumedCapacity() == null) {
            return s.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        SdkResponse response = context.response();
        if (response instanceof QueryResponse q) {
            add(operation, q.consumedCapacity());
        } else if (response instanceof GetItemResponse g) {
            add(operation, g.consumedCapacity());
        } else if (response instanceof ScanResponse s) {
            add(operation, s.consumedCapacity());
        } else if (response instanceof BatchGetItemResponse b && b.hasConsumedCapacity()) {
            b.consumedCapacity().forEach(c -> add(operation, c));
        }
    }

    private void add(String operation, ConsumedCapacity c) {
        if (c == null || c.capacityUnits() == null) {
            return;
        }
        Key key = new Key(c.tableName() == null ? "unknown" : c.tableName(), operation);
        units.computeIfAbsent(key, k -> {
            DoubleAdder adder = new DoubleAdder();
            MeterRegistry r = registry;
            if (r != null) {
                register(r, k, adder);
            }
            return adder;
        }).add(c.readCapacityUnits() != null ? c.readCapacityUnits() : c.capacityUnits());
    }

    private static void register(MeterRegistry r, Key key, DoubleAdder adder) {
        FunctionCounter.builder("isobar.dynamodb.consumed.read.units", adder, DoubleAdder::sum)
                .tags(List.of(io.micrometer.core.instrument.Tag.of("table", key.table()),
                        io.micrometer.core.instrument.Tag.of("operation", key.operation())))
                .description("DynamoDB read capacity units consumed by the service's reads, as DynamoDB reports them")
                .register(r);
    }
}
