package io.isobar.notification;

import java.time.Instant;

import io.isobar.model.ObjectIdentity;

/**
 * A new object announced on the queue, with whatever the announcement says about it. Only the object's
 * location is certain; the forecast metadata are hints (null when absent) used to filter before any S3
 * read. The file's header is the source of truth.
 *
 * @param model canonical model name ({@link io.isobar.model.ModelNames}), or null
 * @param variable the CF variable name, or null
 * @param forecastPeriod seconds, or null
 * @param announcedAt the notification's own time, or null when it carries none: the SNS envelope's
 *     {@code Timestamp} (when SNS accepted the publication), else the S3 event record's {@code eventTime}. The
 *     Met Office message's {@code created_time} is not used here: it is when the file was made, before its upload
 * @param createdTime when this version of the object was made, or null (absent or unreadable): the Met Office
 *     message's {@code created_time}, or an S3 event record's {@code eventTime} (when S3 made it). Every redelivery of
 *     one announcement repeats it, and a new announcement brings a new one: with no ETag in a Met Office message, it
 *     tells a new version of an object (same key, same size, new content) from a redelivery; for an S3 event, it tells
 *     a new announcement of the same version (a re-upload, {@code reconcile}) from a redelivery
 */
public record FileNotification(
        ObjectIdentity object,
        Shape shape,
        String model,
        String variable,
        Instant forecastReferenceTime,
        Long forecastPeriod,
        Instant time,
        Instant announcedAt,
        Instant createdTime) {

    /** Which of the accepted message shapes it arrived in. */
    public enum Shape {
        /** Met Office JSON inside an SNS envelope (the SQS body is the envelope). */
        MET_OFFICE_SNS,
        /** Met Office JSON as the body (raw message delivery). */
        MET_OFFICE_RAW,
        /** S3 event notification inside an SNS envelope ({@code ...-object_created} topics). */
        S3_EVENT_SNS,
        /** S3 event notification as the body. */
        S3_EVENT_RAW
    }
}
