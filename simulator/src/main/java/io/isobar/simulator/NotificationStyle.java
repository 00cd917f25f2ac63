package io.isobar.simulator;

/**
 * Which of the Met Office feeds' message shapes the simulator sends to the queue.
 */
public enum NotificationStyle {
    /** Met Office JSON inside an SNS envelope: the SQS body of the retired topics without raw delivery. */
    MET_OFFICE_SNS,
    /** Met Office JSON as the SQS body (raw message delivery). */
    MET_OFFICE_RAW,
    /** An S3 {@code ObjectCreated:Put} event inside an SNS envelope: today's {@code <bucket>-object_created} topics. */
    S3_EVENT_SNS,
    /** An S3 {@code ObjectCreated:Put} event as the SQS body. */
    S3_EVENT_RAW
}
