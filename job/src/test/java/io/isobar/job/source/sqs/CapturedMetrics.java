package io.isobar.job.source.sqs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.groups.InternalSourceReaderMetricGroup;

/** A metric group that keeps what is registered in it, by dotted name (e.g. {@code sqs.messagesDeleted}). */
final class CapturedMetrics extends UnregisteredMetricsGroup {

    private final Map<String, Metric> metrics;
    private final String prefix;

    public CapturedMetrics() {
        this(new ConcurrentHashMap<>(), "");
    }

    private CapturedMetrics(Map<String, Metric> metrics, String prefix) {
        this.metrics = metrics;
        this.prefix = prefix;
    }

    /** This group as a source reader's metric group. */
    public SourceReaderMetricGroup readerGroup() {
        return InternalSourceReaderMetricGroup.mock(this);
    }

    public long count(String name) {
        return ((Counter) metric(name)).getCount();
    }

    public Object gaugeValue(String name) {
        return ((Gauge<?>) metric(name)).getValue();
    }

    private Metric metric(String name) {
        Metric metric = metrics.get(name);
        if (metric == null) {
            throw new AssertionError("No metric " + name + " among " + metrics.keySet());
        }
        return metric;
    }

    @Override
    public MetricGroup addGroup(String name) {
        return new CapturedMetrics(metrics, prefix + name + ".");
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
        metrics.put(prefix + name, counter);
        return counter;
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
        metrics.put(prefix + name, gauge);
        return gauge;
    }
}
