package io.isobar.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.NoSuchFileException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.isobar.model.IngestError.Kind;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.bytes.FaultySource;
import io.isobar.netcdf.bytes.ObjectChangedException;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The transient/permanent decision, first on what the header reader throws when its byte source fails in the
 * ways S3 does (reset mid-read, timeout, the object replaced, access refused, a corrupt length field), then on
 * the exceptions themselves.
 */
class FailuresTest {

    private final NetcdfHeaderReader reader = new NetcdfHeaderReader();

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = FailuresTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }

    private Throwable readFailure(FaultySource source) {
        return catchThrowable(() -> reader.read(source));
    }

    @Test
    void aConnectionResetInTheMiddleOfAHeaderIsTransient() throws IOException {
        FaultySource source = FaultySource.failingFrom(fixture("layout-iris-order.nc"), 2,
                () -> new SocketException("Connection reset"));

        Throwable failure = readFailure(source);

        assertThat(source.reads()).as("the fault hit a read after the first").isGreaterThanOrEqualTo(2);
        assertThat(failure).isInstanceOf(SocketException.class).isNotInstanceOf(HeaderException.class);
        assertThat(Failures.classify(failure, Failures.Stage.READ).isTransient()).isTrue();
    }

    @Test
    void aReadTimeoutIsTransient() throws IOException {
        Throwable failure = readFailure(FaultySource.failingFrom(fixture("ukv-2d-air_temperature.nc"), 1,
                () -> new SocketTimeoutException("Read timed out")));

        assertThat(failure).isInstanceOf(SocketTimeoutException.class);
        assertThat(Failures.isTransient(failure)).isTrue();
        Throwable sdkTimeout = readFailure(FaultySource.failingFrom(fixture("ukv-2d-air_temperature.nc"), 1,
                () -> ApiCallAttemptTimeoutException.create(30_000)));
        assertThat(Failures.isTransient(sdkTimeout)).isTrue();
    }

    @Test
    void anObjectReplacedWhileItsHeaderIsReadIsTransient() throws IOException {
        Throwable failure = readFailure(FaultySource.failingFrom(fixture("layout-iris-order.nc"), 2,
                () -> new ObjectChangedException("s3://faulty/object.nc: object changed while being read (ETag b, expected a)")));

        assertThat(failure).isInstanceOf(ObjectChangedException.class);
        assertThat(Failures.classify(failure, Failures.Stage.READ).isTransient()).isTrue();
    }

    /**
     * A 403 from S3 is about us, not the file: an IAM, bucket or KMS key policy changed, a token expired, the clock is
     * off. Retried (and counted for the alarm) in both stages, never an error record.
     */
    @Test
    void accessDeniedWhileReadingIsTransientAccessTrouble() throws IOException {
        Throwable failure = readFailure(FaultySource.failingFrom(fixture("ukv-2d-air_temperature.nc"), 1,
                () -> s3Exception(403, "AccessDenied")));

        Failures.Verdict read = Failures.classify(failure, Failures.Stage.READ);
        assertThat(read.isTransient()).isTrue();
        assertThat(read.reason()).startsWith("credentials, clock or policy (S3 403 AccessDenied)");
        assertThat(Failures.classify(failure, Failures.Stage.ARCHIVE).isTransient()).isTrue();
        assertThat(Failures.isAccessTrouble(failure)).isTrue();
    }

    /** Credential, clock and policy failures, in the shapes S3 and KMS give them. */
    @ParameterizedTest
    @CsvSource({"400, ExpiredToken", "400, RequestTimeout", "403, RequestTimeTooSkewed", "403, KMS.AccessDeniedException",
            "403, SignatureDoesNotMatch", "400, TokenRefreshRequired"})
    void credentialClockAndPolicyFailuresAreTransientAndCounted(int status, String code) {
        S3Exception e = s3Exception(status, code);
        assertThat(Failures.classify(e, Failures.Stage.ARCHIVE).isTransient()).as("%d %s while archiving", status, code).isTrue();
        assertThat(Failures.classify(e, Failures.Stage.READ).isTransient()).as("%d %s while reading", status, code).isTrue();
        assertThat(Failures.isAccessTrouble(new IllegalStateException("wrapped", e))).isTrue();
    }

    /**
     * Each clause of the transient rule on its own: a status (or code) that no other clause also covers, so that
     * dropping any one of them from the rule turns a retry into an error record and fails this test.
     */
    @ParameterizedTest
    @CsvSource(value = {"408, null", "409, OperationAborted", "0, null", "400, ThrottlingException", "400, SlowDown",
            "412, PreconditionFailed", "429, null", "503, null"}, nullValues = "null")
    void eachTransientStatusIsRetriedOnItsOwn(int status, String code) {
        S3Exception e = s3Exception(status, code);
        assertThat(Failures.isAccessTrouble(e)).as("%d %s is not an access failure", status, code).isFalse();
        assertThat(Failures.classify(e, Failures.Stage.READ).isTransient()).as("%d %s", status, code).isTrue();
    }

    @Test
    void aBadRequestIsPermanentAndNotAccessTrouble() {
        S3Exception e = s3Exception(400, "InvalidArgument");
        assertThat(Failures.classify(e, Failures.Stage.READ)).isEqualTo(new Failures.Verdict(Kind.UNREADABLE,
                "request refused (S3 400 InvalidArgument)"));
        assertThat(Failures.classify(e, Failures.Stage.ARCHIVE).kind()).isEqualTo(Kind.ARCHIVE_FAILED);
        assertThat(Failures.isAccessTrouble(e)).isFalse();
    }

    @Test
    void aMissingObjectIsPermanent() throws IOException {
        Throwable failure = readFailure(FaultySource.failingFrom(fixture("ukv-2d-air_temperature.nc"), 1,
                () -> NoSuchKeyException.builder().statusCode(404).message("The specified key does not exist").build()));

        assertThat(Failures.classify(failure, Failures.Stage.READ)).isEqualTo(new Failures.Verdict(Kind.OBJECT_NOT_FOUND,
                "no such object"));
        assertThat(Failures.classify(failure, Failures.Stage.ARCHIVE).reason())
                .isEqualTo("no such object: it disappeared before it could be archived");
    }

    /**
     * Overwrites 4 bytes at many places in a file's metadata with a huge length ({@code 0x7fffffff}) and with
     * {@code 0xff...}: whatever the HDF5 library makes of it (a buffer sized by the corrupt field, a negative
     * size, an address past the end), the outcome is a permanent failure or a readable header, never a
     * transient one (which would be retried for nothing) nor an error escaping the reader.
     */
    @ParameterizedTest
    @ValueSource(ints = {0x7f, 0xff})
    void aCorruptLengthFieldIsPermanent(int fill) throws IOException {
        byte[] bytes = fixture("ukv-2d-air_temperature.nc");
        byte[] patch = fill == 0x7f ? new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}
                : new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        int permanent = 0;
        for (int position = 8; position < Math.min(bytes.length, 4096); position += 7) {
            Throwable failure = readFailure(FaultySource.corrupted(bytes, position, patch));
            if (failure == null) {
                continue; // the bytes were data, or a field the reader does not need
            }
            assertThat(failure).as("failure with corrupt bytes at %d", position).isInstanceOf(HeaderException.class);
            Failures.Verdict verdict = Failures.classify(failure, Failures.Stage.READ);
            assertThat(verdict.permanent()).as("verdict on corrupt bytes at %d: %s", position, verdict).isTrue();
            permanent++;
        }
        assertThat(permanent).as("corruptions the reader noticed").isGreaterThan(10);
    }

    @Test
    void anAllocationSizedByACorruptFieldIsPermanent() {
        assertThat(Failures.classify(new NegativeArraySizeException("-12"), Failures.Stage.READ).kind())
                .isEqualTo(Kind.UNREADABLE);
        assertThat(Failures.classify(new IllegalArgumentException("capacity < 0: (-4 < 0)"), Failures.Stage.READ).kind())
                .isEqualTo(Kind.UNREADABLE);
    }

    @Test
    void invalidValuesArePermanent() {
        Throwable overflow = catchThrowable(() -> Instant.parse("2025-06-14T00:00:00Z").plusSeconds(Long.MAX_VALUE));
        assertThat(overflow).isInstanceOfAny(DateTimeException.class, ArithmeticException.class);
        assertThat(Failures.classify(overflow, Failures.Stage.READ).kind()).isEqualTo(Kind.INVALID_METADATA);
        Throwable badKey = catchThrowable(() -> java.net.URLDecoder.decode("a%zz.nc", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Failures.classify(badKey, Failures.Stage.READ).permanent()).isTrue();
    }

    @Test
    void serviceTroubleIsTransientAndRefusalsArePermanent() {
        assertThat(Failures.isTransient(s3Exception(503, "SlowDown"))).isTrue();
        assertThat(Failures.isTransient(s3Exception(500, "InternalError"))).isTrue();
        assertThat(Failures.isTransient(s3Exception(429, "TooManyRequests"))).isTrue();
        assertThat(Failures.classify(s3Exception(412, "PreconditionFailed"), Failures.Stage.ARCHIVE).isTransient())
                .as("a copy pinned to a replaced version").isTrue();
        assertThat(Failures.classify(s3Exception(301, "PermanentRedirect"), Failures.Stage.READ).reason())
                .isEqualTo("the bucket is in another region (S3 301 PermanentRedirect)");
        assertThat(Failures.classify(s3Exception(400, "InvalidRequest"), Failures.Stage.READ).permanent()).isTrue();
        assertThat(Failures.isTransient(SdkClientException.create("Unable to execute HTTP request",
                new ConnectException("Connection refused")))).isTrue();
        assertThat(Failures.isTransient(new TimeoutException("enrich"))).isTrue();
        assertThat(Failures.isTransient(new UncheckedIOException(new SocketException("Connection reset")))).isTrue();
        assertThat(Failures.classify(new UncheckedIOException(new NoSuchFileException("/data/x.nc")), Failures.Stage.ARCHIVE)
                .kind()).isEqualTo(Kind.OBJECT_NOT_FOUND);
    }

    @Test
    void aHeaderExceptionKeepsItsReasonWithoutTheUri() {
        HeaderException e = new HeaderException(HeaderException.Reason.TRUNCATED, "s3://b/k.nc", "truncated: 10 bytes");
        assertThat(Failures.classify(e, Failures.Stage.READ)).isEqualTo(new Failures.Verdict(Kind.TRUNCATED, "truncated: 10 bytes"));
    }

    private static S3Exception s3Exception(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status).message(code == null ? "status " + status : code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

}
