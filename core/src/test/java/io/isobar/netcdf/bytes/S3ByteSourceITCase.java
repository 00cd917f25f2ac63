package io.isobar.netcdf.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Arrays;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.netcdf.Fixtures;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.HeaderException.Reason;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Header reads straight from S3 (the local emulator) with ranged GETs: what they cost and how they fail. */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ByteSourceITCase {

    private static final long KIB = 1024;

    private final NetcdfHeaderReader reader = new NetcdfHeaderReader();
    private S3Client s3;
    private String bucket;

    @BeforeAll
    void upload(LocalAws aws) throws IOException {
        s3 = AwsClients.s3(AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint()));
        bucket = LocalAws.uniqueName("netcdf-headers");
        s3.createBucket(b -> b.bucket(bucket));
        for (String name : new String[] {Fixtures.LAYOUT, Fixtures.UKV_2D, Fixtures.ENSEMBLE_WIND, Fixtures.CLASSIC}) {
            s3.putObject(b -> b.bucket(bucket).key(name), RequestBody.fromFile(Fixtures.path(name)));
        }
        s3.putObject(b -> b.bucket(bucket).key("empty.nc"), RequestBody.empty());
    }

    @AfterAll
    void closeClient() {
        s3.close();
    }

    @Test
    void aFileLaidOutLikeTheMetOfficesCostsTwoGetsWhenItsSizeIsUnknown() throws IOException {
        S3ByteSource source = S3ByteSource.of(s3, bucket, Fixtures.LAYOUT);

        NetcdfHeader header = reader.read(source);

        assertThat(header).isEqualTo(reader.read(Fixtures.path(Fixtures.LAYOUT)));
        assertThat(source.stats().requests()).isEqualTo(2); // the head, whose Content-Range gives the size; the tail
        assertThat(source.stats().bytes()).isLessThanOrEqualTo(256 * KIB);
        assertThat(source.knownSize()).hasValue(Files.size(Fixtures.path(Fixtures.LAYOUT)));
    }

    @Test
    void aKnownSizeLetsHeadAndTailBeFetchedTogether() throws IOException {
        long size = Files.size(Fixtures.path(Fixtures.LAYOUT));
        String eTag = s3.headObject(b -> b.bucket(bucket).key(Fixtures.LAYOUT)).eTag();
        S3ByteSource source = S3ByteSource.of(s3, bucket, Fixtures.LAYOUT, size, eTag);

        NetcdfHeader header = reader.read(source);

        assertThat(header.variable()).isEqualTo("air_temperature");
        assertThat(source.stats().requests()).isEqualTo(2);
        assertThat(source.stats().bytes()).isLessThanOrEqualTo(256 * KIB);
    }

    @Test
    void aSmallFileCostsOneGet() throws IOException {
        S3ByteSource source = S3ByteSource.of(s3, bucket, Fixtures.ENSEMBLE_WIND);

        NetcdfHeader header = reader.read(source);

        assertThat(header).isEqualTo(reader.read(Fixtures.path(Fixtures.ENSEMBLE_WIND)));
        assertThat(source.stats().requests()).isEqualTo(1);
    }

    @Test
    void readsRangesAndLearnsTheSize() throws IOException {
        byte[] file = Files.readAllBytes(Fixtures.path(Fixtures.UKV_2D));
        S3ByteSource source = S3ByteSource.of(s3, bucket, Fixtures.UKV_2D);
        ByteBuffer buffer = ByteBuffer.allocate(100);

        assertThat(source.read(1000, buffer)).isEqualTo(100);
        assertThat(buffer.array()).isEqualTo(Arrays.copyOfRange(file, 1000, 1100));
        assertThat(source.knownSize()).hasValue(file.length);
        assertThat(source.read(file.length - 10, ByteBuffer.allocate(100))).isEqualTo(10);
        assertThat(source.read(file.length, ByteBuffer.allocate(100))).isEqualTo(-1);
        assertThat(source.stats().requests()).isEqualTo(2); // the read at the end needs no request
        assertThat(source.uri()).isEqualTo("s3://" + bucket + "/" + Fixtures.UKV_2D);
    }

    @Test
    void aMissingObjectIsNotFound() {
        S3ByteSource source = S3ByteSource.of(s3, bucket, "missing/object.nc");

        assertThatThrownBy(() -> reader.read(source))
                .isInstanceOfSatisfying(HeaderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessage("s3://" + bucket + "/missing/object.nc: no such object");
    }

    @Test
    void aMissingBucketIsNotFound() {
        String missing = LocalAws.uniqueName("no-such-bucket");
        S3ByteSource source = S3ByteSource.of(s3, missing, "key.nc");

        assertThatThrownBy(() -> reader.read(source))
                .isInstanceOfSatisfying(HeaderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageStartingWith("s3://" + missing + "/key.nc: no such");
    }

    @Test
    void aClassicFileOnS3IsNotNetcdf() {
        S3ByteSource source = S3ByteSource.of(s3, bucket, Fixtures.CLASSIC);

        assertThatThrownBy(() -> reader.read(source))
                .isInstanceOfSatisfying(HeaderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_NETCDF))
                .hasMessageStartingWith("s3://" + bucket + "/" + Fixtures.CLASSIC + ": netCDF-3 classic file");
    }

    @Test
    void anEmptyObjectIsNotNetcdf() {
        S3ByteSource source = S3ByteSource.of(s3, bucket, "empty.nc");

        assertThatThrownBy(() -> reader.read(source))
                .isInstanceOfSatisfying(HeaderException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_NETCDF))
                .hasMessage("s3://" + bucket + "/empty.nc: empty file, not a netCDF-4/HDF5 file");
    }

    @Test
    void anObjectThatChangedIsAnIoErrorNotABadFile() {
        S3ByteSource source = S3ByteSource.of(s3, bucket, Fixtures.LAYOUT, -1, "0123456789abcdef0123456789abcdef");

        assertThatThrownBy(() -> reader.read(source))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HeaderException.class)
                .hasMessageContaining("changed while being read");
    }
}
