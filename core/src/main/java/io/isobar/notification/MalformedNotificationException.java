package io.isobar.notification;

/** A queue message that is not one of the accepted notification shapes; the message says precisely why. */
public class MalformedNotificationException extends Exception {

    public MalformedNotificationException(String message) {
        super(message);
    }

    public MalformedNotificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
