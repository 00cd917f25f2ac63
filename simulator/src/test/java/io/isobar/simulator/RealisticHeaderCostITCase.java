package io.isobar.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.isobar.netcdf.bytes.S3ByteSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What reading the header of a realistic-size file (970 x 1042 x 3, chunks 1 x 128 x 128, deflate) costs
 * through the emulated S3: requests counted by the byte source itself, on every GET it makes.
 */
@ExtendWith(LocalAwsExtension.class)
class RealisticHeaderCostITCase {

    private static final long MAX_BYTES = 256 * 1024;

    private static S3Client s3;
    private static String bucket;
    private static SimulatedFile file;

    @BeforeAll
    static void upload(LocalAws aws, @TempDir Path dir) throws Exception {
        s3 = AwsClients.s3(AwsSettings.local(aws.s3Endpoint(), aws.sqsEndpoint(), aws.dynamoDbEndpoint()));
        bucket = LocalAws.uniqueName("realistic");
        s3.createBucket(b -> b.bucket(bucket));
        Instant run = Instant.parse("2025-06-14T12:00:00Z");
        ForecastFileSpec spec = new ForecastFileSpec(MetOfficeModel.MOGREPS_UK, Variables.TEMPERATURE_AT_SCREEN_LEVEL, run,
                Duration.ofHours(7), List.of(0, 1, 2), GridSpec.uk(), run);
        file = new MetOfficeFileWriter(new SyntheticField(7)).write(spec, dir.resolve("realistic.nc"));
        s3.putObject(b -> b.bucket(bucket).key(file.key()), RequestBody.fromFile(file.path()));
    }

    @Test
    void headerCostsAtMostTwoGetsAnd256KiBWhenTheSizeIsUnknown() throws Exception {
        try (S3ByteSource source = S3ByteSource.of(s3, bucket, file.key())) {
            NetcdfHeader header = new NetcdfHeaderReader().read(source);
            assertRealistic(header);
            assertCheap(source);
        }
    }

    @Test
    void headerCostsAtMostTwoGetsAnd256KiBWhenTheNotificationGaveTheSize() throws Exception {
        try (S3ByteSource source = S3ByteSource.of(s3, bucket, file.key(), file.size(), null)) {
            NetcdfHeader header = new NetcdfHeaderReader().read(source);
            assertRealistic(header);
            assertCheap(source);
        }
    }

    private static void assertRealistic(NetcdfHeader header) {
        assertThat(header.variable()).isEqualTo("air_temperature");
        assertThat(header.dimensions()).extracting(NetcdfHeader.Dimension::size).containsExactly(3, 970, 1042);
        assertThat(header.chunkShape()).containsExactly(1, 128, 128);
        assertThat(header.realizations()).containsExactly(0, 1, 2);
        assertThat(header.forecastPeriod()).isEqualTo(7 * 3600);
    }

    private static void assertCheap(ByteSource source) {
        assertThat(file.size()).as("the file is realistic, far bigger than what we may read").isGreaterThan(1_000_000);
        assertThat(source.stats().requests()).as("GET requests").isBetween(1L, 2L);
        assertThat(source.stats().bytes()).as("bytes fetched").isLessThanOrEqualTo(MAX_BYTES);
    }
}
