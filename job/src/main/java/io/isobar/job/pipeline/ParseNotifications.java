package io.isobar.job.pipeline;

import io.isobar.job.ingest.IngestTask;
import io.isobar.job.ingest.IngestFilter;
import java.time.Instant;
import java.util.List;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.isobar.job.source.sqs.SqsMessage;
import io.isobar.model.IngestError;
import io.isobar.notification.FileNotification;
import io.isobar.notification.MalformedNotificationException;
import io.isobar.notification.NotificationParser;

/**
 * Turns queue messages into ingest tasks: parses the three notification shapes, drops objects the
 * allow-list rules out before any S3 read, and sends malformed messages to the error output.
 */
public class ParseNotifications extends ProcessFunction<SqsMessage, IngestTask> {

    private static final Logger LOG = LoggerFactory.getLogger(ParseNotifications.class);

    private final IngestFilter filter;
    private final OutputTag<IngestError> errors;
    private transient NotificationParser parser;
    private transient Counter received;
    private transient Counter filtered;

    public ParseNotifications(IngestFilter filter, OutputTag<IngestError> errors) {
        this.filter = filter;
        this.errors = errors;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new NotificationParser();
        received = getRuntimeContext().getMetricGroup().counter("notificationsReceived");
        filtered = getRuntimeContext().getMetricGroup().counter("notificationsFiltered");
    }

    @Override
    public void processElement(SqsMessage message, Context ctx, Collector<IngestTask> out) {
        received.inc();
        List<FileNotification> notifications;
        try {
            notifications = parser.parse(message.body());
        } catch (MalformedNotificationException | RuntimeException e) {
            // Also what the parser did not foresee (a bad %-escape in a key, a blank bucket): the same message
            // fails the same way every time, so retrying it would only walk it to the dead-letter queue.
            String reason = e instanceof MalformedNotificationException ? e.getMessage()
                    : "invalid notification (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
            LOG.warn("Malformed notification in SQS message {}: {}", message.messageId(), reason);
            // Timed by the message (every redelivery repeats it), so a replay overwrites the record.
            Instant at = message.sentTimestampMillis() > 0 ? Instant.ofEpochMilli(message.sentTimestampMillis()) : Instant.now();
            ctx.output(errors, new IngestError(message.messageId(), at, IngestError.Kind.MALFORMED_NOTIFICATION,
                    null, reason, message.body()));
            return;
        }
        for (FileNotification n : notifications) {
            if (filter.mayAccept(n.model(), n.variable())) {
                out.collect(IngestTask.of(n, message.sentTimestampMillis(), message.messageId(), message.body()));
            } else {
                filtered.inc();
                LOG.debug("Skipping {} ({} / {}): not on the allow-list", n.object().uri(), n.model(), n.variable());
            }
        }
    }
}
