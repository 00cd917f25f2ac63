package io.isobar.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3UriTest {

    @Test
    void anObjectUriIsItsBucketAndKeyAndIsWrittenBackTheSame() {
        S3Uri uri = S3Uri.parse("s3://isobar-archive/ukv/20250614T0000Z/a b%20c.nc");
        assertThat(uri.bucket()).isEqualTo("isobar-archive");
        assertThat(uri.key()).as("kept as S3 has it, not decoded").isEqualTo("ukv/20250614T0000Z/a b%20c.nc");
        assertThat(uri.isObject()).isTrue();
        assertThat(uri).hasToString("s3://isobar-archive/ukv/20250614T0000Z/a b%20c.nc");
        assertThat(S3Uri.parseObject(uri.toString())).isEqualTo(uri);
        assertThat(uri.withKey("x.chunks")).hasToString("s3://isobar-archive/x.chunks");
    }

    @Test
    void bucketsAndPrefixesAreLocationsButNotObjects() {
        assertThat(S3Uri.parse("s3://mo")).isEqualTo(new S3Uri("mo", "")).hasToString("s3://mo/");
        assertThat(S3Uri.parse("s3://mo/")).isEqualTo(new S3Uri("mo", ""));
        assertThat(S3Uri.parse("s3://mo/uk/").isObject()).isFalse();
        assertThat(S3Uri.parse("s3://mo/uk/")).hasToString("s3://mo/uk/");
        assertThat(S3Uri.ofObject("s3://mo/uk/")).isEmpty();
        assertThat(S3Uri.ofObject("s3://mo")).isEmpty();
        assertThatThrownBy(() -> S3Uri.parseObject("s3://mo/")).hasMessageContaining("names no object");
    }

    @Test
    void hadoopsSchemeInAnyCaseIsReadAsS3() {
        assertThat(S3Uri.isS3("S3A://mo/uk/")).isTrue();
        assertThat(S3Uri.parse("s3a://mo/uk/")).hasToString("s3://mo/uk/");
    }

    @Test
    void anythingElseIsRefusedWithWhatWasGiven() {
        assertThat(S3Uri.isS3("/data/x.nc")).isFalse();
        assertThat(S3Uri.isS3(null)).isFalse();
        assertThat(S3Uri.ofObject(null)).isEmpty();
        assertThat(S3Uri.ofObject("file:///data/x.nc")).isEmpty();
        assertThatThrownBy(() -> S3Uri.parse("https://mo/x.nc")).hasMessageContaining("'https://mo/x.nc' is not an S3 URI");
        assertThatThrownBy(() -> S3Uri.parse("s3:///x.nc")).hasMessageContaining("names no bucket");
        assertThatThrownBy(() -> new S3Uri("a b", "k")).hasMessageContaining("not an S3 bucket name");
    }
}
