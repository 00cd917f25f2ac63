package io.isobar.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.isobar.model.IngestError;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.bytes.FaultySource;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variables;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The ingester turns what the file proves into an error record at once and throws everything else for the caller
 * to retry: faults injected through the byte source, which no emulator produces on demand.
 */
class FileIngesterTest {

    private static final String URI = "s3://source/k.nc";
    private static final Instant ANNOUNCED = Instant.parse("2026-11-23T06:10:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T07:00:00Z"), ZoneOffset.UTC);
    private static final IngestTask TASK = new IngestTask("source", "k.nc", -1, null, "ukv", "air_temperature",
            ANNOUNCED.toEpochMilli(), "msg-1", "{\"key\":\"k.nc\"}");

    private static byte[] file() throws IOException {
        Instant run = Instant.parse("2026-11-23T06:00:00Z");
        return new MetOfficeFileWriter(new SyntheticField(3)).toBytes(new ForecastFileSpec(MetOfficeModel.UKV,
                Variables.TEMPERATURE_AT_SCREEN_LEVEL, run, Duration.ofHours(1), List.of(), GridSpec.centred(36, 40), run));
    }

    private static FileIngester ingester(ByteSource source) {
        // The archive is never reached in these tests: every task fails while its header is read.
        return new FileIngester(task -> source, new ArchiveCopier(null, "archive", ""), IngestFilter.all(), CLOCK);
    }

    @Test
    void aConnectionResetIsThrownForRetryNotRecorded() throws IOException {
        // The simulator's small file is read in one request: fail that one.
        FaultySource source = FaultySource.failingFrom(URI, file(), 1, () -> new SocketException("Connection reset"));

        assertThatThrownBy(() -> ingester(source).ingest(TASK))
                .isInstanceOf(FileIngester.TransientFailure.class)
                .hasMessage("s3://source/k.nc: SocketException: Connection reset");
        assertThat(source.reads()).isEqualTo(1);
    }

    @Test
    void aRefusedRequestIsRecordedAtOnceKeyedByTheAnnouncement() throws IOException {
        FaultySource source = FaultySource.failingFrom(URI, file(), 1, () -> S3Exception.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidArgument").build()).build());

        IngestOutcome outcome = ingester(source).ingest(TASK);

        assertThat(source.reads()).as("no retry inside the ingester").isEqualTo(1);
        assertThat(outcome.error()).isEqualTo(new IngestError("msg-1:" + TASK.object().id(), ANNOUNCED,
                IngestError.Kind.UNREADABLE, "s3://source/k.nc", "s3://source/k.nc: request refused (S3 400 InvalidArgument)",
                "{\"key\":\"k.nc\"}"));
    }

    @Test
    void accessDeniedIsThrownForRetryNotRecorded() throws IOException {
        // An IAM or KMS key policy changed under the job: every file would fail the same way until it is fixed.
        FaultySource source = FaultySource.failingFrom(URI, file(), 1, () -> S3Exception.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build()).build());

        assertThatThrownBy(() -> ingester(source).ingest(TASK))
                .isInstanceOf(FileIngester.TransientFailure.class)
                .hasMessageStartingWith("s3://source/k.nc: credentials, clock or policy (S3 403 AccessDenied)");
    }

    @Test
    void aDamagedFileIsRecorded() throws IOException {
        byte[] damaged = file();
        damaged[8] = 9; // no HDF5 superblock version 9

        IngestOutcome outcome = ingester(FaultySource.intact(URI, damaged)).ingest(TASK);

        assertThat(outcome.error().kind()).isEqualTo(IngestError.Kind.UNREADABLE);
        assertThat(outcome.error().reason()).isEqualTo("s3://source/k.nc: damaged HDF5 superblock "
                + "(UnsupportedHdfException: Superblock version is not supported. Detected version = 9)");
    }

    @Test
    void aTaskWhoseIdentityIsInvalidIsRecordedNotThrown() throws IOException {
        IngestTask blankBucket = new IngestTask(" ", "k.nc", -1, null, null, null, 0, "msg-2", "{}");

        IngestOutcome outcome = ingester(FaultySource.intact(URI, file())).ingest(blankBucket);

        assertThat(outcome.error().kind()).isEqualTo(IngestError.Kind.UNREADABLE);
        assertThat(outcome.error().reason()).isEqualTo("s3:// /k.nc: IllegalArgumentException: bucket is required");
        assertThat(outcome.error().occurredAt()).as("no announcement: the time it was processed").isEqualTo(CLOCK.instant());
    }

    @Test
    void anErrorFailsTheAttemptInsteadOfBlamingTheFile() {
        OutOfMemoryError full = new OutOfMemoryError("Java heap space");
        FileIngester ingester = new FileIngester(task -> {
            throw full;
        }, new ArchiveCopier(null, "archive", ""), IngestFilter.all(), CLOCK);

        assertThatThrownBy(() -> ingester.ingest(TASK)).isSameAs(full);
    }
}
