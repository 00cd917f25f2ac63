package io.isobar.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.isobar.model.IngestError;
import io.isobar.netcdf.bytes.ByteSource;
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
        FailingSource source = new FailingSource(file(), 1, () -> new SocketException("Connection reset"));

        assertThatThrownBy(() -> ingester(source).ingest(TASK))
                .isInstanceOf(FileIngester.TransientFailure.class)
                .hasMessage("s3://source/k.nc: SocketException: Connection reset");
        assertThat(source.reads.get()).isEqualTo(1);
    }

    @Test
    void accessDeniedIsRecordedAtOnceKeyedByTheAnnouncement() throws IOException {
        FailingSource source = new FailingSource(file(), 1, () -> S3Exception.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build()).build());

        IngestOutcome outcome = ingester(source).ingest(TASK);

        assertThat(source.reads.get()).as("no retry inside the ingester").isEqualTo(1);
        assertThat(outcome.error()).isEqualTo(new IngestError("msg-1:" + TASK.object().id(), ANNOUNCED,
                IngestError.Kind.UNREADABLE, "s3://source/k.nc", "s3://source/k.nc: access denied (S3 403 AccessDenied)",
                "{\"key\":\"k.nc\"}"));
    }

    @Test
    void aDamagedFileIsRecorded() throws IOException {
        byte[] damaged = file();
        damaged[8] = 9; // no HDF5 superblock version 9

        IngestOutcome outcome = ingester(new FailingSource(damaged, Integer.MAX_VALUE, null)).ingest(TASK);

        assertThat(outcome.error().kind()).isEqualTo(IngestError.Kind.UNREADABLE);
        assertThat(outcome.error().reason()).isEqualTo("s3://source/k.nc: damaged HDF5 superblock "
                + "(UnsupportedHdfException: Superblock version is not supported. Detected version = 9)");
    }

    @Test
    void aTaskWhoseIdentityIsInvalidIsRecordedNotThrown() throws IOException {
        IngestTask blankBucket = new IngestTask(" ", "k.nc", -1, null, null, null, 0, "msg-2", "{}");

        IngestOutcome outcome = ingester(new FailingSource(file(), Integer.MAX_VALUE, null)).ingest(blankBucket);

        assertThat(outcome.error().kind()).isEqualTo(IngestError.Kind.UNREADABLE);
        assertThat(outcome.error().reason()).isEqualTo("s3:// /k.nc: IllegalArgumentException: bucket is required");
        assertThat(outcome.error().occurredAt()).as("no announcement: the time it was processed").isEqualTo(CLOCK.instant());
    }

    /** Bytes in memory; read number {@code failingRead} (from 1) and later ones throw what {@code fault} makes. */
    private static final class FailingSource implements ByteSource {
        private final byte[] bytes;
        private final int failingRead;
        private final Supplier<Exception> fault;
        final AtomicInteger reads = new AtomicInteger();

        FailingSource(byte[] bytes, int failingRead, Supplier<Exception> fault) {
            this.bytes = bytes;
            this.failingRead = failingRead;
            this.fault = fault;
        }

        @Override
        public String uri() {
            return "s3://source/k.nc";
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public OptionalLong knownSize() {
            return OptionalLong.of(bytes.length);
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            if (reads.incrementAndGet() >= failingRead) {
                Exception e = fault.get();
                if (e instanceof IOException io) {
                    throw io;
                }
                throw (RuntimeException) e;
            }
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), bytes.length - position);
            dst.put(bytes, (int) position, n);
            return n;
        }

        @Override
        public ReadStats stats() {
            return new ReadStats(reads.get(), 0);
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
