package io.isobar.failure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.DateTimeException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.isobar.model.IngestError;
import io.isobar.netcdf.HeaderException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The one decision between "this file is bad" and "something was in the way", shared by the streaming job and
 * the backfill: a {@link Verdict#permanent() permanent} failure is proven by the file or its object (not netCDF-4,
 * truncated, metadata missing or absurd, object gone, access refused) and becomes an error record at once;
 * anything else (connection reset, timeout, an object replaced mid-read, throttling, 5xx, a replaced object at
 * copy time) is {@link Verdict#isTransient() transient}: retried with backoff, then handed back to the queue.
 *
 * <p>Only exceptions are classified: an {@link Error} (a heap exhausted, a stack overflow outside the header reader)
 * fails the attempt, so the job restarts from its checkpoint rather than blaming the file.
 *
 * <p>The rules, first match along the cause chain:
 * <ul>
 *   <li>{@link HeaderException}: permanent, its reason decides the kind.</li>
 *   <li>S3 404 ({@code NoSuchKey}, {@code NoSuchBucket}), a missing local file: permanent, object not found (a
 *       missing bucket when copying into the archive: archive failed).</li>
 *   <li>AWS service errors: throttling, 5xx, 408, 409, 412 (a copy pinned to an ETag that has since been replaced),
 *       429 and status 0 (no HTTP answer) are transient.</li>
 *   <li>Credential, clock and policy failures ({@link #isAccessTrouble}): every 403 (access denied by an IAM, bucket or
 *       KMS key policy, a request time too skewed, an expired token) and the 400s that say the same
 *       ({@code ExpiredToken}, {@code RequestTimeout}, {@code RequestTimeTooSkewed}, ...) are transient: they are ours
 *       to fix, not the file's, and the job counts them ({@code awsAccessFailures}) so an alarm says when they last.</li>
 *   <li>Other 4xx (301 wrong region, 400 bad request) are permanent.</li>
 *   <li>SDK client errors (connection refused or reset, timeouts), other {@link IOException}s and
 *       {@link TimeoutException}: transient.</li>
 *   <li>{@link DateTimeException}, {@link ArithmeticException} (an absurd forecast_period overflowing a time):
 *       permanent, invalid metadata.</li>
 *   <li>Anything else thrown while handling one file ({@link IllegalArgumentException} from a bad key, an
 *       allocation sized by a corrupt length field): permanent, unreadable. The same bytes fail the same way
 *       on every attempt, so retrying only burns the queue's receive count.</li>
 * </ul>
 */
public final class Failures {

    private Failures() {}

    /** The stage a failure happened in, which names the kind of a permanent failure that is not about the file. */
    public enum Stage {
        /** Reading the header, or building the index entry from it. */
        READ,
        /** Copying (or uploading) the file into the archive. */
        ARCHIVE
    }

    /**
     * What to do with one failure: retry it ({@code kind} null), or record it as an error of {@code kind}.
     *
     * @param reason one line saying what went wrong, without the object's name
     */
    public record Verdict(IngestError.Kind kind, String reason) {

        public boolean isTransient() {
            return kind == null;
        }

        public boolean permanent() {
            return kind != null;
        }

        static Verdict retry(String reason) {
            return new Verdict(null, reason);
        }
    }

    /** Classifies {@code failure}, raised in {@code stage} while handling one file. */
    public static Verdict classify(Throwable failure, Stage stage) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Verdict verdict = match(t, stage);
            if (verdict != null) {
                return verdict;
            }
        }
        return new Verdict(stage == Stage.ARCHIVE ? IngestError.Kind.ARCHIVE_FAILED : IngestError.Kind.UNREADABLE,
                describe(failure));
    }

    /**
     * S3's (and STS's) error codes for a request refused because of who or when, not what: expired or invalid
     * credentials, a clock too far off, a request the server timed out on. The same request succeeds once the
     * credentials are renewed, the clock fixed or the policy restored.
     */
    private static final Set<String> ACCESS_CODES = Set.of("ExpiredToken", "ExpiredTokenException",
            "RequestTimeout", "RequestTimeTooSkewed", "RequestExpired", "TokenRefreshRequired", "InvalidToken",
            "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "AccessDeniedException",
            "KMS.AccessDeniedException", "KMS.DisabledException", "KMS.KMSInvalidStateException");

    /**
     * True when {@code failure} is a credential, clock or policy failure somewhere along its cause chain: any 403, or a
     * 4xx whose error code is one of the credential and clock codes. These are transient, and worth an alarm if they last.
     */
    public static boolean isAccessTrouble(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SdkServiceException service && accessTrouble(service)) {
                return true;
            }
        }
        return false;
    }

    private static boolean accessTrouble(SdkServiceException e) {
        if (e.statusCode() == 403) {
            return true;
        }
        String code = errorCode(e);
        return e.statusCode() >= 400 && e.statusCode() < 500 && code != null && ACCESS_CODES.contains(code);
    }

    private static String errorCode(SdkServiceException e) {
        return e instanceof AwsServiceException aws && aws.awsErrorDetails() != null ? aws.awsErrorDetails().errorCode() : null;
    }

    /** True when {@code failure} is worth retrying. */
    public static boolean isTransient(Throwable failure) {
        return classify(failure, Stage.READ).isTransient();
    }

    private static Verdict match(Throwable t, Stage stage) {
        if (t instanceof HeaderException h) {
            return new Verdict(kindOf(h.reason()), stripUri(h));
        }
        if (t instanceof NoSuchBucketException && stage == Stage.ARCHIVE) {
            // The source bucket was read a moment ago: the bucket missing now is the archive's.
            return new Verdict(IngestError.Kind.ARCHIVE_FAILED, "cannot copy it into the archive: no such bucket (S3 404 NoSuchBucket)");
        }
        if (t instanceof NoSuchKeyException || t instanceof NoSuchBucketException || t instanceof NoSuchFileException) {
            return new Verdict(IngestError.Kind.OBJECT_NOT_FOUND, notFound(t, stage));
        }
        if (t instanceof SdkServiceException service) {
            return service(service, stage);
        }
        if (t instanceof SdkClientException || t instanceof TimeoutException) {
            return Verdict.retry(describe(t));
        }
        if (t instanceof AccessDeniedException) {
            return new Verdict(permanentKind(stage), "access denied: " + t.getMessage());
        }
        if (t instanceof UncheckedIOException) {
            return null; // decided by its IOException cause
        }
        if (t instanceof IOException) {
            return Verdict.retry(describe(t));
        }
        if (t instanceof DateTimeException || t instanceof ArithmeticException) {
            return new Verdict(IngestError.Kind.INVALID_METADATA, "a value out of range (" + describe(t) + ")");
        }
        return null;
    }

    private static Verdict service(SdkServiceException e, Stage stage) {
        int status = e.statusCode();
        if (status == 404) {
            return new Verdict(IngestError.Kind.OBJECT_NOT_FOUND, notFound(e, stage));
        }
        if (e.isThrottlingException() || status >= 500 || status == 408 || status == 409 || status == 412
                || status == 429 || status == 0) {
            return Verdict.retry(describe(e));
        }
        String code = errorCode(e);
        if (accessTrouble(e)) {
            return Verdict.retry("credentials, clock or policy (S3 " + status + (code == null ? "" : " " + code) + "): "
                    + describe(e));
        }
        String what = status == 301 ? "the bucket is in another region" : "request refused";
        return new Verdict(permanentKind(stage), (stage == Stage.ARCHIVE ? "cannot copy it into the archive: " : "")
                + what + " (S3 " + status + (code == null ? "" : " " + code) + ")");
    }

    private static IngestError.Kind permanentKind(Stage stage) {
        return stage == Stage.ARCHIVE ? IngestError.Kind.ARCHIVE_FAILED : IngestError.Kind.UNREADABLE;
    }

    private static String notFound(Throwable t, Stage stage) {
        String what = t instanceof NoSuchBucketException ? "no such bucket" : t instanceof NoSuchFileException
                ? "no such file" : "no such object";
        return stage == Stage.ARCHIVE ? what + ": it disappeared before it could be archived" : what;
    }

    /** The kind of error record for a file the header reader rejected. */
    public static IngestError.Kind kindOf(HeaderException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> IngestError.Kind.OBJECT_NOT_FOUND;
            case NOT_NETCDF -> IngestError.Kind.NOT_NETCDF;
            case TRUNCATED -> IngestError.Kind.TRUNCATED;
            case MISSING_VARIABLE, MISSING_COORDINATE -> IngestError.Kind.MISSING_METADATA;
            case UNREADABLE -> IngestError.Kind.UNREADABLE;
        };
    }

    /** A HeaderException's message names its file first; the error record names the object itself. */
    private static String stripUri(HeaderException h) {
        String message = h.getMessage();
        String prefix = h.uri() + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
