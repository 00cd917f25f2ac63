package io.isobar.job.source.sqs;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message on its way from the split reader to the record emitter: the message plus the receipt handle that the
 * reader needs to delete it later, which never leaves the reader.
 */
record ReceivedMessage(SqsMessage message, String receiptHandle) {

    public ReceivedMessage {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(receiptHandle, "receiptHandle");
    }

    /**
     * Converts an SDK message. SQS returns SentTimestamp and ApproximateReceiveCount when asked (the proxy asks);
     * should one be missing, the receive time and 0 ("unknown") stand in.
     */
    public static ReceivedMessage from(Message message, long receivedAtMillis) {
        Map<MessageSystemAttributeName, String> system = message.attributes();
        String sent = system.get(MessageSystemAttributeName.SENT_TIMESTAMP);
        String receiveCount = system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        Map<String, String> attributes = new HashMap<>();
        for (Map.Entry<String, MessageAttributeValue> attribute : message.messageAttributes().entrySet()) {
            String value = attributeValue(attribute.getValue());
            if (value != null) {
                attributes.put(attribute.getKey(), value);
            }
        }
        SqsMessage converted = new SqsMessage(
                message.messageId(),
                message.body() == null ? "" : message.body(),
                sent == null ? receivedAtMillis : Long.parseLong(sent),
                receiveCount == null ? 0 : Integer.parseInt(receiveCount),
                attributes);
        return new ReceivedMessage(converted, message.receiptHandle());
    }

    private static String attributeValue(MessageAttributeValue value) {
        if (value.stringValue() != null) {
            return value.stringValue();
        }
        if (value.binaryValue() != null) {
            return Base64.getEncoder().encodeToString(value.binaryValue().asByteArray());
        }
        return null;
    }
}
