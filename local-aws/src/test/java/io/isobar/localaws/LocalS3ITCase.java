package io.isobar.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isobar.localaws.junit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

@ExtendWith(LocalAwsExtension.class)
class LocalS3ITCase {

    private static final int SIZE = 100_000;

    @AutoClose
    private final S3Client s3;

    LocalS3ITCase(LocalAws aws) {
        this.s3 = TestClients.s3(aws);
    }

    @Test
    void rangedGetReturnsTheRangeAndTheTotalSize() {
        String bucket = createBucket("ranges");
        byte[] body = pattern(SIZE);
        s3.putObject(b -> b.bucket(bucket).key("dir/file.nc"), RequestBody.fromBytes(body));

        ResponseBytes<GetObjectResponse> head = s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/file.nc").range("bytes=0-9"));
        assertThat(head.asByteArray()).containsExactly(Arrays.copyOfRange(body, 0, 10));
        assertThat(head.response().sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(head.response().contentLength()).isEqualTo(10L);
        assertThat(head.response().contentRange()).isEqualTo("bytes 0-9/" + SIZE);

        ResponseBytes<GetObjectResponse> middle = s3.getObjectAsBytes(
                b -> b.bucket(bucket).key("dir/file.nc").range("bytes=65536-131071"));
        assertThat(middle.asByteArray()).containsExactly(Arrays.copyOfRange(body, 65_536, SIZE));
        assertThat(middle.response().contentRange()).isEqualTo("bytes 65536-99999/" + SIZE);

        ResponseBytes<GetObjectResponse> whole = s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/file.nc"));
        assertThat(whole.asByteArray()).containsExactly(body);
    }

    @Test
    void etagsAreUnquotedMd5s() {
        String bucket = createBucket("etags");
        byte[] body = "hello netCDF".getBytes(StandardCharsets.UTF_8);

        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromBytes(body));

        // AWS answers "\"<md5>\""; local-s3 leaves the quotes off. Code comparing ETags must strip quotes.
        assertThat(put.eTag()).isEqualTo(md5Hex(body));
    }

    @Test
    void copiesAndHeadsObjects() {
        String source = createBucket("copy-src");
        String target = createBucket("copy-dst");
        byte[] body = pattern(SIZE);
        PutObjectResponse put = s3.putObject(b -> b.bucket(source).key("in/a.nc").contentType("application/x-netcdf"),
                RequestBody.fromBytes(body));

        s3.copyObject(b -> b.sourceBucket(source).sourceKey("in/a.nc").destinationBucket(target).destinationKey("out/a.nc"));

        HeadObjectResponse head = s3.headObject(b -> b.bucket(target).key("out/a.nc"));
        assertThat(head.contentLength()).isEqualTo((long) SIZE);
        assertThat(unquoted(head.eTag())).isEqualTo(unquoted(put.eTag()));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(target).key("out/a.nc")).asByteArray()).containsExactly(body);
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(target).key("out/missing.nc")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket(target).key("out/missing.nc")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void uploadPartCopyIsNotImplemented() {
        String bucket = createBucket("part-copy");
        s3.putObject(b -> b.bucket(bucket).key("source"), RequestBody.fromBytes(pattern(1_000)));
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("target")).uploadId();

        assertThatThrownBy(() -> s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("source")
                        .destinationBucket(bucket).destinationKey("target").uploadId(uploadId).partNumber(1)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(501));

        s3.abortMultipartUpload(b -> b.bucket(bucket).key("target").uploadId(uploadId));
    }

    private String createBucket(String prefix) {
        String bucket = LocalAws.uniqueName(prefix);
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + i / 251);
        }
        return bytes;
    }

    private static String unquoted(String eTag) {
        return eTag.replace("\"", "");
    }

    private static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
